"""Who speaks in a note, and what REFI-QDA projects carry that the codebook did not:
a note's speaker (a transcript's turn), whether a code may be applied (a category is not)
and the engagement's code sets.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch copy of the table: a copied table would lose the
    # audit-trail triggers schema 0006 put on it.
    op.add_column(
        "note", sa.Column("speaker", sa.String(length=200), nullable=False, server_default="")
    )
    op.add_column(
        "code", sa.Column("codable", sa.Boolean(), nullable=False, server_default=sa.true())
    )
    op.add_column(
        "engagement", sa.Column("code_sets", sa.JSON(), nullable=False, server_default="[]")
    )


def downgrade() -> None:
    with op.batch_alter_table("engagement", schema=None) as batch_op:
        batch_op.drop_column("code_sets")
    with op.batch_alter_table("code", schema=None) as batch_op:
        batch_op.drop_column("codable")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_column("speaker")
