"""A name part that is also an ordinary word of the engagement is marked "possible name"
in the preview wherever it is replaced: a word of its forms or codebook ("Price" the
measure while a respondent is called Helen Price), of the register's roles, units and
segments, one written in lowercase in its text ("the grant ran out"), or one following an
article ("the Price of it").  A name part that is none of these is not marked."""

from __future__ import annotations

from workbench.deliver.anonymise import Anonymiser, lone_names, ordinary_parts
from workbench.deliver.context import RespondentRow

PEOPLE = [
    RespondentRow("R01", "Helen Price", "Analyst", "Finance", "staff"),
    RespondentRow("R02", "Oliver Grant", "Engineer", "Operations", "staff"),
    RespondentRow("R03", "Sam Quill", "Service desk lead", "Operations", "staff"),
    RespondentRow("R04", "Jo Baker", "Engineer", "Hope Street depot", "staff"),
]


def _words(a: Anonymiser) -> dict[str, bool]:
    return {w: possible for w, _n, possible, _c in lone_names(a.log)}


def test_mid_sentence_a_word_of_the_forms_or_the_text_is_a_possible_name():
    a = Anonymiser(
        PEOPLE,
        own_words={"price", "Market", "supply_cost"},  # the TCS form's key and label words
        texts=["Funding: the grant ran out in May.", "Quill pens"],  # "Quill" capitalised
    )
    said = [
        "They told us Price rose again, and Helen Price agreed.",
        "We asked Grant twice.",
        "I asked Quill about it.",
        "Ring Hope about it.",  # no respondent is called Hope: untouched
    ]
    out = [a.scrub(t) for t in said]
    assert out == [
        "They told us [name] rose again, and [Respondent 1] agreed.",
        "We asked [name] twice.",
        "I asked [name] about it.",
        "Ring Hope about it.",
    ]
    # Before, none of these opened a sentence before a lowercase word: none was marked.
    assert _words(a) == {"Price": True, "Grant": True, "Quill": False}
    assert a.ordinary == {"Price", "Grant"}


def test_the_registers_words_and_an_article_before_a_part_mark_it():
    baker = [*PEOPLE, RespondentRow("R05", "Ann Hope", "Baker", "Bakery", "staff")]
    a = Anonymiser(baker)
    # "Baker" is Ann Hope's role, "Hope" a word of Jo Baker's unit.
    assert a.ordinary == {"Baker", "Hope"}
    a.scrub("I rang Baker and then Hope.")
    a.scrub("The Quill of the story; a Grant came through; Sam Quill said no.")
    assert _words(a) == {"Baker": True, "Hope": True, "Quill": True, "Grant": True}
    quills = [r.possible for r in a.log if r.what == "Quill"]
    assert quills == [True]  # the full name is no lone word


def test_a_lowercase_word_counts_only_as_a_whole_word_outside_an_address():
    parts = {"Price", "Grant", "Quill", "O'Neill"}
    texts = [
        "mail helen.price@example.org or oliver.grant@example.org",
        "see grant.xlsx; pricey; granted; quills",
        "o'neill",  # in lowercase it reads as a word: marked, for the consultant to judge
    ]
    assert ordinary_parts(parts, [], texts) == {"O'Neill"}
    assert ordinary_parts(parts, [], ["price. And grant, too"]) == {"Price", "Grant"}
    assert ordinary_parts(parts, ["PRICE"], []) == {"Price"}  # any case of a form's word


def test_a_kept_word_is_not_listed_and_the_strict_replacement_is_unchanged():
    a = Anonymiser(PEOPLE, own_words={"price"}, keep_words=["price"])
    assert a.scrub("They told us Price rose, said Helen Price") == (
        "They told us Price rose, said [Respondent 1]"
    )
    assert lone_names(a.log) == []
    assert a.ordinary == set()


def test_each_possible_name_says_why():
    from workbench.deliver.anonymise import possible_reasons

    people = [*PEOPLE, RespondentRow("R05", "Ann Hope", "Baker", "Bakery", "staff")]
    a = Anonymiser(people, own_words={"price"}, texts=["the grant ran out"])
    a.scrub("They said Price rose. We asked Grant. I rang Baker. The Quill is gone.")
    a.scrub("Quill agreed. I asked Quill.")
    assert possible_reasons(a.log) == {
        "Price": "a word of the forms or the codebook",
        "Grant": "written in lowercase in the engagement's text",
        "Baker": "a word of the register's roles, units, segments or attributes",
        "Quill": "follows an article; opens a sentence before a lowercase word",
    }
    # a word both of the forms and of the text is said once, as the forms' word
    both = Anonymiser(PEOPLE, own_words={"grant"}, texts=["grant"])
    both.scrub("We asked Grant.")
    assert possible_reasons(both.log) == {"Grant": "a word of the forms or the codebook"}
