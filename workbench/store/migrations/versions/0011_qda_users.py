"""The users of an imported REFI-QDA project, which of them made each coded selection and
its coding, and those selections' and codings' GUIDs, so that the project exports back
with the same users, selections and codings.

Revision ID: 0011
Revises: 0010

``engagement.qda_users`` holds the project's users ([{"guid", "name"}]);
``coded_segment.selection_user`` and ``coding_user`` the GUIDs the project gives as the
creating user of the selection and of its coding (they differ in NVivo's exports);
``qda_selection`` and ``qda_coding`` the GUIDs of the selection and the coding (a
selection coded several times is one segment per coding).  The
columns are added in place (a batch copy would drop the audit triggers of schema 0006), and
the two tables' update triggers are made again so that the audit trail watches them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbench.team.triggers import update_triggers

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _replace(triggers: dict[str, str]) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, statement in triggers.items():
        op.execute(f"DROP TRIGGER IF EXISTS {table}_audit_update")
        op.execute(statement)


def upgrade() -> None:
    op.add_column(
        "engagement", sa.Column("qda_users", sa.JSON(), nullable=False, server_default="[]")
    )
    op.add_column("coded_segment", sa.Column("selection_user", sa.String(36), nullable=True))
    op.add_column("coded_segment", sa.Column("coding_user", sa.String(36), nullable=True))
    op.add_column("coded_segment", sa.Column("qda_selection", sa.String(36), nullable=True))
    op.add_column("coded_segment", sa.Column("qda_coding", sa.String(36), nullable=True))
    _replace(update_triggers("0011"))


def downgrade() -> None:
    from workbench.team.triggers import audited, update_trigger

    columns = audited("0010")
    _replace(
        {table: update_trigger(table, columns[table][1], "0010") for table in update_triggers("0011")}
    )
    op.drop_column("coded_segment", "qda_coding")
    op.drop_column("coded_segment", "qda_selection")
    op.drop_column("coded_segment", "coding_user")
    op.drop_column("coded_segment", "selection_user")
    op.drop_column("engagement", "qda_users")
