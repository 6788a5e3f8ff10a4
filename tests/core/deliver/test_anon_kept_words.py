"""A name part alone that reads as an ordinary word where it stands is kept, and said to be
kept: it opens a sentence, it is a word of a code's name or an English function word the
engagement also writes in lowercase, no possessive follows it, and it stands in no list
with, nor next to, another name ("Price is too high", "Will renew next year.").  A content
word is replaced though the engagement writes it in lowercase ("Bill sorted my laptop"
beside "the bill").  A full name, and a part that can only be the name, are replaced;
``replace_words`` replaces a kept word wherever it stands, ``keep_words`` keeps a word
wherever it stands alone."""

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


def test_grace_is_replaced_though_the_engagement_writes_grace_in_lowercase():
    plain = Anonymiser(PEOPLE, texts=["a month's grace to pay"])
    assert plain.scrub("Grace said the desk was slow.") == "[name] said the desk was slow."
    assert plain.scrub("We asked Grace.") == "We asked [name]."
    assert kept_words(plain.log) == []


#: First names that are also content words, each written in lowercase in the same answers.
FIRST_NAMES = [
    RespondentRow(f"R0{n}", name, "", "", "external customer")
    for n, name in enumerate(
        ("Bill Cross", "Hope Young", "Frank Wood", "Sandy Banks", "Rose Field", "Will Price",
         "May Lee"),
        start=1,
    )
]  # fmt: skip
LOWERCASE = [
    "The bill for licences was wrong. To be frank, the desk is slow. Costs rose again. "
    "The beach is sandy. There is hope. I will pay more if it improves. You may call.",
]


def test_first_names_that_are_content_words_are_replaced_where_they_open_a_sentence():
    a = Anonymiser(FIRST_NAMES, texts=LOWERCASE, code_words=CODES)
    said = {
        "Bill sorted my laptop in a day.": "[name] sorted my laptop in a day.",
        "Frank chased it for me.": "[name] chased it for me.",
        "Rose was the only one who called back.": "[name] was the only one who called back.",
        "Sandy at the desk was great.": "[name] at the desk was great.",
        "Bill, Hope and Rose fixed it.": "[name], [name] and [name] fixed it.",
        "Frank's team was slow. Rose: always helpful.": "[name]'s team was slow. [name]: always helpful.",
        # the lowercase words themselves are no name
        "The bill was high. To be frank, no.": "The bill was high. To be frank, no.",
        # a function word written in lowercase elsewhere, and a code's name: kept
        "Will renew next year.": "Will renew next year.",
        "Price is too high": "Price is too high",
        "May renew. Fine.": "May renew. Fine.",
        # a function word in a list of names, beside a name, or with a possessive: the name
        "Will, Hope and Rose fixed it.": "[name], [name] and [name] fixed it.",
        "Will and May fixed it.": "[name] and [name] fixed it.",
        "Hope & Will did.": "[name] & [name] did.",
        "Will's fix held.": "[name]'s fix held.",
    }  # fmt: skip
    assert {t: a.scrub(t) for t in said} == said
    assert kept_summary(a.log) == "May \u00d71, Price \u00d71, Will \u00d71"


def test_a_function_word_never_written_in_lowercase_is_replaced():
    a = Anonymiser(FIRST_NAMES, texts=["The bill was wrong."])
    assert a.scrub("Will renew next year.") == "[name] renew next year."
    assert kept_words(a.log) == []


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
