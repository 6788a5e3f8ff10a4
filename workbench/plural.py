"""Counted nouns in proper English: ``plural(1, "person")`` → "1 person"."""

from __future__ import annotations

IRREGULAR = {
    "person": "people",
    "child": "children",
    "analysis": "analyses",
}


def noun(count: int, singular: str, plural_form: str | None = None) -> str:
    """The word alone, in the number ``count`` asks for."""
    if count == 1:
        return singular
    if plural_form is not None:
        return plural_form
    head, _, last = singular.rpartition(" ")
    prefix = f"{head} " if head else ""
    if last in IRREGULAR:
        return prefix + IRREGULAR[last]
    if last.endswith(("s", "x", "z", "ch", "sh")):
        return f"{prefix}{last}es"
    if last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return f"{prefix}{last[:-1]}ies"
    return f"{prefix}{last}s"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``count`` and the noun: "1 interview", "3 interviews", "0 people", "2 analyses"."""
    return f"{count:,} {noun(count, singular, plural_form)}"
