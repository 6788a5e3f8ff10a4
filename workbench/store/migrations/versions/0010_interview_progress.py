"""Each interview's progress (answered of relevant questions) is kept in the file.

Revision ID: 0010
Revises: 0009

The interview list showed progress by replaying every form's relevance over every
interview's answers each time an engagement opened.  ``interview_progress`` keeps the
outcome per interview; triggers delete an interview's row whenever its answers (or its
form) change, and the store writes it again before the transaction commits.  This
migration creates the table and its triggers and works out the rows of the interviews
already there, exactly as the list did.

It also drops the audit trail's index on the time of each event: every edit writes an
event and so a page of that index, and nothing looks events up by their time (History
sorts the few events of one record, a merge reads them all).  A shared PostgreSQL store has no triggers and
no interview list, so there the table stays empty.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TRIGGER_NAMES = (
    "answer_progress_insert",
    "answer_progress_update",
    "answer_progress_delete",
    "interview_progress_form",
    "interview_progress_delete",
)


def upgrade() -> None:
    op.create_table(
        "interview_progress",
        sa.Column("interview_id", sa.String(length=36), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("relevant", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("interview_id", name=op.f("pk_interview_progress")),
    )
    op.drop_index("ix_audit_event_at", table_name="audit_event")
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from workbench.store.progress import forms_from, progress_triggers, store_progress

    for statement in progress_triggers("0010"):
        op.execute(statement)
    conn = bind.connection.driver_connection
    store_progress(conn, forms_from(conn), revision="0010")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("interview_progress")
    op.create_index("ix_audit_event_at", "audit_event", ["at"], unique=False)
