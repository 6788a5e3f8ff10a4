"""The audit trail watches every column an edit may change, in new files and upgraded ones,
and a merge settles those columns by the trail's times."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from workbench.store import database, open_engagement
from workbench.store.models import Base
from workbench.store.schema_check import _words, expected_triggers, foreign_objects
from workbench.team.merge import merge_into
from workbench.team.state import ORDER
from workbench.team.triggers import AUDITED, LINK_TABLE, UNWATCHED


def test_the_triggers_watch_every_column_of_the_models() -> None:
    """A column added to a model without its audit trigger fails here."""
    missing = {}
    for table, (_, watched) in AUDITED.items():
        columns = {c.name for c in Base.metadata.tables[table].columns} - set(UNWATCHED)
        if columns - set(watched):
            missing[table] = sorted(columns - set(watched))
        assert not set(watched) - columns, f"{table}: watches columns it does not have"
    assert missing == {}, f"columns no audit trigger records: {missing}"
    # Every table a merge carries has its trail (the finding links have tombstones only).
    assert set(ORDER) - {LINK_TABLE} <= set(AUDITED)


def test_a_file_upgraded_from_0008_has_the_head_triggers(tmp_path: Path) -> None:
    path = tmp_path / "old.wbk"
    database.migrate(path, "0008")
    database.migrate(path, database.SCHEMA_HEAD)
    conn = sqlite3.connect(path)
    made = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    expected = expected_triggers(database.SCHEMA_HEAD)
    assert {k: _words(v) for k, v in made.items()} == {k: _words(v) for k, v in expected.items()}
    assert foreign_objects(conn, database.SCHEMA_HEAD) == []
    conn.close()


def _fields(store, table: str, row_id: str) -> list[str]:
    with store.session() as s:
        rows = s.execute(
            text(
                "SELECT fields FROM audit_event WHERE table_name = :t AND row_id = :r "
                "AND action = 'update'"
            ),
            {"t": table, "r": row_id},
        ).all()
    return [name for (fields,) in rows for name in fields.split(",")]


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("note", "speaker", "respondent:Colin"),
        ("code", "codable", 0),
        ("interview", "source_ref", "kobo:123"),
        ("engagement", "code_sets", '[{"name": "Set"}]'),
    ],
)
def test_an_edit_of_a_later_column_is_recorded(demo_master, tmp_path, table, column, value):
    path = tmp_path / "demo.wbk"
    shutil.copyfile(demo_master, path)
    with open_engagement(path) as store:
        with store.session() as s:
            row_id = s.execute(text(f"SELECT id FROM {table} LIMIT 1")).scalar_one()
            s.execute(text(f"UPDATE {table} SET {column} = :v WHERE id = :i"), {"v": value, "i": row_id})
            s.commit()
        assert column in _fields(store, table, row_id)


def test_history_names_a_changed_speaker(demo_master, tmp_path) -> None:
    from workbench.team.audit import history

    path = tmp_path / "demo.wbk"
    shutil.copyfile(demo_master, path)
    with open_engagement(path) as store:
        iv = store.interview_rows()[0]
        note = store.add_note(iv.id, "The desk calls back within the hour.")
        with store.session() as s:
            s.execute(text("UPDATE note SET speaker = 'Interviewer' WHERE id = :i"), {"i": note.id})
            s.commit()
        lines = [line.what for line in history(store, iv.respondent_id)]
    assert any(line.startswith("note") and "(speaker)" in line for line in lines), lines


def _set_speaker(path: Path, note_id: str, speaker: str) -> None:
    with open_engagement(path) as store, store.session() as s:
        s.execute(text("UPDATE note SET speaker = :v WHERE id = :i"), {"v": speaker, "i": note_id})
        s.commit()


def test_a_merge_keeps_the_newer_speaker_by_the_trail(two_copies) -> None:
    """Ben renames a speaker after both had it as "Zoe"; his newer edit wins although its
    value sorts first (without the trail the tie went to the larger value)."""
    a, b = two_copies
    with open_engagement(a, read_only=True) as store, store.session() as s:
        note_id = s.execute(text("SELECT id FROM note LIMIT 1")).scalar_one()
    _set_speaker(a, note_id, "Zoe")
    time.sleep(0.01)
    _set_speaker(b, note_id, "Zoe")
    time.sleep(0.01)
    _set_speaker(b, note_id, "Anna")
    with open_engagement(a) as target, open_engagement(b, read_only=True) as source:
        merge_into(target, source, source_label=str(b))
        with target.session() as s:
            speaker = s.execute(
                text("SELECT speaker FROM note WHERE id = :i"), {"i": note_id}
            ).scalar_one()
    assert speaker == "Anna"
