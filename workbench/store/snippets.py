"""A search hit's snippet: each matched word of the query in the words around it.

The matches are found in the hit's text as the index's tokenizer finds them.  Plain ASCII
text (and an ASCII query) is marked here, from the text read by its index entry, which
costs a seek and a few ``str.find`` per text; any other text is marked by the index's own
``highlight`` (unicode61 with diacritics removed knows more letters, case foldings and
accents than a few lines of Python should guess at).  Either way :func:`cut_snippet`
then cuts the marked text to the matches in their context.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: Words kept either side of a match in a search hit's snippet.
SNIPPET_CONTEXT = 8
# ``{table}`` is the index (``search_index``, or the queued texts' ``search_queued``).
TEXT_SQL = "SELECT id, c0 FROM {table}_content WHERE id IN ({marks})"
HIGHLIGHT_SQL = """
    SELECT rowid, highlight({table}, 0, char(1), char(2)) FROM {table}
    WHERE {table} MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN ({marks})
"""
# The rowid range lets the index walk the few matches between the first and the last
# entry asked for (``rowid IN`` alone would seek, and expand the query, once per entry).
_TOKEN = re.compile(r'(?P<op>NOT|OR|AND|\(|\))|"(?P<words>[^"]*)"(?P<star>\*?)')
# In ASCII text the unicode61 tokenizer's token characters are the letters and digits;
# everything else (the underscore too) separates tokens.
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


@lru_cache(maxsize=64)  # read again for each page of a query and each screenful of rows
def query_terms(match: str) -> tuple[tuple[str, bool], ...]:
    """The words of an FTS query made by ``fts_query`` (``"a" AND ("b c" OR "d"*) NOT "e"``),
    folded to lower case, each with whether it is a prefix (the last word of a phrase
    followed by ``*``); the words after ``NOT`` (never in a hit) are left out."""
    terms: list[tuple[str, bool]] = []
    depth = 0
    negated_at: int | None = None  # the depth a NOT applies at, while inside its group
    skip_next = False
    for token in _TOKEN.finditer(match):
        op, words, star = token.group("op"), token.group("words"), token.group("star")
        if op == "NOT":
            skip_next = True
        elif op == "(":
            depth += 1
            if skip_next and negated_at is None:
                negated_at, skip_next = depth, False
        elif op == ")":
            if negated_at == depth:
                negated_at = None
            depth -= 1
        elif words is not None:
            if skip_next or negated_at is not None:
                skip_next = False
                continue
            split = words.lower().split()
            terms += [(w, bool(star) and i == len(split) - 1) for i, w in enumerate(split)]
    return tuple(terms)


def snippets(
    conn: Any, match: str, entries: list[int], table: str = "search_index"
) -> dict[int, str]:
    """Each entry's snippet (the matches between ``[[`` and ``]]``): every match of the
    query marked in the entry's text, cut by :func:`cut_snippet` to the first match of
    each matched word in its context.  An entry gone from ``table`` (the index) has none.
    (The index's own ``snippet`` keeps one stretch of 16 words: a second word of the
    query further on was left out of it.)"""
    if not entries:
        return {}
    terms = query_terms(match)
    words = len(terms)
    out: dict[int, str] = {}
    left = list(entries)
    if terms and all(word.isascii() for word, _prefix in terms):
        left = []
        marks = ", ".join("?" * len(entries))
        found = conn.execute(TEXT_SQL.format(table=table, marks=marks), entries).fetchall()
        for entry, body in found:
            marked = mark_ascii(body, terms) if isinstance(body, str) else None
            if marked is None:
                left.append(entry)  # not plain ASCII, or not matched here: the index marks it
            else:
                out[entry] = cut_snippet(marked, words=words)
    if left:
        marks = ", ".join("?" * len(left))
        bounds = (min(left), max(left))
        highlight = HIGHLIGHT_SQL.format(table=table, marks=marks)
        rows = conn.execute(highlight, (match, *bounds, *left)).fetchall()
        out.update((entry, cut_snippet(marked or "", words=words)) for entry, marked in rows)
    return out


def mark_ascii(text: str, terms: tuple[tuple[str, bool], ...] | list[tuple[str, bool]]) -> str | None:
    """``text`` with every token that matches one of ``terms`` (lower-case words, each
    whole or as a prefix) between U+0001 and U+0002, as the index's ``highlight`` marks
    it; None when the text is not plain ASCII or nothing in it matches."""
    if not text.isascii():
        return None
    low = text.lower()
    size = len(low)
    spans: list[tuple[int, int]] = []
    for word, prefix in terms:
        at = low.find(word) if word else -1
        while at >= 0:
            end = at + len(word)
            if at == 0 or low[at - 1] not in _TOKEN_CHARS:
                if prefix:
                    while end < size and low[end] in _TOKEN_CHARS:
                        end += 1
                    spans.append((at, end))
                elif end == size or low[end] not in _TOKEN_CHARS:
                    spans.append((at, end))
            at = low.find(word, at + 1)
    if not spans:
        return None
    spans.sort()
    parts = []
    last = 0
    for start, end in spans:
        if start >= last:  # a token two words match is marked once
            parts += (text[last:start], "\x01", text[start:end], "\x02")
            last = end
    parts.append(text[last:])
    return "".join(parts)


def cut_snippet(marked: str, context: int = SNIPPET_CONTEXT, words: int = 0) -> str:
    """``marked`` (a text whose matches stand between U+0001 and U+0002) cut to the first
    match of each matched word with ``context`` words either side (near an end of the text,
    more on the other side), the stretches joined by "…" (and "…" where the text goes
    on), the matches between ``[[`` and ``]]``.  Only the text around each match is read,
    and none after ``words`` different words were found (the query's words, when given)."""
    reach = 16 * context  # characters looked at either side of a match
    stretches: list[tuple[int, int]] = []
    seen: set[str] = set()
    at = 0
    while (
        (not words or len(seen) < words)
        and (a := marked.find("\x01", at)) >= 0
        and (b := marked.find("\x02", a)) >= 0
    ):
        at = b = b + 1
        term = marked[a + 1 : b - 1].casefold()
        if term in seen:
            continue
        seen.add(term)
        lo, hi = max(a - reach, 0), min(b + reach, len(marked))
        before, after = marked[lo:a], marked[b:hi]
        want_before = want_after = context
        if lo == 0 and (n := len(before.split())) < context:  # the text starts: more after
            want_after += context - n
        if hi == len(marked) and (n := len(after.split())) < context:  # it ends: more before
            want_before += context - n
        rest = before.rsplit(None, want_before)
        start = a - len(before[len(rest[0]) :].lstrip()) if len(rest) > want_before else lo
        rest = after.split(None, want_after)
        end = (
            b + len(after[: len(after) - len(rest[-1])].rstrip()) if len(rest) > want_after else hi
        )
        stretches.append((start, end))
    if not stretches:  # nothing marked: the text's opening words
        words = marked.split()
        text = " ".join(words[: 2 * context]) + ("…" if len(words) > 2 * context else "")
        return text.replace("\x01", "").replace("\x02", "")
    stretches.sort()
    merged = [stretches[0]]
    for start, end in stretches[1:]:
        if not marked[merged[-1][1] : start].strip():  # touching or overlapping
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out = " … ".join(marked[start:end].strip() for start, end in merged)
    if marked[: merged[0][0]].strip():
        out = "…" + out
    if marked[merged[-1][1] :].strip():
        out += "…"
    return out.replace("\x01", "[[").replace("\x02", "]]")
