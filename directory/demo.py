"""Clearly fictional demo therapists.

Demo profiles are marked `is_demo`, carry "(demo)" in their credentials line and a
generated initials image marked DEMO (never a face), and get verification results from
a source named `demo` that every page labels as demo data. Real licences only ever get
results from real registries.

Each demo therapist is generated from its own seeded random stream, so seeding is
idempotent (`seed_demo(300)` twice adds nothing) and extendable (`seed_demo(100_000)`
after `seed_demo(300)` adds the other 99,700 without changing the first 300).

Published demo therapists get fictional ratings (none, one or two, a handful, or
dozens), already approved, from a small pool of demo client accounts that cannot log
in (`demo-client-N@example.org`, with a password hash no password matches). Their
comments come from `demo_content.REVIEW_SNIPPETS`, and their aggregates are computed
here, with the same formula as ratings/aggregates.py, as the rows are generated.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from verifiers import Status

from . import demo_content as content
from . import photos, verification, vocabulary
from .accounts import normalise_email
from .credentials import claimed_kind, claimed_level
from .geography import practice_point
from .models import (
    Approach,
    Licence,
    PhotoRendition,
    ProfileLink,
    ProfileStatus,
    Rating,
    RatingStatus,
    Role,
    Specialty,
    Therapist,
    TherapistApproach,
    TherapistSpecialty,
    User,
    VerificationCheck,
)
from .practice import AGES, FAITHS, GENDERS, IDENTITIES, SESSIONS, insurance_for
from .ratings.aggregates import aggregate_values
from .standing import Answer, Credential, assess, places_of
from .text import slugify
from .vocabulary import load_vocabularies
from .vocabulary_names import LANGUAGE_NAMES

US_PLACES = [p for p in content.PLACES if p["country"] == "US"]
GB_PLACES = [p for p in content.PLACES if p["country"] == "GB"]
DEMO_VERIFIER = "demo"
DEMO_REGISTRY = "Demo registry (fictional data)"
# Demo ratings come from this many fictional client accounts, which can never log in.
DEMO_CLIENTS = 80
# Not a hash at all: werkzeug's check_password_hash refuses it for every password.
DEMO_CLIENT_PASSWORD_HASH = "!demo-account: no password matches this"  # noqa: S105
DEMO_MODERATOR = "system:demo"
# The tables seeding fills in bulk (the CLI refreshes their planner statistics after).
SEEDED_TABLES = tuple(
    model.__tablename__
    for model in (
        Therapist,
        TherapistApproach,
        TherapistSpecialty,
        Licence,
        VerificationCheck,
        User,
        Rating,
    )
)

# How demo licences turn out: (licence status, profile status, weight); the therapist's
# verification state follows from the rule, as for everyone.
OUTCOMES = [
    ("verified", ProfileStatus.PUBLISHED, 80),
    ("pending", ProfileStatus.PUBLISHED, 5),
    ("error", ProfileStatus.PUBLISHED, 3),
    ("mismatch", ProfileStatus.SUBMITTED, 4),
    ("not_found", ProfileStatus.SUBMITTED, 3),
    ("inactive", ProfileStatus.SUSPENDED, 3),
    ("sanctioned", ProfileStatus.SUSPENDED, 2),
]
DEMO_SUMMARIES = {
    "verified": "Demo data: the fictional registry lists this licence as active, in good standing.",
    "error": "Demo data: the fictional registry did not answer; the check will be retried.",
    "mismatch": "Demo data: the fictional registry lists this number under a different name.",
    "not_found": "Demo data: the fictional registry holds no licence with this number.",
    "inactive": "Demo data: the fictional registry lists this licence as expired.",
    "sanctioned": "Demo data: the fictional registry lists a disciplinary action on this licence.",
}


def seed_demo(
    session: Session,
    count: int,
    seed: int = 20261126,
    progress: Callable[[int], None] | None = None,
    chunk: int = 2000,
) -> int:
    """Make sure `count` demo therapists exist; returns how many were added."""
    load_vocabularies(session)
    have = session.scalar(select(func.count()).where(Therapist.is_demo.is_(True))) or 0
    if have >= count:
        return 0
    approach_ids = dict(session.execute(select(Approach.slug, Approach.id)).all())
    specialty_ids = dict(session.execute(select(Specialty.slug, Specialty.id)).all())
    client_ids = demo_clients(session)
    now = datetime.now(UTC)
    added = 0
    for start in range(have, count, chunk):
        people = []
        for n in range(start, min(count, start + chunk)):
            person = _demo_person(random.Random(seed * 1_000_003 + n), n, now)
            # A stream of its own, so every other field stays what it was before these.
            practice_rng = random.Random(f"solace-demo-practice:{seed}:{n}")
            person["therapist"].update(_demo_practice(practice_rng, person["therapist"]["country"]))
            person["ratings"] = []
            person["therapist"].update(aggregate_values(0, 0))
            if person["therapist"]["status"] == ProfileStatus.PUBLISHED:
                # A stream of its own, so the therapists themselves stay as they were.
                rng = random.Random(f"solace-demo-ratings:{seed}:{n}")
                _add_demo_ratings(rng, person, len(client_ids), now)
            people.append(person)
        _insert_people(session, people, approach_ids, specialty_ids, client_ids)
        session.commit()
        added += len(people)
        if progress:
            progress(len(people))
    if added and session.get_bind().dialect.name == "postgresql":
        # Until autovacuum gets round to it, PostgreSQL's planner believes the tables are
        # as they were before this bulk load, and picks plans (an index scan over every
        # published profile) that cost milliseconds a page: let it see the rows now.
        session.execute(text(f"ANALYZE {', '.join(SEEDED_TABLES)}"))
        session.commit()
    return added


def demo_clients(session: Session) -> list[int]:
    """The ids of the demo client accounts that write demo ratings, creating any missing."""
    emails = [demo_client_email(n) for n in range(1, DEMO_CLIENTS + 1)]
    have = dict(session.execute(select(User.email, User.id).where(User.email.in_(emails))).all())
    missing = [
        {
            "email": email,
            "password_hash": DEMO_CLIENT_PASSWORD_HASH,
            "role": str(Role.CLIENT),
            "session_version": 1,
        }
        for email in emails
        if email not in have
    ]
    if missing:
        session.execute(insert(User), missing)
        have = dict(
            session.execute(select(User.email, User.id).where(User.email.in_(emails))).all()
        )
    return [have[email] for email in emails]


def demo_client_email(n: int) -> str:
    """The address of demo client number n (example.org: no mail ever reaches anyone)."""
    return normalise_email(f"demo-client-{n}@example.org")


def _add_demo_ratings(rng: random.Random, person: dict, pool: int, now: datetime) -> None:
    """Give a demo therapist fictional approved ratings, and the aggregates they make.

    A handful of random calls per therapist, not per rating: 100,000 therapists get
    about 1.5 million ratings, and seeding them must take seconds, not minutes.
    """
    shape = rng.random()
    if shape < 0.2:
        count = 0
    elif shape < 0.35:
        count = rng.randint(1, 2)
    elif shape < 0.6:
        count = rng.randint(3, 11)
    else:
        count = rng.randint(12, min(60, pool))
    # Most therapists are liked; some less so. Scores cluster around the therapist's
    # "quality", and the aspects lie within a point of the overall score.
    quality = rng.uniform(2.6, 4.9)
    weights = [math.exp(-((score - quality) ** 2) / 0.9) for score in range(1, 6)]
    overall = rng.choices(range(1, 6), weights=weights, k=count)
    nudges = rng.choices((-1, 0, 0, 0, 1), k=3 * count)
    comments = rng.choices(_COMMENT_CHOICES, weights=_COMMENT_WEIGHTS, k=count)
    ages = [rng.random() for _ in range(2 * count)]
    ratings = []
    for i, rater in enumerate(rng.sample(range(pool), count)):
        score = overall[i]
        created = now - timedelta(days=2 + 728 * ages[2 * i])
        moderated = created + timedelta(hours=2 + 40 * ages[2 * i + 1])
        ratings.append(
            {
                "rater": rater,
                "overall": score,
                "responsiveness": min(5, max(1, score + nudges[3 * i])),
                "accuracy": min(5, max(1, score + nudges[3 * i + 1])),
                "respect": min(5, max(1, score + nudges[3 * i + 2])),
                "comment": comments[i],
                "contact_confirmed": True,
                "is_demo": True,
                "status": _APPROVED,
                "queued_at": created,
                "moderated_by": DEMO_MODERATOR,
                "moderated_at": moderated,
                "rejection_reason": "",
                "created_at": created,
                "updated_at": moderated,
            }
        )
    person["ratings"] = ratings
    person["therapist"].update(aggregate_values(count, sum(overall)))


_APPROVED = str(RatingStatus.APPROVED)
# A quarter of demo ratings have a comment.
_COMMENT_CHOICES = ["", *content.REVIEW_SNIPPETS]
_COMMENT_WEIGHTS = [3 * len(content.REVIEW_SNIPPETS), *[1] * len(content.REVIEW_SNIPPETS)]


def _insert_people(
    session: Session, people: list[dict], approach_ids, specialty_ids, client_ids: list[int]
) -> None:
    """Bulk insert one chunk.

    Plain Core executemany on the tables: the ORM's bulk path, and RETURNING with
    `sort_by_parameter_order` (which SQLite answers a row at a time, then splices the
    results in quadratic time), took minutes at 100,000. New ids are read back by the
    unique slug instead, and licence ids by therapist (a demo therapist has one).
    """
    connection = session.connection()
    therapists, licence_table = Therapist.__table__, Licence.__table__
    connection.execute(therapists.insert(), [p["therapist"] for p in people])
    slugs = [p["therapist"]["slug"] for p in people]
    id_of = dict(
        connection.execute(
            select(therapists.c.slug, therapists.c.id).where(therapists.c.slug.in_(slugs))
        ).all()
    )
    ids = [id_of[slug] for slug in slugs]
    approach_links, specialty_links, licences, ratings, pictures = [], [], [], [], []
    # The demo website never links back, and nobody asks it (queue_rechecks skips demo
    # profiles): the page says "not verified", as it would for a real one.
    websites = [
        {
            "therapist_id": tid,
            "kind": "website",
            "url": person["website"],
            "state": "not_found",
            "detail": "Demo data: this address was never checked.",
            "created_at": datetime.now(UTC),
        }
        for tid, person in zip(ids, people, strict=True)
    ]
    for tid, person in zip(ids, people, strict=True):
        picture = person["photo"]
        pictures.append(
            {
                "therapist_id": tid,
                "width": picture.width,
                "height": picture.height,
                "content_type": picture.content_type,
                "data": picture.data,
                "digest": picture.digest,
                "is_demo": True,
                "created_at": datetime.now(UTC),
            }
        )
        for rating in person["ratings"]:
            rater = rating.pop("rater")
            ratings.append({**rating, "therapist_id": tid, "user_id": client_ids[rater]})
        approach_links += [
            {"therapist_id": tid, "approach_id": approach_ids[s]} for s in person["approaches"]
        ]
        specialty_links += [
            {"therapist_id": tid, "specialty_id": specialty_ids[s], "is_top": i < person["top"]}
            for i, s in enumerate(person["specialties"])
        ]
        licences.append({"therapist_id": tid, **person["licence"]})
    connection.execute(TherapistApproach.__table__.insert(), approach_links)
    connection.execute(TherapistSpecialty.__table__.insert(), specialty_links)
    if ratings:
        connection.execute(Rating.__table__.insert(), ratings)
    connection.execute(licence_table.insert(), licences)
    connection.execute(PhotoRendition.__table__.insert(), pictures)
    connection.execute(ProfileLink.__table__.insert(), websites)
    licence_of = dict(
        connection.execute(
            select(licence_table.c.therapist_id, licence_table.c.id).where(
                licence_table.c.therapist_id.in_(ids)
            )
        ).all()
    )
    checks = [
        {"licence_id": licence_of[tid], **person["check"]}
        for tid, person in zip(ids, people, strict=True)
        if person["check"]
    ]
    if checks:
        connection.execute(VerificationCheck.__table__.insert(), checks)


def _demo_person(rng: random.Random, n: int, now: datetime) -> dict:
    """One fictional therapist, from its own random stream."""
    place = rng.choice(US_PLACES) if rng.random() < 0.85 else rng.choice(GB_PLACES)
    first, last = rng.choice(content.FIRST_NAMES), rng.choice(content.LAST_NAMES)
    us = place["country"] == "US"
    if us:
        state = place["region"][3:]
        licence_type, suffix, title = rng.choice(content.US_LICENCE_TYPES[state])
        number = str(rng.randint(10_000, 99_999_999))
        jurisdiction = place["region"]
    else:
        register, prefix, title, suffix = rng.choice(content.GB_REGISTRATIONS)
        licence_type = prefix or register
        number = (
            f"{prefix}{rng.randint(10_000, 99_999)}"
            if prefix
            else str(rng.randint(100_000, 999_999))
        )
        jurisdiction = "GB"
    approaches = rng.sample([t.slug for t in vocabulary.APPROACHES], rng.randint(2, 5))
    specialties = rng.sample([t.slug for t in vocabulary.SPECIALTIES], rng.randint(3, 9))
    names = {t.slug: t.name for t in (*vocabulary.APPROACHES, *vocabulary.SPECIALTIES)}
    fill = {
        "approach": names[approaches[0]],
        "approach2": names[approaches[1]],
        "specialty": names[specialties[0]].lower(),
        "specialty2": names[specialties[1]].lower(),
        "city": place["city"],
        "years": rng.randint(3, 30),
    }
    bio = " ".join(
        [rng.choice(content.BIO_OPENERS).format(**fill)]
        + [s.format(**fill) for s in rng.sample(content.BIO_MIDDLES, rng.randint(2, 4))]
        + [rng.choice(content.BIO_CLOSERS).format(**fill)]
    )
    online = rng.random() < 0.7
    in_person = not online or rng.random() < 0.6
    fee_min = rng.randrange(80, 230, 5) if us else rng.randrange(40, 110, 5)
    sliding = rng.random() < 0.35
    accepting = rng.random() < 0.8
    languages = ["en"]
    extra_languages = [code for code in LANGUAGE_NAMES if code != "en"]
    if rng.random() < 0.3:
        languages.append("es" if us and rng.random() < 0.6 else rng.choice(extra_languages))
    if place["region"] == "GB-WLS" and rng.random() < 0.5:
        languages.append("cy")
    status, publication = rng.choices([o[:2] for o in OUTCOMES], weights=[o[2] for o in OUTCOMES])[
        0
    ]
    # The demo's verified places come from the same rule as everyone's.
    kind = claimed_kind(licence_type)
    answers = () if status == "pending" else (Answer(kind, Status(status)),)
    online_regions = [place["region"]] if online else []
    standing = assess(
        places_of(place["region"], in_person, online, online_regions),
        [Credential(jurisdiction, kind, claimed_level(licence_type), answers)],
        now.date(),
    )
    state, _ = verification.state_from(standing, [status])
    checked_at = now - timedelta(days=rng.randint(0, 90), minutes=rng.randint(0, 1440))
    geo = practice_point(place["region"], place["postcode"], place["city"])
    slug = slugify(f"{first} {last} {n + 1}")
    # Initials, never a face: demo people are fictional, and so is their picture.
    picture = photos.initials_svg(first, last, slug)
    return {
        "photo": picture,
        "website": f"https://example.org/{slug}",
        "therapist": {
            "slug": slug,
            "status": publication,
            "is_demo": True,
            "first_name": first,
            "last_name": last,
            "credentials": f"{suffix}, {title} (demo)",
            "pronouns": rng.choice(content.PRONOUNS),
            "headline": rng.choice(content.HEADLINES).format(**fill),
            "bio": bio,
            "country": place["country"],
            "region": place["region"],
            "city": place["city"],
            "postcode": place["postcode"],
            "latitude": geo[0] if geo else None,
            "longitude": geo[1] if geo else None,
            "offers_online": online,
            "offers_in_person": in_person,
            "languages": languages,
            "currency": "USD" if us else "GBP",
            "fee_min": fee_min,
            "fee_max": fee_min + rng.randrange(0, 80, 10),
            "sliding_scale": sliding,
            "sliding_scale_min": max(20, fee_min - rng.randrange(20, 70, 5)) if sliding else None,
            "free_consultation": rng.random() < 0.45,
            "accepting_clients": accepting,
            "accepting_confirmed_at": now - timedelta(days=rng.randint(0, 60))
            if accepting
            else None,
            "contact_email": f"{slug}@example.org",
            "phone": f"+1 555 01{rng.randint(0, 99):02d}"
            if us
            else f"+44 7700 900{rng.randint(0, 999):03d}",
            "online_regions": online_regions,
            "verification_state": state,
            "verified_places": standing.verified_places,
            "verified_at": checked_at if status == "verified" else None,
            "photo_version": photos.version_of([picture]),
        },
        "approaches": approaches,
        "specialties": specialties,
        "top": min(len(specialties), rng.randint(1, 5)),
        "licence": {
            "jurisdiction": jurisdiction,
            "licence_type": licence_type,
            "number": number,
            "status": status,
            "verified_at": checked_at if status == "verified" else None,
            "last_checked_at": checked_at if status != "pending" else None,
        },
        "check": None
        if status == "pending"
        else {
            "verifier": DEMO_VERIFIER,
            "kind": str(kind),
            "status": status,
            "checked_at": checked_at,
            "registry_title": DEMO_REGISTRY,
            "registry_url": "",
            "summary": DEMO_SUMMARIES[status],
            "name_on_record": f"{first} {last}"
            if status != "mismatch"
            else f"{first} {rng.choice(content.LAST_NAMES)}",
            "registry_details": {"number": number, "type": licence_type},
            "evidence": "Demo data: no registry was asked.",
            "is_demo": True,
        },
    }


def _demo_practice(rng: random.Random, country: str) -> dict:
    """Whom a demo therapist sees, how they are paid, and (for some) who they are.

    Drawn from a stream of its own, so the rest of each demo profile is what it was
    before these fields existed.
    """
    ages = [age for age in AGES if rng.random() < (0.9 if age == "adults" else 0.3)] or ["adults"]
    sessions = ["individual"] + [s for s in SESSIONS if s != "individual" and rng.random() < 0.3]
    payers = list(insurance_for(country))
    insurance = sorted(rng.sample(payers, rng.randint(0, 4)))
    described = rng.random() < 0.6  # identity is optional: many say nothing
    return {
        "ages_served": ages,
        "session_types": sessions,
        "insurance": insurance,
        "gender": rng.choice(list(GENDERS)) if described else "",
        "identities": [i for i in IDENTITIES if described and rng.random() < 0.12],
        "faith": rng.choice(list(FAITHS)) if described and rng.random() < 0.3 else "",
        "faith_integrated": described and rng.random() < 0.1,
    }
