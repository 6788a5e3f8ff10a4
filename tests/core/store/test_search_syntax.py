"""What a consultant types into the search box: quotes, hyphens, apostrophes, AND/OR/NOT,
a lone ``*``, accents.  Nothing raises; each finds what it says."""

from __future__ import annotations

import pytest

from workbench.forms.library import builtin_form
from workbench.store.search_query import parse
from workbench.store.snippets import query_terms

NOTES = {
    "hyphen": "The follow-up call came a week late.",
    "spaced": "We will follow up with the service desk.",
    "apart": "Follow the plan, then up the budget.",
    "oneill": "Spoke with O'Neill about the outage.",
    "curly": "Siobhan said she doesn’t trust the CMDB.",
    "cafe": "Le café était fermé pendant la panne.",
    "incident": "An incident was raised on Monday.",
    "problem": "The problem record stayed open.",
    "change": "A change was approved by the CAB.",
    "emergency": "An emergency change bypassed the CAB.",
    "words": "Terms and conditions were not read or signed.",
    "root": "The root cause was a full disk.",
    "cause": "Cause unknown; the root was never found.",
    "escalation": "Escalation to the second line took two days.",
}


@pytest.fixture
def found(store):
    person = store.add_respondent("Ana Lima")
    iv = store.new_interview(person.id, builtin_form("stakeholder-interview")).id
    ids = {store.add_note(iv, text).id: key for key, text in NOTES.items()}

    def search(query: str) -> set[str]:
        return {ids[h.ref_id] for h in store.search(query)}

    return search


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a hyphenated word is its parts side by side, written either way
        ("follow-up", {"hyphen", "spaced"}),
        ("follow up", {"hyphen", "spaced", "apart"}),
        # quotes: the words side by side, whole words when the quote is closed
        ('"follow up"', {"hyphen", "spaced"}),
        ('"root cause"', {"root"}),
        ("root cause", {"root", "cause"}),
        ('"escal"', set()),
        ('"escal', {"escalation"}),  # a quote still open: the last word as typed so far
        ("“root cause”", {"root"}),  # typographic quotes are quotes
        # apostrophes, straight or typographic, typed either way
        ("O'Neill", {"oneill"}),
        ("o’neill", {"oneill"}),
        ("doesn't", {"curly"}),
        ("doesn’t trust", {"curly"}),
        # operators in capitals; the words in small letters
        ("incident OR problem", {"incident", "problem"}),
        ("change NOT emergency", {"change"}),
        ("change -emergency", {"change"}),  # a - before a word leaves it out too
        ("CAB -emerg*", {"change"}),
        ("follow-up -late", {"spaced"}),  # a hyphen inside a word joins its parts
        ("CAB NOT emergency", {"change"}),
        ("approved OR bypassed CAB", {"change", "emergency"}),
        ("change NOT emergency OR approved", set()),
        ("CAB AND emergency", {"emergency"}),
        ("terms and conditions", {"words"}),
        ("not read or signed", {"words"}),
        ("change OR", {"change", "emergency"}),  # an operator still waiting for its word
        ("OR", {"words"}),  # an operator alone is the word it spells
        # prefixes: the last word while typing, any word with a *
        ("escal", {"escalation"}),
        ("escal* second", {"escalation"}),
        ("escal second", set()),
        # accents and case do not matter, either way round
        ("cafe", {"cafe"}),
        ("CAFÉ ÉTAIT", {"cafe"}),
        ("fermé", {"cafe"}),
        ("Siobhán", {"curly"}),
    ],
)
def test_each_query_finds_what_a_consultant_expects(found, query, expected) -> None:
    assert found(query) == expected


@pytest.mark.parametrize(
    "query",
    ['*', "**", '"', '""', "-", "--", "-*", "'", "NOT emergency", "-emergency", "a -", "NOT", "(", ")", "^", ":", "body:x",
     "NEAR(a b)", 'a"b', "a*b", "x OR OR y", "NOT NOT", "AND OR NOT x", "%", "\\"],
)
def test_no_query_raises_or_reaches_the_index_syntax(store, found, query) -> None:
    store.search(query)  # no FTS syntax error
    store.fill_hits(query, [])
    parsed = parse(query)
    assert parsed.match or parsed.problem or not query.strip()


def test_what_cannot_be_searched_says_why() -> None:
    assert parse("*").match == ""
    assert "type a word" in parse("*").problem
    assert parse("NOT emergency").match == ""
    assert "a word left out" in parse("NOT emergency").problem
    assert parse("-emergency").match == "" and "beside it" in parse("-emergency").problem
    assert parse("   ").problem == ""


def test_the_snippet_marks_the_words_searched_for_not_those_left_out(store) -> None:
    match = parse("change OR cab NOT emergency").match
    assert query_terms(match) == (("change", False), ("cab", False))
    assert query_terms(parse("follow-up").match) == (("follow", False), ("up", True))
    person = store.add_respondent("Ben Cole")
    iv = store.new_interview(person.id, builtin_form("stakeholder-interview")).id
    store.add_note(iv, "A change was approved by the CAB.")
    (hit,) = store.search("change OR cab NOT emergency")
    assert hit.snippet == "A [[change]] was approved by the [[CAB]]."
