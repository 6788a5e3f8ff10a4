"""The list of analyses on the Analyses page: each with its applicability, painted as a
title, a one-line description and a status line (greyed when not applicable), and the
small dialog that picks two waves to compare."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from workbench.analysis.api import Analysis
from workbench.ui.style import accent

Index = QModelIndex | QPersistentModelIndex
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass
class Entry:
    name: str
    title: str
    description: str
    analysis: Analysis | None = None
    ok: bool = True
    reason: str = ""
    broken: bool = False


class AnalysisListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[Entry] = []

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return e.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{e.description}\n\n{status_text(e)}".strip()
        if role == ENTRY_ROLE:
            return e
        return None


def status_text(e: Entry) -> str:
    if e.broken:
        return f"Broken plugin: {e.reason}"
    if e.analysis is None:
        return "Loading…"
    return "Ready to run" if e.ok else e.reason


class AnalysisDelegate(QStyledItemDelegate):
    """Title, one-line description and an applicability line; not applicable = greyed."""

    PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(260, 3 * line + 2 * self.PAD + 4)

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Index) -> None:
        e: Entry = index.data(ENTRY_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pal = opt.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        dim = not e.ok or e.broken
        painter.save()
        rect = opt.rect.adjusted(self.PAD + 2, self.PAD, -self.PAD, -self.PAD)
        line = opt.fontMetrics.lineSpacing()
        bold = QFont(opt.font)
        bold.setBold(True)
        colour = pal.color(text_role)
        muted = pal.color(QPalette.ColorRole.PlaceholderText) if not selected else colour
        painter.setFont(bold)
        painter.setPen(muted if dim else colour)
        fm_bold = painter.fontMetrics()
        painter.drawText(
            QRect(rect.x(), rect.y(), rect.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm_bold.elidedText(e.title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.setFont(opt.font)
        fm = painter.fontMetrics()
        painter.setPen(muted)
        painter.drawText(
            QRect(rect.x(), rect.y() + line, rect.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(e.description, Qt.TextElideMode.ElideRight, rect.width()),
        )
        small = QFont(opt.font)
        small.setPointSizeF(max(opt.font.pointSizeF() * 0.9, 7.0))
        small.setItalic(dim)
        painter.setFont(small)
        mark = "✕ " if e.broken else ("✓ " if e.ok and e.analysis else "– ")
        if e.ok and not e.broken and not selected:
            painter.setPen(accent(pal))  # readable on light and dark bases
        painter.drawText(
            QRect(rect.x(), rect.y() + 2 * line + 2, rect.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(
                mark + status_text(e), Qt.TextElideMode.ElideRight, rect.width()
            ),
        )
        painter.restore()


class CompareWavesDialog(QDialog):
    def __init__(self, waves: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare waves")
        from workbench.ui.dialog_fit import fit_title

        fit_title(self)
        form = QFormLayout(self)
        self.wave_a, self.wave_b = QComboBox(), QComboBox()
        for combo in (self.wave_a, self.wave_b):
            combo.addItems(waves)
        self.wave_b.setCurrentIndex(len(waves) - 1)
        form.addRow("From (A):", self.wave_a)
        form.addRow("To (B):", self.wave_b)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.compare_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.compare_button.setText("Compare")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.same = QLabel("Choose two different waves.")
        self.same.setEnabled(False)
        form.addRow(self.same)
        form.addRow(buttons)
        for combo in (self.wave_a, self.wave_b):
            combo.currentIndexChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        same = self.wave_a.currentText() == self.wave_b.currentText()
        self.compare_button.setEnabled(not same)
        self.same.setVisible(same)

    def waves(self) -> tuple[str, str]:
        return self.wave_a.currentText(), self.wave_b.currentText()
