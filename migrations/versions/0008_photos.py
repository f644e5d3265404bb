"""Therapists' photos: renditions kept in the database, and the version on the profile

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 10:00:00

Existing profiles have no photo (photo_version stays NULL); demo profiles seeded from
now on get a generated initials image.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'photo_rendition',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('therapist_id', sa.Integer(), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('content_type', sa.String(length=40), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('is_demo', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['therapist_id'], ['therapist.id'],
            name=op.f('fk_photo_rendition_therapist_id_therapist'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_photo_rendition')),
        sa.UniqueConstraint('therapist_id', 'width', name=op.f('uq_photo_rendition_therapist_id')),
    )
    with op.batch_alter_table('photo_rendition', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_photo_rendition_therapist_id'), ['therapist_id'], unique=False
        )
    with op.batch_alter_table('therapist', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_version', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('therapist', schema=None) as batch_op:
        batch_op.drop_column('photo_version')
    with op.batch_alter_table('photo_rendition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_photo_rendition_therapist_id'))
    op.drop_table('photo_rendition')
