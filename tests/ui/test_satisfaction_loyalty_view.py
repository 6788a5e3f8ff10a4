"""The result view of a satisfaction survey without loyalty or effort questions shows its
Net Promoter Score and no empty matrix, chart or effort table."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "analysis"))


def test_the_view_shows_only_the_parts_the_form_asks_for(qtbot) -> None:
    from PySide6.QtWidgets import QLabel, QTableView
    from test_satisfaction_loyalty_parts import LEFT_OUT, _satisfaction_and_recommend

    from analyses.satisfaction_loyalty import SatisfactionLoyalty
    from workbench.analysis.registry import run_analysis
    from workbench.ui.context import AppContext
    from workbench.ui.result_view import ResultView

    data = _satisfaction_and_recommend().build()
    result = run_analysis(SatisfactionLoyalty(), data)
    view = ResultView(AppContext(), result, data)
    qtbot.addWidget(view)
    view.resize(900, 1200)
    view.show()
    qtbot.wait(50)
    labels = " ".join(label.text() for label in view.findChildren(QLabel))
    tables = view.findChildren(QTableView)
    cells = " ".join(
        str(m.index(r, c).data())
        for m in (t.model() for t in tables)
        for r in range(m.rowCount())
        for c in range(m.columnCount())
    )
    assert len(tables) == 2  # the NPS and the by-segment table
    assert "Net Promoter Score" in cells and "+40" in cells
    assert "Loyalists" not in labels + cells and "Customer effort" not in labels + cells
    assert LEFT_OUT in labels
