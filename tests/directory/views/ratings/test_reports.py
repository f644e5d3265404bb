"""Reporting a rating: a report reaches a moderator without being a free veto."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from directory.extensions import db
from directory.models import Rating, RatingStatus, Therapist
from directory.ratings import reports
from tests.account_fixtures import page_text
from tests.rating_fixtures import login, token

SHOWN = re.compile(r"(\d\.\d) of 5</strong> from (\d+) ratings")


def shown_average(client, therapist) -> tuple[str, str] | None:
    """The average and count a visitor reads on the profile, or None when none is shown."""
    found = SHOWN.search(client.get(f"/therapists/{therapist.slug}").get_data(as_text=True))
    return found.groups() if found else None


def report_as(client, rating, category, address, details="Please look at this."):
    path = f"/ratings/{rating.id}/report"
    environ = {"REMOTE_ADDR": address}
    csrf = token_for(client, path, environ)
    return client.post(
        path,
        data={"category": category, "details": details, "csrf_token": csrf},
        environ_base=environ,
    )


def token_for(client, path, environ) -> str:
    page = client.get(path, environ_base=environ).get_data(as_text=True)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    return found.group(1) if found else ""  # no form: the rating is no longer reportable


def test_a_burst_of_reports_cannot_change_a_profiles_shown_average(
    app, client, make_therapist, make_user, rate
):
    therapist = make_therapist()
    ratings = [rate(therapist, overall=n, comment=f"Comment {n}.") for n in (5, 5, 4, 2)]
    before = shown_average(client, therapist)
    assert before == ("4.0", "4")

    # Forty anonymous reports from twenty addresses, of every kind, urgent ones included;
    # then a signed-in account whose address is not confirmed reports each rating as
    # identifying someone, and a confirmed one reports each as not genuine.
    categories = list(reports.REPORT_CATEGORIES)
    codes = []
    for n in range(40):
        rating, category = ratings[n % len(ratings)], categories[n % len(categories)]
        codes.append(report_as(client, rating, category, f"203.0.113.{n // 2}").status_code)
    unconfirmed, confirmed = make_user(confirmed=False), make_user()
    for reporter, category in ((unconfirmed, "identifies"), (confirmed, "not_genuine")):
        login(client, reporter)
        for rating in ratings:
            codes.append(report_as(client, rating, category, "198.51.100.7").status_code)
    assert shown_average(app.test_client(), therapist) == before
    assert codes == [302] * 48  # every report was taken
    db.session.expire_all()
    assert [db.session.get(Rating, r.id).status for r in ratings] == [RatingStatus.APPROVED] * 4
    assert db.session.get(Therapist, therapist.id).rating_count == 4
    # Every rating waits for a moderator all the same.
    assert all(db.session.get(Rating, r.id).reported_at is not None for r in ratings)


def test_an_anonymous_report_leaves_the_rating_shown_and_says_so(client, make_therapist, rate):
    therapist = make_therapist()
    ratings = [rate(therapist, comment=f"Comment number {n}.") for n in range(3)]
    path = f"/ratings/{ratings[0].id}/report"
    assert "until then it stays shown" in page_text(client.get(path))
    response = client.post(path, data={"category": "health", "csrf_token": token(client, path)})
    assert response.status_code == 302
    page = page_text(client.get(response.headers["Location"]))
    assert "It stays on the site until they decide" in page
    assert "confirmed email address" in page  # why this one did not hide it
    assert "Comment number 0." in page


def test_an_urgent_report_from_a_confirmed_account_hides_the_rating(
    client, make_therapist, make_user, rate
):
    therapist = make_therapist()
    ratings = [rate(therapist, comment=f"Comment number {n}.") for n in range(4)]
    login(client, make_user())
    path = f"/ratings/{ratings[0].id}/report"
    response = client.post(
        path, data={"category": "threatening", "csrf_token": token(client, path)}
    )
    assert response.status_code == 302
    page = page_text(client.get(response.headers["Location"]))
    assert "hidden until a moderator" in page and "Comment number 0." not in page
    assert db.session.get(Rating, ratings[0].id).status == RatingStatus.PENDING


@pytest.mark.parametrize("config_overrides", [{"RATING_REPORT_HIDES_PER_DAY": 1}])
def test_one_account_hides_only_a_few_ratings_a_day(make_therapist, make_user, rate):
    therapist = make_therapist()
    ratings = [rate(therapist) for _ in range(5)]
    reporter = make_user()
    outcomes = [reports.report(r, "identifies", "", reporter, "192.0.2.1") for r in ratings[:3]]
    assert outcomes == ["hidden", "waiting", "waiting"]
    statuses = db.session.scalars(select(Rating.status).order_by(Rating.id)).all()
    assert statuses == ["pending", "approved", "approved", "approved", "approved"]
