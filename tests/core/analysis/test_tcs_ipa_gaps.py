"""Total customer service, importance–performance and the gaps model, by hand."""

from __future__ import annotations

import math

import pytest
from _analysis_builders import add_provider_gaps, add_tcs

from analyses.gaps_model import GapsModel
from analyses.importance_performance import (
    CONCENTRATE,
    KEEP_UP,
    LOW_PRIORITY,
    OVERKILL,
    SHORT_OF_EXPECTATIONS,
    ImportancePerformance,
    grand_mean,
    quadrant,
)
from analyses.total_customer_service import TotalCustomerService
from workbench.analysis.registry import NotApplicable, run_analysis


def test_total_customer_service(builder):
    result = run_analysis(TotalCustomerService(), add_tcs(builder).build(), {})
    table = result.table("measures")
    rec = {r["measure"]: r for r in table.records()}
    assert rec["Speed"]["expected"] == pytest.approx((6 + 7 + 5) / 3)
    assert rec["Speed"]["actual"] == pytest.approx((4 + 5 + 6) / 3)
    assert rec["Speed"]["tcs"] == pytest.approx((4 + 5 + 6) / 3 - (6 + 7 + 5) / 3)
    # only t3: 6 ≥ 5, 1 of 3 = 33%, stored as shown
    assert rec["Speed"]["satisfied_share"] == 0.33
    assert rec["Friendliness"]["tcs"] == pytest.approx((6 + 4 + 7) / 3 - (5 + 4 + 6) / 3)
    assert rec["Friendliness"]["satisfied_share"] == pytest.approx(3 / 3)  # 4 ≥ 4 counts
    assert rec["Accuracy"]["tcs"] == pytest.approx((6 + 3 + 4) / 3 - (6 + 5 + 7) / 3)
    assert rec["Accuracy"]["satisfied_share"] == 0.33  # 1 of 3, as shown
    assert [rec[m]["satisfied"] for m in ("Speed", "Friendliness", "Accuracy")] == [
        "no",
        "yes",
        "no",
    ]
    assert rec["Speed"]["importance"] == pytest.approx((5 + 4 + 5) / 3)
    # Worst first by default; questionnaire order on request.
    assert table.column("measure") == ["Accuracy", "Speed", "Friendliness"]
    again = run_analysis(
        TotalCustomerService(), add_tcs(type(builder)()).build(), {"order": "form"}
    )
    assert again.table("measures").column("measure") == ["Speed", "Friendliness", "Accuracy"]
    assert table.evidence[0].interview_ids == ("iv-t1", "iv-t2", "iv-t3")
    assert table.evidence[0].question_keys == ("accuracy",)
    assert result.findings[0].startswith("1 of 3 measures meet expectations")
    assert result.figures[0].render().axes


def test_total_customer_service_counts_a_person_once(builder):
    """t1 interviewed twice in the wave; the second time speed E6 P6 (0), friendliness
    E5 P3 (−2), accuracy E6 P7 (+1), importance 3, 3, 2.  By hand, t1 is one person with
    the means of both interviews: speed E 6, P 5 (−1), friendliness E 5, P 4.5 (−0.5),
    accuracy E 6, P 6.5 (+0.5); importance of speed (5 + 3) / 2 = 4.
    Over t1, t2, t3: speed (−1 − 2 + 1) / 3 = −2/3, satisfied only t3 (1 of 3; per
    interview it read −0.75 of 4); friendliness (−0.5 + 0 + 1) / 3 = 1/6, satisfied t2 and
    t3; accuracy (0.5 − 2 − 3) / 3 = −1.5.  Overall (−2/3 + 1/6 − 1.5) / 3 = −2/3, on the
    people's means −1/3, −4/3, −1/3 (s² = 1/3, so s / √3 = 1/3)."""
    from workbench.deliver.headlines import headline_summary

    _tcs_with_t1_twice(builder)
    data = builder.build()
    result = run_analysis(TotalCustomerService(), data, {})
    table = result.table("measures")
    rec = {r["measure"]: r for r in table.records()}
    assert {r["n"] for r in rec.values()} == {3}
    assert rec["Speed"]["expected"] == pytest.approx(6.0)
    assert rec["Speed"]["actual"] == pytest.approx((5 + 5 + 6) / 3)
    assert rec["Speed"]["tcs"] == pytest.approx(-2 / 3)
    assert rec["Speed"]["satisfied_share"] == 0.33  # 1 of 3, as shown
    assert rec["Speed"]["importance"] == pytest.approx((4 + 4 + 5) / 3)
    assert rec["Friendliness"]["tcs"] == pytest.approx(1 / 6)
    assert rec["Friendliness"]["satisfied_share"] == 0.67  # 2 of 3, as shown
    assert rec["Accuracy"]["tcs"] == pytest.approx(-1.5)
    speed = table.column("measure").index("Speed")
    assert table.evidence[speed].interview_ids == ("iv-t1", "iv-t1b", "iv-t2", "iv-t3")
    [overall] = result.table("overall").records()
    t = math.sqrt(2 * 0.95**2 / (1 - 0.95**2))  # t(0.975, 2), closed form
    assert overall["value"] == pytest.approx(-2 / 3) and overall["n"] == 3
    assert overall["ci_low"] == pytest.approx(-2 / 3 - t / 3)
    assert overall["ci_high"] == pytest.approx(-2 / 3 + t / 3)
    assert "; 3 respondents)." in result.findings[0]
    # The report's headline table shows the same rounded figure on the same people.
    [headline] = [
        h
        for h in headline_summary([result], [], data).headlines
        if h.measure == "Total customer service (mean over measures)"
    ]
    assert headline.score_text == result.table("overall").format_cell(0, 1) == "-0.67"
    assert headline.respondents == 3


def test_tcs_check_explains(builder):
    reason = TotalCustomerService().check(builder.build()).reason
    assert reason == (
        "Total customer service needs a form with a question tagged `measure` (an "
        "expectation-and-perception pair), as the built-in total-customer-service form has; "
        "this engagement has no interviews of any form yet."
    )
    builder.question("total-customer-service", "q0", "pair", {"measure": "speed"})
    builder.respondent("r1")
    builder.interview(
        "i1", "r1", "total-customer-service", {"q0": {"E": 5, "P": 4}}, status="draft"
    )
    reason = TotalCustomerService().check(builder.build()).reason
    assert "at least 1 completed total-customer-service interview" in reason
    assert "has none" in reason


def test_quadrant_rules():
    assert quadrant(5, 2, 4, 4) == CONCENTRATE
    assert quadrant(5, 5, 4, 4) == KEEP_UP
    assert quadrant(3, 3, 4, 4) == LOW_PRIORITY
    assert quadrant(3, 5, 4, 4) == OVERKILL
    assert quadrant(4, 4, 4, 4) == KEEP_UP  # on the crosshairs counts as high


def test_ipa_from_tcs_data_centred(builder):
    result = run_analysis(
        ImportancePerformance(), add_tcs(builder).build(), {"source": "total-customer-service"}
    )
    rec = {r["attribute"]: r for r in result.table("attributes").records()}
    assert rec["Speed"]["importance"] == pytest.approx((5 + 4 + 5) / 3)
    assert rec["Friendliness"]["importance"] == pytest.approx((3 + 2 + 3) / 3)
    assert rec["Accuracy"]["performance"] == pytest.approx((6 + 3 + 4) / 3)
    # Grand means: importance (14/3 + 8/3 + 14/3)/3 = 4, performance (5 + 17/3 + 13/3)/3 = 5.
    assert rec["Speed"]["quadrant"] == KEEP_UP  # 4.67 ≥ 4, 5 ≥ 5
    assert rec["Accuracy"]["quadrant"] == CONCENTRATE  # 4.67 ≥ 4, 4.33 < 5
    assert rec["Friendliness"]["quadrant"] == OVERKILL  # 2.67 < 4, 5.67 ≥ 5
    assert "performance 5.00, importance 4.00" in result.findings[0]
    assert "Concentrate here: Accuracy." in result.findings
    assert result.figures[0].render().axes


def test_ipa_from_servqual_scale_centred(sq_builder):
    result = run_analysis(ImportancePerformance(), sq_builder.build(), {"crosshair": "scale"})
    rec = {r["attribute"]: r for r in result.table("attributes").records()}
    # Valid allocations only (r1, r2): tangibles (40 + 30)/2, reliability (60 + 70)/2.
    assert rec["Tangibles"]["importance"] == pytest.approx((40 + 30) / 2)
    assert rec["Reliability"]["importance"] == pytest.approx((60 + 70) / 2)
    assert rec["Tangibles"]["performance"] == pytest.approx(
        ((4 + 5) / 2 + (5 + 4) / 2 + (6 + 5) / 2) / 3
    )
    # Scale midpoints: performance (1 + 7)/2 = 4, importance an equal share 100/2 = 50.
    assert "performance 4.00, importance 50.00" in result.findings[0]
    # Low importance, performance above the midpoint, but P − E = −7/6 < 0: not overkill.
    assert rec["Tangibles"]["gap"] == pytest.approx((-2 - 1 - 0.5) / 3)
    assert rec["Tangibles"]["quadrant"] == SHORT_OF_EXPECTATIONS
    assert "Possible overkill" not in " ".join(result.findings)
    assert "Low priority, short of expectations: Tangibles." in result.findings
    assert rec["Reliability"]["quadrant"] == KEEP_UP


def test_ipa_check(builder):
    assert not ImportancePerformance().check(builder.build()).ok
    with pytest.raises(NotApplicable):
        run_analysis(ImportancePerformance(), add_tcs(builder).build(), {})  # no servqual data


# Customers' E (from the SERVQUAL fixture, q2 reversed): tangibles ((6+7)/2 + (5+6)/2 + (7+5)/2)/3,
# reliability ((7+6)/2 + (6+7)/2 + (5+5)/2)/3.
CUST_T = ((6 + 7) / 2 + (5 + 6) / 2 + (7 + 5) / 2) / 3
CUST_R = ((7 + 6) / 2 + (6 + 7) / 2 + (5 + 5) / 2) / 3


def test_gaps_model(sq_builder):
    result = run_analysis(GapsModel(), add_provider_gaps(sq_builder).build(), {})
    g1 = {r["dimension"]: r for r in result.table("gap1_dimensions").records()}
    # Management only (the register's segment): the staff member's 1s are left out.
    assert g1["Tangibles"]["managers"] == pytest.approx((5 + 6) / 2)
    assert g1["Tangibles"]["gap"] == pytest.approx(CUST_T - (5 + 6) / 2)
    assert g1["Reliability"]["gap"] == pytest.approx(CUST_R - (6 + 6) / 2)
    assert g1["Tangibles"]["misjudgement"] == pytest.approx(-abs(CUST_T - 5.5))
    assert g1["Tangibles"]["direction"] == "underestimates"  # CUST_T = 6 > 5.5
    assert g1["Reliability"]["direction"] == "judges it right"  # CUST_R = 6
    gap1_table = result.table("gap1_dimensions")
    assert not gap1_table.columns[gap1_table.column_index("gap")].diverging

    drivers = {r["driver"]: r for r in result.table("drivers").records()}
    # Centred on the neutral answer (4 on 1–7): (4 + 3)/2 − 4.
    assert drivers["Resourced"]["gap"] == pytest.approx((4 + 3) / 2 - 4)
    # tools: two questions, per respondent mean first, staff included (gap 3 is everyone's).
    tools = [(3 + 4) / 2, (2 + 3) / 2, (4 + 4) / 2]
    assert drivers["Tools"]["score"] == pytest.approx(sum(tools) / 3)
    # over-promising is reversed: 8 − 2 = 6, 8 − 5 = 3 and the staff member's 8 − 4 = 4.
    assert drivers["Over-promising"]["score"] == pytest.approx(((8 - 2) + (8 - 5) + (8 - 4)) / 3)

    gaps = {r["gap"]: r for r in result.table("gaps").records()}
    # Gap 1: the mean misjudgement, whichever way, shown negative like every gap.
    assert gaps["Gap 1"]["score"] == pytest.approx(-(abs(CUST_T - 5.5) + abs(CUST_R - 6)) / 2)
    gap2 = (((6 + 4) / 2 - 4) + ((4 + 3) / 2 - 4)) / 2
    gap3 = (((5 + 7 + 6) / 3 - 4) + (sum(tools) / 3 - 4)) / 2
    gap4 = ((((8 - 2) + (8 - 5) + (8 - 4)) / 3 - 4) + ((5 + 6 + 4) / 3 - 4)) / 2
    assert gaps["Gap 2"]["score"] == pytest.approx(gap2)
    assert gaps["Gap 3"]["score"] == pytest.approx(gap3)
    assert gaps["Gap 4"]["score"] == pytest.approx(gap4)
    tang = [((4 - 6) + (5 - 7)) / 2, ((5 - 5) + (4 - 6)) / 2, ((6 - 7) + (5 - 5)) / 2]
    rel = [((6 - 7) + (5 - 6)) / 2, ((3 - 6) + (4 - 7)) / 2, ((5 - 5) + (6 - 5)) / 2]
    assert gaps["Gap 5"]["score"] == pytest.approx((sum(tang) / 3 + sum(rel) / 3) / 2)
    assert gaps["Gap 2"]["weakest"] == "Resourced (3.50), Standards-defined (5.00)"
    assert gaps["Gap 2"]["n"] == 2 and gaps["Gap 3"]["n"] == 3 and gaps["Gap 5"]["n"] == 3
    assert any("left out: 1 interview" in n for n in result.method_notes)
    assert result.figures[0].render().axes


def test_ipa_counts_a_person_once(sq_builder):
    """r1 interviewed twice on SERVQUAL (i1b: every P 5, reversed q2 P 8 − 3 = 5;
    allocation 10 / 90).  By hand, per person first: tangibles performance r1
    (4.5 + 5) / 2 = 4.75, r2 4.5, r3 5.5 → 14.75 / 3 (per interview it read 4.875);
    reliability r1 (5.5 + 5) / 2, r2 3.5, r3 5.5 → 14.25 / 3; importance of tangibles
    r1 (40 + 10) / 2 = 25, r2 30 (r3's allocation is not valid) → 27.5; every n is 3."""
    from workbench.deliver.headlines import headline_summary

    pair = {"E": 6, "P": 5}
    sq_builder.interview(
        "i1b",
        "r1",
        "servqual",
        {
            "t1": pair,
            "t2": pair,
            "q1": pair,
            "q2": {"E": 2, "P": 3},
            "imp": {"tangibles": 10, "reliability": 90},
        },
    )
    data = sq_builder.build()
    result = run_analysis(ImportancePerformance(), data, {"source": "servqual"})
    table = result.table("attributes")
    rec = {r["attribute"]: r for r in table.records()}
    assert rec["Tangibles"]["performance"] == pytest.approx(14.75 / 3)
    assert rec["Reliability"]["performance"] == pytest.approx(14.25 / 3)
    assert rec["Tangibles"]["importance"] == pytest.approx(27.5)
    assert rec["Reliability"]["importance"] == pytest.approx(72.5)
    assert rec["Tangibles"]["gap"] == pytest.approx(-1.0)  # r1 (−2 − 1) / 2, r2 −1, r3 −0.5
    assert {r["n"] for r in rec.values()} == {3}
    assert table.columns[table.column_index("n")].label == "Respondents"
    assert set(table.evidence[0].interview_ids) == {"i1", "i1b", "i2", "i3"}
    assert any("valid allocations only, 2 respondents" in n for n in result.method_notes)
    shown = {h.measure: h.score_text for h in headline_summary([result], [], data).headlines}
    # the table's number, with the scale it is on beside other analyses' scores
    assert table.format_cell(0, 2) == "4.92"
    assert shown["Tangibles performance (1–7)"] == "4.92 of 7"


def test_ipa_from_tcs_counts_a_person_once(builder):
    """t1 interviewed twice on total customer service (speed E6 P6 and importance 3 the
    second time): speed performance t1 (4 + 6) / 2 = 5, t2 5, t3 6 → 16 / 3; importance
    t1 (5 + 3) / 2 = 4, t2 4, t3 5 → 13 / 3; 3 respondents, not 4."""
    _tcs_with_t1_twice(builder)
    result = run_analysis(
        ImportancePerformance(), builder.build(), {"source": "total-customer-service"}
    )
    rec = {r["attribute"]: r for r in result.table("attributes").records()}
    assert rec["Speed"]["performance"] == pytest.approx(16 / 3)
    assert rec["Speed"]["importance"] == pytest.approx(13 / 3)
    assert rec["Speed"]["gap"] == pytest.approx(-2 / 3)  # t1 −1, t2 −2, t3 +1
    assert {r["n"] for r in rec.values()} == {3}


def test_gaps_model_counts_a_person_once(sq_builder):
    """Manager m1 answered the provider form twice (p1b: m_t 3, m_r 4, g2b 6, tools 5
    and 5) and customer r1 the SERVQUAL form twice (i1b: every E 6, every P 5).  By hand,
    per person first:
    - management's prediction of tangibles: m1 (5 + 3) / 2 = 4, m2 6 → 5.0 (per
      interview it read 4.67), of reliability m1 (6 + 4) / 2 = 5, m2 6 → 5.5; 2 managers;
    - customers' expectation of tangibles: r1 (6.5 + 6) / 2, r2 5.5, r3 6 → 17.75 / 3,
      and of reliability r1 (6.5 + 6) / 2, r2 6.5, r3 5 → 17.75 / 3;
    - resourced: m1 (4 + 6) / 2 = 5, m2 3 → 4.0 (gap 0); tools: m1 ((3 + 4) / 2 + 5) / 2
      = 4.25, m2 2.5, s1 4 → 10.75 / 3;
    - gap 5: tangibles r1 (−2 − 1) / 2, r2 −1, r3 −0.5 → −1; reliability r1 (−1 − 1) / 2,
      r2 −3, r3 0.5 → −3.5 / 3; (−1 − 3.5 / 3) / 2 = −1.0833 over 3 people, not 4."""
    from workbench.deliver.headlines import headline_summary

    b = add_provider_gaps(sq_builder)
    keys = ("m_t", "m_r", "g2a", "g2b", "g3a", "g3b", "g3c", "g4a", "g4b")
    b.interview(
        "p1b", "m1", "provider-gaps", dict(zip(keys, (3, 4, 6, 6, 5, 5, 5, 2, 5), strict=True))
    )
    pair = {"E": 6, "P": 5}
    b.interview(
        "i1b", "r1", "servqual", {"t1": pair, "t2": pair, "q1": pair, "q2": {"E": 2, "P": 3}}
    )
    data = b.build()
    result = run_analysis(GapsModel(), data, {})
    g1 = {r["dimension"]: r for r in result.table("gap1_dimensions").records()}
    assert g1["Tangibles"]["managers"] == pytest.approx(5.0)
    assert g1["Reliability"]["managers"] == pytest.approx(5.5)
    assert g1["Tangibles"]["customers"] == pytest.approx(17.75 / 3)
    assert g1["Reliability"]["customers"] == pytest.approx(17.75 / 3)
    assert {r["managers_n"] for r in g1.values()} == {2}
    ev = result.table("gap1_dimensions").evidence[0].interview_ids
    assert {"p1", "p1b", "i1", "i1b"} <= set(ev)
    drivers = {r["driver"]: r for r in result.table("drivers").records()}
    assert drivers["Resourced"]["score"] == pytest.approx(4.0)
    assert drivers["Resourced"]["n"] == 2
    assert drivers["Tools"]["score"] == pytest.approx(10.75 / 3) and drivers["Tools"]["n"] == 3
    gaps = {r["gap"]: r for r in result.table("gaps").records()}
    assert gaps["Gap 1"]["score"] == pytest.approx(-((17.75 / 3 - 5) + (17.75 / 3 - 5.5)) / 2)
    gap5 = (-1 - 3.5 / 3) / 2
    assert gaps["Gap 5"]["score"] == pytest.approx(gap5)
    assert (gaps["Gap 1"]["n"], gaps["Gap 2"]["n"], gaps["Gap 3"]["n"]) == (2, 2, 3)
    assert gaps["Gap 5"]["n"] == 3
    assert "(SERVQUAL, 3 respondents)" in result.findings[0]
    # The headline table reads the same customer gap, rounded the same way.
    [headline] = [
        h for h in headline_summary([result], [], data).headlines if h.measure.startswith("Gap 5")
    ]
    row = [r[0] for r in result.table("gaps").rows].index("Gap 5")
    assert headline.score_text == result.table("gaps").format_cell(row, 3) == "-1.08"


def test_gap_1_is_coloured_as_a_misjudgement_either_way(sq_builder):
    """Management underestimating customers (a positive difference) is still a gap."""
    result = run_analysis(GapsModel(), add_provider_gaps(sq_builder).build(), {})
    gaps = {r["gap"]: r for r in result.table("gaps").records()}
    assert gaps["Gap 1"]["score"] < 0
    g1 = {r["dimension"]: r for r in result.table("gap1_dimensions").records()}
    assert all(r["misjudgement"] <= 0 for r in g1.values())


def test_gaps_1_and_2_need_the_registers_management_segment(builder):
    result = run_analysis(
        GapsModel(), add_provider_gaps(builder).build(), {"managers": "directors"}
    )
    gaps = {r["gap"]: r for r in result.table("gaps").records()}
    assert gaps["Gap 2"]["score"] is None and gaps["Gap 2"]["n"] == 0
    assert gaps["Gap 3"]["n"] == 3
    assert "segment 'directors'" in result.findings[0]


def test_gaps_model_without_servqual(builder):
    result = run_analysis(GapsModel(), add_provider_gaps(builder).build(), {"weakest": 1})
    gaps = {r["gap"]: r for r in result.table("gaps").records()}
    assert gaps["Gap 5"]["score"] is None and gaps["Gap 1"]["score"] is None
    assert gaps["Gap 3"]["weakest"] == "Tools (3.33)"
    assert any("cannot be measured" in f for f in result.findings)
    assert not math.isnan(gaps["Gap 4"]["score"])
    result.figures[0].render()


def test_gaps_model_check(builder):
    assert "provider-gaps" in GapsModel().check(builder.build()).reason


def test_tcs_importance_row_reads_its_measure_tag(builder):
    """A row keyed supply_cost tagged measure: supply-cost (the first release's form) rates
    the measure supply-cost: it no longer drops out of total customer service and IPA."""
    b = add_tcs(builder)
    for q in b.questions:
        if q["question_key"] == "accuracy":
            q["tags"] = {"measure": "supply-cost"}
    for item in b.items:
        if item["question_key"] == "imp" and item["item"] == "accuracy":
            item["item"], item["tags"] = "supply_cost", {"measure": "supply-cost"}
    for a in b.answers:
        if a["question_key"] == "imp" and a["item"] == "accuracy":
            a["item"] = "supply_cost"
    data = b.build()
    tcs_rows = {
        r["measure"]: r
        for r in run_analysis(TotalCustomerService(), data, {}).table("measures").records()
    }
    assert tcs_rows["Supply-cost"]["importance"] == pytest.approx((4 + 5 + 5) / 3)
    ipa = run_analysis(ImportancePerformance(), data, {"source": "total-customer-service"})
    assert "Supply-cost" in ipa.table("attributes").column("attribute")


def test_an_attribute_on_the_crosshair_is_placed_by_the_stated_rule():
    # Performance means 1, 1.2, 1.7, 2.9: the grand mean is exactly 1.7, but summed in
    # floating point it is 1.7000000000000002, which would put 1.7 below the line.
    means = [1.0, 1.2, 1.7, 2.9]
    assert sum(means) / 4 == 1.7000000000000002
    on_the_line = sum(means) / 4
    assert quadrant(5, 1.7, 4, on_the_line) == KEEP_UP  # on a crosshair counts as high
    assert quadrant(3, 1.7, 4, on_the_line) == OVERKILL
    assert grand_mean(means) == pytest.approx(1.7)
    assert quadrant(4.000000000000001, 1.0, 4.0, 9.0) == CONCENTRATE


def test_widest_provider_gap_counts_gap_1_and_marks_small_samples():
    """Gaps 1–4 are all provider gaps on one scale: when gap 1 (−0.80) is wider than gap 2
    (−0.75), the finding must not call gap 2 the widest; gaps resting on fewer than 5
    respondents say so in the sentence."""
    import pandas as pd

    scores = {"1": -0.8, "2": -0.75, "3": 0.35, "4": 0.0, "5": -1.2}
    weakest = {"1": "", "2": "Feasibility (2.33)", "3": "Tools (3.83)", "4": "X (3.50)"}
    gap1 = pd.Series({"assurance": 1.19, "tangibles": 0.41})
    counts = {"1": 3, "2": 3, "3": 12, "4": 12, "5": 24}
    out = GapsModel._findings(scores, weakest, gap1, "24 respondents", counts)
    widest = next(f for f in out if "widest" in f)
    assert widest.startswith("The widest provider gap is gap 1 (knowledge (listening)): -0.80")
    assert "of gaps 2–4 the widest is gap 2 (standards (design)): -0.75 († 3 respondents)" in widest
    assert "† 3 respondents" in next(f for f in out if f.startswith("Management misjudges"))

    # Gap 2 wider than gap 1: the old sentence, now with its small-sample mark.
    out = GapsModel._findings({**scores, "1": -0.5}, weakest, gap1, "24 respondents", counts)
    assert (
        "The widest provider gap is gap 2 (standards (design)): -0.75 († 3 respondents); "
        "weakest drivers: Feasibility (2.33)." in out
    )
    # Gaps 3 and 4 tied as shown (−0.754 and −0.746 both read −0.75): named as a tie.
    tie = {"1": -0.1, "2": 0.2, "3": -0.754, "4": -0.746, "5": -1.2}
    out = GapsModel._findings(tie, weakest, gap1, "24 respondents", counts)
    widest = next(f for f in out if "widest" in f)
    assert "gap 3 (delivery (performance)) and gap 4 (communication), tied at -0.75" in widest


def _tcs_with_t1_twice(builder):
    """``add_tcs``'s engagement with t1 interviewed a second time (iv-t1b)."""
    add_tcs(builder)
    builder.interview(
        "iv-t1b",
        "t1",
        "total-customer-service",
        {
            "speed": {"E": 6, "P": 6},
            "friendliness": {"E": 5, "P": 3},
            "accuracy": {"E": 6, "P": 7},
            "imp": {"speed": 3, "friendliness": 3, "accuracy": 2},
        },
    )
    return builder
