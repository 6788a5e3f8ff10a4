"""Answer corrections history and the full-text search index.

Revision ID: 0002
Revises: 0001

Adds ``answer_change`` (who corrected which answer of a completed interview, when, and
the old value) and an FTS5 index over interview notes and text answers, kept in step
by triggers.  The tables this migration touches are described here as they were when
it was written, never through the live models.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SEARCH_DDL = [
    """CREATE VIRTUAL TABLE search_index USING fts5(
        body, kind UNINDEXED, ref_id UNINDEXED, interview_id UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2')""",
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
    # Index what the file already holds.
    """INSERT INTO search_index(body, kind, ref_id, interview_id)
        SELECT body, 'note', id, interview_id FROM note""",
    """INSERT INTO search_index(body, kind, ref_id, interview_id)
        SELECT text, 'answer', id, interview_id FROM answer
        WHERE text IS NOT NULL AND text != ''""",
]


def upgrade() -> None:
    op.create_table(
        "answer_change",
        sa.Column("interview_id", sa.String(length=36), nullable=False),
        sa.Column("question_key", sa.String(length=100), nullable=False),
        sa.Column("old_value", sa.JSON(), nullable=True),
        sa.Column("new_value", sa.JSON(), nullable=True),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interview.id"],
            name=op.f("fk_answer_change_interview_id_interview"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_change")),
    )
    with op.batch_alter_table("answer_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_answer_change_interview_id"), ["interview_id"], unique=False
        )
    if op.get_bind().dialect.name == "sqlite":
        for statement in SEARCH_DDL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in (
            "note_search_insert",
            "note_search_update",
            "note_search_delete",
            "answer_search_insert",
            "answer_search_update_old",
            "answer_search_update_new",
            "answer_search_delete",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_index")
    with op.batch_alter_table("answer_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_change_interview_id"))
    op.drop_table("answer_change")
