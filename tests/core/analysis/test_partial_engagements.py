"""Empty and partial engagements: every analysis explains itself instead of crashing."""

from __future__ import annotations

import pytest

from analyses.gaps_model import GapsModel
from analyses.importance_performance import ImportancePerformance
from analyses.itsm_maturity import ItsmMaturity
from analyses.satisfaction_loyalty import SatisfactionLoyalty
from analyses.servqual import Servqual
from analyses.seven_sins import SevenSins
from analyses.total_customer_service import TotalCustomerService
from workbench.analysis.data import EngagementData
from workbench.analysis.registry import NotApplicable, run_analysis

ALL = [
    Servqual,
    TotalCustomerService,
    GapsModel,
    SevenSins,
    ImportancePerformance,
    SatisfactionLoyalty,
    ItsmMaturity,
]
FORMS = {
    Servqual: "servqual",
    TotalCustomerService: "total-customer-service",
    GapsModel: "provider-gaps",
    SevenSins: "seven-sins",
    ImportancePerformance: "servqual",
    SatisfactionLoyalty: "satisfaction-loyalty",
    ItsmMaturity: "itsm-maturity",
}


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.id)
def test_empty_engagement_is_explained(cls):
    check = cls().check(EngagementData.empty())
    assert not check.ok
    assert FORMS[cls] in check.reason and "needs" in check.reason
    with pytest.raises(NotApplicable):
        run_analysis(cls(), EngagementData.empty())


def test_draft_interviews_do_not_count(builder):
    builder.question("seven-sins", "c", "checklist", {"sin": "apathy"}, scale=None)
    builder.respondent("x").interview(
        "i", "x", "seven-sins", {"c": {"observed": True}}, status="draft"
    )
    assert "has none" in SevenSins().check(builder.build()).reason


def test_completed_but_unusable_answers(builder):
    b = builder
    b.question("total-customer-service", "s", "pair", {"measure": "speed"})
    b.question("itsm-maturity", "m", "matrix", {"stage": "design"}, scale=(0, 5))
    b.respondent("x")
    b.interview("i1", "x", "total-customer-service", {"s": {"E": 5}})  # no actual
    b.interview("i2", "x", "itsm-maturity", {"m": {"slm": "na"}})
    data = b.build()
    with pytest.raises(NotApplicable, match="both the expected and the actual"):
        run_analysis(TotalCustomerService(), data)
    with pytest.raises(NotApplicable, match="missing or n/a"):
        run_analysis(ItsmMaturity(), data)


def test_thin_but_valid_data_still_runs(builder):
    b = builder
    b.question("satisfaction-loyalty", "rec", "nps", {"construct": "recommend"}, scale=(0, 10))
    b.question("seven-sins", "c", "checklist", {"sin": "apathy"}, scale=None)
    b.question("servqual", "q0", "pair", {"dimension": "empathy"})
    for i in range(3):
        b.respondent(f"x{i}")
        b.interview(f"s{i}", f"x{i}", "servqual", {"q0": {"E": 5, "P": 5}})
    b.interview("n", "x0", "satisfaction-loyalty", {"rec": 9})
    b.interview("a", "x0", "seven-sins", {"c": {"observed": False}})
    data = b.build()
    sat = run_analysis(SatisfactionLoyalty(), data)
    assert sat.findings == [
        "NPS +100 (100% promoters, 0% detractors, 1 respondent).",
        "† Every figure here rests on fewer than 5 respondents: read it as an indication, "
        "not as a finding.",
    ]
    sins = run_analysis(SevenSins(), data)
    assert sins.findings == ["No sin was observed in 1 checklist item from 1 audit."]
    sq = run_analysis(Servqual(), data)
    assert sq.table("scores").rows[0][1] == pytest.approx(0.0)
    for result in (sat, sins, sq):
        for fig in result.figures:
            fig.render()


def test_a_person_interviewed_twice_in_scope_is_one_respondent(builder):
    """One person interviewed twice in scope counts once, with the mean of their two
    gaps ((4 − 5) + (4 − 6)) / 2 = −1.5; x1's gap is 0: the gap is −0.75 over 2 people."""
    b = builder
    b.question("servqual", "q0", "pair", {"dimension": "empathy"})
    b.respondent("x0")
    b.respondent("x1")
    b.interview("a", "x0", "servqual", {"q0": {"E": 5, "P": 4}})
    b.interview("b", "x0", "servqual", {"q0": {"E": 6, "P": 4}})
    b.interview("c", "x1", "servqual", {"q0": {"E": 5, "P": 5}})
    result = run_analysis(Servqual(), b.build())
    dims = next(t for t in result.tables if t.name == "dimensions")
    n = next(c for c in dims.columns if c.name == "n")
    assert (n.label, dims.rows[0][dims.columns.index(n)]) == ("Respondents", 2)
    assert dims.records()[0]["gap"] == pytest.approx(-0.75)
