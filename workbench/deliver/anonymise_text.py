"""Matching names in text: a name's parts, the patterns that find them as whole words
(a capitalised part keeps its capital: "Grant" but not "grant"), and the vocabulary the
consultant's prose keeps."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

NAME_PLACEHOLDER = "[name]"
TERM_PLACEHOLDER = "[withheld]"
MIN_TOKEN = 2
# Name particles that identify nobody on their own ("van der Berg" -> scrub "Berg").
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "del", "della", "das", "dos", "des", "les", "bin", "binti"}
)
_APOSTROPHES = "'\u2019"


def name_parts(name: str) -> set[str]:
    """The parts of a name that identify someone on their own ("O'Neill" gives "O'Neill"
    and "Neill"; particles such as "van" and one-letter initials are left out)."""
    parts = set()
    for part in name.split():
        pieces = {part, *re.split(r"[-\u2010\u2013.,]+", part)}
        pieces |= {p for piece in list(pieces) for p in re.split(r"['\u2019]", piece)}
        for piece in pieces:
            piece = piece.strip('.,;:"()').strip(_APOSTROPHES)
            if len(piece) >= MIN_TOKEN and piece.casefold() not in _PARTICLES:
                parts.add(piece)
    return parts


def name_scrubber(people: dict[str, str], *, parts: bool = True) -> Any:
    """A function that replaces, in verbatim text, each full name of ``people`` by its
    replacement and (with ``parts``) every part of one by ``"[name]"``, matched as
    :meth:`Anonymiser.scrub` matches them; it returns the text unchanged when nobody is
    named."""
    whole = {" ".join(n.split()) for n in people if n and n.strip()}
    parts = {p for n in whole for p in name_parts(n)} if parts else set()
    pattern = _compile(whole | parts)
    replacement = {_key(n): new for n, new in people.items() if n and n.strip()}

    def scrub(text: Any) -> Any:
        if pattern is None or not isinstance(text, str) or not text:
            return text
        return pattern.sub(lambda m: replacement.get(_key(m.group(0)), NAME_PLACEHOLDER), text)

    return scrub


def merged_terms(*lists: Iterable[str]) -> list[str]:
    """The terms of every list, in order, each once (whatever its case or spacing)."""
    out, seen = [], set()
    for terms in lists:
        for term in terms:
            text = " ".join(str(term).split())
            if text and text.casefold() not in seen:
                seen.add(text.casefold())
                out.append(text)
    return out


def vocabulary(forms: Iterable[Any], codes: Iterable[str] = ()) -> set[str]:
    """Every word of the forms (labels, keys, choices, tags) and the codebook's paths."""
    words: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            words.update(re.findall(r"\w+", value))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)

    for form in forms:
        walk(form.model_dump() if hasattr(form, "model_dump") else form)
    for code in codes:
        walk(code)
    return words


def result_vocabulary(results: Iterable[Any]) -> set[str]:
    """The words of the analyses' own text: method notes, table titles' column headers."""
    words: set[str] = set()
    for result in results:
        for text in result.method_notes:
            words.update(re.findall(r"\w+", text))
        for table in result.tables:
            for col in table.columns:
                words.update(re.findall(r"\w+", col.label))
    return words


def _compile(names: set[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    # Longest first so a full name wins over its parts.
    alternatives = [_word_pattern(n) for n in sorted(names, key=lambda s: (-len(s), s))]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def _word_pattern(name: str) -> str:
    """A name's parts separated by any whitespace; a capitalised part must keep its
    capital ("Grant", "GRANT"; not "grant"); apostrophes match either form."""
    out = []
    for part in name.split():
        head, tail = part[0], part[1:]
        body = "".join(f"[{_APOSTROPHES}]" if ch in _APOSTROPHES else re.escape(ch) for ch in tail)
        if head.isupper():
            out.append(re.escape(head) + (f"(?i:{body})" if body else ""))
        else:
            first = f"[{_APOSTROPHES}]" if head in _APOSTROPHES else re.escape(head)
            out.append(f"(?i:{first}{body})")
    return r"\s+".join(out)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _key(text: str) -> str:
    return _fold(text).replace("\u2019", "'")
