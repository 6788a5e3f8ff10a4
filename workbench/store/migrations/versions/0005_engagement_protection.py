"""How an engagement protects its people: the anonymisation threshold k, the consultant's
extra terms to anonymise, and the date until which personal data may be kept.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("engagement", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("anonymise_k", sa.Integer(), nullable=False, server_default="5")
        )
        batch_op.add_column(
            sa.Column("anonymise_terms", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.add_column(sa.Column("retain_until", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("engagement", schema=None) as batch_op:
        batch_op.drop_column("retain_until")
        batch_op.drop_column("anonymise_terms")
        batch_op.drop_column("anonymise_k")
