"""The rows an everyday edit adds (an answer's history, a coded segment, a note, a new
answer cell) get time-ordered ids (UUID version 7), so they append to the indexes they go
in; ids stay unique and sort in the order the rows were made."""

from __future__ import annotations

import sqlite3
import time
import uuid

from workbench.forms.library import builtin_form
from workbench.store.models import time_ordered_id


def _ids(path, sql: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute(sql)]
    finally:
        conn.close()


def test_a_time_ordered_id_is_a_uuid7_of_the_time() -> None:
    before = time.time_ns() // 1_000_000
    made = [time_ordered_id() for _ in range(2000)]
    after = time.time_ns() // 1_000_000
    assert len(set(made)) == len(made)
    for text in made:
        value = uuid.UUID(text)
        assert str(value) == text and value.version == 7 and value.variant == uuid.RFC_4122
        assert before <= value.int >> 80 <= after
    # ids of later milliseconds sort later
    stamps = [uuid.UUID(t).int >> 80 for t in sorted(made)]
    assert stamps == sorted(stamps)


def test_rows_added_by_edits_get_time_ordered_ids(store) -> None:
    servqual = builtin_form("servqual")
    pairs = [q.key for q in servqual.iter_questions() if q.type == "pair"]
    rid = store.add_respondent("Ana").id
    iid = store.new_interview(rid, servqual).id
    code = store.add_code("Speed").id
    for i, key in enumerate(pairs[:6]):  # new cells
        store.set_answer(iid, key, {"E": 1 + i % 7, "P": 2})
    store.update_interview(iid, status="complete")
    for i in range(30):  # corrections of a complete interview: its history
        store.set_answer(iid, pairs[i % 6], {"E": 1 + i % 7, "P": 1 + (i + 1) % 7})
        if i % 10 == 0:
            time.sleep(0.003)
    notes = [store.add_note(iid, f"Note {i}: the desk called back").id for i in range(5)]
    segments = [store.code_segment(code, "note", notes[0], i, i + 4).id for i in range(10)]
    made = {
        "answer_change": _ids(store.path, "SELECT id FROM answer_change ORDER BY created_at"),
        "answer": _ids(store.path, "SELECT id FROM answer ORDER BY rowid"),
        "note": notes,
        "coded_segment": segments,
    }
    assert len(made["answer_change"]) >= 25  # (a value written again is no change)
    for table, ids in made.items():
        assert all(uuid.UUID(i).version == 7 for i in ids), table
        assert len(set(ids)) == len(ids), table
        stamps = [uuid.UUID(i).int >> 80 for i in ids]
        assert stamps == sorted(stamps), table  # made in this order, in time order
