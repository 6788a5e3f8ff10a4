"""The look: the stylesheet, tinted icons and a few helpers for consistent spacing.

Everything colour-related comes from the palette, so the window follows the system's
light or dark scheme (Qt 6 switches the palette; we only set shapes and sizes).
"""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

from workbench.paths import resources_dir

SPACING = 12
MARGIN = 20


def stylesheet() -> str:
    path = resources_dir() / "style.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def apply(app: QApplication) -> None:
    app.setStyleSheet(stylesheet())


def icon(name: str, color: QColor | None = None) -> QIcon:
    """An icon from ``resources/icons/<name>.svg`` drawn in the palette's text colour."""
    if color is None:
        color = QApplication.palette().color(QPalette.ColorRole.WindowText)
    return _icon(name, color.name())


@functools.cache
def _icon(name: str, color: str) -> QIcon:
    path = resources_dir() / "icons" / f"{name}.svg"
    if not path.exists():
        return QIcon()
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(path))
    result = QIcon()
    for size in (16, 20, 24, 32, 48):
        pixmap = QPixmap(QSize(size, size) * 2)
        pixmap.setDevicePixelRatio(2.0)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(QRectF(0, 0, size, size), QColor(color))
        painter.end()
        result.addPixmap(pixmap)
    return result


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 = none, 21 = black on white)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable(colour: QColor, background: QColor, minimum: float = 4.5) -> QColor:
    """``colour`` moved towards white (on a dark background) or black (on a light one)
    until it reads on ``background``: an accent stays an accent in light and dark."""
    if contrast(colour, background) >= minimum:
        return QColor(colour)
    target = QColor("white") if background.lightnessF() < 0.5 else QColor("black")
    for step in range(1, 11):
        t = step / 10
        mixed = QColor.fromRgbF(
            colour.redF() + (target.redF() - colour.redF()) * t,
            colour.greenF() + (target.greenF() - colour.greenF()) * t,
            colour.blueF() + (target.blueF() - colour.blueF()) * t,
        )
        if contrast(mixed, background) >= minimum:
            return mixed
    return target


def accent(palette: QPalette) -> QColor:
    """The palette's link colour, made readable on its base colour."""
    return readable(palette.color(QPalette.ColorRole.Link), palette.color(QPalette.ColorRole.Base))


def error_colour(widget: QWidget) -> str:
    """The red of an error message, readable on the widget's window colour (light or dark)."""
    background = widget.palette().color(QPalette.ColorRole.Window)
    return readable(QColor("#c0392b"), background).name()


def literal(text: str) -> str:
    """``text`` for a button, tab, check box, menu or buddied label, where Qt reads "&" as
    the mark of a keyboard mnemonic: "Jones & Sasser" must not show as "Jones _Sasser"."""
    return text.replace("&", "&&")


def muted(label: QLabel) -> QLabel:
    """Secondary text: the palette's placeholder colour (readable in light and dark)."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def title(text: str, name: str = "pageTitle") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    return label


def card(*widgets: QWidget, margins: int = 16) -> QFrame:
    """A framed panel with a title-less vertical layout holding ``widgets``."""
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(margins, margins, margins, margins)
    layout.setSpacing(8)
    for widget in widgets:
        layout.addWidget(widget)
    return frame


def tune_table(view) -> None:  # QTableView
    """Readable tables: no grid, alternating rows, comfortable rows, stretch last column."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView

    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 14)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)


def fit_columns(view, maximum: int = 240, minimum: int = 60) -> None:  # QTableView
    """Size the columns to their contents (sampling the first rows), within bounds."""
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(60)
    view.resizeColumnsToContents()
    for i in range(header.count()):
        width = header.sectionSize(i) + 6
        header.resizeSection(i, max(minimum, min(maximum, width)))


class _EmptyMessage(QObject):
    """Paints a sentence in an item view's viewport while its model has no rows."""

    def __init__(self, view: Any, text: str) -> None:
        super().__init__(view)
        self.view = view
        self.text = text
        view.viewport().installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and obj is self.view.viewport():
            model = self.view.model()
            if model is not None and model.rowCount() == 0:
                painter = QPainter(obj)
                painter.setPen(obj.palette().color(QPalette.ColorRole.PlaceholderText))
                area = obj.rect().adjusted(24, 16, -24, -16)
                painter.drawText(
                    area,
                    int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                    | int(Qt.TextFlag.TextWordWrap),
                    self.text,
                )
                painter.end()
                return True
        return False


def empty_message(view: Any, text: str) -> None:
    """Show ``text`` in an empty table or list: what it will hold and how to fill it."""
    view.setProperty("emptyMessage", text)
    _EmptyMessage(view, text)


def put_away(widget: QWidget) -> bool:
    """Whether a page has been put away by its container (another page is showing), so
    that it may leave refreshing until it is shown again.  A widget that stands on its
    own is never put away."""
    return widget.isHidden() and widget.parentWidget() is not None
