"""Ordinary words that are also parts of a respondent's name ("Mark my words", "Summers
are busy", "Sandy depot floods"): replaced by default (the safe side), listed with their
count and context, marked "possible name" where they open a sentence before a lowercase
word, and kept when the consultant says so; full names are replaced whatever is kept."""

from __future__ import annotations

from workbench.deliver.anonymise import Anonymiser, lone_names
from workbench.deliver.context import RespondentRow

PEOPLE = [
    RespondentRow("R01", "Mark Fairley", "", "", "staff"),
    RespondentRow("R02", "Jo Summers", "", "", "staff"),
    RespondentRow("R03", "Sandy Pike", "", "", "staff"),
    RespondentRow("R04", "Will Booker", "", "", "staff"),
]
TEXTS = [
    "Mark my words the portal is slow",
    "Summers are busy",
    "Sandy depot floods",
    "Will Booker here",
    "I asked Mark about it, and mark the date",
]


def test_lone_name_parts_are_replaced_and_listed_with_count_and_context():
    a = Anonymiser(PEOPLE)
    out = [a.scrub(t) for t in TEXTS]
    assert out == [
        "[name] my words the portal is slow",
        "[name] are busy",
        "[name] depot floods",
        "[Respondent 4] here",
        "I asked [name] about it, and mark the date",
    ]
    words = {w: (n, possible, context) for w, n, possible, context in lone_names(a.log)}
    assert set(words) == {"Mark", "Summers", "Sandy"}  # a full name is no lone word
    assert words["Mark"][0] == 2 and words["Mark"][1]  # possible at least once
    assert words["Mark"][2] == "[Mark] my words the portal is slow"
    assert words["Summers"] == (1, True, "[Summers] are busy")
    assert words["Sandy"] == (1, True, "[Sandy] depot floods")
    marks = [r for r in a.log if r.what == "Mark"]
    # Mid-sentence it is a name, not a possible one.
    assert [r.possible for r in marks] == [True, False]


def test_a_kept_word_stays_where_it_stands_alone_and_full_names_still_go():
    a = Anonymiser(PEOPLE, keep_words=["mark", " Summers "])
    assert a.scrub("Mark my words, said Mark Fairley") == "Mark my words, said [Respondent 1]"
    assert a.scrub("Summers are busy for Jo Summers") == "Summers are busy for [Respondent 2]"
    assert a.scrub("Sandy depot floods") == "[name] depot floods"
    assert a.scrub_prose("Mark agrees") == "Mark agrees"
    assert [w for w, *_ in lone_names(a.log)] == ["Sandy"]
