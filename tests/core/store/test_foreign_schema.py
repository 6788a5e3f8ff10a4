"""A file carrying triggers, views or tables Workbench did not create is refused unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.forms.library import builtin_form
from workbench.store import (
    ForeignSchema,
    check_engagement,
    create_engagement,
    database,
    open_engagement,
)
from workbench.store.schema_check import _words, expected_triggers, foreign_objects


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _plant(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _refused(path: Path, *names: str) -> None:
    before = _snapshot(path.parent)
    with pytest.raises(ForeignSchema) as info:
        open_engagement(path)
    for name in names:
        assert name in str(info.value)
    assert str(path) in str(info.value)
    problems = check_engagement(path)
    assert len(problems) == 1 and all(name in problems[0] for name in names)
    assert main(["check", str(path)]) == 1
    assert main(["info", str(path)]) == 1
    assert _snapshot(path.parent) == before  # not a byte written, no side file left


@pytest.fixture
def with_interview(engagement_path: Path) -> tuple[Path, str]:
    with open_engagement(engagement_path) as store:
        ana = store.add_respondent("Ana Lopez")
        iv = store.new_interview(ana.id, builtin_form("stakeholder-interview"))
    return engagement_path, iv.id


def test_a_trigger_that_swallows_notes_is_refused(with_interview) -> None:
    path, iv = with_interview
    _plant(
        path,
        "CREATE TRIGGER note_guard BEFORE INSERT ON note BEGIN SELECT RAISE(IGNORE); END",
    )
    _refused(path, "trigger note_guard on note")


def test_a_trigger_that_copies_notes_to_a_hidden_table_is_refused(with_interview) -> None:
    path, iv = with_interview
    _plant(
        path,
        "CREATE TABLE note_archive (body TEXT)",
        "CREATE TRIGGER note_keep AFTER INSERT ON note BEGIN "
        "INSERT INTO note_archive VALUES (new.body); END",
    )
    _refused(path, "trigger note_keep on note", "table note_archive")


def test_a_view_and_a_changed_workbench_trigger_are_refused(with_interview) -> None:
    path, iv = with_interview
    _plant(
        path,
        "CREATE VIEW everything AS SELECT body FROM note",
        "DROP TRIGGER note_search_pending_insert",
        "CREATE TRIGGER note_search_pending_insert AFTER INSERT ON note BEGIN "
        "DELETE FROM note WHERE id = new.id; END",
    )
    _refused(path, "view everything", "note_search_pending_insert on note (changed")


def test_connections_distrust_the_schema(store) -> None:
    raw = store._engine.raw_connection()
    try:
        assert raw.driver_connection.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    finally:
        raw.close()


def test_the_lists_match_what_the_migrations_build(tmp_path: Path) -> None:
    for revision in ("0003", database.SCHEMA_HEAD):
        expected = expected_triggers(revision)
        path = tmp_path / f"{revision}.wbk"
        database.migrate(path, revision)
        conn = sqlite3.connect(path)
        made = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        assert {k: _words(v) for k, v in made.items()} == {
            k: _words(v) for k, v in expected.items()
        }
        assert foreign_objects(conn, revision) == []
        conn.close()


def test_a_healthy_new_file_is_not_flagged(tmp_path: Path) -> None:
    path = tmp_path / "fresh.wbk"
    create_engagement(path, client="A", title="B").close()
    assert check_engagement(path) == []


def test_check_can_remove_what_workbench_did_not_create(with_interview, capsys) -> None:
    path, iv = with_interview
    _plant(
        path,
        "CREATE TABLE note_archive (body TEXT)",
        "CREATE TRIGGER note_keep AFTER INSERT ON note BEGIN "
        "INSERT INTO note_archive VALUES (new.body); END",
        "CREATE TRIGGER note_guard BEFORE INSERT ON note BEGIN SELECT RAISE(IGNORE); END",
        "DROP TRIGGER note_search_pending_delete",
        "CREATE TRIGGER note_search_pending_delete AFTER DELETE ON note BEGIN SELECT 1; END",
    )
    original = path.read_bytes()
    with pytest.raises(ForeignSchema, match="--remove-foreign"):
        open_engagement(path)
    capsys.readouterr()
    assert main(["check", "--remove-foreign", str(path)]) == 0
    out = capsys.readouterr().out
    assert "note_keep" in out and "note_guard" in out and "note_archive" in out
    assert "note_search_pending_delete put back" in out
    assert path.with_name("acme.wbk.before-cleanup.bak").read_bytes() == original
    assert check_engagement(path) == []
    with open_engagement(path) as store:
        note = store.add_note(iv, "Stored for real")
        assert [n.id for n in store.notes(iv)] == [note.id]
        store.delete_note(note.id)
        assert store.search("stored") == []
    assert check_engagement(path) == []
    # Nothing left to remove: the command changes nothing and makes no copy.
    path.with_name("acme.wbk.before-cleanup.bak").unlink()
    assert main(["check", "--remove-foreign", str(path)]) == 0
    assert not path.with_name("acme.wbk.before-cleanup.bak").exists()
