"""Notices to therapists: what they must act on, mailed through the outbox and retried.

A notice is a row written in the same transaction as the change it reports (a decision,
a registry answer), so the change never commits without it, and a notice never goes
out for a change that rolled back. After the commit `deliver_pending` mails every
unsent notice; one that could not be sent stays unsent and is tried again by the
worker's sweep (tasks.py), so a mail server that is down never loses a decision, and
never undoes one.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from .accounts import external_url
from .extensions import db
from .mail import send_mail
from .models import Licence, Notice, Therapist, User, utcnow

log = logging.getLogger(__name__)

# After this many failed sends a notice is left for an operator (logged at each try).
MAX_ATTEMPTS = 20


def address_of(therapist: Therapist) -> str:
    """Where a therapist's notices go: their account's address (demo and imported
    profiles have none, and get no mail)."""
    if therapist.user_id is None:
        return ""
    # Read the account by key: the therapist row may have been loaded for a page that
    # loads nothing it does not show.
    user = db.session.get(User, therapist.user_id)
    return user.email if user is not None else ""


def queue(
    therapist: Therapist,
    kind: str,
    subject: str,
    lines: list[str],
    licence: Licence | None = None,
) -> Notice | None:
    """Add a notice to the current transaction; None when the therapist has no address."""
    to = address_of(therapist)
    if not to:
        return None
    link = external_url("manage.licences")
    body = "\n\n".join(
        [
            f"Hello {therapist.first_name},",
            *lines,
            f"Your licences and what each registry said: {link}",
            "Solace",
        ]
    )
    notice = Notice(
        therapist_id=therapist.id,
        licence_id=licence.id if licence is not None else None,
        kind=kind,
        to=to,
        subject=subject[:200],
        body=body,
    )
    db.session.add(notice)
    return notice


def pending(limit: int = 100) -> list[Notice]:
    """Unsent notices, oldest first, that have not used up their attempts."""
    return list(
        db.session.scalars(
            select(Notice)
            .where(Notice.sent_at.is_(None), Notice.attempts < MAX_ATTEMPTS)
            .order_by(Notice.id)
            .limit(limit)
        )
    )


def deliver_pending(limit: int = 100) -> int:
    """Mail every unsent notice (after the change it reports has committed); how many
    went. A failure is counted and left for the next sweep, never raised."""
    sent = 0
    for notice in pending(limit):
        notice.attempts += 1
        try:
            ok = send_mail(notice.to, notice.subject, notice.body)
        except Exception:  # noqa: BLE001 - a broken mail setup must not break a decision
            log.exception("notice %s could not be mailed", notice.id)
            ok = False
        if ok:
            notice.sent_at = utcnow()
            sent += 1
        db.session.commit()
    return sent


def deliver_after_commit() -> None:
    """Mail what is pending now, as a web request finishes a decision. Anything that
    fails here is retried by the worker, so the request never fails for mail."""
    try:
        deliver_pending()
    except Exception:  # noqa: BLE001 - logged; the sweep retries
        db.session.rollback()
        log.exception("notices could not be delivered now; the worker will retry")


def sent_to(therapist: Therapist) -> list[Notice]:
    """Every notice for a therapist, newest first."""
    return list(
        db.session.scalars(
            select(Notice).where(Notice.therapist_id == therapist.id).order_by(Notice.id.desc())
        )
    )
