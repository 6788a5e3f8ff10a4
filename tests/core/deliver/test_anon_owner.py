"""An anonymised action plan names an owner who is a respondent by their role, generalised
under k like every quasi-identifier, not by a bare pseudonym; the report and the deck share
the code path (``anonymise_context``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.deliver.anonymise import Anonymiser, anonymise_context
from workbench.deliver.context import RecommendationItem, RespondentRow


def _rows() -> list[RespondentRow]:
    return [
        RespondentRow("R01", "Oliver Grant", "Service desk analyst", "Service Desk", "staff"),
        RespondentRow("R02", "Grace Neill", "Service desk analyst", "Service Desk", "staff"),
        RespondentRow("R03", "Andrew Mills", "Service manager", "Service Desk", "management"),
        RespondentRow("R04", "Lena Vogt", "Service manager", "Service Desk", "management"),
    ]


def test_an_owner_who_is_a_respondent_is_shown_by_role_under_k():
    anon = Anonymiser(_rows(), k=2)  # every role, unit and segment is shared by two
    assert anon.owner("Andrew Mills") == "Service manager"
    assert anon.owner(" Oliver  Grant ") == "Service desk analyst"
    assert anon.owner("Jo Whitfield") == "Jo Whitfield"  # not a respondent
    assert anon.owner("") == ""
    # Under k = 3 no role or segment is shared by three: withheld in words, neither the
    # role, nor "Other", nor the pseudonym (which would tie the owner to their quotes).
    strict = Anonymiser(_rows(), k=3)
    assert strict.owner("Andrew Mills") == "Owner withheld (fewer than 3 share the role)"
    # Where the role is rare but the segment is shared by k, the segment (the role group).
    mixed = [
        RespondentRow("R01", "Oliver Grant", "Service desk analyst", "Service Desk", "staff"),
        RespondentRow("R02", "Ida Berg", "Field engineer", "Service Desk", "staff"),
        RespondentRow("R03", "Tom Hale", "Service owner", "Service Desk", "staff"),
        RespondentRow("R04", "Andrew Mills", "Service manager", "Service Desk", "management"),
        RespondentRow("R05", "Lena Vogt", "Service manager", "Service Desk", "management"),
        RespondentRow("R06", "Nina Holt", "Head of IT", "Service Desk", "management"),
    ]
    assert Anonymiser(mixed, k=3).owner("Ida Berg") == "staff"


@dataclass
class _Context:
    quotes: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)
    results: list = field(default_factory=list)
    anonymiser: object = None


def test_the_anonymised_context_carries_the_owners_role():
    rec = RecommendationItem(number=1, text="Give every ticket one owner.", owner="Grace Neill")
    ctx = anonymise_context(Anonymiser(_rows(), k=2), _Context(recommendations=[rec]))
    assert ctx.recommendations[0].owner == "Service desk analyst"
