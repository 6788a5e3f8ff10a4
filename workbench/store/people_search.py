"""Respondents found by what a consultant types into the search box.

A person is found by their name, role, unit, segment or e-mail: every word of the query
(or, with ``OR``, one word of each group) must begin a word of one of those, and no word
left out with ``NOT`` may.  Accents and case do not matter, and apostrophes and hyphens
may be typed or not: "O'Neill" is found by ``o'neill``, ``oneill``, ``o neill`` and
``neill``, "Smith-Jones" by ``smith-jones``, ``smithjones`` and ``jones``.  People in the
trash are not found.  The register holds hundreds of people, not millions: it is read
once and kept while the file is unchanged, all its words in one text that a ``str.find``
per word typed looks through; only the people that find brings up are looked at further.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from functools import lru_cache
from typing import Any, NamedTuple

from workbench.store.search_query import Phrase, parse

#: The fields a person is found by, in the order their matches rank.
FIELDS = ("name", "role", "org_unit", "segment", "email")

PEOPLE_SQL = """
    SELECT id, name, role, org_unit, segment, email FROM respondent
    WHERE deleted_at IS NULL OR deleted_at = ''
"""
INTERVIEWS_SQL = """
    SELECT respondent_id, count(*) FROM interview
    WHERE respondent_id IN ({}) AND (deleted_at IS NULL OR deleted_at = '')
    GROUP BY respondent_id
"""


class PersonHit(NamedTuple):
    """A respondent found by a search."""

    respondent_id: str
    name: str
    role: str
    org_unit: str
    segment: str
    email: str
    interviews: int  # their interviews not in the trash
    field: str  # the first field (of FIELDS) a word of the query was found in


def fold(text: str) -> str:
    """``text`` without accents, in small letters (``"Siobhán"`` → ``"siobhan"``)."""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=8192)  # the same names, roles and units, keystroke after keystroke
def word_starts(text: str) -> str:
    """The words a field is found by, each after a space (so that `` " " + typed in``
    says whether a word begins with what was typed): its runs of letters and digits,
    each whitespace-separated part with its apostrophes, hyphens and dots left out
    (``o'neill`` → ``oneill``), and each part glued to those after it (``Ewan Mc Donald``
    → ``ewanmcdonald``, ``mcdonald``)."""
    folded = fold(text)
    parts = ["".join(c for c in chunk if c.isalnum()) for chunk in folded.split()]
    runs = "".join(c if c.isalnum() else " " for c in folded).split()
    glued = ["".join(parts[i:]) for i in range(len(parts) - 1)]
    return "".join(f" {w}" for w in (*runs, *parts, *glued) if w)


#: A phrase as looked for: each of its words after a space, and all of them glued so.
_Typed = tuple[tuple[str, ...], str]


def _typed(phrase: Phrase) -> _Typed:
    words = [fold(w) for w in phrase[0]]
    return (tuple(f" {w}" for w in words), " " + "".join(words))


def _phrase_in(typed: _Typed, words: str) -> bool:
    """Whether every word of a phrase begins one of ``words`` (:func:`word_starts`), or
    they do glued together (so ``o neill`` and ``oneill`` both find "O'Neill")."""
    each, glued = typed
    return all(w in words for w in each) or glued in words


def _person(row: tuple[Any, ...]) -> tuple[str, tuple[str, ...]]:
    """A register row's words (:func:`word_starts`), all together and by field."""
    fields = tuple(word_starts(v or "") for v in row[1:])
    return ("".join(fields), fields)


def _found_in(
    groups: list[list[_Typed]],
    left_out: list[list[_Typed]],
    everything: str,
    fields: tuple[str, ...],
) -> int | None:
    """The index in FIELDS of the last field needed to find every group in a person's
    ``fields`` (:func:`_person`; each group in one field), or None when the person is not
    found."""
    for group in groups:  # most people hold none of the words: they are passed over here
        if not any(_phrase_in(p, everything) for p in group):
            return None
    if any(_phrase_in(p, everything) for group in left_out for p in group):
        return None
    worst = 0
    for group in groups:
        for at, words in enumerate(fields):
            if any(_phrase_in(p, words) for p in group):
                worst = max(worst, at)
                break
        else:
            return None  # a phrase found only across two fields
    return worst


class _Register(NamedTuple):
    """The people not in the trash as searched: per person their row (id, then FIELDS),
    their name folded, all their words (:func:`word_starts`) and their words by field;
    and all their words in one text (``words``) with where each person's start."""

    people: list[tuple[Any, ...]]
    words: str
    starts: list[int]

    def holding(self, typed: str) -> set[int]:
        """The people (their index) one of whose words begins with ``typed``."""
        found: set[int] = set()
        at = self.words.find(typed)
        while at >= 0:
            found.add(bisect_right(self.starts, at) - 1)
            at = self.words.find(typed, at + 1)
        return found


def _register(conn: Any, kept: dict[str, Any] | None) -> _Register:
    """The register as searched (:class:`_Register`).  ``kept`` keeps it between searches
    on one connection while the file is unchanged: by any other connection
    (``data_version``) or this one (``total_changes``)."""
    stamp = (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
    if kept is not None and kept.get("conn") is conn and kept.get("stamp") == stamp:
        return kept["register"]
    people = [
        (tuple(v or "" for v in row), fold(row[1] or ""), *_person(row))
        for row in conn.execute(PEOPLE_SQL)
    ]
    starts, at = [], 0
    for person in people:
        starts.append(at)
        at += len(person[2]) + 1
    register = _Register(people, "\n".join(p[2] for p in people), starts)
    if kept is not None:
        kept.update(conn=conn, stamp=stamp, register=register)
    return register


def find_people(
    conn: Any, user_text: str, limit: int | None = None, kept: dict[str, Any] | None = None
) -> tuple[list[PersonHit], int]:
    """The respondents not in the trash that ``user_text`` finds (see the module's
    docstring): those found by their name first, then by role, unit, segment and e-mail,
    each in the order of their names; the first ``limit`` of them (all by default), and
    how many were found.  ``kept`` (a dict kept by the caller) saves reading the register
    again while the file is unchanged."""
    query = parse(user_text)
    if not query.groups:
        return ([], 0)
    groups = [[_typed(p) for p in g] for g in query.groups]
    left_out = [[_typed(p) for p in g] for g in query.left_out]
    first = groups[0][0][0][0][1:]
    found: list[tuple[int, bool, str, tuple[str, ...]]] = []
    register = _register(conn, kept)
    # Those holding the first word of a phrase of the first group, found in one text,
    # are the only ones who may be found; each of them is looked at.
    maybe: set[int] = set()
    for each, glued in groups[0]:
        maybe |= register.holding(each[0]) | register.holding(glued)
    for i in sorted(maybe):
        texts, name, everything, fields = register.people[i]
        at = _found_in(groups, left_out, everything, fields)
        if at is not None:
            found.append((at, not name.startswith(first), name, texts))
    found.sort(key=lambda f: f[:3])
    chosen = found[:limit]
    counts: dict[str, int] = {}
    if chosen:
        ids = [f[3][0] for f in chosen]
        counts = dict(conn.execute(INTERVIEWS_SQL.format(", ".join("?" * len(ids))), ids))
    people = [
        PersonHit(*texts, counts.get(texts[0], 0), FIELDS[at]) for at, _n, _name, texts in chosen
    ]
    return (people, len(found))
