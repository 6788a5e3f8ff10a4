"""Each scored analysis declares its per-respondent scores for the wave comparison; the
values are checked against the hand-built engagements' answers."""

from __future__ import annotations

import pytest
from _analysis_builders import (
    add_itsm,
    add_provider_gaps,
    add_satisfaction,
    add_servqual,
    add_seven_sins,
    add_tcs,
)


def _scores(analysis, data, **params):
    frame = analysis.respondent_scores(data, analysis.resolve_params(params))
    assert list(frame.columns[:3]) == ["respondent_id", "measure", "score"]
    return {(r.respondent_id, r.measure): r.score for r in frame.itertuples()}, frame


def test_servqual_scores(sq_builder):
    from analyses.servqual import Servqual

    scores, _ = _scores(Servqual(), sq_builder.build())
    # r1: tangibles (4−6 + 5−7)/2 = −2; reliability (6−7) and reversed q2 (8−3)−(8−2) = −1.
    assert scores[("r1", "Tangibles gap (P − E)")] == pytest.approx(-2)
    assert scores[("r1", "Reliability gap (P − E)")] == pytest.approx(-1)
    assert scores[("r1", "Unweighted SERVQUAL score")] == pytest.approx(-1.5)
    assert scores[("r1", "Importance-weighted SERVQUAL score")] == pytest.approx(
        0.4 * -2 + 0.6 * -1
    )
    assert ("r3", "Importance-weighted SERVQUAL score") not in scores  # allocation of 90
    perf, _ = _scores(Servqual(), sq_builder.build(), model="servperf")
    assert perf[("r1", "Tangibles perception (P)")] == pytest.approx(4.5)


def test_tcs_scores(builder):
    from analyses.total_customer_service import TotalCustomerService

    scores, _ = _scores(TotalCustomerService(), add_tcs(builder).build())
    assert scores[("t1", "Speed (actual − expected)")] == -2
    assert scores[("t3", "Accuracy (actual − expected)")] == -3
    assert scores[("t2", "Total customer service (mean over measures)")] == pytest.approx(
        (-2 + 0 - 2) / 3
    )


def test_satisfaction_scores(builder):
    from analyses.satisfaction_loyalty import SatisfactionLoyalty

    scores, _ = _scores(SatisfactionLoyalty(), add_satisfaction(builder).build())
    assert scores[("c4", "Satisfaction (1–5)")] == 1
    assert scores[("c1", "Likelihood to recommend (0–10)")] == 10
    assert scores[("c5", "Customer effort, made it easy (1–7)")] == 7
    # NPS: recommend 10, 8, 7, 2, 9 → promoter, passive, passive, detractor, promoter.
    nps = "NPS (-100 to +100)"
    assert [scores[(c, nps)] for c in ("c1", "c2", "c3", "c4", "c5")] == [100, 0, 0, -100, 100]


def test_satisfaction_headlines_give_the_nps_of_its_table(builder):
    """The headline NPS is the mean of the respondents' +100/0/-100: (2 - 1) / 5 = +20, the
    table's; it leads the five measures, all shown."""
    from analyses.satisfaction_loyalty import SatisfactionLoyalty
    from workbench.analysis.registry import run_analysis
    from workbench.deliver.headlines import headline_summary

    data = add_satisfaction(builder).build()
    result = run_analysis(SatisfactionLoyalty(), data, {})
    shown = {h.measure: h.score_text for h in headline_summary([result], [], data).headlines}
    assert list(shown) == [
        "NPS (-100 to +100)",
        "Satisfaction (1–5)",
        "Loyalty (1–5)",
        "Likelihood to recommend (0–10)",
        "Customer effort, made it easy (1–7)",
    ]
    assert shown["NPS (-100 to +100)"] == "+20" == result.table("nps").format_cell(0, 5)


def test_itsm_scores(builder):
    from analyses.itsm_maturity import ItsmMaturity

    scores, _ = _scores(ItsmMaturity(), add_itsm(builder).build())
    assert scores[("it1", "Operation maturity (0–5)")] == pytest.approx(2)
    assert ("it2", "Transition maturity (0–5)") not in scores  # n/a
    assert scores[("it2", "Overall maturity (0–5)")] == pytest.approx(3)
    assert scores[("it3", "Proactive share of effort (%)")] == pytest.approx(50)


def test_gaps_scores(builder):
    from analyses.gaps_model import GapsModel

    data = add_servqual(add_provider_gaps(builder)).build()
    scores, _ = _scores(GapsModel(), data)
    # m1: gap 3 drivers role-clarity 5 and tools (3 + 4)/2: mean 4.25.
    assert scores[("m1", "Gap 3 delivery (performance): drivers' mean agreement (1–7)")] == 4.25
    # g4a is reversed: 8 − 2 = 6, with 5: 5.5.
    assert scores[("m1", "Gap 4 communication: drivers' mean agreement (1–7)")] == 5.5
    assert scores[("r1", "Gap 5 customer gap (P − E)")] == pytest.approx(-1.5)


def test_seven_sins_scores_lower_is_better(builder):
    from analyses.seven_sins import SevenSins

    b = add_seven_sins(builder)
    scores, frame = _scores(SevenSins(), b.build())
    # One auditor, two audits: 2 of 4 then 3 of 4 observed, averaged per respondent later.
    assert set(frame["better"]) == {"lower"}
    values = frame[frame["measure"] == "Checklist items with a sin observed (%)"]["score"]
    assert sorted(values) == [50, 75]
    assert scores[("aud", "Apathy observed (% of its checklist items)")] in (0.0, 100.0)


def test_analyses_without_scores_say_none(builder):
    from analyses.code_frequency import CodeFrequency

    data = add_servqual(builder).build()
    assert CodeFrequency().respondent_scores(data, CodeFrequency().resolve_params({})) is None
