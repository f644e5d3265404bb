"""Practices without a point are placed at their UK postcode district or their town

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 20:10:00

Until now only a US ZIP code gave a practice its point, so a UK therapist, or anyone who
left the ZIP empty, was never found by a search near a place. Each therapist with no
point gets the one `geography.practice_point` gives (the UK postcode district's centre,
else the town's) and is queued for the search index. Downgrade leaves the points: the
older code reads them as it reads a ZIP code's.
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

from directory.geography import practice_point


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

therapist = sa.table(
    'therapist',
    sa.column('id', sa.Integer),
    sa.column('region', sa.String),
    sa.column('postcode', sa.String),
    sa.column('city', sa.String),
    sa.column('latitude', sa.Float),
    sa.column('longitude', sa.Float),
)
search_outbox = sa.table(
    'search_outbox',
    sa.column('therapist_id', sa.Integer),
    sa.column('created_at', sa.DateTime(timezone=True)),
)


def upgrade():
    connection = op.get_bind()
    now = datetime.now(timezone.utc)
    placed = []
    for therapist_id, region, postcode, city in connection.execute(
        sa.select(therapist.c.id, therapist.c.region, therapist.c.postcode, therapist.c.city)
        .where(therapist.c.latitude.is_(None))
    ):
        point = practice_point(region, postcode, city)
        if point is not None:
            connection.execute(
                therapist.update()
                .where(therapist.c.id == therapist_id)
                .values(latitude=point[0], longitude=point[1])
            )
            placed.append({'therapist_id': therapist_id, 'created_at': now})
    if placed:
        op.bulk_insert(search_outbox, placed)


def downgrade():
    pass
