"""SERVQUAL and SERVPERF against hand calculations."""

from __future__ import annotations

import pytest

from analyses.servqual import Servqual
from workbench.analysis.registry import NotApplicable, run_analysis

# Reversed q2 (8 − x): i1 E6 P5, i2 E7 P4, i3 E5 P6.
TANG = [((4 - 6) + (5 - 7)) / 2, ((5 - 5) + (4 - 6)) / 2, ((6 - 7) + (5 - 5)) / 2]
REL = [((6 - 7) + (5 - 6)) / 2, ((3 - 6) + (4 - 7)) / 2, ((5 - 5) + (6 - 5)) / 2]


def test_dimension_gaps_and_scores(sq_builder):
    result = run_analysis(Servqual(), sq_builder.build(), {})
    dims = {r["dimension"]: r for r in result.table("dimensions").records()}
    assert dims["Tangibles"]["gap"] == pytest.approx(sum(TANG) / 3)
    assert dims["Reliability"]["gap"] == pytest.approx(sum(REL) / 3)
    assert dims["Tangibles"]["expectation"] == pytest.approx(
        ((6 + 7) / 2 + (5 + 6) / 2 + (7 + 5) / 2) / 3
    )
    assert dims["Reliability"]["perception"] == pytest.approx(
        ((6 + 5) / 2 + (3 + 4) / 2 + (5 + 6) / 2) / 3
    )
    assert dims["Tangibles"]["items"] == 2 and dims["Tangibles"]["n"] == 3
    assert dims["Tangibles"]["weight"] == pytest.approx((0.40 + 0.30) / 2)

    scores = {r["measure"]: r for r in result.table("scores").records()}
    unweighted = (sum(TANG) / 3 + sum(REL) / 3) / 2
    assert scores["Unweighted SERVQUAL score"]["score"] == pytest.approx(unweighted)
    weighted = ((0.4 * TANG[0] + 0.6 * REL[0]) + (0.3 * TANG[1] + 0.7 * REL[1])) / 2
    assert scores["Importance-weighted SERVQUAL score"]["score"] == pytest.approx(weighted)
    assert scores["Importance-weighted SERVQUAL score"]["n"] == 2
    assert any("1 without a valid allocation excluded" in f for f in result.findings)
    assert any("1 respondent(s) without a valid allocation" in n for n in result.method_notes)


def test_item_gaps_reverse_and_evidence(sq_builder):
    result = run_analysis(Servqual(), sq_builder.build(), {})
    items = result.table("items")
    rec = {r["question_key"]: r for r in items.records()}
    assert rec["q2"]["expectation"] == pytest.approx(((8 - 2) + (8 - 1) + (8 - 3)) / 3)
    assert rec["q2"]["gap"] == pytest.approx(((5 - 6) + (4 - 7) + (6 - 5)) / 3)
    assert rec["t1"]["gap"] == pytest.approx(((4 - 6) + (5 - 5) + (6 - 7)) / 3)
    row = [r[0] for r in items.rows].index("q1")
    assert items.evidence[row].interview_ids == ("i1", "i2", "i3")
    assert items.evidence[row].question_keys == ("q1",)
    gap_col = result.table("dimensions").columns[result.table("dimensions").column_index("gap")]
    assert gap_col.diverging and gap_col.fmt == "+0.00;-0.00;0.00"


def test_cronbach_alpha_hand_worked(sq_builder):
    result = run_analysis(Servqual(), sq_builder.build(), {})
    rel = {(r["dimension"], r["on"]): r for r in result.table("reliability").records()}
    # Tangibles on E: t1 = 6,5,7 (var 1); t2 = 7,6,5 (var 1); totals 13,11,12 (var 1).
    e = rel[("Tangibles", "E")]
    assert (e["k"], e["n"]) == (2, 3)
    assert e["alpha"] == pytest.approx(2 / (2 - 1) * (1 - (1 + 1) / 1))
    assert e["acceptable"] == "no"
    # Reliability on P: q1 = 6,3,5 (var 7/3); q2 = 5,4,6 (var 1); totals 11,7,11 (var 16/3).
    p = rel[("Reliability", "P")]
    assert p["alpha"] == pytest.approx(2 * (1 - (7 / 3 + 1) / (16 / 3)))
    assert p["acceptable"] == "yes"


def test_by_segment(sq_builder):
    result = run_analysis(Servqual(), sq_builder.build(), {})
    seg = {r["segment"]: r for r in result.table("segments").records()}
    assert seg["staff"]["n"] == 2
    assert seg["staff"]["tangibles"] == pytest.approx((TANG[0] + TANG[1]) / 2)
    assert seg["customers"]["reliability"] == pytest.approx(REL[2])
    assert (
        seg["customers"]["weighted"] is None
        or seg["customers"]["weighted"] != seg["customers"]["weighted"]
    )
    assert seg["staff"]["score"] == pytest.approx(
        ((TANG[0] + TANG[1]) / 2 + (REL[0] + REL[1]) / 2) / 2
    )


def test_servperf(sq_builder):
    result = run_analysis(Servqual(), sq_builder.build(), {"model": "servperf"})
    dims = {r["dimension"]: r for r in result.table("dimensions").records()}
    p_t = ((4 + 5) / 2 + (5 + 4) / 2 + (6 + 5) / 2) / 3
    p_r = ((6 + 5) / 2 + (3 + 4) / 2 + (5 + 6) / 2) / 3
    assert dims["Tangibles"]["perception"] == pytest.approx(p_t)
    assert "gap" not in dims["Tangibles"]
    scores = {r["measure"]: r["score"] for r in result.table("scores").records()}
    assert scores["Unweighted SERVPERF score"] == pytest.approx((p_t + p_r) / 2)
    w = (0.4 * (4 + 5) / 2 + 0.6 * (6 + 5) / 2 + 0.3 * (5 + 4) / 2 + 0.7 * (3 + 4) / 2) / 2
    assert scores["Importance-weighted SERVPERF score"] == pytest.approx(w)
    assert {r["on"] for r in result.table("reliability").records()} == {"P"}
    for fig in result.figures:
        fig.render()


def test_unweighted_only(sq_builder):
    result = run_analysis(Servqual(), sq_builder.build(), {"weighted": False, "by_segment": False})
    assert [r["measure"] for r in result.table("scores").records()] == ["Unweighted SERVQUAL score"]
    assert "segments" not in [t.name for t in result.tables]


def test_check_explains_too_few(sq_builder):
    data = sq_builder.build()
    one = data.filter(segment="customers")
    reason = Servqual().check(one).reason
    assert (
        reason == "SERVQUAL needs at least 3 completed servqual interviews; this engagement has 1."
    )
    with pytest.raises(NotApplicable, match="at least 3"):
        run_analysis(Servqual(), one, {})


def test_figures_render(sq_builder):
    result = run_analysis(Servqual(), sq_builder.build(), {})
    assert [f.name for f in result.figures] == ["dimension_gaps", "expectation_perception"]
    for fig in result.figures:
        assert fig.render().axes
    assert result.figures[0].to_png()[:4] == b"\x89PNG"


def _twice_interviewed():
    """Two people: A interviewed twice in the wave (a1, a2), B once (b1).

    Gaps P − E per item (q2 reversed, 8 − x):
        a1: t1 4−7 = −3, t2 5−6 = −1, q1 6−6 = 0, q2 5−6 = −1   tangibles −2, reliability −0.5
        a2: t1 5−5 = 0,  t2 6−6 = 0,  q1 4−7 = −3, q2 4−7 = −3  tangibles 0,  reliability −3
        b1: t1 6−4 = +2, t2 5−5 = 0,  q1 6−5 = +1, q2 5−5 = 0   tangibles +1, reliability +0.5
    A counts once with the mean of a1 and a2: tangibles −1, reliability −1.75."""
    from _analysis_builders import Builder, servqual_questions

    b = servqual_questions(Builder().respondent("A", "staff").respondent("B", "customers"))

    def answers(t1, t2, q1, q2, imp):
        out = {
            k: {"E": e, "P": p}
            for k, (e, p) in zip(("t1", "t2", "q1", "q2"), (t1, t2, q1, q2), strict=True)
        }
        return {**out, "imp": dict(zip(("tangibles", "reliability"), imp, strict=True))}

    b.interview("a1", "A", "servqual", answers((7, 4), (6, 5), (6, 6), (2, 3), (50, 50)))
    b.interview("a2", "A", "servqual", answers((5, 5), (6, 6), (7, 4), (1, 4), (10, 90)))
    b.interview("b1", "B", "servqual", answers((4, 6), (5, 5), (5, 6), (3, 3), (40, 60)))
    return b.build()


def test_a_person_interviewed_twice_counts_once():
    """Worked by hand (see :func:`_twice_interviewed`), per person, then over the 2 people:
    tangibles (−1 + 1) / 2 = 0, reliability (−1.75 + 0.5) / 2 = −0.625; unweighted score
    (0 − 0.625) / 2 = −0.3125 (per interview it would read (−1/3 − 1) / 2 = −0.67).
    Weighted per interview: a1 0.5·−2 + 0.5·−0.5 = −1.25, a2 0.1·0 + 0.9·−3 = −2.7,
    b1 0.4·1 + 0.6·0.5 = 0.7; A = −1.975, so (−1.975 + 0.7) / 2 = −0.6375.  Mean weights:
    tangibles ((0.5 + 0.1) / 2 + 0.4) / 2 = 35%, reliability 65%."""
    import math

    from workbench.deliver.headlines import headline_summary

    data = _twice_interviewed()
    result = run_analysis(Servqual(), data, {})
    dims = {r["dimension"]: r for r in result.table("dimensions").records()}
    assert dims["Tangibles"]["gap"] == pytest.approx(0.0)
    assert dims["Reliability"]["gap"] == pytest.approx(-0.625)
    # E of tangibles: a1 6.5, a2 5.5 → A 6.0; B 4.5 → 5.25.
    assert dims["Tangibles"]["expectation"] == pytest.approx(5.25)
    assert dims["Tangibles"]["perception"] == pytest.approx(5.25)
    assert {r["n"] for r in dims.values()} == {2}
    assert dims["Tangibles"]["weight"] == pytest.approx(0.35)
    assert dims["Reliability"]["weight"] == pytest.approx(0.65)
    table = result.table("dimensions")
    assert table.columns[table.column_index("n")].label == "Respondents"
    assert table.evidence[0].interview_ids == ("a1", "a2", "b1")  # the interviews, named

    scores = result.table("scores")
    rec = {r["measure"]: r for r in scores.records()}
    unweighted = rec["Unweighted SERVQUAL score"]
    assert unweighted["score"] == pytest.approx(-0.3125) and unweighted["n"] == 2
    # The CI over the 2 people's scores (A (−2 − 0.5 + 0 − 3) / 4 = −1.375, B 0.75):
    # t(0.975, 1) = tan(0.475π), s / √2 = |0.75 + 1.375| / 2.
    half = math.tan(0.475 * math.pi) * (0.75 + 1.375) / 2
    assert unweighted["ci_low"] == pytest.approx(-0.3125 - half)
    assert unweighted["ci_high"] == pytest.approx(-0.3125 + half)
    weighted = rec["Importance-weighted SERVQUAL score"]
    assert weighted["score"] == pytest.approx(-0.6375) and weighted["n"] == 2
    assert scores.evidence[1].interview_ids == ("a1", "a2", "b1")

    # Items, per person first: t1 A (−3 + 0) / 2, B +2 → 0.25; q2 A (−1 − 3) / 2, B 0 → −1.
    items = {r["question_key"]: r for r in result.table("items").records()}
    assert items["t1"]["gap"] == pytest.approx(0.25)
    assert items["t1"]["expectation"] == pytest.approx((6 + 4) / 2)
    assert items["t2"]["gap"] == pytest.approx(-0.25)
    assert items["q1"]["gap"] == pytest.approx(-0.25)
    assert items["q2"]["gap"] == pytest.approx(-1.0)
    assert {r["n"] for r in items.values()} == {2}
    assert {r["n"] for r in result.table("reliability").records()} == {2}

    seg = {r["segment"]: r for r in result.table("segments").records()}
    assert seg["staff"]["n"] == 1
    assert seg["staff"]["tangibles"] == pytest.approx(-1.0)
    assert seg["staff"]["reliability"] == pytest.approx(-1.75)
    assert seg["staff"]["weighted"] == pytest.approx(-1.975)
    staff_row = [r[0] for r in result.table("segments").rows].index("staff")
    assert result.table("segments").evidence[staff_row].interview_ids == ("a1", "a2")

    text = " ".join(result.findings)
    assert "Unweighted SERVQUAL score -0.31" in text and "over 2 respondents" in text
    assert "Weakest dimension: reliability (-0.63)" in text
    assert "Strongest dimension: tangibles (0.00)" in text
    assert "Importance-weighted score -0.64" in text
    assert "Largest item shortfall: Item q2 (-1.00)." in text

    # The report's headline table (Table 1) shows the same rounded figures.
    summary = headline_summary([result], [], data)
    shown = {h.measure: h.score_text for h in summary.headlines}
    assert shown["Unweighted SERVQUAL score"] == scores.format_cell(0, 1) == "-0.31"
    assert shown["Importance-weighted SERVQUAL score"] == scores.format_cell(1, 1) == "-0.64"
    assert {h.respondents for h in summary.headlines} == {2}
