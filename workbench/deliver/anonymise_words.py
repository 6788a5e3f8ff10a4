"""The preview's list of words replaced as lone parts of a name: each with its count and
context, and marked "possible name" where it may be an ordinary word."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from workbench.deliver.anonymise_text import NAME_PLACEHOLDER
from workbench.deliver.context import RespondentRow


@dataclass(frozen=True)
class Replacement:
    """One change made by anonymisation: ``what`` at ``where`` became ``replaced_by``."""

    kind: str  # "name", "term", "quasi-identifier", "cell"; "kept" (see ``KEPT``)
    where: str
    what: str
    replaced_by: str
    #: The words around a lone name part replaced ("… [Mark] my words the …").
    context: str = ""
    #: A lone capitalised name part that may be an ordinary word: it opens a sentence
    #: before a lowercase word ("Mark my words", "Summers are busy"), follows an article
    #: ("the Price"), or is a word of the engagement's own (see ``Anonymiser``).
    possible: bool = False
    #: Why it may be an ordinary word ("a word of the forms or codebook"), when possible.
    why: str = ""


#: Where a sentence starts: the text's start, or after . ! ? or a line break.
_SENTENCE_START = re.compile(r"(?:^|[.!?\n])[\s\"'\u201c\u2018(]*$")
_LOWER_NEXT = re.compile(r"\s+[a-z]")


def _around(text: str, start: int, end: int, width: int = 30) -> str:
    """The words around ``text[start:end]``, the match in brackets."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    before = ("\u2026" + before.split(" ", 1)[-1]) if start > width else before
    after = (after.rsplit(" ", 1)[0] + "\u2026") if end + width < len(text) else after
    return " ".join(f"{before}[{text[start:end]}]{after}".split())


def lone_names(log: Iterable[Replacement]) -> list[tuple[str, int, bool, str]]:
    """The lone name parts replaced, as the preview lists them: (word, times, possibly an
    ordinary word, the first context), most frequent first."""
    counts: Counter[str] = Counter()
    possible: dict[str, bool] = {}
    context: dict[str, str] = {}
    for r in log:
        if r.kind == "name" and r.replaced_by == NAME_PLACEHOLDER and r.context:
            counts[r.what] += 1
            possible[r.what] = possible.get(r.what, False) or r.possible
            context.setdefault(r.what, r.context)
    return [
        (w, n, possible[w], context[w])
        for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    ]


def changes(log: Iterable[Replacement]) -> list[Replacement]:
    """The rows of ``log`` that change something (all but the words kept)."""
    return [r for r in log if r.kind != KEPT]


def kept_words(log: Iterable[Replacement]) -> list[tuple[str, int, str]]:
    """The lone name parts kept as ordinary words: (word, times, the first context), most
    frequent first."""
    counts: Counter[str] = Counter()
    context: dict[str, str] = {}
    for r in log:
        if r.kind == KEPT:
            counts[r.what] += 1
            context.setdefault(r.what, r.context)
    return [
        (w, n, context[w])
        for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    ]


def kept_summary(log: Iterable[Replacement]) -> str:
    """The words kept, as the commands and the window say them ("Price \u00d72, Will
    \u00d71"); "" when none was kept."""
    return ", ".join(f"{w} \u00d7{n}" for w, n, _c in kept_words(log))


def opens_sentence(text: str, start: int) -> bool:
    """Whether ``text[start:]`` opens a sentence: the text's start, or after . ! ? or a
    line break (and any quotation mark or bracket), but not after a title ("Dr. Price")."""
    before = text[:start]
    return bool(_SENTENCE_START.search(before)) and not _TITLE_BEFORE.search(before)


#: A title and its full stop just before a word: "Mr. Price" is a name, not a sentence.
_TITLE_BEFORE = re.compile(r"(?<!\w)(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Jr|St)\.\s*$")


def _possible_name(text: str, start: int, end: int) -> str:
    """Why a single capitalised word may be an ordinary word where it stands: it follows
    an article ("the Price of it", "a Grant"), or opens a sentence and is followed by a
    lowercase word; "" when neither."""
    word = text[start:end]
    if " " in word or not word[:1].isupper():
        return ""
    if _ARTICLE_BEFORE.search(text, 0, start):
        return FOLLOWS_ARTICLE
    if opens_sentence(text, start) and _LOWER_NEXT.match(text, end):
        return OPENS_SENTENCE
    return ""


#: The kind of a log row that records a lone name part KEPT where it stands, as an ordinary
#: word ("Price is too high", "Fine. Will renew"): no change, but every anonymised
#: deliverable says which words it kept (see :func:`kept_words`).
KEPT = "kept"
KEPT_WHY = "opens a sentence and is a code's word or a function word of the engagement"

OPENS_SENTENCE = "opens a sentence before a lowercase word"
FOLLOWS_ARTICLE = "follows an article"
OWN_WORD = "a word of the forms or the codebook"
REGISTER_WORD = "a word of the register's roles, units, segments or attributes"
LOWERCASE_WORD = "written in lowercase in the engagement's text"


#: An article or possessive just before a word: a name rarely follows one.
_ARTICLE_BEFORE = re.compile(r"(?<!\w)(?i:the|a|an|our|their|its|your)\s+$")


def ordinary_parts(parts: Iterable[str], words: Iterable[str], texts: Iterable[str]) -> set[str]:
    """The name ``parts`` that are also ordinary words of the engagement: among ``words``
    (whatever their case), or, for a capitalised part, written all in lowercase as a whole
    word in one of ``texts`` ("price", "grant")."""
    known = {w.casefold() for w in words}
    out = {p for p in parts if p.casefold() in known}
    lower = {p.lower(): p for p in parts if p[:1].isupper() and p not in out and p.lower() != p}
    for text in texts:
        if not lower:
            break
        if isinstance(text, str) and text:
            for hit in lower.keys() & set(_LOWER_WORD.findall(text)):
                out.add(lower.pop(hit))
    return out


#: English function words: modal and auxiliary verbs, pronouns, determiners, prepositions
#: and conjunctions.  A name part among them ("Will", "May") that opens a sentence reads as
#: the word; a content word ("Bill", "Frank", "Rose", "Hope") may as well be the person.
# fmt: off
FUNCTION_WORDS = frozenset({
    # modal and auxiliary verbs
    "will", "would", "shall", "should", "may", "might", "can", "could", "must", "do", "does",
    "did", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had",
    "ought", "need", "dare",
    # pronouns
    "i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours", "he", "him",
    "his", "she", "her", "hers", "it", "its", "they", "them", "their", "theirs", "who", "whom",
    "whose", "which", "what", "that", "this", "these", "those", "one", "none", "nobody",
    "somebody",
    # determiners
    "a", "an", "the", "some", "any", "each", "every", "all", "both", "either", "neither", "no",
    "another", "such",
    # prepositions
    "in", "on", "at", "by", "for", "from", "with", "without", "of", "to", "into", "onto",
    "over", "under", "after", "before", "about", "above", "below", "between", "through",
    "during", "since", "until", "till", "up", "down", "off", "out", "near", "per", "via",
    "upon", "against", "among", "across", "along", "around", "behind", "beyond", "within",
    "toward", "towards", "than",
    # conjunctions
    "and", "but", "or", "nor", "so", "yet", "if", "as", "though", "although", "because",
    "while", "when", "where", "whether", "unless", "once", "whereas",
})
# fmt: on


def keepable_parts(
    parts: Iterable[str], code_words: Iterable[str], texts: Iterable[str]
) -> set[str]:
    """The name ``parts`` that may be kept as ordinary words where they open a sentence:
    a word of a code's name ("Price"), or an English function word (``FUNCTION_WORDS``:
    "Will", "May") that the engagement also writes in lowercase.  A content word written
    in lowercase elsewhere ("the bill", "to be frank") is no reason: the capital tells the
    person from the word."""
    parts = set(parts)
    coded = ordinary_parts(parts, code_words, ())
    function = {p for p in parts - coded if p.casefold() in FUNCTION_WORDS}
    return coded | ordinary_parts(function, (), texts)


#: The word after a position across a comma and one list word ("Bill, Hope", "Will and
#: Hope"), and the word before one likewise ("Hope and Will").
_LISTED_AFTER = re.compile(r"[\s,;]*(?:(?:and|or|nor|&)\s+|&)?\s*([^\W\d_][\w'\u2019-]*)")
_LISTED_BEFORE = re.compile(r"([^\W\d_][\w'\u2019-]*)[\s,;]*(?:(?:and|or|nor)\s*|&\s*)?$")
#: A possessive just after a word ("Bill's fix"): the strongest sign of a person.
_POSSESSIVE = re.compile(r"['\u2019]s(?!\w)")


def listed_with(text: str, start: int, end: int) -> list[str]:
    """The words ``text[start:end]`` stands in a list with or next to: the word before and
    the word after, across a comma or an "and", "or", "&" ("Bill, Hope and Rose" gives
    "Hope" for "Bill"), each without a possessive 's."""
    out = []
    before = _LISTED_BEFORE.search(text[max(0, start - 80) : start])
    after = _LISTED_AFTER.match(text, end)
    for hit in (before, after):
        if hit is not None:
            word = hit.group(1)
            for tail in ("'s", "\u2019s"):
                word = word.removesuffix(tail)
            out.append(word)
    return out


def possessive_after(text: str, end: int) -> bool:
    """Whether a possessive 's follows ``text[:end]`` ("Bill's fix held")."""
    return bool(_POSSESSIVE.match(text, end))


def ordinary_reasons(
    parts: Iterable[str], own: Iterable[str], register: Iterable[str], texts: Iterable[str]
) -> dict[str, str]:
    """The name ``parts`` that are also ordinary words of the engagement (see
    :func:`ordinary_parts`), each with why: a word of its forms or codebook (``own``), of
    its register, or one written in lowercase in its ``texts``."""
    why: dict[str, str] = {}
    left = set(parts)
    for words, texts_, reason in (
        (own, (), OWN_WORD),
        (register, (), REGISTER_WORD),
        ((), texts, LOWERCASE_WORD),
    ):
        for part in ordinary_parts(left, words, texts_):
            why[part] = reason
        left -= set(why)
    return why


def possible_reasons(log: Iterable[Replacement]) -> dict[str, str]:
    """Why each lone name part listed by :func:`lone_names` may be an ordinary word
    (its distinct reasons, in the order met; none for a word that is a name only)."""
    out: dict[str, list[str]] = {}
    for r in log:
        if r.kind == "name" and r.replaced_by == NAME_PLACEHOLDER and r.context and r.why:
            seen = out.setdefault(r.what, [])
            if r.why not in seen:
                seen.append(r.why)
    return {word: "; ".join(reasons) for word, reasons in out.items()}


#: A whole word, not in an address ("helen.price@…") or a file name ("price.xlsx").
_LOWER_WORD = re.compile(r"(?<![\w.@])[^\W\d_]+(?:['\u2019][^\W\d_]+)*(?![\w@]|\.\w)")


def engagement_texts(store: Any, data: Any) -> Iterator[str]:
    """The engagement's own text, where an ordinary word is written in lowercase: its
    title and scope, the notes, the text answers, the findings and recommendations."""
    eng = store.engagement()
    yield from (eng.title or "", eng.scope or "")
    for frame, column in ((data.notes, "body"), (data.answers, "text")):
        if column in frame.columns:
            yield from (v for v in frame[column] if isinstance(v, str))
    yield from (f.statement for f in store.findings())
    yield from (r.text for r in store.recommendations())


def _register_words(rows: Iterable[RespondentRow]) -> set[str]:
    """The words of the register's roles, units, segments and attribute values."""
    words: set[str] = set()
    for row in rows:
        values = [row.role, row.org_unit, row.segment, *(row.attributes or {}).values()]
        for value in values:
            if isinstance(value, str):
                words.update(re.findall(r"\w+", value))
    return words
