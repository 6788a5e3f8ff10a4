"""The everyday edits (an answer, a note's text, a coded segment, a respondent's field)
run on the driver's connection without an ORM session, and still commit at once, keep
the audit trail, roll back whole on error and wait for the whole-file check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.forms.library import builtin_form
from workbench.store import DamagedFile, Store, open_engagement


def _no_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Store) -> None:
        raise AssertionError("an everyday edit opened a session")

    monkeypatch.setattr(Store, "writing", refuse)


def _setup(store: Store) -> tuple[str, str, str, str]:
    rid = store.add_respondent("Ana", role="Lead").id
    iid = store.new_interview(rid, builtin_form("servqual")).id
    note = store.add_note(iid, "The service desk answers quickly.")
    code = store.add_code("Speed").id
    return rid, iid, note.id, code


def _events(path: Path) -> dict[str, tuple[str, str, str]]:
    """The audit trail by event id (ids sort by time; events of one millisecond in no
    particular order)."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT id, table_name, action, fields FROM audit_event ORDER BY id")
        return {row[0]: row[1:] for row in rows}
    finally:
        conn.close()


def test_everyday_edits_commit_without_a_session(
    store: Store, engagement_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rid, iid, note_id, code = _setup(store)
    key = next(q.key for q in builtin_form("servqual").iter_questions() if q.type == "pair")
    before = set(_events(engagement_path))
    _no_sessions(monkeypatch)
    assert store.set_answer(iid, key, {"E": 5, "P": 3}) is None
    assert store.set_answer(iid, key, {"E": 6, "P": 3}) == {"E": 5, "P": 3}
    assert store.update_note(note_id, "The desk answers quickly.") == (
        "The service desk answers quickly."
    )
    segment = store.code_segment(code, "note", note_id, 4, 8)
    assert store.update_respondent(rid, role="Manager") == {"role": "Lead"}
    store.add_note(iid, "A second note")
    # on disk at once, as another program reads it
    conn = sqlite3.connect(engagement_path)
    try:
        cells = dict(
            conn.execute(
                "SELECT item, num FROM answer WHERE interview_id = ? AND question_key = ?",
                (iid, key),
            ).fetchall()
        )
        assert cells == {"E": 6.0, "P": 3.0}
        assert conn.execute("SELECT body FROM note WHERE id = ?", (note_id,)).fetchone() == (
            "The desk answers quickly.",
        )
        assert conn.execute(
            "SELECT text FROM coded_segment WHERE id = ?", (segment.id,)
        ).fetchone() == ("desk",)
        assert conn.execute("SELECT role FROM respondent WHERE id = ?", (rid,)).fetchone() == (
            "Manager",
        )
    finally:
        conn.close()
    events = [e for i, e in _events(engagement_path).items() if i not in before]
    assert ("answer", "insert", "") in events and ("answer", "update", "value,num") in events
    assert ("note", "update", "body") in events
    assert ("coded_segment", "insert", "") in events
    assert ("respondent", "update", "role") in events
    # the search index caught up in the same transaction
    assert [h.ref_id for h in store.search("desk answers")] == [note_id]


def test_a_failed_edit_without_a_session_changes_nothing(
    store: Store, engagement_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _rid, iid, note_id, code = _setup(store)
    before = engagement_path.read_bytes(), len(_events(engagement_path))
    _no_sessions(monkeypatch)
    with pytest.raises(ValueError, match="outside the text"):
        store.code_segment(code, "note", note_id, 5, 500)
    with pytest.raises(KeyError):
        store.update_note("no such note", "text")
    with pytest.raises(KeyError):
        store.set_answer("no such interview", "x", 1)
    # the next edit goes ahead: no transaction was left open on the pooled connection
    store.update_note(note_id, "Changed")
    assert len(_events(engagement_path)) == before[1] + 1


def test_an_edit_without_a_session_waits_for_the_whole_file_check(
    engagement_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.store import database

    store = open_engagement(engagement_path, backup=False)
    rid, iid, note_id, _code = _setup(store)
    store.close()

    def damaged(path: Path, key: str | None = None) -> None:
        raise DamagedFile(f"{path}: the file is damaged")

    monkeypatch.setattr(database, "check_pages", damaged)
    store = open_engagement(engagement_path, check="later", backup=False)
    try:
        with pytest.raises(DamagedFile):
            store.update_note(note_id, "Changed")  # the check runs first, and refuses it
        with pytest.raises(DamagedFile):
            store.update_respondent(rid, role="Other")
    finally:
        store.close()
    store = open_engagement(engagement_path, backup=False)
    try:
        assert store.notes(iid)[0].body == "The service desk answers quickly."
        assert store.respondent(rid).role == "Lead"
    finally:
        store.close()
