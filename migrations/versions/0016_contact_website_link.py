"""The contact website becomes the profile's website link

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 18:30:00

Each non-empty `therapist.website` becomes a `profile_link` row (kind "website", or the
social site its host names), owed a check: the hourly sweep finds links never checked.
An address the link reader refuses (a numeric or local host, say) is kept as typed, as
an unchecked "other" link, so nothing saved is lost. Then the column goes. Downgrade
puts each profile's first website link back in the column.
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

from directory.links.addresses import LinkProblem, read_link


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

therapist = sa.table(
    'therapist', sa.column('id', sa.Integer), sa.column('website', sa.String)
)
profile_link = sa.table(
    'profile_link',
    sa.column('id', sa.Integer),
    sa.column('therapist_id', sa.Integer),
    sa.column('kind', sa.String),
    sa.column('url', sa.String),
    sa.column('state', sa.String),
    sa.column('detail', sa.String),
    sa.column('created_at', sa.DateTime(timezone=True)),
)


def _link_row(therapist_id, website, now):
    """The profile_link row for one stored website."""
    try:
        typed = read_link(website)
        kind, url = typed.kind, typed.url
    except LinkProblem:
        kind, url = 'other', website
    if len(url) > 300:  # the canonical form grew past the column: keep what was typed
        url = website
    checkable = kind in ('website', 'mastodon')
    return {
        'therapist_id': therapist_id,
        'kind': kind,
        'url': url,
        'state': 'checking' if checkable else 'not_checkable',
        'detail': '',
        'created_at': now,
    }


def upgrade():
    connection = op.get_bind()
    now = datetime.now(timezone.utc)
    listed = set(connection.execute(sa.select(profile_link.c.therapist_id, profile_link.c.url)))
    rows = []
    for therapist_id, website in connection.execute(
        sa.select(therapist.c.id, therapist.c.website).where(therapist.c.website != '')
    ):
        row = _link_row(therapist_id, website.strip(), now)
        if (therapist_id, row['url']) not in listed:
            rows.append(row)
    if rows:
        op.bulk_insert(profile_link, rows)
    with op.batch_alter_table('therapist', schema=None) as batch_op:
        batch_op.drop_column('website')


def downgrade():
    with op.batch_alter_table('therapist', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('website', sa.String(length=300), nullable=False, server_default='')
        )
    connection = op.get_bind()
    first = {}
    for therapist_id, url in connection.execute(
        sa.select(profile_link.c.therapist_id, profile_link.c.url)
        .where(profile_link.c.kind == 'website')
        .order_by(profile_link.c.id)
    ):
        first.setdefault(therapist_id, url)
    for therapist_id, url in first.items():
        connection.execute(
            therapist.update().where(therapist.c.id == therapist_id).values(website=url)
        )
