"""History's dialog stays legible with hundreds of lines: What takes the width left,
each line is as tall as its wrapped words, and the whole line shows on hover."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from workbench.team.audit import HistoryLine
from workbench.ui.team import HistoryDialog

LONG = (
    "correction to effort_detail (What made it harder than it should have been?): "
    "Desktop support, hosting of line-of-business systems and network services, Desk… → "
    "Calls are answered within the hour by the service desk, and the portal logs me out"
)


def test_a_history_of_many_lines_reads_whole(qtbot, tmp_path) -> None:
    start = datetime(2026, 11, 2, 9, 0)
    lines = [
        HistoryLine(
            start - timedelta(minutes=n), "Anna", LONG if n % 3 == 0 else f"note “{n}” edited"
        )
        for n in range(150)
    ]
    dialog = HistoryDialog(lines, "Colin Baxter")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.view
    header = view.horizontalHeader()
    model = view.model()
    assert model.rowCount() == 150
    assert "150 changes, newest first" in [label.text() for label in dialog.findChildren(QLabel)]
    # the What column ends inside the view: nothing to scroll sideways to
    assert header.sectionViewportPosition(2) + header.sectionSize(2) <= view.viewport().width() + 1
    assert not view.horizontalScrollBar().isVisible()
    # a long correction's row is taller than a short line's: its wrapped words show whole
    assert view.rowHeight(0) > view.rowHeight(1)
    needed = view.sizeHintForRow(0)
    assert view.rowHeight(0) >= needed
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == LONG
    dialog.grab().save(str(tmp_path / "history-many.png"))
