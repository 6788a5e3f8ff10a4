"""What a consultant types into the search box, read as a search.

The words typed must all be found (in any order); the last one also as the start of a
longer word, since the search runs while typing.  Beyond that:

- ``"root cause"`` in quotes finds the words side by side (a phrase);
- a word written with a hyphen or an apostrophe (``follow-up``, ``O'Neill``) is a phrase of
  its parts, as the index splits it (so ``follow-up`` finds "follow-up" and "follow up");
- ``OR`` and ``NOT`` in capitals between words are operators (``incident OR problem``,
  ``change NOT emergency``); ``AND`` in capitals is what every space means already.  In
  small letters they are words like any other.  ``a b OR c`` finds a together with b or c;
  ``NOT`` leaves out what holds the word (or the ``OR`` group) after it, as a ``-``
  written before a word does (``change -emergency``);
- a ``*`` after a word finds the words that begin with it (``escal*``); a ``*`` alone
  finds nothing;
- accents and case do not matter (the index folds them).

Nothing typed can reach the index's own query syntax: every word is quoted.  What cannot
be read as a search (only words left out, a lone ``*``) gives no query and a ``problem``
that says why.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

#: A phrase: its words (folded to lower case) and whether its last word is a prefix.
Phrase = tuple[tuple[str, ...], bool]

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_CHUNK = re.compile(r'"([^"]*)("|$)(\*?)|(\S+)')
_OPERATORS = ("AND", "OR", "NOT")


class SearchQuery(NamedTuple):
    """A typed query read: ``groups`` must each match (a group matches when one of its
    phrases does), ``left_out`` must not; ``match`` is the index's query ("" when there is
    nothing to search for, ``problem`` then saying why when something was typed)."""

    groups: tuple[tuple[Phrase, ...], ...]
    left_out: tuple[tuple[Phrase, ...], ...]
    match: str
    problem: str


def words_of(text: str) -> tuple[str, ...]:
    """The words of ``text`` as the index splits them: runs of letters and digits."""
    return tuple("".join(c if c.isalnum() else " " for c in text).lower().split())


@lru_cache(maxsize=64)  # a query's pages, the snippets of its rows and its count read it again
def parse(user_text: str) -> SearchQuery:
    """``user_text`` read as described in the module's docstring."""
    text = unicodedata.normalize("NFC", user_text).translate(_QUOTES)
    items: list[str | Phrase] = []  # phrases and operators, in the order typed
    closed = False  # whether the last phrase read closed a quote
    for m in _CHUNK.finditer(text):
        quoted, close, star, plain = m.groups()
        if plain is not None and plain in _OPERATORS:
            items.append(plain)
            continue
        if quoted is not None:
            words, prefix = words_of(quoted), bool(star)
        else:
            words, prefix = words_of(plain), plain.rstrip("\"'’).,;:!?").endswith("*")
            if plain[0] == "-" and plain[1:2].isalnum():  # -word: left out, as NOT word
                items.append("NOT")
        if words:
            items.append((words, prefix))
            closed = quoted is not None and close == '"'
    phrases = [i for i, item in enumerate(items) if not isinstance(item, str)]
    if not phrases:  # operators alone are the words they spell
        items = [(words_of(item), False) for item in items if isinstance(item, str)]
        phrases = list(range(len(items)))
        closed = False
    # The last word typed is taken as a prefix (the search runs while typing), unless it
    # closed a quote.
    if phrases and not closed:
        last = phrases[-1]
        items[last] = (items[last][0], True)  # type: ignore[index]
    groups: list[list[Phrase]] = []
    left_out: list[list[Phrase]] = []
    pending: str | None = None  # the operator read before the next phrase
    last_was_not = False  # whether the last phrase read was left out
    for item in items:
        if isinstance(item, str):
            if item == "NOT" or (item == "OR" and groups and pending is None):
                pending = item
            continue  # AND, an OR with nothing before it, a second operator in a row
        if pending == "OR":
            (left_out[-1] if left_out and last_was_not else groups[-1]).append(item)
        elif pending == "NOT":
            left_out.append([item])
            last_was_not = True
        else:
            groups.append([item])
            last_was_not = False
        pending = None
    if not groups:
        if left_out:
            problem = (
                "a word left out (after NOT, or with a - before it) needs a word to search "
                "for beside it (e.g. change NOT emergency, or change -emergency)"
            )
        elif text.strip():
            problem = (
                "nothing to search for: type a word (a * after the start of a word "
                "finds the words that begin with it)"
            )
        else:
            problem = ""
        return SearchQuery((), (), "", problem)
    kept = tuple(tuple(g) for g in groups)
    out = tuple(tuple(g) for g in left_out)
    return SearchQuery(kept, out, _fts(kept, out), "")


def _phrase(phrase: Phrase) -> str:
    words, prefix = phrase
    return f'"{" ".join(words)}"' + ("*" if prefix else "")


def _group(group: tuple[Phrase, ...]) -> str:
    if len(group) == 1:
        return _phrase(group[0])
    return "(" + " OR ".join(_phrase(p) for p in group) + ")"


def _fts(groups: tuple[tuple[Phrase, ...], ...], left_out: tuple[tuple[Phrase, ...], ...]) -> str:
    """The FTS5 query: every group (AND), then ``NOT`` each group left out."""
    # explicit ANDs: FTS5 takes no implicit AND after a group in brackets
    match = " AND ".join(_group(g) for g in groups)
    if left_out:
        match = f"({match})" if len(groups) > 1 else match
        match += "".join(f" NOT {_group(g)}" for g in left_out)
    return match


def fts_query(user_text: str) -> str:
    """The FTS5 query for what a person typed ("" when there is nothing to search for)."""
    return parse(user_text).match
