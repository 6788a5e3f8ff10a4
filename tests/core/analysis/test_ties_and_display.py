"""Ties named as ties; findings quote the numbers exactly as the tables display them."""

from __future__ import annotations

from _analysis_builders import Builder

from analyses.servqual import Servqual
from workbench.analysis.registry import run_analysis

DIMS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")


def servqual_with(gaps: dict[str, int], points: dict[str, int], n: int = 3) -> Builder:
    """``n`` respondents, one item per dimension with E = 5, P = 5 + gap; one allocation."""
    b = Builder()
    for d in DIMS:
        b.question("servqual", d, "pair", {"dimension": d}, label=f"Item {d}", items=("E", "P"))
    b.question("servqual", "imp", "allocation", {"role": "importance"}, scale=None, items=DIMS)
    for i in range(n):
        b.respondent(f"r{i}", "customers")
        answers = {d: {"E": 5, "P": 5 + gaps[d]} for d in DIMS}
        answers["imp"] = dict(points)
        b.interview(f"iv{i}", f"r{i}", "servqual", answers)
    return b


def test_tied_importance_is_named_as_a_tie():
    points = {
        "tangibles": 10,
        "reliability": 27,
        "responsiveness": 27,
        "assurance": 18,
        "empathy": 18,
    }
    gaps = {"tangibles": 0, "reliability": -1, "responsiveness": -2, "assurance": 0, "empathy": 1}
    result = run_analysis(Servqual(), servqual_with(gaps, points).build(), {})
    text = " ".join(result.findings)
    assert "Reliability and responsiveness are jointly most important (27%" in text
    assert "weight reliability most" not in text


def test_no_weakest_or_strongest_when_every_gap_is_equal():
    gaps = dict.fromkeys(DIMS, -1)
    points = dict.fromkeys(DIMS, 20)
    result = run_analysis(Servqual(), servqual_with(gaps, points).build(), {})
    text = " ".join(result.findings)
    assert "Weakest dimension" not in text and "Strongest dimension" not in text
    assert "Every dimension scores the same (-1.00)" in text
    assert "weight every dimension equally (20%" in text


def test_tied_weakest_dimensions():
    gaps = {"tangibles": 0, "reliability": -2, "responsiveness": -2, "assurance": 1, "empathy": 1}
    result = run_analysis(Servqual(), servqual_with(gaps, dict.fromkeys(DIMS, 20)).build(), {})
    text = " ".join(result.findings)
    assert "Weakest dimensions, tied: reliability and responsiveness (-2.00 each)" in text
    assert "Strongest dimensions, tied: assurance and empathy (+1.00 each)" in text


def test_mean_weights_sum_to_100_as_displayed():
    # Three respondents allocate 100 points; the mean weights (e.g. 33⅓ each) must still
    # show as shares that add up to 100%.
    b = Builder()
    for d in DIMS:
        b.question("servqual", d, "pair", {"dimension": d}, items=("E", "P"))
    b.question("servqual", "imp", "allocation", {"role": "importance"}, scale=None, items=DIMS)
    allocs = [
        {"tangibles": 21, "reliability": 21, "responsiveness": 21, "assurance": 21, "empathy": 16},
        {"tangibles": 21, "reliability": 21, "responsiveness": 21, "assurance": 21, "empathy": 16},
        {"tangibles": 20, "reliability": 20, "responsiveness": 20, "assurance": 20, "empathy": 20},
    ]
    for i, alloc in enumerate(allocs):
        b.respondent(f"r{i}", "c")
        answers = {d: {"E": 5, "P": 4} for d in DIMS}
        answers["imp"] = alloc
        b.interview(f"iv{i}", f"r{i}", "servqual", answers)
    result = run_analysis(Servqual(), b.build(), {})
    table = result.table("dimensions")
    shown = [table.format_cell(r, table.column_index("weight")) for r in range(len(table.rows))]
    # Rounded alone: 20.67% → 21% four times and 17.33% → 17%: 101%.
    assert sum(int(s.rstrip("%")) for s in shown) == 100


def test_chart_label_table_cell_and_finding_show_the_empathy_gap_alike():
    """200 respondents, empathy gap −1 for 197 and −2 for 3: the mean is exactly −1.015,
    which floating point holds as −1.01499999…; everywhere it shows −1.02."""
    b = Builder()
    for d in DIMS:
        b.question("servqual", d, "pair", {"dimension": d}, label=f"Item {d}", items=("E", "P"))
    for i in range(200):
        b.respondent(f"r{i}", "customers")
        answers = {d: {"E": 6, "P": 6} for d in DIMS}
        answers["empathy"] = {"E": 6, "P": 4 if i < 3 else 5}
        b.interview(f"iv{i}", f"r{i}", "servqual", answers)
    result = run_analysis(Servqual(), b.build(), {"weighted": False})
    dims = result.table("dimensions")
    row = dims.column("dimension").index("Empathy")
    gap = dims.rows[row][dims.column_index("gap")]
    assert f"{gap:+.2f}" == "-1.01"  # what formatting the float alone would show
    assert dims.format_cell(row, dims.column_index("gap")) == "-1.02"
    figure = result.figures[0].render()
    labels = [t.get_text() for t in figure.axes[0].texts]
    assert "-1.02" in labels and "-1.01" not in labels
    assert "Weakest dimension: empathy (-1.02)." in " ".join(result.findings)


def test_least_mature_practices_include_ties_at_the_cut():
    from analyses.itsm_maturity import ItsmMaturity

    b = Builder()
    rows = ("a", "b", "c", "d", "e")
    b.question("itsm-maturity", "ops", "matrix", {"stage": "operation"}, scale=(0, 5), items=rows)
    b.respondent("m1", "management")
    b.interview("iv1", "m1", "itsm-maturity", {"ops": {"a": 1, "b": 2, "c": 3, "d": 3, "e": 4}})
    result = run_analysis(ItsmMaturity(), b.build(), {})
    [least] = [f for f in result.findings if f.startswith("Least mature")]
    assert least == "Least mature practices: a (1.00), b (2.00), c (3.00), d (3.00)."


def test_tcs_names_a_tied_shortfall():
    from analyses.total_customer_service import TotalCustomerService

    b = Builder()
    for m in ("speed", "accuracy", "price"):
        b.question("total-customer-service", m, "pair", {"measure": m}, items=("E", "P"))
    for i in range(2):
        b.respondent(f"c{i}", "customers")
        b.interview(
            f"t{i}",
            f"c{i}",
            "total-customer-service",
            {
                "speed": {"E": 6, "P": 5},
                "accuracy": {"E": 7, "P": 6},
                "price": {"E": 4, "P": 5},
            },
        )
    result = run_analysis(TotalCustomerService(), b.build(), {})
    text = " ".join(result.findings)
    assert "Largest shortfall, tied: speed and accuracy (-1.00 each)." in text
    assert "Best performance against expectation: price (+1.00)." in text


def test_yes_no_parameters_read_yes_or_no_never_true_false():
    """The method notes of the report said 'Importance-weighted score: True; By segment:
    True'; a client reads yes/no."""
    from analyses.satisfaction_loyalty import SatisfactionLoyalty
    from analyses.servqual import Servqual

    for analysis in (Servqual(), SatisfactionLoyalty()):
        text = analysis.describe_params(analysis.resolve_params({}))
        assert "True" not in text and "False" not in text
        assert "By segment: Yes" in text
    sq = Servqual()
    assert "By segment: No" in sq.describe_params({**sq.resolve_params({}), "by_segment": False})


def test_findings_name_their_wave_only_beside_a_later_one():
    from workbench.analysis.result import AnalysisResult, findings_naming_wave

    base = AnalysisResult("a", "A", ["Gap 5: -1.20.", "\u2020 Rests on 3."], wave="baseline")
    base.wave_order = 1
    later = AnalysisResult("b", "B", ["Score -0.91."], wave="re-audit", wave_order=2)
    w2 = AnalysisResult("c", "C", ["Mean 3."], wave="wave 0", wave_order=0)
    assert findings_naming_wave(base, [base, later]) == [
        "In the baseline: Gap 5: -1.20.",
        "\u2020 Rests on 3.",
    ]
    assert findings_naming_wave(later, [base, later]) == ["Score -0.91."]
    assert findings_naming_wave(w2, [w2, later]) == ["In wave 0: Mean 3."]
    assert findings_naming_wave(base, [base]) == base.findings  # one wave: nothing to say
    pooled = AnalysisResult("d", "D", ["Pooled."])
    assert findings_naming_wave(pooled, [pooled, base, later]) == ["Pooled."]
