"""Reports wait with the rating shown: when a rating was reported, and whether a report hid it

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 10:00:00

Existing reported ratings keep their state (hidden until a moderator decides) and get
their reported_at, so the queue shows them as reported; existing reports did hide theirs.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            'ix_rating_reported',
            ['queued_at'],
            unique=False,
            sqlite_where=sa.text('reported_at IS NOT NULL'),
            postgresql_where=sa.text('reported_at IS NOT NULL'),
        )

    with op.batch_alter_table('rating_report', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('hid_rating', sa.Boolean(), nullable=False, server_default=sa.false())
        )

    report = sa.table('rating_report', sa.column('hid_rating', sa.Boolean))
    op.execute(report.update().values(hid_rating=True))
    op.execute(
        """
        UPDATE rating SET reported_at = queued_at
        WHERE status = 'pending' AND EXISTS (
            SELECT 1 FROM rating_report
            WHERE rating_report.rating_id = rating.id
              AND (rating.moderated_at IS NULL OR rating_report.created_at > rating.moderated_at)
        )
        """
    )


def downgrade():
    with op.batch_alter_table('rating_report', schema=None) as batch_op:
        batch_op.drop_column('hid_rating')

    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.drop_index('ix_rating_reported')
        batch_op.drop_column('reported_at')
