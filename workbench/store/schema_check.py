"""What Workbench puts in an engagement file's schema, and what it did not put there.

A trigger, view or table in the file is code and data that SQLite runs and keeps on
every edit: a trigger planted by someone else could swallow notes or copy them where a
purge does not reach.  The file's ``sqlite_master`` is compared with what Workbench's
migrations create; anything else is named, and the file is refused before a byte of it
is written.  A test checks that these lists match what the migrations build.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass

from workbench.store.progress import PROGRESS_TRIGGERS, progress_triggers
from workbench.team.triggers import TRIGGERS_HEAD, team_triggers

# The FTS5 search index and the tables FTS5 keeps for it.
SEARCH_TABLES = frozenset(
    {
        "search_index",
        "search_index_config",
        "search_index_content",
        "search_index_data",
        "search_index_docsize",
        "search_index_idx",
    }
)


def _by_name(statements: list[str]) -> dict[str, str]:
    return {statement.split()[2]: statement for statement in statements}


# Tables SQLite itself may add (ANALYZE, PRAGMA optimize, AUTOINCREMENT).
SQLITE_TABLES = frozenset({"sqlite_stat1", "sqlite_stat4", "sqlite_sequence"})

# The triggers of the head schema (migration 0004), word for word: they only note which
# texts changed, in a plain table.
TRIGGERS = _by_name(
    [
        """CREATE TRIGGER note_search_pending_insert AFTER INSERT ON note BEGIN
            INSERT OR REPLACE INTO search_pending(ref_id, kind) VALUES (new.id, 'note');
        END""",
        """CREATE TRIGGER note_search_pending_update AFTER UPDATE OF id, body, interview_id ON note
        BEGIN
            INSERT OR REPLACE INTO search_pending(ref_id, kind) VALUES (old.id, 'note');
            INSERT OR REPLACE INTO search_pending(ref_id, kind) VALUES (new.id, 'note');
        END""",
        """CREATE TRIGGER note_search_pending_delete AFTER DELETE ON note BEGIN
            INSERT OR REPLACE INTO search_pending(ref_id, kind) VALUES (old.id, 'note');
        END""",
        """CREATE TRIGGER answer_search_pending_insert AFTER INSERT ON answer
        WHEN new.text IS NOT NULL AND new.text != '' BEGIN
            INSERT OR REPLACE INTO search_pending(ref_id, kind) VALUES (new.id, 'answer');
        END""",
        """CREATE TRIGGER answer_search_pending_update AFTER UPDATE OF id, text, interview_id
        ON answer BEGIN
            INSERT OR REPLACE INTO search_pending(ref_id, kind) VALUES (old.id, 'answer');
            INSERT OR REPLACE INTO search_pending(ref_id, kind) VALUES (new.id, 'answer');
        END""",
        """CREATE TRIGGER answer_search_pending_delete AFTER DELETE ON answer BEGIN
            INSERT OR REPLACE INTO search_pending(ref_id, kind) VALUES (old.id, 'answer');
        END""",
    ]
)
# The audit-trail and tombstone triggers of schema 0006, and of the head schema (0009 and
# 0011 recreated the update triggers of the tables given columns, 0012 every audit
# trigger, for time-ordered event ids).
TEAM_TRIGGERS_0006 = _by_name(team_triggers("0006"))
TEAM_TRIGGERS = _by_name(team_triggers())
# The newest revision that recreated audit triggers (older heads' files keep theirs).
SCHEMA_TRIGGERS_HEAD = TRIGGERS_HEAD
# The triggers that drop an interview's kept progress when its answers change (0010; 0013
# keeps it when a value changes in place on a form whose relevance no answer decides).
INTERVIEW_PROGRESS_TRIGGERS = _by_name(PROGRESS_TRIGGERS)
# The search triggers of schemas 0002 and 0003, which 0004 replaces.
OLD_TRIGGERS = _by_name(
    [
        """CREATE TRIGGER note_search_insert AFTER INSERT ON note BEGIN
            INSERT INTO search_index(body, kind, ref_id, interview_id)
            VALUES (new.body, 'note', new.id, new.interview_id);
        END""",
        """CREATE TRIGGER note_search_update AFTER UPDATE OF body, interview_id ON note BEGIN
            DELETE FROM search_index WHERE ref_id = old.id;
            INSERT INTO search_index(body, kind, ref_id, interview_id)
            VALUES (new.body, 'note', new.id, new.interview_id);
        END""",
        """CREATE TRIGGER note_search_delete AFTER DELETE ON note BEGIN
            DELETE FROM search_index WHERE ref_id = old.id;
        END""",
        """CREATE TRIGGER answer_search_insert AFTER INSERT ON answer
            WHEN new.text IS NOT NULL AND new.text != '' BEGIN
            INSERT INTO search_index(body, kind, ref_id, interview_id)
            VALUES (new.text, 'answer', new.id, new.interview_id);
        END""",
        """CREATE TRIGGER answer_search_update_old AFTER UPDATE OF text ON answer
            WHEN old.text IS NOT NULL AND old.text != '' BEGIN
            DELETE FROM search_index WHERE ref_id = old.id;
        END""",
        """CREATE TRIGGER answer_search_update_new AFTER UPDATE OF text ON answer
            WHEN new.text IS NOT NULL AND new.text != '' BEGIN
            INSERT INTO search_index(body, kind, ref_id, interview_id)
            VALUES (new.text, 'answer', new.id, new.interview_id);
        END""",
        """CREATE TRIGGER answer_search_delete AFTER DELETE ON answer
            WHEN old.text IS NOT NULL AND old.text != '' BEGIN
            DELETE FROM search_index WHERE ref_id = old.id;
        END""",
    ]
)


def _words(sql: str | None) -> str:
    """SQL with its layout taken out (runs of white space count as one space)."""
    text = re.sub(r"\s+", " ", sql or "").strip()
    return re.sub(r"\s*([(),;])\s*", r"\1", text)


# The models' tables and indexes, by name: a file is checked before SQLAlchemy and the
# models are imported (a test compares these with the models).
MODEL_TABLES = frozenset(
    {
        "answer", "answer_change", "audit_event", "code", "coded_segment", "engagement",
        "finding", "form_version", "interview", "interview_progress", "memo", "merge_report", "note",
        "planned_interview", "recommendation", "recommendation_finding", "report_entry",
        "respondent", "search_pending", "search_ref", "team_state", "tombstone", "wave",
    }
)  # fmt: skip
MODEL_INDEXES = frozenset(
    {
        "ix_answer_change_interview_id", "ix_audit_event_parent_id",
        "ix_audit_event_row_id", "ix_code_deleted_at", "ix_code_parent_id",
        "ix_coded_segment_code_id", "ix_coded_segment_deleted_at",
        "ix_coded_segment_interview_id", "ix_coded_segment_source_id",
        "ix_finding_deleted_at", "ix_form_version_form_id", "ix_interview_deleted_at",
        "ix_interview_form_version_id", "ix_interview_respondent_id", "ix_memo_deleted_at",
        "ix_memo_target_id", "ix_note_interview_id", "ix_note_interview_id_position",
        "ix_planned_interview_deleted_at", "ix_recommendation_deleted_at",
        "ix_report_entry_deleted_at", "ix_respondent_deleted_at",
    }
)  # fmt: skip


# Indexes earlier schemas made that a later one dropped, by the revision that dropped them.
DROPPED_INDEXES = {"ix_audit_event_at": "0010"}


def model_tables_and_indexes() -> tuple[set[str], set[str]]:
    """The tables and indexes the models declare (what the lists above must say)."""
    from workbench.store.models import Base

    tables = set(Base.metadata.tables)
    indexes = {ix.name for table in Base.metadata.tables.values() for ix in table.indexes}
    return tables, {str(name) for name in indexes}


def _expected_tables_and_indexes() -> tuple[set[str], set[str]]:
    return set(MODEL_TABLES) | {"alembic_version"} | SEARCH_TABLES, set(MODEL_INDEXES)


@dataclass(frozen=True)
class Foreign:
    """An object in the file's schema that Workbench did not create as it stands."""

    kind: str  # table | index | trigger | view
    name: str
    table: str
    changed: bool = False  # a Workbench trigger whose text someone altered

    def __str__(self) -> str:
        where = f" on {self.table}" if self.kind in ("trigger", "index") else ""
        note = " (changed from what Workbench made)" if self.changed else ""
        return f"{self.kind} {self.name}{where}{note}"


def expected_triggers(revision: str) -> dict[str, str]:
    """The triggers Workbench creates at ``revision``, by name."""
    if revision < "0004":
        return dict(OLD_TRIGGERS)
    if revision < "0006":
        return dict(TRIGGERS)
    if revision < "0009":
        return {**TRIGGERS, **TEAM_TRIGGERS_0006}
    team = TEAM_TRIGGERS
    if revision < SCHEMA_TRIGGERS_HEAD:
        team = _by_name(team_triggers(revision))
    if revision < "0010":
        return {**TRIGGERS, **team}
    return {**TRIGGERS, **team, **_by_name(progress_triggers(revision))}


@functools.lru_cache(maxsize=4)
def _expected_words(revision: str) -> dict[str, str]:
    return {name: _words(sql) for name, sql in expected_triggers(revision).items()}


def find_foreign(conn: sqlite3.Connection, revision: str) -> list[Foreign]:
    """The triggers, views, tables and indexes in the file that Workbench did not create
    (or that differ from what it created)."""
    tables, indexes = _expected_tables_and_indexes()
    indexes |= {name for name, dropped in DROPPED_INDEXES.items() if revision < dropped}
    made = expected_triggers(revision)
    triggers = _expected_words(revision)
    found: list[Foreign] = []
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    for kind, name, table, sql in rows:
        if kind == "table" and (name in tables or name in SQLITE_TABLES):
            continue
        if kind == "index" and (name in indexes or (sql is None and name.startswith("sqlite_"))):
            continue
        if kind == "trigger" and name in triggers:
            if sql != made[name] and _words(sql) != triggers[name]:
                found.append(Foreign(kind, name, table, changed=True))
            continue
        found.append(Foreign(kind, name, table))
    return found


def foreign_objects(conn: sqlite3.Connection, revision: str) -> list[str]:
    """:func:`find_foreign` in words, e.g. ``trigger note_copy on note``."""
    return [str(item) for item in find_foreign(conn, revision)]


def remove_foreign(conn: sqlite3.Connection, revision: str) -> list[str]:
    """Within the caller's transaction: drop what :func:`find_foreign` finds and put back
    any Workbench trigger someone altered; returns what was done, in words."""
    done = []
    triggers = expected_triggers(revision)
    for item in find_foreign(conn, revision):
        if item.kind in ("table", "view") and item.name in SEARCH_TABLES:
            continue
        quoted = '"' + item.name.replace('"', '""') + '"'
        conn.execute(f"DROP {item.kind.upper()} IF EXISTS {quoted}")
        if item.changed:
            conn.execute(triggers[item.name])
            done.append(f"{item.kind} {item.name} put back as Workbench made it")
        else:
            done.append(f"{item} removed")
    return done


def missing_objects(conn: sqlite3.Connection) -> list[str]:
    """What a file of the head schema lacks: tables, indexes and search triggers."""
    tables, indexes = _expected_tables_and_indexes()
    have = set(conn.execute("SELECT type || ' ' || name FROM sqlite_master").fetchall())
    have = {row[0] for row in have}
    wanted = (
        [f"table {name}" for name in sorted(tables)]
        + [f"index {name}" for name in sorted(indexes)]
        + [f"trigger {name}" for name in (*TRIGGERS, *TEAM_TRIGGERS, *INTERVIEW_PROGRESS_TRIGGERS)]
    )
    return [item for item in wanted if item not in have]
