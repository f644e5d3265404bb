"""Cards say "Membership verified" for a profile verified only through UK registers

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 18:30:00

A new column `therapist.verified_by_membership`, derived by verification.py with
`verified_places`. Existing rows are filled from their licences: verified somewhere, and
every licence the registers confirmed is a membership of an accredited register (the
membership types of directory/data/credential-types.toml when this was written). The
next check of each profile, or `flask verify --rederive`, derives it with the full rule.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

MEMBERSHIP_TYPES = ('BACP', 'UKCP', 'NCPS', 'BABCP')


def upgrade():
    with op.batch_alter_table('therapist', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('verified_by_membership', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    licence = sa.table(
        'licence',
        sa.column('therapist_id', sa.Integer()),
        sa.column('licence_type', sa.String()),
        sa.column('status', sa.String()),
    )
    therapist = sa.table(
        'therapist',
        sa.column('id', sa.Integer()),
        sa.column('verification_state', sa.String()),
        sa.column('verified_by_membership', sa.Boolean()),
    )
    confirmed = sa.and_(licence.c.therapist_id == therapist.c.id, licence.c.status == 'verified')
    kind = sa.func.upper(licence.c.licence_type)
    op.execute(
        therapist.update()
        .where(
            therapist.c.verification_state.in_(('verified', 'partly_verified')),
            sa.exists().where(confirmed, kind.in_(MEMBERSHIP_TYPES)),
            ~sa.exists().where(confirmed, kind.notin_(MEMBERSHIP_TYPES)),
        )
        .values(verified_by_membership=True)
    )


def downgrade():
    with op.batch_alter_table('therapist', schema=None) as batch_op:
        batch_op.drop_column('verified_by_membership')
