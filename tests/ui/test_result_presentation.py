"""How results read: headers that fit or wrap, never clipped."""

from __future__ import annotations

from workbench.analysis.result import Column, Table
from workbench.ui.result_view import ResultTableView, two_lines

LABELS = [
    "Dimension",
    "Expectation (E)",
    "Perception (P)",
    "Gap (P − E)",
    "Mean importance weight",
    "Respondents with a valid allocation",
]


def table() -> Table:
    columns = [Column("d", LABELS[0], "text")] + [
        Column(f"c{i}", label, "float") for i, label in enumerate(LABELS[1:])
    ]
    return Table("t", "T", columns, [["Responsiveness", 6.06, 4.29, -1.76, 0.25, 38.0]])


def test_two_lines_breaks_at_the_middle_space():
    assert (
        two_lines("Mean importance weight") == "Mean\nimportance weight"
        or two_lines("Mean importance weight") == "Mean importance\nweight"
    )
    assert two_lines("Expectation (E)") == "Expectation\n(E)"
    assert two_lines("Dimension") == "Dimension"


def test_narrow_headers_wrap_and_are_never_cut(qtbot):
    view = ResultTableView(table())
    qtbot.addWidget(view)
    header = view.horizontalHeader()
    fm = header.fontMetrics()
    for width in (1100, 640, 420):
        view.resize(width, 220)
        view.show()
        qtbot.wait(20)
        for i in range(header.count()):
            text = view.model().headerData(i, header.orientation())
            widest = max(fm.horizontalAdvance(line) for line in text.split("\n"))
            assert header.sectionSize(i) >= widest, (width, text)  # nothing clipped
    # at 420 px some labels went onto two lines and the header grew to show both
    assert any("\n" in view.model().headerData(i, header.orientation()) for i in range(6))
    assert header.height() >= 2 * fm.height()
    view.resize(1400, 220)
    qtbot.wait(20)
    assert not any("\n" in view.model().headerData(i, header.orientation()) for i in range(6))


def test_an_ampersand_shows_as_itself(qtbot):
    from PySide6.QtWidgets import QCheckBox, QLabel

    from workbench.analysis.api import Param
    from workbench.analysis.result import AnalysisResult
    from workbench.ui.context import AppContext
    from workbench.ui.param_form import ParamForm
    from workbench.ui.result_view import ResultView

    t = Table("m", "Satisfaction–loyalty matrix (Jones & Sasser)", [Column("a", "A", "text")], [])
    view = ResultView(AppContext(), AnalysisResult("x", "X", tables=[t]))
    qtbot.addWidget(view)
    # Qt shows "&&" as "&"; a single "&" would underline the next letter and vanish
    assert view.tables_tabs.tabText(0) == "Satisfaction–loyalty matrix (Jones && Sasser)"
    form = ParamForm()
    qtbot.addWidget(form)
    form.set_params(
        [Param("js", "Jones & Sasser grid", "bool", True), Param("n", "R&D share", "int", 1)]
    )
    assert form.findChild(QCheckBox).text() == "Jones && Sasser grid"
    assert any(label.text() == "R&&D share:" for label in form.findChildren(QLabel))


def test_two_lines_never_leaves_a_sign_alone():
    # It read "Change (re-audit" over "− baseline)".
    assert two_lines("Change (re-audit − baseline)") == "Change\n(re-audit − baseline)"
    assert two_lines("a − b") == "a − b"  # no break that keeps the sign with both sides
