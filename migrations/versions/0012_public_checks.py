"""Public checks of a therapist found online, and the short verification link

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 10:00:00

A new table (`public_check`, rows kept a day) and one nullable column
(`therapist.short_code`); existing rows are untouched.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'public_check',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.Column('query_key', sa.String(length=64), nullable=False),
        sa.Column('jurisdiction', sa.String(length=6), nullable=False),
        sa.Column('first_name', sa.String(length=80), nullable=False),
        sa.Column('last_name', sa.String(length=80), nullable=False),
        sa.Column('licence_type', sa.String(length=40), nullable=False),
        sa.Column('number', sa.String(length=40), nullable=False),
        sa.Column('npi', sa.String(length=10), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_public_check')),
        sa.UniqueConstraint('token', name=op.f('uq_public_check_token')),
    )
    with op.batch_alter_table('public_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_public_check_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_public_check_query_key'), ['query_key'], unique=False)

    with op.batch_alter_table('therapist', schema=None) as batch_op:
        batch_op.add_column(sa.Column('short_code', sa.String(length=12), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_therapist_short_code'), ['short_code'])


def downgrade():
    with op.batch_alter_table('therapist', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_therapist_short_code'), type_='unique')
        batch_op.drop_column('short_code')

    with op.batch_alter_table('public_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_public_check_query_key'))
        batch_op.drop_index(batch_op.f('ix_public_check_created_at'))

    op.drop_table('public_check')
