"""initial schema

Revision ID: 0001
Revises: 
The first schema of an engagement file (as released with Workbench 0.1).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA application_id = 1463963203")  # 'WBNC'
    op.create_table('code',
    sa.Column('parent_id', sa.String(length=36), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('colour', sa.String(length=9), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('when_to_use', sa.Text(), nullable=False),
    sa.Column('when_not_to_use', sa.Text(), nullable=False),
    sa.Column('example', sa.Text(), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['code.id'], name=op.f('fk_code_parent_id_code'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_code'))
    )
    with op.batch_alter_table('code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_code_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_code_parent_id'), ['parent_id'], unique=False)

    op.create_table('engagement',
    sa.Column('client', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('consultants', sa.JSON(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_engagement'))
    )
    op.create_table('finding',
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding'))
    )
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_deleted_at'), ['deleted_at'], unique=False)

    op.create_table('form_version',
    sa.Column('form_id', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_version')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_form_version_fingerprint'))
    )
    with op.batch_alter_table('form_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_version_form_id'), ['form_id'], unique=False)

    op.create_table('memo',
    sa.Column('target_kind', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.String(length=36), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memo'))
    )
    with op.batch_alter_table('memo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memo_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_memo_target_id'), ['target_id'], unique=False)

    op.create_table('recommendation',
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('effort', sa.String(length=20), nullable=False),
    sa.Column('impact', sa.String(length=20), nullable=False),
    sa.Column('timing', sa.String(length=100), nullable=False),
    sa.Column('pdca_stage', sa.String(length=10), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation'))
    )
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_deleted_at'), ['deleted_at'], unique=False)

    op.create_table('respondent',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('org_unit', sa.String(length=200), nullable=False),
    sa.Column('segment', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('consent_given', sa.Boolean(), nullable=False),
    sa.Column('consent_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_respondent'))
    )
    with op.batch_alter_table('respondent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_respondent_deleted_at'), ['deleted_at'], unique=False)

    op.create_table('recommendation_finding',
    sa.Column('recommendation_id', sa.String(length=36), nullable=False),
    sa.Column('finding_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_recommendation_finding_finding_id_finding'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendation.id'], name=op.f('fk_recommendation_finding_recommendation_id_recommendation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'finding_id', name=op.f('pk_recommendation_finding'))
    )
    op.create_table('wave',
    sa.Column('engagement_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], name=op.f('fk_wave_engagement_id_engagement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wave')),
    sa.UniqueConstraint('engagement_id', 'name', name=op.f('uq_wave_engagement_id'))
    )
    op.create_table('interview',
    sa.Column('respondent_id', sa.String(length=36), nullable=False),
    sa.Column('form_version_id', sa.String(length=36), nullable=False),
    sa.Column('wave_id', sa.String(length=36), nullable=True),
    sa.Column('interviewer', sa.String(length=200), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['form_version_id'], ['form_version.id'], name=op.f('fk_interview_form_version_id_form_version')),
    sa.ForeignKeyConstraint(['respondent_id'], ['respondent.id'], name=op.f('fk_interview_respondent_id_respondent'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_interview_wave_id_wave'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview'))
    )
    with op.batch_alter_table('interview', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_interview_form_version_id'), ['form_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interview_respondent_id'), ['respondent_id'], unique=False)

    op.create_table('answer',
    sa.Column('interview_id', sa.String(length=36), nullable=False),
    sa.Column('question_key', sa.String(length=100), nullable=False),
    sa.Column('item', sa.String(length=100), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('num', sa.Float(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interview.id'], name=op.f('fk_answer_interview_id_interview'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer')),
    sa.UniqueConstraint('interview_id', 'question_key', 'item', name=op.f('uq_answer_interview_id'))
    )
    op.create_table('coded_segment',
    sa.Column('code_id', sa.String(length=36), nullable=False),
    sa.Column('interview_id', sa.String(length=36), nullable=False),
    sa.Column('source_kind', sa.String(length=10), nullable=False),
    sa.Column('source_id', sa.String(length=36), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('coder', sa.String(length=200), nullable=False),
    sa.Column('automatic', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['code_id'], ['code.id'], name=op.f('fk_coded_segment_code_id_code'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interview_id'], ['interview.id'], name=op.f('fk_coded_segment_interview_id_interview'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coded_segment'))
    )
    with op.batch_alter_table('coded_segment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coded_segment_code_id'), ['code_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coded_segment_deleted_at'), ['deleted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_coded_segment_interview_id'), ['interview_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coded_segment_source_id'), ['source_id'], unique=False)

    op.create_table('note',
    sa.Column('interview_id', sa.String(length=36), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('stamp', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interview.id'], name=op.f('fk_note_interview_id_interview'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note'))
    )
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_interview_id'), ['interview_id'], unique=False)

    op.create_table('planned_interview',
    sa.Column('respondent_id', sa.String(length=36), nullable=False),
    sa.Column('wave_id', sa.String(length=36), nullable=True),
    sa.Column('form_id', sa.String(length=100), nullable=False),
    sa.Column('planned_date', sa.Date(), nullable=True),
    sa.Column('interviewer', sa.String(length=200), nullable=False),
    sa.Column('interview_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['interview_id'], ['interview.id'], name=op.f('fk_planned_interview_interview_id_interview'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['respondent_id'], ['respondent.id'], name=op.f('fk_planned_interview_respondent_id_respondent'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_planned_interview_wave_id_wave'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planned_interview'))
    )
    with op.batch_alter_table('planned_interview', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planned_interview_deleted_at'), ['deleted_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('planned_interview', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planned_interview_deleted_at'))

    op.drop_table('planned_interview')
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_interview_id'))

    op.drop_table('note')
    with op.batch_alter_table('coded_segment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coded_segment_source_id'))
        batch_op.drop_index(batch_op.f('ix_coded_segment_interview_id'))
        batch_op.drop_index(batch_op.f('ix_coded_segment_deleted_at'))
        batch_op.drop_index(batch_op.f('ix_coded_segment_code_id'))

    op.drop_table('coded_segment')
    op.drop_table('answer')
    with op.batch_alter_table('interview', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_respondent_id'))
        batch_op.drop_index(batch_op.f('ix_interview_form_version_id'))
        batch_op.drop_index(batch_op.f('ix_interview_deleted_at'))

    op.drop_table('interview')
    op.drop_table('wave')
    op.drop_table('recommendation_finding')
    with op.batch_alter_table('respondent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_respondent_deleted_at'))

    op.drop_table('respondent')
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_deleted_at'))

    op.drop_table('recommendation')
    with op.batch_alter_table('memo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memo_target_id'))
        batch_op.drop_index(batch_op.f('ix_memo_deleted_at'))

    op.drop_table('memo')
    with op.batch_alter_table('form_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_version_form_id'))

    op.drop_table('form_version')
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_deleted_at'))

    op.drop_table('finding')
    op.drop_table('engagement')
    with op.batch_alter_table('code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_code_parent_id'))
        batch_op.drop_index(batch_op.f('ix_code_deleted_at'))

    op.drop_table('code')
