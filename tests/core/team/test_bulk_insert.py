"""The bulk insert path writes exactly what the per-row insert triggers write (the audit
events, the cleared tombstones, the search queue), one statement per batch, and leaves the
triggers as they were."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from workbench.forms.library import builtin_form
from workbench.store import create_engagement
from workbench.team.audit import sign_in
from workbench.team.triggers import BulkInsert

STAMP = "2026-03-04 10:00:00.000000"
TABLES = ("respondent", "interview", "answer", "note")


def _rows(version: str) -> dict[str, tuple[list[str], list[tuple]]]:
    people = ["name", "role", "org_unit", "segment", "email", "attributes", "consent_given"]
    return {
        "respondent": (
            ["id", "created_at", "modified_at", *people],
            [(f"r{i}", STAMP, STAMP, f"P{i}", "", "", "staff", "", "{}", 0) for i in (1, 2)],
        ),
        "interview": (
            [
                "id",
                "created_at",
                "modified_at",
                "respondent_id",
                "form_version_id",
                "interviewer",
                "place",
                "status",
            ],
            [(f"i{i}", STAMP, STAMP, f"r{i}", version, "Jo", "", "complete") for i in (1, 2)],
        ),  # fmt: skip
        "answer": (
            [
                "id",
                "created_at",
                "modified_at",
                "interview_id",
                "question_key",
                "item",
                "value",
                "num",
                "text",
            ],
            [
                ("a1", STAMP, STAMP, "i1", "tan_1", "E", "6", 6.0, None),
                ("a2", STAMP, STAMP, "i1", "comment", "", '"Slow"', None, "Slow"),
                ("a3", STAMP, STAMP, "i2", "comment", "", '""', None, ""),
                ("a4", STAMP, STAMP, "i2", "tan_1", "E", "3", 3.0, None),
            ],
        ),  # fmt: skip
        "note": (
            ["id", "created_at", "modified_at", "interview_id", "body", "stamp", "position"],
            [("n1", STAMP, STAMP, "i1", "Queue at the desk", "00:01", 1)],
        ),
    }


@pytest.fixture
def engagement(tmp_path: Path) -> tuple[Path, str]:
    store = create_engagement(tmp_path / "e.wbk", client="Acme", title="Survey")
    try:
        sign_in(store, "Jo Whitfield")
        version = store.ensure_form_version(builtin_form("servqual")).id
    finally:
        store.close()
    conn = sqlite3.connect(tmp_path / "e.wbk")
    with conn:  # deleted once: its tombstone is cleared
        conn.execute(
            "INSERT INTO tombstone(table_name, row_id, deleted_at) VALUES ('answer', 'a2', ?)",
            (STAMP,),
        )
        # progress kept for interviews the insert adds answers to goes (another stays)
        conn.executemany(
            "INSERT INTO interview_progress(interview_id, answered, relevant) VALUES (?, 9, 9)",
            [("i1",), ("i2",), ("i9",)],
        )
    conn.close()  # (checkpointed: a copy of the file holds it all)
    return tmp_path / "e.wbk", version


def _written(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        return {
            "events": conn.execute(
                "SELECT actor, table_name, row_id, parent_id, action, fields, detail "
                "FROM audit_event WHERE action = 'insert' AND table_name IN "
                "('respondent', 'interview', 'answer', 'note') ORDER BY table_name, row_id"
            ).fetchall(),
            "tombstones": conn.execute("SELECT * FROM tombstone ORDER BY 1, 2").fetchall(),
            "search": conn.execute("SELECT * FROM search_pending ORDER BY 1").fetchall(),
            "progress": conn.execute(
                "SELECT interview_id, answered, relevant FROM interview_progress ORDER BY 1"
            ).fetchall(),
            "triggers": conn.execute(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY 1"
            ).fetchall(),
        }


def _insert(
    path: Path, bulk: bool, merging: int = 0, told_by_parent: tuple[str, ...] = ()
) -> None:
    rows = _rows(_version(path))
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("UPDATE team_state SET merging = ?", (merging,))
        conn.execute("BEGIN IMMEDIATE")
        if bulk:
            with BulkInsert(conn, TABLES, told_by_parent=told_by_parent) as held:
                for table in TABLES:
                    columns, values = rows[table]
                    held.insert(table, columns, values[:1])  # two batches
                    held.insert(table, columns, values[1:])
        else:  # row by row, through the triggers
            for table in TABLES:
                columns, values = rows[table]
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})",
                    values,
                )
        conn.execute("COMMIT")
        conn.execute("UPDATE team_state SET merging = 0")
    finally:
        conn.close()


def _version(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT id FROM form_version").fetchone()[0]


@pytest.mark.parametrize("merging", [0, 1])
def test_a_bulk_insert_writes_what_the_triggers_write(
    engagement: tuple[Path, str], tmp_path: Path, merging: int
) -> None:
    path, _ = engagement
    by_trigger = shutil.copyfile(path, tmp_path / "trigger.wbk")
    before = _written(path)
    _insert(by_trigger, bulk=False, merging=merging)
    _insert(path, bulk=True, merging=merging)
    expected, got = _written(by_trigger), _written(path)
    assert got == expected
    assert got["triggers"] == before["triggers"]  # re-created word for word
    assert got["tombstones"] == []  # the deleted answer's id came back: its tombstone went
    assert got["search"] == [("a2", "answer"), ("n1", "note")]  # texts only, not ""
    assert got["progress"] == [("i9", 9, 9)]  # the answered interviews' progress went
    if merging:  # a merge writes no events, by either path
        assert got["events"] == []
    else:
        assert len(got["events"]) == 9 and got["events"][0][:2] == ("Jo Whitfield", "answer")
        assert ("Jo Whitfield", "answer", "a2", "i1", "insert", "", "comment") in got["events"]
        assert ("Jo Whitfield", "respondent", "r1", None, "insert", "", None) in got["events"]


def test_rows_told_by_their_parent_write_no_event_and_the_rest_is_the_same(
    engagement: tuple[Path, str], tmp_path: Path
) -> None:
    """An import's answers are recorded by their interview's event: no event of their own,
    and everything else (the other tables' events, the tombstone cleared, the search queue,
    the progress dropped, the triggers back) exactly as the triggers write it."""
    path, _ = engagement
    by_trigger = shutil.copyfile(path, tmp_path / "trigger.wbk")
    _insert(by_trigger, bulk=False)
    _insert(path, bulk=True, told_by_parent=("answer",))
    expected, got = _written(by_trigger), _written(path)
    assert got["events"] == [e for e in expected["events"] if e[1] != "answer"]
    assert len(got["events"]) == 5  # two respondents, two interviews, a note
    assert ("Jo Whitfield", "interview", "i1", "r1", "insert", "", None) in got["events"]
    for part in ("tombstones", "search", "progress", "triggers"):
        assert got[part] == expected[part], part
    assert got["tombstones"] == []


def test_bulk_event_ids_are_time_ordered_and_unique(engagement: tuple[Path, str]) -> None:
    path, _ = engagement
    _insert(path, bulk=True)
    with sqlite3.connect(path) as conn:
        ids = [
            i
            for (i,) in conn.execute(
                "SELECT e.id FROM audit_event e JOIN answer a ON a.id = e.row_id ORDER BY a.rowid"
            )
        ]
    assert len(ids) == 4 == len(set(ids))
    assert ids == sorted(ids) and all(len(i) == 32 and i[12] == "7" for i in ids)


def test_a_failed_bulk_insert_leaves_the_file_as_it_was(engagement: tuple[Path, str]) -> None:
    path, version = engagement
    before = _written(path)
    rows = _rows(version)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(RuntimeError):  # outside a transaction: refused, nothing dropped
            BulkInsert(conn, TABLES).__enter__()
        conn.execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.IntegrityError), BulkInsert(conn, TABLES) as held:
            held.insert("respondent", *rows["respondent"])
            held.insert("answer", *rows["answer"])  # no such interviews yet
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    assert _written(path) == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM respondent").fetchone() == (0,)


def test_a_bulk_insert_holds_back_the_per_row_progress_trigger(
    engagement: tuple[Path, str],
) -> None:
    """The answers' per-row trigger that drops kept progress is held back too (one
    statement per batch does its work), and is back once the insert is done."""
    path, _ = engagement
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        with BulkInsert(conn, TABLES) as held:
            assert "answer_progress_insert" in held.held
            inside = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'answer_progress_insert'"
            ).fetchone()
        after = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'answer_progress_insert'"
        ).fetchone()
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    assert inside is None and after == (1,)
