"""Audit events get time-ordered ids (schema 0012): the time in milliseconds, then random
digits, 32 hex digits as before; so new events append to the trail's index in order."""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from workbench.store import create_engagement, database, open_engagement
from workbench.store.schema_check import _words, expected_triggers, foreign_objects
from workbench.team.triggers import EVENT_IDS, team_triggers

ID = re.compile(r"^[0-9a-f]{12}7[0-9a-f]{19}$")


def _events(path: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, at, table_name FROM audit_event ORDER BY id").fetchall()
    finally:
        conn.close()


def _millis(at: str) -> int:
    stamp = datetime.fromisoformat(at).replace(tzinfo=UTC)
    return round(stamp.timestamp() * 1000)


def _triggers(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return {
            name: _words(sql)
            for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            )
        }
    finally:
        conn.close()


def test_ids_are_unique_and_sort_by_time_over_many_quick_edits(tmp_path: Path) -> None:
    path = tmp_path / "e.wbk"
    store = create_engagement(path, client="A", title="B")
    try:
        people = [store.add_respondent(f"R{i}").id for i in range(5)]
        for i in range(300):  # one committed edit each, through the store's plain SQL
            store.update_respondent(people[i % 5], role=f"Role {i}")
            if i % 100 == 0:
                time.sleep(0.005)  # a few later milliseconds for certain
        with store.raw_writing() as conn:  # many events from one statement
            conn.execute("UPDATE respondent SET org_unit = 'Finance'")
    finally:
        store.close()
    events = _events(path)
    ids = [event_id for event_id, _, _ in events]
    assert len(events) > 300
    assert len(set(ids)) == len(ids)
    assert all(ID.match(event_id) for event_id in ids), ids[:3]
    # the first 12 digits are the event's time, to the millisecond
    assert all(int(event_id[:12], 16) == _millis(at) for event_id, at, _ in events)
    by_id = sorted(events)
    assert [at for _, at, _ in by_id] == sorted(at for _, at, _ in events)
    assert len({at for _, at, _ in events}) > 3
    # the events of one statement share the millisecond and differ in the rest
    last = [event_id for event_id, _, _ in events[-5:]]
    assert len({event_id[:12] for event_id in last}) == 1 and len(set(last)) == 5


def test_a_file_of_schema_0011_gets_the_new_triggers(tmp_path: Path) -> None:
    path = tmp_path / "old.wbk"
    database.migrate(path, "0011")
    random_id = _words(EVENT_IDS["0006"])
    events = [sql for sql in _triggers(path).values() if "audit_event" in sql]
    assert len(events) == 3 * 15 and all(random_id in sql for sql in events)
    conn = sqlite3.connect(path)
    with conn:  # an event under the old triggers
        conn.execute(
            "INSERT INTO respondent (id, name, role, org_unit, segment, email, attributes, "
            "consent_given, created_at, modified_at) VALUES ('r1', 'Ana', '', '', '', '', '{}', "
            "0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
    (old_event,) = conn.execute("SELECT id FROM audit_event").fetchone()
    conn.close()

    database.migrate(path, database.SCHEMA_HEAD)
    made = _triggers(path)
    head = expected_triggers(database.SCHEMA_HEAD)
    assert made == {name: _words(sql) for name, sql in head.items()}
    assert not any(random_id in sql for sql in made.values())
    conn = sqlite3.connect(path)
    try:
        assert foreign_objects(conn, database.SCHEMA_HEAD) == []
    finally:
        conn.close()
    with open_engagement(path, backup=False) as store:
        store.update_respondent("r1", role="Lead")
    ids = [event_id for event_id, _, _ in _events(path)]
    assert old_event in ids  # the events already kept keep their ids
    (new,) = [event_id for event_id in ids if event_id != old_event]
    assert ID.match(new) and abs(int(new[:12], 16) - time.time() * 1000) < 60_000


def test_the_0011_triggers_are_those_files_of_0011_were_made_with() -> None:
    """A file of 0011 is checked against its own triggers, not the new ones."""
    old = {statement.split()[2]: statement for statement in team_triggers("0011")}
    new = {statement.split()[2]: statement for statement in team_triggers("0012")}
    assert set(new) == set(old) == {s.split()[2] for s in team_triggers()}
    assert {n: s for n, s in expected_triggers("0011").items() if n in old} == old
    assert {n: s for n, s in expected_triggers("0012").items() if n in new} == new
    events = [name for name, sql in old.items() if "audit_event" in sql]
    assert len(events) == 3 * 15
    assert all(EVENT_IDS["0006"] in old[name] for name in events)
    assert all(EVENT_IDS["0012"] in new[name] for name in events)


def test_an_answer_correction_writes_no_event_of_its_own_since_0013(tmp_path: Path) -> None:
    """The correction row is the answer's history; the answer's own event records the
    edit, so a correction of a completed interview writes one event, not two."""
    from workbench.forms.library import builtin_form

    path = tmp_path / "c.wbk"
    store = create_engagement(path, client="A", title="B")
    try:
        form = builtin_form("servqual")
        key = next(q.key for q in form.iter_questions() if q.type == "pair")
        iid = store.new_interview(store.add_respondent("Ana").id, form).id
        store.set_answer(iid, key, {"E": 5, "P": 3})
        store.update_interview(iid, status="complete")
        before = {event_id for event_id, _, _ in _events(path)}
        store.set_answer(iid, key, {"E": 6, "P": 3})
        assert [c.new_value for c in store.answer_changes(iid)] == [{"E": 6, "P": 3}]
    finally:
        store.close()
    conn = sqlite3.connect(path)
    try:
        added = conn.execute(
            "SELECT table_name, action, fields, detail FROM audit_event WHERE id NOT IN "
            f"({', '.join('?' * len(before))})",
            tuple(before),
        ).fetchall()
    finally:
        conn.close()
    assert added == [("answer", "update", "value,num", key)]
