"""The PostgreSQL search backend's tables (PostgreSQL only; nothing on SQLite)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 17:30:00

`search_document` (a weighted tsvector, filter values, sortable numbers; GIN and b-tree
indexes) and `search_word` (words a "did you mean" may offer, with a pg_trgm index),
and the pg_trgm extension, a trusted one an ordinary database owner may create. Empty
until `flask search rebuild`; SEARCH_BACKEND=whoosh never reads them. The downgrade
leaves pg_trgm: other databases' objects may use it.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    op.create_table(
        'search_document',
        sa.Column('therapist_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('document', postgresql.TSVECTOR(), nullable=False),
        sa.Column('keywords', postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column('fee', sa.Integer(), nullable=False),
        sa.Column('fee_floor', sa.Integer(), nullable=False),
        sa.Column('rating', sa.Float(), nullable=False),
        sa.Column('rating_avg', sa.Float(), nullable=False),
        sa.Column('rating_n', sa.Integer(), nullable=False),
        sa.Column('verified', sa.BigInteger(), nullable=False),
        sa.Column('lat', sa.Float(), nullable=True),
        sa.Column('lon', sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint('therapist_id', name='search_document_pkey'),
    )
    op.create_index('ix_search_document_document', 'search_document', ['document'],
                    postgresql_using='gin')
    op.create_index('ix_search_document_keywords', 'search_document', ['keywords'],
                    postgresql_using='gin')
    op.create_index('ix_search_document_lat_lon', 'search_document', ['lat', 'lon'],
                    postgresql_where=sa.text('lat IS NOT NULL'))
    op.create_table(
        'search_word',
        sa.Column('word', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('word', name='search_word_pkey'),
    )
    op.create_index('ix_search_word_trigrams', 'search_word', ['word'],
                    postgresql_using='gin', postgresql_ops={'word': 'gin_trgm_ops'})


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('DROP TABLE IF EXISTS search_document_next')
    op.drop_table('search_word')
    op.drop_table('search_document')
