"""Search finds respondents by their name, role, unit, segment and e-mail, whatever the
accents, case, apostrophes and hyphens; people in the trash are not found."""

from __future__ import annotations

import pytest

from workbench.forms.library import builtin_form
from workbench.store.people_search import fold, word_starts


@pytest.fixture
def people(store) -> dict[str, str]:
    ids = {
        "siobhan": store.add_respondent(
            "Siobhán O'Neill",
            role="Service desk lead",
            org_unit="IT Operations",
            segment="staff",
            email="s.oneill@client.ie",
        ).id,
        "anna": store.add_respondent(
            "Anna Smith-Jones", role="Finance manager", org_unit="Finance", segment="management"
        ).id,
        "mcdonald": store.add_respondent(
            "Ewan Mc Donald", role="Buyer", org_unit="Procurement", segment="external customer"
        ).id,
        "neil": store.add_respondent(
            "Neil Baker", role="Operations analyst", org_unit="Service Desk", segment="staff"
        ).id,
    }
    form = builtin_form("stakeholder-interview")
    store.new_interview(ids["siobhan"], form)
    store.new_interview(ids["siobhan"], form)
    return ids


def names(store, query: str) -> list[str]:
    return [p.name for p in store.find_people(query)]


@pytest.mark.parametrize(
    "query",
    ["O'Neill", "o’neill", "oneill", "ONEILL", "o neill", "Neill", "Siobhan", "siobhán o'n",
     "SIOBHAN ONEILL", "s.oneill@client.ie", "oneill@client", "client.ie", "it operations"],
)
def test_a_person_is_found_by_name_whatever_the_accents_case_and_apostrophes(
    store, people, query
) -> None:
    assert names(store, query) == ["Siobhán O'Neill"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("smith-jones", ["Anna Smith-Jones"]),
        ("smithjones", ["Anna Smith-Jones"]),
        ("jones", ["Anna Smith-Jones"]),
        ("smith jones", ["Anna Smith-Jones"]),
        ("mcdonald", ["Ewan Mc Donald"]),
        ("finance", ["Anna Smith-Jones"]),  # role and unit
        ("manag", ["Anna Smith-Jones"]),  # role and segment
        ("external", ["Ewan Mc Donald"]),  # segment
        ("buyer", ["Ewan Mc Donald"]),
        ("proc", ["Ewan Mc Donald"]),  # the start of a word, while typing
        ("cure", []),  # inside a word: no
        ("anna OR ewan", ["Anna Smith-Jones", "Ewan Mc Donald"]),
        ("service NOT siobhan", ["Neil Baker"]),
        ("service desk lead", ["Siobhán O'Neill"]),
        ("siobhan finance", []),  # every word must be found
        ("*", []),
        ("NOT anna", []),
    ],
)
def test_people_are_found_by_role_unit_segment_and_name_parts(
    store, people, query, expected
) -> None:
    assert sorted(names(store, query)) == expected


def test_those_found_by_name_come_first_then_by_the_order_of_their_names(store, people) -> None:
    # "neil" begins Neil Baker's first name; O'Neill's found by "neill" in hers; the
    # Service Desk unit of Neil Baker and the role of Siobhán rank after names
    assert names(store, "neil") == ["Neil Baker", "Siobhán O'Neill"]
    assert names(store, "service desk") == ["Siobhán O'Neill", "Neil Baker"]
    found = store.find_people("service desk")
    assert [p.field for p in found] == ["role", "org_unit"]
    # by role (Neil Baker) before by unit (Siobhán O'Neill)
    assert names(store, "ops OR operations") == ["Neil Baker", "Siobhán O'Neill"]
    assert len(store.find_people("service", limit=1)) == 1


def test_a_person_found_says_who_they_are_and_their_interviews(store, people) -> None:
    (found,) = store.find_people("oneill")
    assert found.respondent_id == people["siobhan"]
    assert (found.role, found.org_unit, found.segment, found.email) == (
        "Service desk lead",
        "IT Operations",
        "staff",
        "s.oneill@client.ie",
    )
    assert found.interviews == 2
    first = store.new_interview(people["siobhan"], builtin_form("servqual")).id
    assert store.find_people("oneill")[0].interviews == 3
    store.trash_interview(first)
    assert store.find_people("oneill")[0].interviews == 2


def test_people_in_the_trash_are_not_found_and_are_again_once_restored(store, people) -> None:
    store.trash_respondent(people["siobhan"])
    assert names(store, "oneill") == []
    store.restore_respondent(people["siobhan"])
    assert names(store, "oneill") == ["Siobhán O'Neill"]


def test_a_renamed_person_is_found_by_the_new_name_only(store, people) -> None:
    assert names(store, "baker") == ["Neil Baker"]
    store.update_respondent(people["neil"], name="Neil Carter")
    assert names(store, "baker") == []
    assert names(store, "carter") == ["Neil Carter"]


def test_folding() -> None:
    assert fold("Siobhán ÆRØ Straße") == "siobhan ærø strasse"
    assert word_starts("O'Neill-Smith").split() == [
        "o", "neill", "smith", "oneillsmith"
    ]
    assert word_starts("Ewan Mc Donald").split()[-3:] == ["donald", "ewanmcdonald", "mcdonald"]


def test_a_person_added_by_another_program_is_found_at_once(store, people, engagement_path):
    """The register read for one search is kept for the next only while nothing, here or
    in another program, changed the file."""
    from workbench.store import open_engagement

    assert names(store, "quinn") == []
    other = open_engagement(engagement_path, backup=False)
    try:
        other.add_respondent("Pat Quinn")
        assert names(store, "quinn") == ["Pat Quinn"]
        other.update_respondent(people["neil"], name="Neil Quinn")
        assert names(store, "quinn") == ["Neil Quinn", "Pat Quinn"]
        store.update_respondent(people["neil"], name="Neil Baker")  # and by this one
        assert names(store, "quinn") == ["Pat Quinn"]
    finally:
        other.close()
