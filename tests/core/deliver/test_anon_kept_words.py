"""A name part alone that reads as an ordinary word where it stands is kept, and said to be
kept: it opens a sentence, the engagement also writes it in lowercase or names a code by
it, and no other part of that person's name stands next to it ("Price is too high",
"Fine. Will renew next year.").  A full name, and a part that can only be the name, are
replaced; ``replace_words`` replaces a kept word wherever it stands, ``keep_words`` keeps
a word wherever it stands alone."""

from __future__ import annotations

from workbench.deliver.anonymise import (
    Anonymiser,
    changes,
    kept_summary,
    kept_words,
    lone_names,
)
from workbench.deliver.context import RespondentRow

PEOPLE = [
    RespondentRow("R01", "Will Price", "", "", "external customer"),
    RespondentRow("R02", "Mark Green", "", "", "external customer"),
    RespondentRow("R03", "Grace Hill", "", "", "external customer"),
]
#: The engagement writes "will" in lowercase; "Price" is the name of a code.
TEXTS = ["I will pay more if the service improves. Mark on the desk is great."]
CODES = {"Price", "Ownership", "Responsiveness"}


def _anonymiser(**kwargs) -> Anonymiser:
    return Anonymiser(PEOPLE, texts=TEXTS, code_words=CODES, **kwargs)


def test_each_case_replaced_or_kept_exactly():
    a = _anonymiser()
    said = {
        # a full name: always replaced, whatever its parts read as
        "Will Price said the desk was slow.": "[Respondent 1] said the desk was slow.",
        # a name part mid-sentence: only the name, though "will" is an ordinary word too
        "We asked Will twice.": "We asked [name] twice.",
        "They told us Price rose again.": "They told us [name] rose again.",
        # opening a sentence, written in lowercase elsewhere: an ordinary word, kept
        "Fine. Will renew next year.": "Fine. Will renew next year.",
        # opening a sentence, a code's name: an ordinary word, kept
        "Price is too high and the team is friendly.": (
            "Price is too high and the team is friendly."
        ),
        # opening a sentence but never written in lowercase, and no code: the name
        "Mark on the desk is great.": "[name] on the desk is great.",
        "Grace said the desk was slow.": "[name] said the desk was slow.",
        # another part of the same name beside it: the name, at a sentence's start too
        "Price, Will said it.": "[name], [name] said it.",
        # a title before the full stop opens no sentence
        "We rang Dr. Price about it.": "We rang Dr. [name] about it.",
    }
    assert {t: a.scrub(t) for t in said} == said
    assert kept_words(a.log) == [
        ("Price", 1, "[Price] is too high and the team is\u2026"),
        ("Will", 1, "Fine. [Will] renew next year."),
    ]
    assert kept_summary(a.log) == "Price \u00d71, Will \u00d71"
    # a kept word is no change: not counted, not listed among the words replaced
    assert all(r.what != r.replaced_by for r in changes(a.log))
    assert len(a.log) - len(changes(a.log)) == 2
    replaced = {w: n for w, n, _possible, _c in lone_names(a.log)}
    assert replaced == {"Will": 2, "Price": 3, "Mark": 1, "Grace": 1}


def test_prose_keeps_the_same_words():
    a = _anonymiser()
    assert (
        a.scrub_prose("Price is too high. We asked Will.") == "Price is too high. We asked [name]."
    )


def test_grace_is_kept_only_where_the_engagement_writes_grace_in_lowercase():
    plain = Anonymiser(PEOPLE, texts=["a month's grace to pay"])
    assert plain.scrub("Grace said the desk was slow.") == "Grace said the desk was slow."
    assert plain.scrub("We asked Grace.") == "We asked [name]."


def test_replace_word_replaces_a_kept_word_wherever_it_stands():
    a = _anonymiser(replace_words=[" price "])
    assert (
        a.scrub("Price is too high. Fine. Will renew.") == "[name] is too high. Fine. Will renew."
    )
    assert kept_summary(a.log) == "Will \u00d71"


def test_keep_word_and_replace_word_are_a_pair():
    a = _anonymiser(keep_words=["Mark"], replace_words=["Will"])
    assert a.scrub("Mark on the desk is great. We asked Mark.") == (
        "Mark on the desk is great. We asked Mark."
    )
    assert a.scrub("Fine. Will renew. Mark Green agreed.") == (
        "Fine. [name] renew. [Respondent 2] agreed."
    )
    # replacing wins where a word is given both ways
    both = _anonymiser(keep_words=["Will"], replace_words=["will"])
    assert both.scrub("Fine. Will renew.") == "Fine. [name] renew."
