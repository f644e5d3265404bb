"""The commands an operator runs: seed-demo, search rebuild / check / drain."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from directory.extensions import db
from directory.models import (
    PhotoRendition,
    ProfileStatus,
    SearchOutbox,
    Therapist,
    VerificationCheck,
)
from directory.search import SearchRequest, search
from tests import services


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_demo_is_idempotent_extendable_and_clearly_fictional(runner):
    result = runner.invoke(args=["seed-demo", "--count", "40"])
    assert result.exit_code == 0, result.output
    assert "Added 40 demo therapists" in result.output
    assert "Indexed" in result.output
    first = {t.slug: t.bio for t in db.session.scalars(select(Therapist))}
    assert runner.invoke(args=["seed-demo", "--count", "40"]).output.count("Added 0") == 1
    runner.invoke(args=["seed-demo", "--count", "60"])
    assert count(Therapist) == 60
    # Extending keeps the first profiles exactly as they were.
    assert {
        t.slug: t.bio for t in db.session.scalars(select(Therapist)) if t.slug in first
    } == first
    assert count(Therapist, Therapist.is_demo.is_(False)) == 0
    assert all("(demo)" in t.credentials for t in db.session.scalars(select(Therapist)))
    assert count(VerificationCheck, VerificationCheck.is_demo.is_(False)) == 0
    published = count(Therapist, Therapist.status == ProfileStatus.PUBLISHED)
    verified = count(
        Therapist,
        Therapist.status == ProfileStatus.PUBLISHED,
        Therapist.verification_state == "verified",
    )
    # Search shows the verified ones, and everyone listed when asked to.
    assert 0 < search(SearchRequest()).total == verified < published
    assert search(SearchRequest(verified_only=False)).total == published


def test_demo_profiles_get_initials_images_labelled_demo_never_photos(runner, client):
    assert runner.invoke(args=["seed-demo", "--count", "5", "--no-index"]).exit_code == 0
    pictures = list(db.session.scalars(select(PhotoRendition)))
    assert len(pictures) == 5
    assert all(p.is_demo and p.content_type == "image/svg+xml" for p in pictures)
    therapist = db.session.scalar(
        select(Therapist).where(Therapist.status == ProfileStatus.PUBLISHED).limit(1)
    )
    image = client.get(f"/photos/{therapist.id}/{therapist.photo_version}/160")
    initials = (therapist.first_name[0] + therapist.last_name[0]).upper()
    assert image.status_code == 200
    assert f">{initials}<" in image.get_data(as_text=True) and ">DEMO<" in image.get_data(True)
    profile = client.get(f"/therapists/{therapist.slug}").get_data(as_text=True)
    assert "a demo image of initials, not a real photo" in profile


@pytest.mark.skipif(not services.using_postgres(), reason="needs PostgreSQL: make test-postgres")
def test_after_seeding_postgresql_plans_with_the_real_row_counts(runner):
    # Until then the planner takes the tables for nearly empty and scans every published
    # profile to find a page of results (measured: 3 ms instead of 0.3 ms a query).
    runner.invoke(args=["seed-demo", "--count", "60", "--no-index"])
    planned = db.session.scalar(
        text("SELECT reltuples FROM pg_class WHERE oid = 'therapist'::regclass")
    )
    assert planned == count(Therapist) == 60


def test_demo_data_covers_every_verification_outcome(runner):
    runner.invoke(args=["seed-demo", "--count", "300", "--no-index"])
    statuses = set(db.session.scalars(select(VerificationCheck.status).distinct()))
    assert {"verified", "mismatch", "not_found", "error", "inactive", "sanctioned"} <= statuses
    states = set(db.session.scalars(select(Therapist.region).distinct()))
    assert len({s for s in states if s.startswith("US-")}) >= 10 and "GB-ENG" in states
    # Every practice is on the map, UK ones too (postcode district, or town for Belfast),
    # so a search near a UK place finds demo therapists who see people in person.
    unplaced = select(Therapist.region).where(Therapist.latitude.is_(None))
    assert db.session.scalars(unplaced).all() == []


def test_seed_demo_if_empty_leaves_a_database_with_therapists_alone(runner, make_therapist):
    make_therapist()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "not loaded" in result.output
    assert count(Therapist) == 1


def test_search_check_reports_drift_and_repairs_it(runner, make_therapist, index_now):
    make_therapist()
    index_now()
    assert "matches the database" in runner.invoke(args=["search", "check"]).output
    hidden = make_therapist()
    index_now()
    db.session.execute(
        db.update(Therapist).where(Therapist.id == hidden.id).values(status="hidden")
    )
    db.session.execute(db.delete(SearchOutbox))
    db.session.commit()
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code != 0 and "should not be there: 1" in result.output
    result = runner.invoke(args=["search", "check", "--repair"])
    assert "Repaired" in result.output
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_search_rebuild_and_drain(runner, make_therapist):
    make_therapist(bio="lighthouse keeper")
    result = runner.invoke(args=["search", "drain"])
    assert "Applied 1 queued" in result.output
    assert search(SearchRequest(text="lighthouse")).total == 1
    result = runner.invoke(args=["search", "rebuild"])
    assert "Indexed 1 profiles" in result.output
    assert "not rebuilt" in runner.invoke(args=["search", "rebuild", "--if-missing"]).output


def test_an_index_from_an_older_schema_is_rebuilt_and_still_answers(app, runner, make_therapist):
    from pathlib import Path

    from whoosh import index as whoosh_index
    from whoosh.fields import ID, KEYWORD, Schema

    from directory.search import backend
    from directory.search.whoosh import storage

    make_therapist(bio="harbour")
    root = Path(app.config["SEARCH_INDEX_DIR"])
    path, _ = storage.new_generation(root)
    old = whoosh_index.create_in(str(path), Schema(pk=ID(unique=True, stored=True), flag=KEYWORD))
    writer = old.writer()
    writer.add_document(pk="1", flag="verified")
    writer.commit()
    storage.swap_in(root, path)
    backend().reset()
    assert search(SearchRequest(sort="rating")).total == 1  # answers with defaults, no crash
    assert "older version" in runner.invoke(args=["search", "check"]).output
    result = runner.invoke(args=["search", "rebuild", "--if-missing"])
    assert "older version: rebuilding" in result.output
    assert search(SearchRequest(text="harbour")).total == 1


def test_demo_profiles_list_their_website_once_never_marked_verified(runner, client):
    assert runner.invoke(args=["seed-demo", "--count", "3", "--no-index"]).exit_code == 0
    therapist = db.session.scalar(
        select(Therapist).where(Therapist.status == ProfileStatus.PUBLISHED).limit(1)
    )
    website = f"https://example.org/{therapist.slug}"
    assert therapist.website == website
    profile = client.get(f"/therapists/{therapist.slug}").get_data(as_text=True)
    assert profile.count(f'href="{website}"') == 1
    assert "Not verified" in profile and "Verified link" not in profile
