"""Dialogs opened wide enough for what they show: every column of a table (within the
screen), their whole title in the title bar."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MINIMUM_COLUMN = 80


def share_out(widths: Sequence[int], room: int, minimum: int = MINIMUM_COLUMN) -> list[int]:
    """Column widths that fit ``room``: the narrow ones keep their width, the widest are cut
    to one common width (never below ``minimum``)."""
    widths = list(widths)
    if sum(widths) <= room:
        return widths
    left, cap = room, 0
    order = sorted(widths)
    for i, width in enumerate(order):
        if width * (len(order) - i) <= left:
            left -= width
        else:
            cap = max(minimum, left // (len(order) - i))
            break
    return [min(w, cap) for w in widths]


def fit_dialog_to_table(
    dialog: Any, table: Any, shrinkable: Sequence[int], *, height: int, share: float = 0.9
) -> None:
    """Size ``dialog`` so that every column of ``table`` shows: columns at their contents'
    width, the dialog as wide as they need but no wider than ``share`` of the screen's
    width (then the ``shrinkable`` columns are cut to fit, their text elided; give their
    cells tooltips).  The last column takes any width to spare."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    table.resizeColumnsToContents()
    screen = (dialog.parentWidget() or dialog).screen().availableGeometry()
    margins = dialog.layout().contentsMargins()
    chrome = (
        2 * table.frameWidth()
        + table.verticalScrollBar().sizeHint().width()
        + (table.verticalHeader().width() if table.verticalHeader().isVisible() else 0)
        + margins.left()
        + margins.right()
        + 4
    )
    room = int(screen.width() * share) - chrome
    count = header.count()
    widths = [header.sectionSize(c) for c in range(count)]
    fixed = sum(w for c, w in enumerate(widths) if c not in shrinkable)
    cut = share_out([widths[c] for c in shrinkable], room - fixed)
    for column, width in zip(shrinkable, cut, strict=True):
        header.resizeSection(column, width)
    needed = sum(header.sectionSize(c) for c in range(count)) + chrome
    header.setStretchLastSection(True)
    dialog.resize(max(needed, dialog.minimumWidth(), 480), min(height, screen.height()))


#: The title bar's room besides the title: the window's icon and its buttons (close,
#: minimise, maximise) and the window manager's padding.
TITLE_BAR_CHROME = 160


def fit_title(dialog: Any) -> int:
    """Give ``dialog`` a minimum width at which its title bar shows its whole title (as
    the window manager shows it: followed by the application's name); returns it."""
    from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication

    title = dialog.windowTitle()
    name = QGuiApplication.applicationDisplayName()
    if name and name not in title:
        title = f"{title} — {name}"
    font = QFont(dialog.font())
    font.setBold(True)  # title bars commonly set their title in bold
    width = QFontMetrics(font).horizontalAdvance(title) + TITLE_BAR_CHROME
    dialog.setMinimumWidth(max(dialog.minimumWidth(), width))
    return width
