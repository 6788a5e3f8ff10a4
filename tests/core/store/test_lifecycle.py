"""Creating, opening, upgrading, copying and backing up engagement files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.store import SCHEMA_HEAD, create_engagement, database, list_backups, open_engagement


def test_new_file_has_pragmas_and_the_head_schema(engagement_path: Path) -> None:
    conn = sqlite3.connect(engagement_path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == database.APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_HEAD
    finally:
        conn.close()


def test_create_refuses_to_overwrite(engagement_path: Path) -> None:
    before = engagement_path.read_bytes()
    with pytest.raises(database.EngagementFileError, match="already exists"):
        create_engagement(engagement_path, client="X", title="Y")
    assert engagement_path.read_bytes() == before


def test_edits_persist_across_reopen(engagement_path: Path) -> None:
    with open_engagement(engagement_path) as store:
        store.update_engagement(scope="Service desk and field support", consultants=["Jo", "Sam"])
        store.add_wave("re-audit")
        ana = store.add_respondent(
            "Ana Lopez",
            role="Service owner",
            segment="internal customer",
            attributes={"site": "Leeds"},
            consent_given=True,
        )
    with open_engagement(engagement_path) as store:
        eng = store.engagement()
        assert eng.scope == "Service desk and field support"
        assert eng.consultants == ["Jo", "Sam"]
        assert [w.name for w in store.waves()] == ["baseline", "re-audit"]
        again = store.respondent(ana.id)
        assert again.attributes == {"site": "Leeds"}
        assert again.consent_given and again.consent_at is not None


def test_models_and_migrations_agree(engagement_path: Path) -> None:
    """The live models describe exactly the schema the migrations build."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from workbench.store.models import Base

    engine = create_engine(f"sqlite:///{engagement_path}")
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    # The FTS5 index and its shadow tables live outside the models on purpose.
    diffs = [
        d for d in diffs if not (d[0] == "remove_table" and d[1].name.startswith("search_index"))
    ]
    assert diffs == []


def test_known_revisions_match_the_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(database.MIGRATIONS_DIR))
    scripts = ScriptDirectory.from_config(cfg)
    assert scripts.get_current_head() == SCHEMA_HEAD
    chain = [rev.revision for rev in scripts.walk_revisions()]
    assert tuple(reversed(chain)) == database.SCHEMA_REVISIONS


def test_upgrade_from_the_first_schema_keeps_data_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.wbk"
    database.migrate(path, "0001")
    conn = sqlite3.connect(path)
    now = "2025-03-01 10:00:00"
    conn.executescript(
        f"""
        INSERT INTO engagement (id, client, title, scope, consultants, created_at, modified_at)
            VALUES ('e1', 'Old Client', 'First review', '', '[]', '{now}', '{now}');
        INSERT INTO respondent (id, name, role, org_unit, segment, email, attributes,
            consent_given, created_at, modified_at)
            VALUES ('r1', 'Ben Okafor', 'Buyer', 'Procurement', 'external customer', '',
                    '{{}}', 0, '{now}', '{now}');
        INSERT INTO form_version (id, form_id, version, title, fingerprint, definition, source,
            created_at, modified_at)
            VALUES ('f1', 'stakeholder-interview', 1, 'Interview', 'abc', '{{}}', 'builtin',
                    '{now}', '{now}');
        INSERT INTO interview (id, respondent_id, form_version_id, interviewer, place, status,
            created_at, modified_at)
            VALUES ('i1', 'r1', 'f1', 'Jo', '', 'complete', '{now}', '{now}');
        INSERT INTO note (id, interview_id, body, stamp, position, created_at, modified_at)
            VALUES ('n1', 'i1', 'The escalation desk never calls back', '', 0, '{now}', '{now}');
        """
    )
    conn.commit()
    conn.close()
    original = path.read_bytes()

    store = open_engagement(path)
    try:
        assert store.schema_revision() == SCHEMA_HEAD
        assert "upgraded from schema 0001" in store.notice
        assert store.engagement().client == "Old Client"
        assert [r.name for r in store.respondents()] == ["Ben Okafor"]
        # The migration indexed the notes the file already held.
        assert [hit.interview_id for hit in store.search("escalation")] == ["i1"]
    finally:
        store.close()
    backup = path.with_name("old.wbk.schema-0001.bak")
    assert backup.read_bytes() == original


def test_save_a_copy(store, tmp_path: Path) -> None:
    store.add_respondent("Ana Lopez")
    copy = store.save_copy(tmp_path / "copy.wbk")
    with open_engagement(copy) as other:
        assert [r.name for r in other.respondents()] == ["Ana Lopez"]


def test_rolling_backups_keep_the_newest_few(engagement_path: Path) -> None:
    for _ in range(database.ROLLING_BACKUPS + 2):
        open_engagement(engagement_path).close()
    backups = list_backups(engagement_path)
    assert len(backups) == database.ROLLING_BACKUPS
    with open_engagement(backups[0]) as restored:
        assert restored.engagement().client == "Acme Ltd"


def test_a_backup_in_the_background_is_written_before_the_store_closes(
    engagement_path: Path, monkeypatch
) -> None:
    """The window opens with the rolling backup on a thread of its own: the engagement is
    usable at once, and closing waits for the backup, which is a whole, readable copy."""
    import threading

    before = list_backups(engagement_path)
    gate = threading.Event()
    real = database.rolling_backup
    monkeypatch.setattr(database, "rolling_backup", lambda *a, **k: gate.wait(5) and real(*a, **k))
    store = open_engagement(engagement_path, backup="background")
    assert store.counts()["respondents"] >= 0  # usable while the backup waits
    assert list_backups(engagement_path) == before
    gate.set()
    store.close()
    after = list_backups(engagement_path)
    assert len(after) == len(before) + 1
    with open_engagement(after[0], read_only=True) as copy:
        assert copy.engagement().title
