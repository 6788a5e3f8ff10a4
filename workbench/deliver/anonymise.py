"""Anonymising a deliverable: stable respondent labels and name scrubbing.

``Anonymiser(respondents)`` numbers the respondents by a sorted key (segment, org unit,
respondent code, name), so the same engagement always gives the same labels:
``"Respondent 7, Operations (internal customer)"``.  ``scrub(text)`` removes every
respondent name from free text: full names become ``"[Respondent 7]"``, lone first or
last names (tokens of three letters or more, whole words, any case) become ``"[name]"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from workbench.deliver.context import RespondentRow

NAME_PLACEHOLDER = "[name]"
MIN_TOKEN = 3
# Name particles that identify nobody on their own ("van der Berg" -> scrub "Berg").
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "del", "della", "das", "dos", "des", "les", "bin", "binti"}
)


class Anonymiser:
    def __init__(self, respondents: Iterable[RespondentRow]) -> None:
        rows = list(respondents)
        ordered = sorted(rows, key=_sort_key)
        self._number: dict[int, int] = {}
        self._by_key: dict[str, RespondentRow] = {}
        for n, row in enumerate(ordered, start=1):
            self._number[id(row)] = n
        for row in ordered:
            for key in (row.label, row.name):
                if key:
                    self._by_key.setdefault(_fold(key), row)
        self._rows = ordered
        self._pattern, self._replacement = self._build_pattern(ordered)

    # -- labels ---------------------------------------------------------------------------

    def number(self, respondent: RespondentRow | str) -> int | None:
        row = self._find(respondent)
        return self._number[id(row)] if row is not None else None

    def short_label(self, respondent: RespondentRow | str) -> str:
        """``"Respondent 7"`` (``"Respondent"`` for someone not on the list)."""
        n = self.number(respondent)
        return f"Respondent {n}" if n is not None else "Respondent"

    def label(self, respondent: RespondentRow | str) -> str:
        """``"Respondent 7, Operations (internal customer)"``."""
        row = self._find(respondent)
        if row is None:
            return "Respondent"
        text = self.short_label(row)
        if row.org_unit:
            text += f", {self.scrub(row.org_unit)}"
        if row.segment:
            text += f" ({self.scrub(row.segment)})"
        return text

    def rows(self) -> list[RespondentRow]:
        """The respondents in label order."""
        return list(self._rows)

    # -- scrubbing ------------------------------------------------------------------------

    def scrub(self, text: Any) -> Any:
        """Remove respondent names from ``text``; non-strings are returned unchanged."""
        if not isinstance(text, str) or self._pattern is None or not text:
            return text
        return self._pattern.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        return self._replacement.get(_fold(match.group(0)), NAME_PLACEHOLDER)

    def _find(self, respondent: RespondentRow | str) -> RespondentRow | None:
        if isinstance(respondent, RespondentRow):
            if id(respondent) in self._number:
                return respondent
            respondent = respondent.label or respondent.name
        if not respondent:
            return None
        return self._by_key.get(_fold(respondent))

    def _build_pattern(
        self, rows: list[RespondentRow]
    ) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        replacement: dict[str, str] = {}
        full_names: set[str] = set()
        tokens: set[str] = set()
        for row in rows:
            # Respondent codes such as "R07" would let a reader match rows to people.
            code = " ".join((row.label or "").split())
            if len(code) >= 3 and re.search(r"\d", code) and re.search(r"[^\W\d]", code):
                full_names.add(code)
                replacement.setdefault(_fold(code), f"[{self.short_label(row)}]")
            name = " ".join((row.name or "").split())
            if not name:
                continue
            full_names.add(name)
            replacement.setdefault(_fold(name), f"[{self.short_label(row)}]")
            for part in re.split(r"[\s]+", name):
                pieces = {part, *re.split(r"[-‐–.,]+", part)}
                for piece in pieces:
                    piece = piece.strip(".,;:'’\"()")
                    if len(piece) >= MIN_TOKEN and piece.casefold() not in _PARTICLES:
                        tokens.add(piece)
        if not full_names:
            return None, {}
        # Longest first so a full name wins over its parts; whitespace inside a full
        # name matches any run of whitespace.
        alternatives = [
            r"\s+".join(re.escape(p) for p in n.split())
            for n in sorted(full_names | tokens, key=lambda s: (-len(s), s))
        ]
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
        return pattern, replacement

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Anonymiser({len(self._rows)} respondents)"


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _sort_key(row: RespondentRow) -> tuple[str, str, str, str]:
    return (
        _fold(row.segment or ""),
        _fold(row.org_unit or ""),
        _fold(row.label or ""),
        _fold(row.name or ""),
    )
