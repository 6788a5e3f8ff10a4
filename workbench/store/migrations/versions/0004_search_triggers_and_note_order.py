"""One update trigger per searchable table, a rebuilt search index, unique note places.

Revision ID: 0004
Revises: 0003

Schema 0002 kept text answers in the search index with two ``AFTER UPDATE OF text``
triggers.  SQLite fires them newest first, so the new entry went in before the delete by
``ref_id`` took it out again together with the old one: an edited answer dropped out of
search.  Here one trigger deletes the old entry and then inserts the new, and the index
is rebuilt from the notes and answers so that files damaged by the old triggers heal.

Notes get a unique place within their interview.  Places already taken twice (two
notes added at the same moment) are renumbered first, keeping their order.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ANSWER_UPDATE = """CREATE TRIGGER answer_search_update AFTER UPDATE OF text, interview_id ON answer
    BEGIN
        DELETE FROM search_index WHERE ref_id = old.id;
        INSERT INTO search_index(body, kind, ref_id, interview_id)
        SELECT new.text, 'answer', new.id, new.interview_id
        WHERE new.text IS NOT NULL AND new.text != '';
    END"""

REBUILD = [
    "DELETE FROM search_index",
    """INSERT INTO search_index(body, kind, ref_id, interview_id)
        SELECT body, 'note', id, interview_id FROM note""",
    """INSERT INTO search_index(body, kind, ref_id, interview_id)
        SELECT text, 'answer', id, interview_id FROM answer
        WHERE text IS NOT NULL AND text != ''""",
]

RENUMBER_NOTES = """UPDATE note SET position = (
        SELECT r.place FROM (
            SELECT id, row_number() OVER (
                PARTITION BY interview_id ORDER BY position, created_at, rowid) - 1 AS place
            FROM note) AS r
        WHERE r.id = note.id)"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS answer_search_update_old")
        op.execute("DROP TRIGGER IF EXISTS answer_search_update_new")
        op.execute(ANSWER_UPDATE)
        for statement in REBUILD:
            op.execute(statement)
    op.execute(RENUMBER_NOTES)
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index("ix_note_interview_id_position", ["interview_id", "position"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index("ix_note_interview_id_position")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS answer_search_update")
        op.execute(
            """CREATE TRIGGER answer_search_update_old AFTER UPDATE OF text ON answer
        WHEN old.text IS NOT NULL AND old.text != '' BEGIN
        DELETE FROM search_index WHERE ref_id = old.id;
    END"""
        )
        op.execute(
            """CREATE TRIGGER answer_search_update_new AFTER UPDATE OF text ON answer
        WHEN new.text IS NOT NULL AND new.text != '' BEGIN
        INSERT INTO search_index(body, kind, ref_id, interview_id)
        VALUES (new.text, 'answer', new.id, new.interview_id);
    END"""
        )
