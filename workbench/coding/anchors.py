"""Keep coded segments on the right words when their text is edited after coding.

:func:`rebase` maps ``(start, end)`` character spans (``end`` exclusive) from the old
text onto the new one using :class:`difflib.SequenceMatcher` opcodes on characters:

* text inserted before a span shifts it; text inserted strictly inside it extends it;
  text inserted exactly at either edge stays outside the span;
* text deleted inside a span shrinks it; a span whose words were all deleted becomes
  ``None`` (its coding goes to the trash);
* words rewritten inside a span are the span's words still: a span whose own words were
  all rewritten takes the new words when the rewritten stretch lies within it (a comment
  anchored on "depot printers" follows them when they become "warehouse scanners"); a
  span that was only part of a larger rewritten stretch has no words of its own left and
  becomes ``None``;
* a replacement that straddles an edge is mapped proportionally (so a same-length
  replacement — a typo fixed — keeps the offsets exact); an edge in the whitespace after
  rewritten words stays after the new words.

This is the one rule for every text that carries coding: a note's edit and an answer's
correction both move their passages through :func:`rebase`.

The alignment is done on words first, then on characters inside the stretches that
changed (see :func:`opcodes`); the matchers run with ``autojunk=False``: with autojunk
on, frequent tokens of a long text count as junk and the alignment degrades.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from itertools import accumulate

Span = tuple[int, int]
Opcode = tuple[str, int, int, int, int]


# A word or a punctuation mark with the whitespace after it: bare whitespace tokens
# would match everywhere and pull the word alignment off.
_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")


SIMILAR = 0.5  # below this character similarity, a changed stretch counts as rewritten


def _refine(old_sub: str, new_sub: str, i1: int, j1: int, ops: list[Opcode]) -> None:
    i2, j2 = i1 + len(old_sub), j1 + len(new_sub)
    if old_sub == new_sub:
        ops.append(("equal", i1, i2, j1, j2))
    elif not new_sub:
        ops.append(("delete", i1, i2, j1, j2))
    elif not old_sub:
        ops.append(("insert", i1, i2, j1, j2))
    else:
        inner = SequenceMatcher(None, old_sub, new_sub, autojunk=False)
        if inner.ratio() < SIMILAR:
            ops.append(("replace", i1, i2, j1, j2))
            return
        for t, x1, x2, y1, y2 in inner.get_opcodes():
            ops.append((t, i1 + x1, i1 + x2, j1 + y1, j1 + y2))


def _common_prefix(a: str, b: str, limit: int) -> int:
    """The length of the common start of ``a`` and ``b`` (at most ``limit``), found by
    halving: a few slice comparisons rather than a loop over characters."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _cut(text: str, at: int) -> bool:
    """Whether the tokens of ``text`` split at ``at`` (a word starts there after a space):
    the tokens of the two halves are then those of the whole."""
    return at == 0 or at == len(text) or (text[at - 1].isspace() and not text[at].isspace())


def opcodes(old_text: str, new_text: str) -> list[Opcode]:
    """Character opcodes, aligned on words first and refined inside changed words.

    A plain character diff of repetitive text happily matches ``"w1"`` of one word with
    ``"7"`` of the next; aligning tokens (words or punctuation marks, compared without
    the whitespace after them) first keeps whole words together.  Inside a changed
    stretch a character diff keeps a corrected typo's unchanged letters, unless the
    stretch is less than half similar: then it counts as rewritten as a whole.

    The words both texts start and end with, cut where a word begins, are kept as they
    are; only the stretch between them is diffed (an edit usually touches one place of a
    long note, and the diff costs the square of what it compares).
    """
    n, m = len(old_text), len(new_text)
    head = _common_prefix(old_text, new_text, min(n, m))
    while not (_cut(old_text, head) and _cut(new_text, head)):
        head -= 1
    tail = _common_suffix(old_text, new_text, min(n, m) - head)
    while not (_cut(old_text, n - tail) and _cut(new_text, m - tail)):
        tail -= 1
    ops: list[Opcode] = [("equal", 0, head, 0, head)] if head else []
    for tag, i1, i2, j1, j2 in _word_opcodes(old_text[head : n - tail], new_text[head : m - tail]):
        ops.append((tag, i1 + head, i2 + head, j1 + head, j2 + head))
    if tail:
        ops.append(("equal", n - tail, n, m - tail, m))
    merged: list[Opcode] = []
    for op in ops:
        if merged and merged[-1][0] == op[0] == "equal":
            merged[-1] = ("equal", merged[-1][1], op[2], merged[-1][3], op[4])
        else:
            merged.append(op)
    return merged


def _word_opcodes(old_text: str, new_text: str) -> list[Opcode]:
    """The word-aligned, character-refined opcodes of two whole texts (not merged)."""
    if not old_text and not new_text:
        return []
    old_tokens, new_tokens = _TOKEN.findall(old_text), _TOKEN.findall(new_text)
    old_at = [0, *accumulate(len(t) for t in old_tokens)]
    new_at = [0, *accumulate(len(t) for t in new_tokens)]
    old_keys = [t.rstrip() or t for t in old_tokens]
    new_keys = [t.rstrip() or t for t in new_tokens]
    ops: list[Opcode] = []
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        i1, i2, j1, j2 = old_at[a1], old_at[a2], new_at[b1], new_at[b2]
        if tag == "equal":
            for k in range(a2 - a1):  # same words; the whitespace after them may differ
                _refine(old_tokens[a1 + k], new_tokens[b1 + k], old_at[a1 + k], new_at[b1 + k], ops)
        else:
            _refine(old_text[i1:i2], new_text[j1:j2], i1, j1, ops)
    return ops


def _scaled(pos: int, i1: int, i2: int, j1: int, j2: int) -> int:
    if i2 == i1:
        return j1
    return j1 + round((pos - i1) * (j2 - j1) / (i2 - i1))


def _replaced(pos: int, op: Opcode, old_text: str, new_text: str) -> int:
    """New position of ``pos`` inside a replaced stretch: at or after the end of the old
    words (in the whitespace after them) it is the end of the new words; elsewhere it is
    scaled."""
    _tag, i1, i2, j1, j2 = op
    words_end = i1 + len(old_text[i1:i2].rstrip())
    if pos >= words_end:
        return j1 + len(new_text[j1:j2].rstrip())
    return _scaled(pos, i1, i2, j1, j2)


def _map_start(pos: int, ops: Sequence[Opcode], old_text: str, new_text: str) -> int:
    """New position of a span start: the first old character at or after ``pos``."""
    for op in ops:
        tag, i1, i2, j1, _j2 = op
        if i1 <= pos < i2:
            if tag == "equal":
                return j1 + (pos - i1)
            if tag == "delete":
                return j1
            return _replaced(pos, op, old_text, new_text)
    return len(new_text)  # pos == len(old): after everything, including appended text


def _map_end(pos: int, ops: Sequence[Opcode], old_text: str, new_text: str) -> int:
    """New position of a span end: just after the old character ``pos - 1``."""
    for op in ops:
        tag, i1, i2, j1, _j2 = op
        if i1 < pos <= i2:
            if tag == "equal":
                return j1 + (pos - i1)
            if tag == "delete":
                return j1
            return _replaced(pos, op, old_text, new_text)
    return 0  # pos == 0: before everything, including text inserted at the start


def _has_words_left(start: int, end: int, ops: Sequence[Opcode], old_text: str) -> bool:
    """Whether a span keeps words of its own: some of its words are unchanged, or a
    stretch of words rewritten lies wholly within it (the whitespace after them aside)
    while words of the text around it are unchanged.  A text rewritten as a whole (only
    spaces or punctuation left of it) takes its passages with it: the new words are not
    the ones coded."""
    around = any(tag == "equal" and _has_word(old_text[i1:i2]) for tag, i1, i2, _j1, _j2 in ops)
    for tag, i1, i2, _j1, _j2 in ops:
        if i2 <= start or i1 >= end:
            continue
        if tag == "equal" and _has_word(old_text[max(i1, start) : min(i2, end)]):
            return True
        if (
            tag == "replace"
            and around
            and start <= i1
            and i1 + len(old_text[i1:i2].rstrip()) <= end
        ):
            return True
    return False


def _has_word(text: str) -> bool:
    return any(c.isalnum() for c in text)


def trimmed(text: str, start: int, end: int) -> Span | None:
    """``start``-``end`` of ``text`` without the whitespace at either end; None when
    nothing but whitespace is selected."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _in_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def whole_words(text: str, start: int, end: int) -> Span:
    """``start``-``end`` of ``text`` widened to the whole words it cuts, as qualitative
    tools code a passage: "ement approvals" is "management approvals", and a part of one
    word is the word ("ervi" is "service": a drag that caught a few letters would
    otherwise be quoted as "ervi" in the report)."""
    while 0 < start < end and _in_word(text[start - 1]) and _in_word(text[start]):
        start -= 1
    while start < end < len(text) and _in_word(text[end - 1]) and _in_word(text[end]):
        end += 1
    return start, end


def coded_span(text: str, start: int, end: int) -> Span | None:
    """The passage a selection ``start``-``end`` of ``text`` codes: trimmed of the
    whitespace at either end, then widened to the whole words it cuts; None when the
    selection holds no letter or digit (whitespace or punctuation alone is no passage).
    Coding from the Codebook page and coding in place both code what this returns."""
    kept = trimmed(text, start, end)
    if kept is None or not _has_word(text[kept[0] : kept[1]]):
        return None
    return whole_words(text, *kept)


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
        new_start = _map_start(s, ops, old_text, new_text)
        if s == e:
            out.append((new_start, new_start))
            continue
        new_end = _map_end(e, ops, old_text, new_text)
        if new_end <= new_start or not _has_words_left(s, e, ops, old_text):
            out.append(None)
        else:
            out.append((new_start, new_end))
    return out


def rebase_one(old_text: str, new_text: str, start: int, end: int) -> Span | None:
    return rebase(old_text, new_text, [(start, end)])[0]
