"""The audit trail's events get time-ordered ids.

Revision ID: 0012
Revises: 0011

The audit triggers of schema 0006 gave each event a random id, so every edit inserted its
event's key on a random page of the trail's primary-key index, the largest index of a
used file: once that index outgrew the page cache, each edit read and wrote one more
page than its own rows needed.  Every audit trigger is made again with an id that begins
with the time in milliseconds (:data:`workbench.team.triggers.EVENT_IDS`), 32 hex digits
as before, so new events append to the end of the index.  The events already kept keep
their ids; a merge and a shared PostgreSQL store (which has no triggers) take either.
"""

from __future__ import annotations

from alembic import op

from workbench.team.triggers import team_triggers

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _replace(statements: list[str]) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in statements:
        op.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
        op.execute(statement)


def upgrade() -> None:
    _replace(team_triggers("0012"))


def downgrade() -> None:
    _replace(team_triggers("0011"))
