"""Only the newest password-reset link works: a serial per account

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 10:00:00

Links mailed before this migration carry no serial and stop working; their owners ask
for a new one (a reset link lives an hour).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reset_serial', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('reset_serial')
