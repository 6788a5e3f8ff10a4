"""The window's result cells show and colour a value as every deliverable shows it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from workbench.analysis.result import Column, Table
from workbench.ui.result_view import ResultTableModel

GAP = Column("gap", "Gap", "float", "+0.00;-0.00;0.00", diverging=True)


def test_cells_use_the_one_formatter_and_colour_the_shown_value(qtbot):
    model = ResultTableModel(Table("t", "T", [GAP], [[-1.015], [-0.001], [0.5]]))
    shown = [model.data(model.index(r, 0)) for r in range(3)]
    assert shown == ["-1.02", "0.00", "+0.50"]
    background = Qt.ItemDataRole.BackgroundRole
    assert model.data(model.index(0, 0), background) is not None
    assert model.data(model.index(1, 0), background) is None  # shows 0.00: no colour
