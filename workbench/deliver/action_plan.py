"""The action plan as a one-sheet workbook: what to do, who owns it, when."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_action_plan(path: Path, headers: list[str], rows: list[list[Any]]) -> Path:
    """One sheet, formulas neutralised (interview text is data); written atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from workbench.deliver.safety import atomic_path, set_cell

    wb = Workbook()
    ws = wb.active
    ws.title = "Action plan"
    for c, h in enumerate(headers, start=1):
        set_cell(ws.cell(1, c), h).font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            set_cell(ws.cell(r, c), value).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGH", (8, 6, 60, 12, 18, 10, 10, 16), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    with atomic_path(path) as tmp:
        wb.save(str(tmp))
    return path
