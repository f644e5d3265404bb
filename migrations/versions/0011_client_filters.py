"""The filters people expect: insurance, whom they see, session types, identity, faith

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 15:15:00

Every new column starts empty, so no existing profile claims anything it did not say.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('therapist', schema=None) as batch_op:
        batch_op.add_column(sa.Column('insurance', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('ages_served', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('session_types', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('gender', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('identities', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('faith', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('faith_integrated', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('therapist', schema=None) as batch_op:
        for column in ('faith_integrated', 'faith', 'identities', 'gender', 'session_types',
                       'ages_served', 'insurance'):
            batch_op.drop_column(column)
