"""Who may rate, and submitting, editing, deleting, moderating and reporting ratings,
tested on the ratings package without requests."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from directory.extensions import db
from directory.models import (
    AuditEvent,
    ProfileStatus,
    Rating,
    RatingReport,
    RatingStatus,
    Role,
    Therapist,
)
from directory.ratings import comments, moderation, reports, rules
from tests.rating_fixtures import GOOD


def submit(user, therapist, scores=GOOD, comment="", confirmed=True):
    return rules.submit_rating(user, therapist, scores, comment, confirmed)


def count_ratings() -> int:
    return db.session.scalar(select(func.count()).select_from(Rating))


# -- who may rate -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "confirmed", "profile", "status", "words"),
    [
        (Role.CLIENT, True, ProfileStatus.PUBLISHED, None, ""),
        (Role.CLIENT, False, ProfileStatus.PUBLISHED, 403, "confirm your email"),
        (Role.THERAPIST, True, ProfileStatus.PUBLISHED, 403, "Therapist and admin accounts"),
        (Role.ADMIN, True, ProfileStatus.PUBLISHED, 403, "Therapist and admin accounts"),
        (Role.CLIENT, True, ProfileStatus.HIDDEN, 404, "isn't listed"),
        (Role.CLIENT, True, ProfileStatus.SUSPENDED, 404, "isn't listed"),
        (Role.CLIENT, True, ProfileStatus.DRAFT, 404, "isn't listed"),
    ],
)
def test_only_confirmed_clients_rate_published_profiles(
    make_therapist, make_user, role, confirmed, profile, status, words
):
    therapist = make_therapist(status=profile)
    user = make_user(role, confirmed=confirmed)
    refused = rules.refusal(user, therapist)
    if status is None:
        assert refused is None
        assert submit(user, therapist).status == RatingStatus.PENDING
        return
    assert refused.status == status and words in refused.message
    with pytest.raises(rules.RatingRefused) as caught:
        submit(user, therapist)
    assert caught.value.status == status
    assert count_ratings() == 0


def test_a_therapist_cannot_rate_their_own_profile_even_as_a_client(make_therapist, make_user):
    owner = make_user(Role.CLIENT)
    therapist = make_therapist(user_id=owner.id)
    refused = rules.refusal(owner, therapist)
    assert refused.status == 403 and "your own profile" in refused.message
    with pytest.raises(rules.RatingRefused):
        submit(owner, therapist)


def test_one_rating_per_client_and_therapist(make_therapist, make_user):
    therapist, client = make_therapist(), make_user()
    first = submit(client, therapist)
    with pytest.raises(rules.RatingRefused) as caught:
        submit(client, therapist)
    assert caught.value.status == 409 and "rated this therapist already" in caught.value.message
    assert count_ratings() == 1
    assert db.session.get(Rating, first.id) is not None
    # The same client may rate another therapist.
    submit(client, make_therapist())
    assert count_ratings() == 2


def test_the_database_refuses_a_second_rating_and_scores_out_of_range(make_therapist, make_user):
    therapist, client = make_therapist(), make_user()
    submit(client, therapist)
    fields = dict(therapist_id=therapist.id, overall=5, responsiveness=5, accuracy=5, respect=5)
    db.session.add(Rating(user_id=client.id, **fields))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    for bad in (0, 6, -1):
        db.session.add(Rating(user_id=make_user().id, **{**fields, "accuracy": bad}))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_the_rater_must_confirm_they_contacted_the_therapist(make_therapist, make_user):
    with pytest.raises(rules.RatingRefused) as caught:
        submit(make_user(), make_therapist(), confirmed=False)
    assert caught.value.status == 400 and "contacted or saw" in caught.value.message
    assert count_ratings() == 0


@pytest.mark.parametrize("bad", [0, 6, -3, 100, 4.5, "5", None, True])
def test_scores_outside_one_to_five_are_refused_clearly(make_therapist, make_user, bad):
    scores = rules.Scores(overall=5, responsiveness=bad, accuracy=4, respect=4)
    with pytest.raises(rules.RatingRefused) as caught:
        submit(make_user(), make_therapist(), scores=scores)
    assert caught.value.status == 400
    assert "1 to 5" in caught.value.message and "Did they reply" in caught.value.message
    assert count_ratings() == 0


# -- comments -----------------------------------------------------------------------------------


def test_comments_keep_what_was_typed_but_lose_invisible_characters():
    typed = "  Very\u200b patient\u202e and kind\u2066.\r\nThey <b>replied</b>\u00ad fast\ufeff  "
    assert comments.clean_comment(typed) == "Very patient and kind.\nThey <b>replied</b> fast"
    # Joiners scripts need, and direction marks, stay.
    kept = "خیلی\u200cخوب 👩\u200d⚕️ \u200fשלום\u200e"
    assert comments.clean_comment(kept) == kept
    # NFC: the same word typed two ways is stored the same.
    assert comments.clean_comment("Jose\u0301") == "Jos\u00e9"


def test_a_comment_over_1000_characters_is_refused_and_nothing_saved(make_therapist, make_user):
    with pytest.raises(rules.RatingRefused) as caught:
        submit(make_user(), make_therapist(), comment="x" * 102_400)
    assert caught.value.status == 400
    assert "at most 1,000 characters" in caught.value.message and "102,400" in caught.value.message
    assert count_ratings() == 0
    # Exactly 1,000 is fine, and invisible characters don't count towards it.
    rating = submit(make_user(), make_therapist(), comment="y" * 1000 + "\u200b" * 50)
    assert len(rating.comment) == 1000


def test_hostile_comments_are_stored_as_text(make_therapist, make_user):
    hostile = '<script>alert("x")</script><img src=x onerror="alert(1)"> ‮evil‬'
    rating = submit(make_user(), make_therapist(), comment=hostile)
    db.session.expire_all()
    stored = db.session.get(Rating, rating.id).comment
    assert stored == '<script>alert("x")</script><img src=x onerror="alert(1)"> evil'


# -- editing and deleting -----------------------------------------------------------------------


def test_a_changed_comment_goes_back_to_moderation_new_scores_alone_do_not(
    make_therapist, make_user, rate
):
    client = make_user()
    rating = rate(make_therapist(), overall=5, comment="Replied within a day.", user=client)
    assert rating.status == RatingStatus.APPROVED

    lower = rules.Scores(overall=3, responsiveness=3, accuracy=3, respect=3)
    assert rules.edit_rating(rating, client, lower, "Replied within a day.") is False
    assert rating.status == RatingStatus.APPROVED and rating.overall == 3

    assert rules.edit_rating(rating, client, lower, "Replied within two days.") is True
    assert rating.status == RatingStatus.PENDING
    assert rating.comment == "Replied within two days."


def test_editing_a_rejected_rating_sends_it_back_to_moderation(make_therapist, make_user):
    client = make_user()
    rating = submit(client, make_therapist(), comment="Dr. Ortiz helped my depression")
    moderation.reject(rating, "admin:a@example.org", "Please leave out health details.")
    assert rating.status == RatingStatus.REJECTED
    assert rating.rejection_reason == "Please leave out health details."
    assert rules.edit_rating(rating, client, GOOD, "Dr. Ortiz replied quickly.") is True
    assert rating.status == RatingStatus.PENDING


def test_only_the_writer_may_edit_or_delete_a_rating(make_therapist, make_user):
    writer, other = make_user(), make_user()
    rating = submit(writer, make_therapist())
    for action in (
        lambda: rules.edit_rating(rating, other, GOOD, "changed"),
        lambda: rules.delete_rating(rating, other),
        lambda: rules.rating_of(other, rating.id),
    ):
        with pytest.raises(rules.RatingRefused) as caught:
            action()
        assert caught.value.status == 404
    assert rules.rating_of(writer, rating.id) is rating
    rules.delete_rating(rating, writer)
    assert count_ratings() == 0


def test_ratings_of_a_hidden_profile_cannot_be_edited_but_can_be_deleted(make_therapist, make_user):
    client, therapist = make_user(), make_therapist()
    rating = submit(client, therapist)
    therapist.status = ProfileStatus.HIDDEN
    db.session.commit()
    with pytest.raises(rules.RatingRefused) as caught:
        rules.edit_rating(rating, client, GOOD, "new words")
    assert caught.value.status == 409
    rules.delete_rating(rating, client)
    assert count_ratings() == 0


# -- moderation ---------------------------------------------------------------------------------


def test_every_decision_is_audited_and_a_rejection_needs_a_reason(make_therapist, make_user, admin):
    therapist = make_therapist()
    rating = submit(make_user(), therapist)
    actor = f"admin:{admin.email}"
    with pytest.raises(rules.RatingRefused) as caught:
        moderation.reject(rating, actor, "   ")
    assert caught.value.status == 400
    moderation.approve(rating, actor)
    moderation.reject(rating, actor, "Names a family member.")
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor, e.therapist_id) for e in events] == [
        ("rating.approve", actor, therapist.id),
        ("rating.reject", actor, therapist.id),
    ]
    assert events[1].before == {"rating_id": rating.id, "status": "approved"}
    assert events[1].after == {"rating_id": rating.id, "status": "rejected"}
    assert events[1].reason == "Names a family member."
    assert rating.moderated_by == actor and rating.moderated_at is not None


def test_the_queue_holds_pending_ratings_oldest_first_with_why_and_warnings(
    make_therapist, make_user, rate
):
    therapist = make_therapist(first_name="Ana", last_name="Ortiz")
    first = submit(make_user(), therapist, comment="Ana replied fast. Call 512-555-0199.")
    edited_by = make_user()
    edited = rate(therapist, comment="Fine.", user=edited_by)
    rules.edit_rating(edited, edited_by, GOOD, "Fine, and my husband John agreed.")
    shown = [rate(therapist, comment="Kind.") for _ in range(3)]
    reports.report(shown[0], "identifies", "", None, "203.0.113.9")
    rate(therapist)  # approved: not in the queue

    items, total = moderation.moderation_queue()
    assert total == 3
    assert [i.rating.id for i in items] == [first.id, edited.id, shown[0].id]
    assert [i.why for i in items] == ["new", "edited", "reported"]
    # The therapist's own name is public: only the phone number is flagged.
    assert [w.kind for w in items[0].warnings] == ["phone"]
    assert [text for text, flagged in items[0].segments if flagged] == ["512-555-0199"]
    assert [w.kind for w in items[1].warnings] == ["name"]
    assert [r.category for r in items[2].open_reports] == ["identifies"]


# -- reports ------------------------------------------------------------------------------------


def test_a_report_waits_for_a_moderator_with_the_rating_still_shown(make_therapist, rate):
    therapist = make_therapist()
    ratings = [rate(therapist, overall=n, comment=f"Comment {n}") for n in (5, 4, 3)]
    outcome = reports.report(ratings[0], "not_genuine", "Paid for.", None, "198.51.100.4")
    assert outcome == reports.ReportOutcome.WAITING
    assert ratings[0].status == RatingStatus.APPROVED and ratings[0].reported_at is not None
    assert db.session.get(Therapist, therapist.id).rating_count == 3
    report = db.session.scalar(select(RatingReport))
    assert report.reason == reports.REPORT_CATEGORIES["not_genuine"] + ": Paid for."
    assert report.hid_rating is False
    items, _ = moderation.moderation_queue()
    assert [(i.rating.id, i.why) for i in items] == [(ratings[0].id, "reported")]
    # A decision takes it out of the queue; the next report opens it again.
    moderation.approve(ratings[0], "admin:a@example.org")
    assert ratings[0].reported_at is None and moderation.moderation_queue()[1] == 0
    assert reports.report(ratings[0], "other", "Again.", None, "198.51.100.4") == "waiting"
    assert moderation.moderation_queue()[1] == 1


def test_urgent_reports_hide_at_once_only_from_a_confirmed_account(make_therapist, rate, make_user):
    therapist = make_therapist()
    ratings = [rate(therapist) for _ in range(4)]
    for category in sorted(reports.HIDE_AT_ONCE):
        assert reports.report(ratings[0], category, "", None, f"192.0.2.{len(category)}") == (
            "waiting"
        )
    assert reports.report(ratings[0], "identifies", "", make_user(confirmed=False), None) == (
        "waiting"
    )
    assert ratings[0].status == RatingStatus.APPROVED
    # From a confirmed account, an urgent kind hides it; other kinds never do.
    assert reports.report(ratings[1], "abusive", "", make_user(), None) == "waiting"
    assert reports.report(ratings[0], "health", "", make_user(), None) == "hidden"
    assert ratings[0].status == RatingStatus.PENDING and ratings[1].status == "approved"
    assert db.session.get(Therapist, therapist.id).rating_count == 3


def test_one_source_counts_once_per_rating(make_therapist, rate, make_user):
    therapist = make_therapist()
    ratings = [rate(therapist, comment=f"Comment {n}") for n in range(4)]
    reporter = make_user()
    assert reports.report(ratings[0], "other", "again", reporter, "192.0.2.1") == "waiting"
    assert reports.report(ratings[0], "other", "and again", reporter, "192.0.2.9") == "repeated"
    # Signed out at the same address: still the same source.
    assert reports.report(ratings[0], "abusive", "", None, "192.0.2.1") == "repeated"
    assert reports.report(ratings[1], "abusive", "", None, "198.51.100.4") == "waiting"
    assert reports.report(ratings[1], "not_genuine", "", None, "198.51.100.4") == "repeated"
    assert reports.report(ratings[2], "abusive", "", None, "198.51.100.4") == "waiting"
    assert db.session.scalar(select(func.count()).select_from(RatingReport)) == 3
    anonymous = db.session.scalars(
        select(RatingReport).where(RatingReport.reporter_id.is_(None))
    ).all()
    assert len({r.reporter_hash for r in anonymous}) == 1
    assert "198.51.100.4" not in anonymous[0].reporter_hash


def test_the_queue_shows_how_much_each_source_reports(make_therapist, rate, make_user):
    therapist = make_therapist()
    ratings = [rate(therapist) for _ in range(5)]
    busy, reporter = "203.0.113.50", make_user()
    for rating in ratings[:4]:
        reports.report(rating, "not_genuine", "", None, busy)
    reports.report(ratings[0], "other", "Seems copied.", reporter, "192.0.2.3")
    items, total = moderation.moderation_queue()
    assert total == 4
    first = next(i for i in items if i.rating.id == ratings[0].id)
    assert [r.reporter_id for r in first.open_reports] == [None, reporter.id]
    assert first.reporter_volume == [4, 1]


def test_reports_need_a_reason_and_a_shown_rating(make_therapist, rate, make_user):
    therapist = make_therapist()
    ratings = [rate(therapist) for _ in range(3)]
    for category, details in (("", ""), ("made-up", "x"), ("other", "   ")):
        with pytest.raises(rules.RatingRefused) as caught:
            reports.report(ratings[0], category, details, None, "192.0.2.1")
        assert caught.value.status == 400
    with pytest.raises(rules.RatingRefused):
        reports.report(ratings[0], "other", "x" * 1001, None, "192.0.2.1")
    pending = rate(therapist, approve=False)
    with pytest.raises(rules.RatingRefused) as caught:
        reports.report(pending, "abusive", "", None, "192.0.2.1")
    assert caught.value.status == 404
    assert reports.reportable(pending.id) is None
    assert reports.reportable(ratings[0].id) is ratings[0]
    # Below three approved ratings nothing is shown, so nothing can be reported.
    few = make_therapist()
    lonely = rate(few)
    assert reports.reportable(lonely.id) is None
    assert db.session.scalar(select(func.count()).select_from(RatingReport)) == 0


def test_deleting_an_account_deletes_its_ratings_and_keeps_its_reports_anonymous(
    make_therapist, make_user, rate
):
    therapist = make_therapist()
    writer, reporter = make_user(), make_user()
    ratings = [rate(therapist, user=writer), rate(therapist), rate(therapist), rate(therapist)]
    reports.report(ratings[1], "identifies", "", reporter, None)
    db.session.delete(writer)
    db.session.delete(reporter)
    db.session.commit()
    assert db.session.get(Rating, ratings[0].id) is None
    report = db.session.scalar(select(RatingReport))
    assert report.reporter_id is None
    assert db.session.get(Therapist, therapist.id).rating_count == 2


def test_deleting_a_profile_deletes_its_ratings(make_therapist, rate):
    therapist = make_therapist()
    rate(therapist)
    db.session.delete(therapist)
    db.session.commit()
    assert count_ratings() == 0
