"""The audit trail watches the columns schemas 0007 and 0008 added: a note's speaker, whether
a code may be applied, the engagement's code sets and an interview's source reference.

Revision ID: 0009
Revises: 0008

Those columns were added in place, so the update triggers of schema 0006 kept watching
only the columns they were written for: an edit of a speaker was kept but left no line in
History, and a merge could not tell which copy changed it last.  Each affected table's
update trigger is dropped and made again over all its columns.  A shared PostgreSQL
store has no triggers (merges write it, carrying the trail), so nothing changes there.
"""

from __future__ import annotations

from alembic import op

from workbench.team.triggers import update_triggers

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _replace(triggers: dict[str, str]) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, statement in triggers.items():
        op.execute(f"DROP TRIGGER IF EXISTS {table}_audit_update")
        op.execute(statement)


def upgrade() -> None:
    _replace(update_triggers("0009"))


def downgrade() -> None:
    from workbench.team.triggers import audited, update_trigger

    columns = audited("0008")
    _replace(
        {table: update_trigger(table, columns[table][1], "0008") for table in update_triggers("0009")}
    )
