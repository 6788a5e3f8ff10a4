"""Coded passages follow the text they code.

When a note or a text answer changes, every passage coded on it (other than the form-tag
passages, which always cover their answer's whole text) is moved by one rule,
:func:`workbench.coding.anchors.rebase`, the way a word processor's comment anchors move:
a passage around unchanged words keeps them, a passage whose words were edited takes the
edited words, and a passage whose words were all deleted goes to the trash.  Its stored
``text`` is always its source's text at its offsets: the workbook, the report's quotes and
the retrieval views print that text.

Everything here works on the write transaction's own SQLite connection: a note's edit and
an answer's correction write a row or two, and typing saves often.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from workbench.store.tagcoding import FORM_CODER

# A passage as it was before an edit: (id, start, end, text, deleted_at), deleted_at a
# datetime or None.
PassageState = tuple[str, int, int, str, Any]


def _stamp(when: datetime) -> str:
    """A time as SQLAlchemy stores a DateTime in SQLite."""
    return when.strftime("%Y-%m-%d %H:%M:%S.%f")


def _where_it_was(old_text: str, start: int, end: int, words: str) -> tuple[int, int]:
    """The span of ``old_text`` a passage codes.  Its offsets, when they hold its words; a
    passage left behind by an earlier edit (offsets that no longer hold its words) is found
    by its words, nearest its offsets, or else where its words went as the text was edited
    (its words taken for an earlier version of the text); failing that, its offsets within
    the text."""
    from workbench.coding.anchors import rebase

    n = len(old_text)
    if 0 <= start <= end <= n and old_text[start:end] == words:
        return start, end
    if words:
        found, at = [], old_text.find(words)
        while at >= 0:
            found.append(at)
            at = old_text.find(words, at + 1)
        if found:
            best = min(found, key=lambda a: abs(a - start))
            return best, best + len(words)
        went = rebase(words, old_text, [(0, len(words))])[0]
        if went is not None:
            return went
    start = min(max(start, 0), n)
    return start, min(max(end, start), n)


def follow_text(
    conn: sqlite3.Connection,
    source_kind: str,
    source_id: str,
    old_text: str,
    new_text: str,
    now: datetime,
) -> tuple[PassageState, ...]:
    """Within the caller's write transaction: move the passages coded on one note or answer
    from ``old_text`` onto ``new_text`` (passages in the trash too, so that one restored
    later codes the right words).  A live passage whose words are all gone goes to the
    trash.  Returns every passage as it was, for :func:`put_back`."""
    from workbench.coding.anchors import rebase

    rows = conn.execute(
        'SELECT id, start, "end", text, deleted_at FROM coded_segment '
        "WHERE source_kind = ? AND source_id = ? AND coder != ?",
        (source_kind, source_id, FORM_CODER),
    ).fetchall()
    before = tuple(
        (g, a, b, t, datetime.fromisoformat(d) if isinstance(d, str) else d)
        for g, a, b, t, d in rows
    )
    if not rows or old_text == new_text:
        return before
    spans = rebase(
        old_text, new_text, [_where_it_was(old_text, a, b, t) for _g, a, b, t, _d in rows]
    )
    stamp = _stamp(now)
    for (seg_id, start, end, words, deleted_at), span in zip(rows, spans, strict=True):
        if span is None:
            if deleted_at is None:
                conn.execute(
                    "UPDATE coded_segment SET deleted_at = ?, modified_at = ? WHERE id = ?",
                    (stamp, stamp, seg_id),
                )
        elif (span[0], span[1], new_text[span[0] : span[1]]) != (start, end, words):
            conn.execute(
                'UPDATE coded_segment SET start = ?, "end" = ?, text = ?, modified_at = ? '
                "WHERE id = ?",
                (span[0], span[1], new_text[span[0] : span[1]], stamp, seg_id),
            )
    return before


def sent_to_trash(conn: sqlite3.Connection, passages: tuple[PassageState, ...]) -> list[str]:
    """Within the caller's write transaction, after :func:`follow_text`: the codes (by
    name, in the order of the text) of the coded passages among ``passages`` that were
    live before the edit and are in the trash now, their words deleted.  (A proposal not
    yet accepted is not a coded passage: the trash does not list it either.)"""
    from workbench.store.segment_trash import LISTED

    live = [p[0] for p in passages if p[4] is None]
    if not live:
        return []
    marks = ", ".join("?" * len(live))
    rows = conn.execute(
        f"SELECT coalesce(c.name, '') FROM coded_segment g "
        f"LEFT JOIN code c ON c.id = g.code_id WHERE g.id IN ({marks}) "
        f'AND g.deleted_at IS NOT NULL AND g.status = ? ORDER BY g.start, g."end", g.id',
        [*live, LISTED],
    )
    return [name for (name,) in rows]


def trashed_notice(codes: list[str] | tuple[str, ...]) -> str:
    """What the status bar says when an edit deleted the words of coded passages coded
    with ``codes`` (one name a passage): "1 coded passage (First-time fix) went to the
    trash with its words — Edit ▸ Undo brings it back".  (Edit ▸ Undo, not Ctrl+Z: in the
    text just typed, Ctrl+Z undoes the typing, which brings the words back without their
    coding.)"""
    names = ", ".join(dict.fromkeys(c for c in codes if c)) or "no code"
    n = len(codes)
    passages, its, it = ("1 coded passage", "its", "it") if n == 1 else (
        f"{n} coded passages", "their", "them")  # fmt: skip
    return (
        f"{passages} ({names}) went to the trash with {its} words — Edit ▸ Undo brings {it} back."
    )


def put_back(
    conn: sqlite3.Connection,
    passages: tuple[PassageState, ...],
    now: datetime,
    source_id: str | None = None,
) -> None:
    """Within the caller's write transaction: passages exactly as :func:`follow_text` found
    them (offsets, words, trash), on ``source_id`` when their text is a new row now (an
    answer cleared and given again).  A passage already so is left alone."""
    if not passages:
        return
    marks = ", ".join("?" * len(passages))
    now_is = {
        row[0]: row[1:]
        for row in conn.execute(
            f'SELECT id, source_id, start, "end", text, deleted_at FROM coded_segment '
            f"WHERE id IN ({marks})",
            [p[0] for p in passages],
        )
    }
    stamp = _stamp(now)
    for seg_id, start, end, words, deleted_at in passages:
        current = now_is.get(seg_id)
        if current is None:
            continue  # destroyed since (emptied from the trash)
        gone = _stamp(deleted_at) if isinstance(deleted_at, datetime) else deleted_at
        source = source_id or current[0]
        if (source, start, end, words, gone) == current:
            continue
        conn.execute(
            'UPDATE coded_segment SET source_id = ?, start = ?, "end" = ?, text = ?, '
            "deleted_at = ?, modified_at = ? WHERE id = ?",
            (source, start, end, words, gone, stamp, seg_id),
        )


# Live passages whose words are not their source's text at their offsets (SQLite's substr
# counts characters, as Python's slices do).
_ASTRAY_SQL = """
    SELECT g.id, g.source_kind, g.start, g."end", g.text, g.body, c.name, r.name, g.place
    FROM (
        SELECT id, code_id, interview_id, source_kind, start, "end", text, created_at,
               CASE source_kind
                   WHEN 'note' THEN (SELECT body FROM note WHERE note.id = source_id)
                   WHEN 'answer' THEN (SELECT text FROM answer WHERE answer.id = source_id)
               END AS body,
               CASE source_kind
                   WHEN 'note' THEN 'a note'
                   ELSE 'the answer to ' || coalesce(
                       (SELECT question_key FROM answer WHERE answer.id = source_id), '?')
               END AS place
        FROM coded_segment WHERE deleted_at IS NULL
    ) g
    LEFT JOIN code c ON c.id = g.code_id
    LEFT JOIN interview i ON i.id = g.interview_id
    LEFT JOIN respondent r ON r.id = i.respondent_id
    WHERE g.body IS NULL OR g.start < 0 OR g."end" < g.start OR g."end" > length(g.body)
        OR substr(g.body, g.start + 1, g."end" - g.start) IS NOT g.text
    ORDER BY g.created_at
"""


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def astray_passages(conn: sqlite3.Connection, limit: int = 10) -> tuple[list[str], int]:
    """What is wrong with the live coded passages whose stored words are not their
    source's text at their offsets (at most ``limit`` of them, in words), and how many
    there are."""
    rows = conn.execute(_ASTRAY_SQL).fetchall()
    out = []
    for seg_id, kind, start, end, words, body, code, person, place in rows[:limit]:
        code = f"“{code}”" if code else "a code"
        whose = f"{person}'s interview" if person else "an interview"
        if body is None:
            where = place if kind == "note" else "an answer"
            out.append(
                f"coded passage {seg_id} ({code}, {whose}) codes {where} that is not "
                f"there any more: “{_short(words)}”"
            )
            continue
        out.append(
            f"coded passage {seg_id} ({code}, {whose}, {place}, characters {start}–{end}) "
            f"holds “{_short(words)}” where the text reads “{_short(body[start:end])}”"
        )
    return out, len(rows)


def mend_passages(conn: sqlite3.Connection, now: datetime) -> list[str]:
    """Within the caller's write transaction: every live passage whose words are not its
    source's text at its offsets put back on its text — found by its words, or followed
    from them as from an earlier version of the text — and one whose text is gone (or has
    none of its words left) moved to the trash.  Returns what was done, in words."""
    stamp = _stamp(now)
    done = []
    for seg_id, _kind, start, end, words, body, code, person, _place in conn.execute(
        _ASTRAY_SQL
    ).fetchall():
        what = f"coded passage {seg_id} ({f'“{code}”' if code else 'a code'}"
        what += f", {person}'s interview)" if person else ")"
        span = _where_it_was(body, start, end, words) if body is not None else None
        if span is None or span[0] == span[1]:
            conn.execute(
                "UPDATE coded_segment SET deleted_at = ?, modified_at = ? WHERE id = ?",
                (stamp, stamp, seg_id),
            )
            done.append(f"{what}: its words are gone; moved to the trash")
            continue
        conn.execute(
            'UPDATE coded_segment SET start = ?, "end" = ?, text = ?, modified_at = ? WHERE id = ?',
            (span[0], span[1], body[span[0] : span[1]], stamp, seg_id),
        )
        done.append(f"{what}: now codes “{_short(body[span[0] : span[1]])}”")
    return done


def astray_warning(count: int, path: str | None = None, fix: str | None = None) -> str:
    """One sentence: ``count`` coded passages hold words their text no longer reads, and
    how to put them back: ``fix``, else the command line's for the file ``path``, else the
    window's menu command."""
    passages = "1 coded passage holds" if count == 1 else f"{count} coded passages hold"
    if fix is None:
        fix = (
            f"`workbench check {path} --mend-passages`" if path else "Edit ▸ Repair Coded Passages"
        )
    return (
        f"{passages} words the text no longer reads (left by an earlier version); "
        f"deliverables quote them as stored. {fix} puts them back on their text."
    )


def export_warning(store: Any, path: str | None = None, limit: int = 3) -> list[str]:
    """What every export says, from the window or the command line, anonymised or not,
    when coded passages hold words their text no longer reads: the passages (at most
    ``limit`` of them, in words), then one sentence naming the fix (:func:`astray_warning`:
    the command line's for the file ``path``, else the window's menu command).  Empty when
    every passage is on its text.  The deliverable is written all the same: it quotes the
    passages as stored."""
    lines, count = store.astray_passages(limit=limit)
    return [*lines, astray_warning(count, path)] if count else []
