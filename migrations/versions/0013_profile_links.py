"""Verified links: a therapist's website and social accounts, and what their checks found

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 17:00:00

A new table (`profile_link`); existing rows are untouched.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'profile_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('therapist_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('url', sa.String(length=300), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('detail', sa.String(length=300), nullable=False),
        sa.Column('queued_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['therapist_id'], ['therapist.id'],
            name=op.f('fk_profile_link_therapist_id_therapist'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_profile_link')),
        sa.UniqueConstraint('therapist_id', 'url', name=op.f('uq_profile_link_therapist_id')),
    )
    with op.batch_alter_table('profile_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_profile_link_queued_at'), ['queued_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_profile_link_therapist_id'), ['therapist_id'], unique=False)


def downgrade():
    with op.batch_alter_table('profile_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_profile_link_therapist_id'))
        batch_op.drop_index(batch_op.f('ix_profile_link_queued_at'))

    op.drop_table('profile_link')
