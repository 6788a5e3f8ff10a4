"""Team work: tombstones, the audit trail, merge reports.

Revision ID: 0006
Revises: 0005

``tombstone`` remembers destroyed rows so a merge carries the deletion; ``audit_event``
records who changed which fields of which record, and when; ``merge_report`` keeps what
each merge brought in and the conflicts it settled; ``team_state`` holds the name the
audit trail records.  On SQLite, triggers (``workbench.team.triggers`` of revision
0006) write the first two on every edit.  A shared PostgreSQL store is written only
by merges, which carry both tables, so it needs no triggers.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbench.team.triggers import team_triggers

TEAM_TRIGGERS = team_triggers("0006")

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tombstone",
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=80), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=False),
        sa.Column("replaced_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("table_name", "row_id", name=op.f("pk_tombstone")),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=80), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_row_id"), ["row_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_event_parent_id"), ["parent_id"], unique=False
        )
    op.create_table(
        "merge_report",
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_report")),
    )
    state = op.create_table(
        "team_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("merging", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_state")),
    )
    op.bulk_insert(state, [{"id": 1, "actor": "", "merging": 0}])
    if op.get_bind().dialect.name == "sqlite":
        for statement in TEAM_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in TEAM_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
    op.drop_table("team_state")
    op.drop_table("merge_report")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_parent_id"))
        batch_op.drop_index(batch_op.f("ix_audit_event_row_id"))
        batch_op.drop_index(batch_op.f("ix_audit_event_at"))
    op.drop_table("audit_event")
    op.drop_table("tombstone")
