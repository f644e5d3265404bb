"""The PostgreSQL backend's own promises: refused where it cannot work, searches on the
read replica while writes and the outbox stay on the primary, one writer at a time,
and excerpts that mark the visitor's words and nothing else."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select, text

from directory import create_app
from directory.extensions import db
from directory.models import SearchOutbox, Therapist
from directory.search import IndexMissing, SearchRequest, backend, search
from tests import services

needs_postgres = pytest.mark.skipif(
    not services.using_postgres(), reason="needs PostgreSQL: make test-postgres"
)


@pytest.fixture
def config_overrides():
    return {"SEARCH_BACKEND": "postgres"}


def test_the_postgres_backend_is_refused_on_sqlite_with_what_to_do(tmp_path):
    config = {
        "TESTING": True,
        "SECRET_KEY": "x",
        "INSTANCE_PATH": str(tmp_path),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'site.sqlite'}",
        "SEARCH_BACKEND": "postgres",
    }
    with pytest.raises(ValueError, match="SQLite") as refused:
        create_app(config)
    assert "SOLACE_SEARCH_BACKEND=whoosh" in str(refused.value)


@needs_postgres
def test_searches_read_the_replica_while_edits_and_the_outbox_stay_on_the_primary(
    app, make_therapist, index_now
):
    from directory.search.document import load_records, therapist_document
    from directory.search.postgres import indexer, tables

    t = make_therapist(first_name="Primrose", bio="harbour walks")
    index_now()
    # A "replica": a schema in a second database on the same server. A real replica
    # holds a copy of the primary; one holding another profile proves where searches go.
    second = services.second_database()
    schema = services.create_schema(second)
    replica_url = services.schema_url(schema, database=second)
    record = load_records(db.session, [t.id])[t.id]
    record.id = 4242
    engine = create_engine(replica_url)
    try:
        with engine.begin() as conn:
            tables.documents.create(conn)
            tables.create_words(conn)
            conn.execute(
                indexer.insert_documents(tables.documents),
                [indexer.document_row(therapist_document(record))],
            )
            conn.execute(text(f"COMMENT ON TABLE search_document IS '{tables.LAYOUT}'"))
        routed = create_app({**app.config, "DATABASE_READ_URL": replica_url})
        with routed.app_context():
            assert search(SearchRequest(text="harbour")).ids == [4242]
            # An edit through the routed app commits on the primary, and the drain writes
            # the primary's search table, never the replica's.
            db.session.get(Therapist, t.id).bio = "lighthouse walks"
            db.session.commit()
            assert backend().apply_outbox(db.session) == 1
            on_primary = db.session.scalar(
                text("SELECT count(*) FROM search_document WHERE document @@ 'lighthous'")
            )
            assert on_primary == 1
            assert search(SearchRequest(text="lighthouse")).ids == []
            backend().dispose()
            db.session.remove()
            db.engine.dispose()
        assert search(SearchRequest(text="lighthouse")).ids == [t.id]
    finally:
        engine.dispose()
        services.drop_schema(schema, second)


@needs_postgres
def test_a_missing_search_table_never_blocks_a_write_and_the_page_says_so(
    app, client, make_therapist, index_now
):
    db.session.execute(text("DROP TABLE search_document"))
    db.session.commit()
    backend().reset()
    t = make_therapist(bio="written while the search table was gone")
    assert t.id is not None
    with pytest.raises(IndexMissing):
        search(SearchRequest())
    page = client.get("/search?q=gone")
    assert page.status_code == 503
    assert "Search is being prepared" in page.get_data(as_text=True)
    backend().rebuild(db.session)
    assert search(SearchRequest(text="gone")).ids == [t.id]


@needs_postgres
def test_one_writer_at_a_time_the_other_leaves_the_changes_queued(app, make_therapist):
    from directory.search.postgres.indexer import writer_lock

    make_therapist(bio="queued while another host's worker drains")
    with writer_lock(db.session):
        assert backend().apply_outbox(db.session) == 0
        assert db.session.scalar(select(func.count()).select_from(SearchOutbox)) == 1
    assert backend().apply_outbox(db.session) == 1
    assert search(SearchRequest(text="drains")).total == 1


@needs_postgres
def test_an_excerpt_marks_the_words_searched_for_and_escapes_the_rest(
    app, make_therapist, index_now
):
    t = make_therapist(bio="I help with <b>trauma</b> & grief.")
    index_now()
    results = search(SearchRequest(text="traumas"))
    assert results.ids == [t.id]
    excerpt = str(backend().snippet(t.bio, results.terms))
    assert '<mark class="hit">trauma</mark>' in excerpt
    assert "<b>" not in excerpt  # ts_headline drops tags; the rest is escaped
    assert "&amp; grief" in excerpt
