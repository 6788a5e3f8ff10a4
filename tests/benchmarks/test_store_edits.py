"""Edits through the Store, one call per edit, against raw sqlite3 commits in the same run.

Each store edit is one transaction committed with WAL and full sync, so its floor is
the raw commit; the ratio is what the store adds on top (target: at most 2).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from _bench import report

N = 40  # edits per round
ROUNDS = 5  # rounds alternate with the baseline, so both see the same disk


def _interleaved(edits, baseline) -> tuple[float, float]:
    """(store seconds, baseline seconds) over ROUNDS alternating rounds of N edits each.

    The cost of an fsync drifts a lot on a shared machine; alternating short rounds
    gives both sides the same drift.
    """
    ours = floor = 0.0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        baseline()
        floor += time.perf_counter() - start
        start = time.perf_counter()
        edits()
        ours += time.perf_counter() - start
    return ours, floor


def test_store_edits_against_raw_sqlite_commits(tmp_path: Path) -> None:
    from workbench.forms.library import builtin_form
    from workbench.store import create_engagement

    store = create_engagement(tmp_path / "e.wbk", client="A", title="B")
    servqual = builtin_form("servqual")
    pairs = [q.key for q in servqual.iter_questions() if q.type == "pair"]
    rating = store.new_interview(store.add_respondent("Ana").id, servqual)
    talk = store.new_interview(
        store.add_respondent("Ben").id, builtin_form("stakeholder-interview")
    )
    note = store.add_note(talk.id, "The escalation desk never calls back")
    code = store.add_code("Escalation")

    raw = sqlite3.connect(tmp_path / "raw.db", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE a (k TEXT PRIMARY KEY, v TEXT)")

    def baseline() -> None:
        for i in range(N):
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("INSERT OR REPLACE INTO a VALUES (?, ?)", (pairs[i % len(pairs)], str(i)))
            raw.execute("COMMIT")

    def ratings() -> None:
        for i in range(N):
            store.set_answer(rating.id, pairs[i % len(pairs)], {"E": 1 + i % 7, "P": 1 + i % 5})

    def texts() -> None:
        for i in range(N):
            store.set_answer(talk.id, "needs", f"Faster fixes, take {i}")

    def notes() -> None:
        for i in range(N):
            store.add_note(talk.id, f"Note {i}: the engineer came the next day")

    def coding() -> None:
        for i in range(N):
            store.code_segment(code.id, "note", note.id, 4, 14 + i % 10, coder=f"c{i // 10}")

    for name, edits in (
        ("rating answers", ratings),
        ("text answers", texts),
        ("notes added", notes),
        ("coded segments", coding),
    ):
        ours, floor = _interleaved(edits, baseline)
        count = N * ROUNDS
        report(f"{count} {name} through the store", ours, floor, f"{count} raw sqlite3 commits")
    raw.close()
    store.close()
