"""Fewer pages written per edit: a lighter audit trail, progress kept in place.

Revision ID: 0013
Revises: 0012

Every edit writes an audit event, and an answer edit of a completed interview wrote two
(the answer's and its correction's), dropped its interview's kept progress and wrote it
again.  Each b-tree an edit touches is a page of the file written at its commit:

- ``audit_event`` is made again ``WITHOUT ROWID``: the table is then its primary-key
  index (the time-ordered event ids of 0012), and an event is written into one b-tree
  instead of a table and an index of its ids.  The events keep their ids.
- Its index by row keeps only the events of respondents and interviews, the records
  History starts from; the events of answers, notes and coding are found by their
  interview.  An index of every event's row took a page on a random place of it per edit.
- An answer correction (``answer_change``) writes no audit event of its own: the row is
  the answer's history (who, when, the old and the new value), and the answer's event
  records the edit.  Its table is made again ``WITHOUT ROWID`` too (its rows are written
  once, under time-ordered ids).
- ``interview_progress`` gets ``fixed``: the interview's form has no relevance that an
  answer decides (nor grids or checklists).  Changing an answer's value in place leaves
  such an interview's counts as they were, so the trigger keeps its row; the rows already
  kept are marked from their forms here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

AUDIT_TABLE = """CREATE TABLE {name} (
	id VARCHAR(36) NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR(200) NOT NULL, 
	table_name VARCHAR(40) NOT NULL, 
	row_id VARCHAR(80) NOT NULL, 
	parent_id VARCHAR(36), 
	action VARCHAR(10) NOT NULL, 
	fields TEXT NOT NULL, 
	detail VARCHAR(200), 
	CONSTRAINT pk_audit_event PRIMARY KEY (id)
){rowid}"""
COLUMNS = "id, at, actor, table_name, row_id, parent_id, action, fields, detail"
CHANGE_TABLE = """CREATE TABLE {name} (
	interview_id VARCHAR(36) NOT NULL, 
	question_key VARCHAR(100) NOT NULL, 
	old_value JSON, 
	new_value JSON, 
	changed_by VARCHAR(200) NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	created_at DATETIME NOT NULL, 
	modified_at DATETIME NOT NULL, 
	CONSTRAINT pk_answer_change PRIMARY KEY (id), 
	CONSTRAINT fk_answer_change_interview_id_interview FOREIGN KEY(interview_id) REFERENCES interview (id) ON DELETE CASCADE
){rowid}"""
CHANGE_COLUMNS = (
    "interview_id, question_key, old_value, new_value, changed_by, id, created_at, modified_at"
)


def _rebuild_audit_table(rowid: str) -> None:
    """The trail copied into a table made as ``rowid`` says, under its own name.  The
    triggers of every audited table name ``audit_event``: with the legacy rename SQLite
    leaves them as they are (they find the new table by name)."""
    op.execute(AUDIT_TABLE.format(name="audit_event_new", rowid=rowid))
    op.execute(
        f"INSERT INTO audit_event_new ({COLUMNS}) SELECT {COLUMNS} FROM audit_event ORDER BY id"
    )
    op.execute("DROP TABLE audit_event")
    op.execute("PRAGMA legacy_alter_table = ON")
    op.execute("ALTER TABLE audit_event_new RENAME TO audit_event")
    op.execute("PRAGMA legacy_alter_table = OFF")
    _row_index(partial=bool(rowid))
    op.create_index("ix_audit_event_parent_id", "audit_event", ["parent_id"], unique=False)


def _rebuild_change_table(rowid: str, revision: str) -> None:
    """The answer history copied into a table made as ``rowid`` says, with its index and
    the audit triggers of ``revision`` (dropping the old table dropped its own)."""
    from workbench.team.triggers import team_triggers

    op.execute(CHANGE_TABLE.format(name="answer_change_new", rowid=rowid))
    op.execute(
        f"INSERT INTO answer_change_new ({CHANGE_COLUMNS}) "
        f"SELECT {CHANGE_COLUMNS} FROM answer_change ORDER BY id"
    )
    op.execute("DROP TABLE answer_change")
    op.execute("PRAGMA legacy_alter_table = ON")
    op.execute("ALTER TABLE answer_change_new RENAME TO answer_change")
    op.execute("PRAGMA legacy_alter_table = OFF")
    op.create_index(
        "ix_answer_change_interview_id", "answer_change", ["interview_id"], unique=False
    )
    for statement in team_triggers(revision):
        if statement.split()[6] == "answer_change":  # CREATE TRIGGER name AFTER x ON table
            op.execute(statement)


def _row_index(partial: bool) -> None:
    from workbench.store.models import RECORD_EVENTS

    where = {"sqlite_where": sa.text(RECORD_EVENTS), "postgresql_where": sa.text(RECORD_EVENTS)}
    op.create_index(
        "ix_audit_event_row_id",
        "audit_event",
        ["row_id"],
        unique=False,
        **(where if partial else {}),
    )


def upgrade() -> None:
    op.add_column(
        "interview_progress",
        sa.Column("fixed", sa.Boolean(), server_default="0", nullable=False),
    )
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":  # a shared store: no triggers, no rowids
        op.drop_index("ix_audit_event_row_id", table_name="audit_event")
        _row_index(partial=True)
        return
    from workbench.store.progress import forms_from, progress_triggers, shape

    op.execute("DROP TRIGGER IF EXISTS answer_progress_update")
    op.execute(progress_triggers("0013")[1])
    conn = bind.connection.driver_connection
    form_of = forms_from(conn)
    versions = [row[0] for row in conn.execute("SELECT id FROM form_version")]
    fixed = []
    for version_id in versions:
        try:
            if shape(form_of(version_id))[0] is None:
                fixed.append(version_id)
        except Exception:  # a snapshot that does not read as a form keeps nothing fixed
            continue
    conn.executemany(
        "UPDATE interview_progress SET fixed = 1 WHERE interview_id IN "
        "(SELECT id FROM interview WHERE form_version_id = ?)",
        [(v,) for v in fixed],
    )
    _rebuild_audit_table(" WITHOUT ROWID")
    _rebuild_change_table(" WITHOUT ROWID", "0013")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        from workbench.store.progress import progress_triggers

        _rebuild_audit_table("")
        _rebuild_change_table("", "0012")
        op.execute("DROP TRIGGER IF EXISTS answer_progress_update")
        op.execute(progress_triggers("0010")[1])
    else:
        op.drop_index("ix_audit_event_row_id", table_name="audit_event")
        _row_index(partial=False)
    op.drop_column("interview_progress", "fixed")
