"""A deck on an engagement with one wave and one segment: no slide sets a "baseline"
apart, and no key-finding slide charts a single bar."""

from __future__ import annotations

from workbench.analysis.result import AnalysisResult, Column, Table
from workbench.deliver.deck_charts import chart_plan
from workbench.deliver.deck_text import headline_title, latest_wave_of
from workbench.deliver.headlines import Headline

GROUPS = ("loyalists", "mercenaries", "hostages", "defectors")


def _loyalty(segments: list[str]) -> AnalysisResult:
    seg = Table(
        "segments",
        "Loyalty by segment",
        [Column("segment", "Segment")]
        + [Column(g, g.capitalize(), "percent", "0%") for g in GROUPS],
        [[s, 0.1, 0.2, 0.6, 0.1] for s in segments],
    )
    matrix = Table(
        "matrix",
        "Satisfaction–loyalty matrix",
        [Column("group", "Group"), Column("count", "Respondents", "int", "0")],
        [["Loyalists", 2], ["Mercenaries", 3], ["Hostages", 12], ["Defectors", 3]],
    )
    return AnalysisResult("satisfaction-loyalty", "Satisfaction and loyalty", [], [seg, matrix])


def test_one_segment_charts_the_four_groups_not_a_single_bar():
    title = "Internal customers stay because they must: 60% of internal customer are hostages."
    plan = chart_plan(_loyalty(["internal customer"]), title=title)
    assert plan is not None and plan.table.name == "matrix"
    assert plan.categories == ["Loyalists", "Mercenaries", "Hostages", "Defectors"]
    # With two segments, the segments the title names are charted, as before.
    plan = chart_plan(_loyalty(["internal customer", "external customer"]), title=title)
    assert plan is not None and plan.table.name == "segments"
    assert len(plan.categories) == 2


def test_a_table_of_one_row_is_no_chart():
    table = Table(
        "measures",
        "Measures",
        [Column("measure", "Measure"), Column("value", "Value", "float", "0.00"), Column("x", "X")],
        [["Only one", 3.2, "a"], ["", None, "b"]],
    )
    assert chart_plan(AnalysisResult("third-party", "Third party", [], [table])) is None


def _result(wave: str, order: int) -> AnalysisResult:
    return AnalysisResult("x", "X", wave=wave, wave_order=order)


def test_one_wave_has_no_baseline_to_name():
    assert latest_wave_of([_result("baseline", 0), _result("baseline", 0)]) is None
    assert latest_wave_of([_result("re-audit", 1), _result("baseline", 0)]) == "re-audit"
    gap = Headline("gaps-model", "Gaps", "Gap 5 (P − E)", -1.2, "-1.20", "baseline")
    assert headline_title([gap], None) == "Gap 5 (P − E) falls short of expectations at -1.20"
    assert headline_title([gap], "re-audit").endswith("at -1.20 in the baseline")


def test_a_one_wave_decks_analysis_slide_names_no_wave():
    """The slide of an analysis no finding speaks of takes its title from its headline;
    with every result on the one wave there is no other wave to set it apart from."""
    from types import SimpleNamespace

    from workbench.deliver.deck_text import key_findings
    from workbench.deliver.headlines import HeadlineSummary

    def result(analysis_id: str, wave: str, order: int) -> AnalysisResult:
        return AnalysisResult(
            analysis_id, analysis_id, [f"{analysis_id} finding."], wave=wave, wave_order=order
        )

    def gap(analysis_id: str, wave: str) -> Headline:
        return Headline(analysis_id, analysis_id, "Gap 5 (P − E)", -1.2, "-1.20", wave)

    ctx = SimpleNamespace(
        findings=[],
        results=[result("gaps-model", "baseline", 0), result("servqual", "baseline", 0)],
        headlines=HeadlineSummary([gap("gaps-model", "baseline")]),
        options=SimpleNamespace(anonymise=False),
    )
    [slide, _servqual] = key_findings(ctx)
    assert slide.title == "Gap 5 (P − E) falls short of expectations at -1.20"
    # Beside a re-audit's results, the baseline's figure says which wave it is.
    ctx.results[1] = result("servqual", "re-audit", 1)
    [slide, _servqual] = key_findings(ctx)
    assert slide.title == "Gap 5 (P − E) falls short of expectations at -1.20 in the baseline"
