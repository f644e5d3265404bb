"""The rating pages as people meet them: the form, refusals, the profile, editing,
reporting, the policy page, and the admins' moderation queue."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import AuditEvent, ProfileStatus, Rating, RatingStatus, Role
from directory.ratings import moderation, reports, rules
from tests.account_fixtures import page_text
from tests.query_count import counted_queries
from tests.rating_fixtures import form_data, login, token


def count_ratings() -> int:
    return db.session.scalar(select(func.count()).select_from(Rating))


def post_rating(client, therapist, **fields):
    path = f"/therapists/{therapist.slug}/rate"
    return client.post(path, data={**form_data(**fields), "csrf_token": token(client, path)})


# -- the form -----------------------------------------------------------------------------------


def test_a_client_rates_through_the_form_and_sees_it_waiting(client, make_therapist, make_user):
    therapist = make_therapist()
    login(client, make_user())
    form = page_text(client.get(f"/therapists/{therapist.slug}/rate"))
    assert "leave out clinical details" in form and "Ratings are public" in form
    assert "I contacted or saw this therapist myself" in form
    response = post_rating(client, therapist, comment="Replied within a day.")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/therapists/{therapist.slug}#rating-h")
    rating = db.session.scalar(select(Rating))
    assert (rating.overall, rating.responsiveness, rating.accuracy, rating.respect) == (5, 4, 4, 5)
    assert rating.status == RatingStatus.PENDING and rating.contact_confirmed
    profile = page_text(client.get(response.headers["Location"]))
    assert "Your rating is waiting for a moderator" in profile
    assert "Replied within a day" not in profile
    mine = page_text(client.get("/ratings/mine"))
    assert "waiting for a moderator" in mine and "Replied within a day." in mine


def test_the_writer_is_told_about_warnings_before_anyone_sees_the_comment(
    client, make_therapist, make_user
):
    therapist = make_therapist()
    login(client, make_user())
    response = post_rating(client, therapist, comment="Helped my anxiety. Text me: 512 555 0199")
    page = page_text(client.get(response.headers["Location"]))
    assert "may contain health details, a phone number" in page


def test_anonymous_visitors_are_sent_to_log_in(client, make_therapist):
    therapist = make_therapist()
    response = client.get(f"/therapists/{therapist.slug}/rate")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    response = client.post(f"/therapists/{therapist.slug}/rate", data=form_data())
    assert response.status_code in (302, 400)
    assert count_ratings() == 0


@pytest.mark.parametrize(
    ("role", "confirmed", "status", "words"),
    [
        (Role.THERAPIST, True, 403, "Therapist and admin accounts can't rate"),
        (Role.ADMIN, True, 403, "Therapist and admin accounts can't rate"),
        (Role.CLIENT, False, 403, "confirm your email address"),
    ],
)
def test_refusals_are_clear_and_4xx(
    client, make_therapist, make_user, role, confirmed, status, words
):
    therapist = make_therapist()
    login(client, make_user(role, confirmed=confirmed))
    csrf = token(client, "/ratings/policy")  # the log-out form's token
    for response in (
        client.get(f"/therapists/{therapist.slug}/rate"),
        client.post(f"/therapists/{therapist.slug}/rate", data={**form_data(), "csrf_token": csrf}),
    ):
        assert response.status_code == status
        assert words in page_text(response)
    assert count_ratings() == 0


def test_rating_ones_own_profile_is_refused(client, make_therapist, make_user):
    owner = make_user(Role.THERAPIST)
    therapist = make_therapist(user_id=owner.id)
    login(client, owner)
    response = client.get(f"/therapists/{therapist.slug}/rate")
    assert response.status_code == 403 and "can't rate your own profile" in page_text(response)
    profile = page_text(client.get(f"/therapists/{therapist.slug}"))
    assert "Rate " not in profile and "reply" not in profile.lower().replace("can't reply", "")


@pytest.mark.parametrize("status", [ProfileStatus.HIDDEN, ProfileStatus.SUSPENDED])
def test_a_hidden_profile_cannot_be_rated(client, make_therapist, make_user, status):
    therapist = make_therapist(status=status)
    login(client, make_user())
    csrf = token(client, "/ratings/policy")
    assert client.get(f"/therapists/{therapist.slug}/rate").status_code == 404
    response = client.post(
        f"/therapists/{therapist.slug}/rate", data={**form_data(), "csrf_token": csrf}
    )
    assert response.status_code == 404
    assert count_ratings() == 0


def test_a_second_rating_is_refused_and_points_to_the_first(client, make_therapist, make_user):
    therapist = make_therapist()
    login(client, make_user())
    post_rating(client, therapist)
    response = client.get(f"/therapists/{therapist.slug}/rate")
    assert response.status_code == 409
    page = page_text(response)
    assert "rated this therapist already" in page and "Change or delete your rating" in page
    assert count_ratings() == 1


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"overall": "6"}, "Choose a score from 1 to 5 for “Overall”"),
        ({"overall": "0"}, "Choose a score from 1 to 5 for “Overall”"),
        ({"respect": "-1"}, "Choose a score from 1 to 5 for “Did you feel heard and respected?”"),
        ({"accuracy": "4.5"}, "Choose a score from 1 to 5"),
        ({"responsiveness": "five"}, "Choose a score from 1 to 5"),
        ({"overall": ""}, "Choose a score from 1 to 5 for “Overall”"),
        ({"contact_confirmed": ""}, "only people who did may rate them"),
        ({"comment": "x" * 102_400}, "at most 1,000 characters; yours has 102,400"),
    ],
)
def test_bad_input_is_refused_with_the_form_kept(client, make_therapist, make_user, fields, words):
    therapist = make_therapist()
    login(client, make_user())
    response = post_rating(client, therapist, **{"comment": "Kept as typed.", **fields})
    assert response.status_code == 400
    page = page_text(response)
    assert words in page
    if "comment" not in fields:
        assert "Kept as typed." in page
    assert count_ratings() == 0


def test_hostile_comments_are_shown_inert(client, make_therapist, make_user, rate):
    therapist = make_therapist()
    hostile = (
        '<script>alert("pwned")</script><img src=x onerror="alert(1)"> '
        "<a href=\"javascript:alert(1)\" onmouseover='x()'>click</a> "
        "pa\u200btient \u202eevil\u202c"
    )
    for _ in range(2):
        rate(therapist)
    login(client, writer := make_user())
    post_rating(client, therapist, comment=hostile)
    rating = db.session.scalar(select(Rating).where(Rating.user_id == writer.id))
    moderation.approve(rating, "admin:a@example.org")
    html = client.get(f"/therapists/{therapist.slug}").get_data(as_text=True)
    assert (
        "<script>alert" not in html
        and "<img src=x" not in html
        and '<a href="javascript' not in html
    )
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    assert "onerror=&#34;alert(1)&#34;" in html
    assert "patient evil" in html
    assert "\u202e" not in html and "\u200b" not in html


# -- the profile --------------------------------------------------------------------------------


def test_the_profile_shows_ratings_only_from_three(client, make_therapist, rate):
    therapist = make_therapist()
    rate(therapist, overall=5, comment="Replied the same day.")
    rate(therapist, overall=4, comment="Listing was accurate.")
    page = page_text(client.get(f"/therapists/{therapist.slug}"))
    assert "Fewer than 3 ratings yet" in page
    assert "Replied the same day" not in page and "How the" not in page
    rate(therapist, overall=3, responsiveness=2)
    page = page_text(client.get(f"/therapists/{therapist.slug}"))
    assert "4.0 of 5 from 3 ratings" in page
    assert "How the 3 ratings are spread" in page
    assert "5 of 5 1" in page and "2 of 5 0" in page
    assert "Responsiveness: did they reply 3.7 of 5" in page
    assert "Replied the same day." in page and "— a client, " in page
    assert "Report this comment" in page


def test_a_profile_with_many_ratings_costs_a_fixed_number_of_queries(client, make_therapist, rate):
    therapist = make_therapist(
        licence={"jurisdiction": "US-TX", "licence_type": "LPC", "number": "1"}
    )
    for n in range(12):
        rate(therapist, overall=5 - n % 3, comment="Kind and clear about fees." if n % 2 else "")
    client.get(f"/therapists/{therapist.slug}")
    with counted_queries() as statements:
        page = page_text(client.get(f"/therapists/{therapist.slug}"))
    assert "How the 12 ratings are spread" in page and "Kind and clear about fees." in page
    # The profile; its specialties, approaches, licences and their checks; then the
    # newest comments and one summary of scores, aspects and how many have comments.
    assert len(statements) <= 7, statements


def test_no_rater_is_ever_named(client, make_therapist, make_user, rate):
    therapist = make_therapist()
    writers = [make_user() for _ in range(3)]
    for writer in writers:
        rate(therapist, comment="Kind.", user=writer)
    page = client.get(f"/therapists/{therapist.slug}").get_data(as_text=True)
    for writer in writers:
        assert writer.email not in page and writer.email.split("@")[0] not in page


def test_therapists_get_no_way_to_reply_or_invite(client, make_therapist, make_user, rate):
    owner = make_user(Role.THERAPIST)
    therapist = make_therapist(user_id=owner.id)
    for _ in range(3):
        rate(therapist, comment="Kind.")
    login(client, owner)
    page = client.get(f"/therapists/{therapist.slug}").get_data(as_text=True)
    assert "Reply" not in page and "Invite" not in page and "/rate" not in page
    urls = [str(rule) for rule in client.application.url_map.iter_rules()]
    assert not [r for r in urls if "reply" in r or "invite" in r or "solicit" in r]


def test_the_policy_page_explains_why(client):
    page = page_text(client.get("/ratings/policy"))
    for words in (
        "Only someone with a client account",
        "contacted or saw the therapist",
        "Why therapists can't reply",
        "Confidentiality rules",
        "standard 5.05",
        "C.3.b",
        "4.07",
        "at least 3 approved ratings",
        "five imaginary ratings of 3.5",
    ):
        assert words in page, words


# -- editing and deleting -----------------------------------------------------------------------


def test_the_writer_edits_and_deletes_their_rating(client, make_therapist, make_user, rate):
    therapist = make_therapist()
    writer = make_user()
    rating = rate(therapist, overall=4, comment="Replied fast.", user=writer)
    login(client, writer)
    path = f"/ratings/{rating.id}/edit"
    page = client.get(path).get_data(as_text=True)
    assert re.search(
        r'<input checked id="overall-\d" name="overall" required type="radio" value="4">', page
    )
    assert "Replied fast." in page
    response = client.post(
        path,
        data={
            **form_data(overall="2"),
            "comment": "Replied fast.",
            "csrf_token": token(client, path),
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Rating, rating.id).overall == 2
    assert db.session.get(Rating, rating.id).status == RatingStatus.APPROVED
    response = client.post(f"/ratings/{rating.id}/delete", data={"csrf_token": token(client, path)})
    assert response.status_code == 302
    assert count_ratings() == 0


def test_nobody_else_can_open_edit_or_delete_a_rating(client, make_therapist, make_user, rate):
    rating = rate(make_therapist())
    login(client, make_user())
    assert client.get(f"/ratings/{rating.id}/edit").status_code == 404
    csrf = token(client, "/ratings/policy")
    assert client.post(f"/ratings/{rating.id}/delete", data={"csrf_token": csrf}).status_code == 404
    response = client.post(
        f"/ratings/{rating.id}/edit", data={**form_data(overall="1"), "csrf_token": csrf}
    )
    assert response.status_code == 404
    assert count_ratings() == 1


def test_a_rejected_writer_sees_why(client, make_therapist, make_user):
    therapist = make_therapist()
    writer = make_user()
    rating = rules.submit_rating(
        writer, therapist, rules.Scores(4, 4, 4, 4), "My wife Sarah…", True
    )
    moderation.reject(rating, "admin:a@example.org", "Please leave out names.")
    login(client, writer)
    assert "Please leave out names." in page_text(client.get("/ratings/mine"))
    assert "Please leave out names." in page_text(client.get(f"/ratings/{rating.id}/edit"))


# -- reporting ----------------------------------------------------------------------------------


def test_anyone_can_report_a_shown_rating_with_a_reason(client, make_therapist, rate):
    therapist = make_therapist()
    ratings = [rate(therapist, comment=f"Comment number {n}.") for n in range(3)]
    path = f"/ratings/{ratings[0].id}/report"
    page = page_text(client.get(path))
    assert "Comment number 0." in page and "stays shown" in page
    response = client.post(path, data={"csrf_token": token(client, path)})
    assert response.status_code == 400 and "Choose what is wrong" in page_text(response)
    response = client.post(
        path, data={"category": "other", "details": " ", "csrf_token": token(client, path)}
    )
    assert response.status_code == 400 and "Say what is wrong" in page_text(response)
    response = client.post(path, data={"category": "identifies", "csrf_token": token(client, path)})
    assert response.status_code == 302
    assert db.session.get(Rating, ratings[0].id).reported_at is not None
    page = page_text(client.get(response.headers["Location"]))
    assert "a moderator will look" in page and "Comment number 0." in page
    # Reporting again from the same address changes nothing more.
    response = client.post(path, data={"category": "identifies", "csrf_token": token(client, path)})
    assert response.status_code == 302
    assert len(db.session.get(Rating, ratings[0].id).reports) == 1


def test_odd_addresses_are_not_found_never_a_server_error(client, make_user, admin):
    login(client, make_user())
    csrf = token(client, "/ratings/policy")
    assert client.get("/therapists/a%00b/rate").status_code == 404
    huge = "9" * 30
    for path in (f"/ratings/{huge}/edit", f"/ratings/{huge}/report", f"/ratings/{2**31}/edit"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/ratings/{huge}/delete", data={"csrf_token": csrf}).status_code == 404
    login(client, admin)
    response = client.post(f"/admin/ratings/{huge}/approve", data={"csrf_token": csrf})
    assert response.status_code == 404


def test_ratings_that_are_not_shown_cannot_be_reported(client, make_therapist, rate):
    therapist = make_therapist()
    pending = rate(therapist, approve=False)
    assert client.get(f"/ratings/{pending.id}/report").status_code == 404
    assert client.get("/ratings/999999/report").status_code == 404


# -- moderation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"), [(Role.CLIENT, 403), (Role.THERAPIST, 403), (Role.ADMIN, 404)]
)
def test_only_admins_open_the_moderation_queue(client, make_user, role, status):
    assert client.get("/admin/ratings/").status_code == 302  # to the login page
    login(client, make_user(role))
    assert client.get("/admin/ratings/").status_code == (200 if role == Role.ADMIN else 403)
    csrf = token(client, "/ratings/policy")
    response = client.post("/admin/ratings/12345/approve", data={"csrf_token": csrf})
    assert response.status_code == status  # admins: no such rating


def test_admins_moderate_with_warnings_highlighted_and_decisions_audited(
    client, make_therapist, make_user, admin, rate
):
    therapist = make_therapist()
    rating = rules.submit_rating(
        make_user(), therapist, rules.Scores(2, 2, 2, 2),
        "Dr. Lee never replied; my depression meds <script>x</script> call 512-555-0199", True,
    )  # fmt: skip
    login(client, admin)
    html = client.get("/admin/ratings/").get_data(as_text=True)
    assert "Ratings to moderate" in html and "1 rating waiting" in html
    for flagged in ("Dr. Lee", "depression", "meds", "&lt;script&gt;", "512-555-0199"):
        assert f"<mark>{flagged}" in html or flagged in html.split("<mark>", 1)[1], flagged
    assert "<script>x" not in html
    assert "health details, a person&#39;s name, a phone number, HTML or script" in html

    csrf = token(client, "/admin/ratings/")
    response = client.post(
        f"/admin/ratings/{rating.id}/reject", data={"csrf_token": csrf, "reason": ""}
    )
    assert response.status_code == 400 and "Say why" in page_text(response)
    assert db.session.get(Rating, rating.id).status == RatingStatus.PENDING

    response = client.post(
        f"/admin/ratings/{rating.id}/reject",
        data={"csrf_token": csrf, "reason": "Please leave out health details and names."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Rating, rating.id).status == RatingStatus.REJECTED
    event = db.session.scalar(select(AuditEvent))
    assert event.action == "rating.reject" and event.actor == f"admin:{admin.email}"
    assert "No rating is waiting" in page_text(client.get("/admin/ratings/"))

    reported = [rate(therapist, comment="Fine.") for _ in range(3)]
    reports.report(reported[1], "abusive", "Rude.", None, "192.0.2.5")
    page = page_text(client.get("/admin/ratings/"))
    assert "reported" in page and "It is abusive or hateful: Rude." in page
    response = client.post(
        f"/admin/ratings/{reported[1].id}/approve",
        data={"csrf_token": token(client, "/admin/ratings/")},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Rating, reported[1].id).status == RatingStatus.APPROVED
    decisions = select(func.count()).where(AuditEvent.actor == f"admin:{admin.email}")
    assert db.session.scalar(decisions) == 2


def test_the_admin_nav_links_to_the_queue(client, admin):
    login(client, admin)
    html = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/ratings/"' in html
