"""The submission an imported interview came from (a survey platform's own id), so that
importing the same export again skips what is already there.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch copy of the table: a copied table would lose the
    # audit-trail triggers schema 0006 put on it.
    op.add_column("interview", sa.Column("source_ref", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("interview", schema=None) as batch_op:
        batch_op.drop_column("source_ref")
