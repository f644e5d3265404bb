"""Per-licence decisions and notices to therapists

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 10:00:00

An admin's decision now belongs to a licence (approved or rejected, with its reason and
a version that makes two admins deciding at once leave one decision); notices to
therapists are kept until they are mailed. Existing licences start undecided: earlier
decisions stay in the audit trail.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('licence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('decision_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='0'))

    op.create_table(
        'notice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('therapist_id', sa.Integer(), nullable=False),
        sa.Column('licence_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('to', sa.String(length=254), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['therapist_id'], ['therapist.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_sent_at'), ['sent_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_therapist_id'), ['therapist_id'], unique=False)


def downgrade():
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_therapist_id'))
        batch_op.drop_index(batch_op.f('ix_notice_sent_at'))
    op.drop_table('notice')

    with op.batch_alter_table('licence', schema=None) as batch_op:
        batch_op.drop_column('version')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decision_reason')
        batch_op.drop_column('decision')
