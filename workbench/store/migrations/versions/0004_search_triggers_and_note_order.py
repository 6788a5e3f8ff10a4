"""The search index kept by the store, a rebuilt index, unique note places.

Revision ID: 0004
Revises: 0003

Schema 0002 kept the search index in step with triggers that wrote into it.  Two of them
(``AFTER UPDATE OF text`` on answers) fired newest first, so an edited answer dropped out
of search.  More to the point, a trigger that writes into an FTS5 table cannot run once
the file's schema is distrusted (``PRAGMA trusted_schema=OFF``), and Workbench distrusts
every file it opens.  From here on the triggers only note which notes and answers
changed, in the plain table ``search_pending``; the store brings the index up to date
from that list inside the same transaction as the edit, finding each text's old entry
through ``search_ref`` (text id → index row) rather than by scanning the index.  The index is rebuilt here, so
that files damaged by the old triggers heal.

Notes get a unique place within their interview.  Places already taken twice (two
notes added at the same moment) are renumbered first, keeping their order.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD_TRIGGERS = (
    "note_search_insert",
    "note_search_update",
    "note_search_delete",
    "answer_search_insert",
    "answer_search_update_old",
    "answer_search_update_new",
    "answer_search_delete",
)

PENDING_TRIGGERS = [
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

# The triggers of schemas 0002 and 0003, as 0002 wrote them (for the downgrade).
OLD_TRIGGER_DDL = [
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

REBUILD = [
    "DELETE FROM search_index",
    "DELETE FROM search_ref",
    "DELETE FROM search_pending",
    """INSERT INTO search_index(body, kind, ref_id, interview_id)
        SELECT body, 'note', id, interview_id FROM note""",
    """INSERT INTO search_index(body, kind, ref_id, interview_id)
        SELECT text, 'answer', id, interview_id FROM answer
        WHERE text IS NOT NULL AND text != ''""",
    "INSERT INTO search_ref(ref_id, entry) SELECT ref_id, rowid FROM search_index",
]

RENUMBER_NOTES = """UPDATE note SET position = (
        SELECT r.place FROM (
            SELECT id, row_number() OVER (
                PARTITION BY interview_id ORDER BY position, created_at, rowid) - 1 AS place
            FROM note) AS r
        WHERE r.id = note.id)"""


def upgrade() -> None:
    op.create_table(
        "search_pending",
        sa.Column("ref_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("ref_id", name=op.f("pk_search_pending")),
    )
    op.create_table(
        "search_ref",
        sa.Column("ref_id", sa.String(length=36), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("ref_id", name=op.f("pk_search_ref")),
    )
    if op.get_bind().dialect.name == "sqlite":
        for name in OLD_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement in PENDING_TRIGGERS:
            op.execute(statement)
        for statement in REBUILD:
            op.execute(statement)
    # (PostgreSQL has no rowid; a store made there starts empty, so any order will do.)
    dialect = op.get_bind().dialect.name
    op.execute(RENUMBER_NOTES if dialect == "sqlite" else RENUMBER_NOTES.replace("rowid", "id"))
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(
            "ix_note_interview_id_position", ["interview_id", "position"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index("ix_note_interview_id_position")
    if op.get_bind().dialect.name == "sqlite":
        for statement in PENDING_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
        for statement in OLD_TRIGGER_DDL:
            op.execute(statement)
    op.drop_table("search_ref")
    op.drop_table("search_pending")
