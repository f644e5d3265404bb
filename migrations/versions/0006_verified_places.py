"""Verified where the therapist practises: online regions, verified places, levels and flags

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 15:40:00

Existing rows keep every verification result and audit event. A therapist who offered
online sessions is taken to see clients online in the region of their address (the only
place the old model knew of); `flask verify --rederive` then derives the verified places
from the stored checks, without asking any registry.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('therapist', schema=None) as batch_op:
        batch_op.add_column(sa.Column('online_regions', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('verified_places', sa.JSON(), nullable=False, server_default='[]'))

    with op.batch_alter_table('verification_check', schema=None) as batch_op:
        batch_op.add_column(sa.Column('level', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('flags', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cleared_by', sa.String(length=200), nullable=False, server_default=''))

    therapist = sa.table(
        'therapist',
        sa.column('id', sa.Integer),
        sa.column('region', sa.String),
        sa.column('offers_online', sa.Boolean),
        sa.column('online_regions', sa.JSON),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(therapist.c.id, therapist.c.region).where(
            therapist.c.offers_online.is_(True), therapist.c.region != ''
        )
    ).all()
    for therapist_id, region in rows:
        bind.execute(
            therapist.update().where(therapist.c.id == therapist_id).values(online_regions=[region])
        )


def downgrade():
    with op.batch_alter_table('verification_check', schema=None) as batch_op:
        batch_op.drop_column('cleared_by')
        batch_op.drop_column('cleared_at')
        batch_op.drop_column('flags')
        batch_op.drop_column('level')

    with op.batch_alter_table('therapist', schema=None) as batch_op:
        batch_op.drop_column('verified_places')
        batch_op.drop_column('online_regions')
