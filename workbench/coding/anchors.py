"""Keep coded segments on the right words when their text is edited after coding.

:func:`rebase` maps ``(start, end)`` character spans (``end`` exclusive) from the old
text onto the new one using :class:`difflib.SequenceMatcher` opcodes on characters:

* text inserted before a span shifts it; text inserted strictly inside it extends it;
  text inserted exactly at either edge stays outside the span;
* text deleted inside a span shrinks it; a span none of whose characters survive
  (deleted, or entirely rewritten) becomes ``None``;
* a replacement that straddles an edge is mapped proportionally (so a same-length
  replacement — a typo fixed — keeps the offsets exact).

The matcher runs with ``autojunk=False``: with autojunk on, spaces and common letters
of a text longer than 200 characters count as junk and the alignment degrades.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

Span = tuple[int, int]
Opcode = tuple[str, int, int, int, int]


def opcodes(old_text: str, new_text: str) -> list[Opcode]:
    return SequenceMatcher(None, old_text, new_text, autojunk=False).get_opcodes()


def _scaled(pos: int, i1: int, i2: int, j1: int, j2: int) -> int:
    if i2 == i1:
        return j1
    return j1 + round((pos - i1) * (j2 - j1) / (i2 - i1))


def _map_start(pos: int, ops: Sequence[Opcode], new_len: int) -> int:
    """New position of a span start: the first old character at or after ``pos``."""
    for tag, i1, i2, j1, j2 in ops:
        if i1 <= pos < i2:
            if tag == "equal":
                return j1 + (pos - i1)
            if tag == "delete":
                return j1
            return _scaled(pos, i1, i2, j1, j2)  # replace
    return new_len  # pos == len(old): after everything, including appended text


def _map_end(pos: int, ops: Sequence[Opcode]) -> int:
    """New position of a span end: just after the old character ``pos - 1``."""
    for tag, i1, i2, j1, j2 in ops:
        if i1 < pos <= i2:
            if tag == "equal":
                return j1 + (pos - i1)
            if tag == "delete":
                return j1
            return _scaled(pos, i1, i2, j1, j2)  # replace
    return 0  # pos == 0: before everything, including text inserted at the start


def _surviving(start: int, end: int, ops: Sequence[Opcode]) -> int:
    kept = 0
    for tag, i1, i2, _j1, _j2 in ops:
        if tag == "equal" and i1 < end and start < i2:
            kept += min(end, i2) - max(start, i1)
    return kept


def rebase(
    old_text: str,
    new_text: str,
    spans: Sequence[tuple[int, int]],
    ops: Sequence[Opcode] | None = None,
) -> list[Span | None]:
    """Map each span of ``old_text`` onto ``new_text`` (``None`` where it vanished).

    ``ops`` may pass precomputed :func:`opcodes` when rebasing in batches.  A span
    outside ``0 <= start <= end <= len(old_text)`` is an error.  An empty span stays
    empty at its mapped position.
    """
    n = len(old_text)
    for s, e in spans:
        if not (0 <= s <= e <= n):
            raise ValueError(f"span ({s}, {e}) is outside the old text of {n} characters")
    if old_text == new_text:
        return [(s, e) for s, e in spans]
    if ops is None:
        ops = opcodes(old_text, new_text)
    out: list[Span | None] = []
    for s, e in spans:
        new_start = _map_start(s, ops, len(new_text))
        if s == e:
            out.append((new_start, new_start))
            continue
        new_end = _map_end(e, ops)
        if new_end <= new_start or _surviving(s, e, ops) == 0:
            out.append(None)
        else:
            out.append((new_start, new_end))
    return out


def rebase_one(old_text: str, new_text: str, start: int, end: int) -> Span | None:
    return rebase(old_text, new_text, [(start, end)])[0]
