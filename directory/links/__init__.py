"""Verified links: the website and social accounts a therapist lists, and their checks.

A therapist adds links in the editor (`add_link`); a website or Mastodon account is
then checked by the worker, never in the request (`check_link`, run by tasks.py), for a
link back to the therapist's Solace profile (links/proof.py says how). The answer is
kept on the `ProfileLink` row and asked again every LINK_RECHECK_DAYS (`queue_rechecks`,
hourly), which also re-enqueues checks a dead worker lost. Other social accounts cannot
be checked and are shown as not verified.

- addresses.py  what a therapist typed: checked, recognised by kind, made canonical
- proof.py      asking a site through the shared HTTP client, and reading its answer
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select

from verifiers.http import RegistrySession

from .. import audit, jobs
from ..extensions import db
from ..models import ProfileLink, Therapist, utcnow
from . import proof
from .addresses import MASTODON, WEBSITE, TypedLink, kind_name, shown_address

log = logging.getLogger(__name__)

CHECKING = "checking"
VERIFIED = proof.VERIFIED
NOT_FOUND = proof.NOT_FOUND
COULD_NOT_CHECK = proof.COULD_NOT_CHECK
NOT_CHECKABLE = "not_checkable"
STATES = (CHECKING, VERIFIED, NOT_FOUND, COULD_NOT_CHECK, NOT_CHECKABLE)
# What the editor shows for each state.
STATE_WORDS = {
    CHECKING: "Checking",
    VERIFIED: "Verified",
    NOT_FOUND: "Link back not found",
    COULD_NOT_CHECK: "Could not check",
    NOT_CHECKABLE: "Not verified: Solace cannot check this kind of account",
}
LOST_AFTER = timedelta(minutes=10)


class LinkError(ValueError):
    """A link that cannot be added; `str()` says why, for the therapist."""


def link_session() -> RegistrySession:
    """The HTTP session for link checks, one per process: shorter waits and a smaller
    size cap than a registry's. Tests put one with their own resolver in its place."""
    session = current_app.extensions.get("link_session")
    if session is None:
        session = RegistrySession(
            contact_email=current_app.config["VERIFIER_CONTACT_EMAIL"] or None,
            connect_timeout=5.0,
            read_timeout=10.0,
            total_timeout=20.0,
            retries=1,
            max_bytes=proof.PAGE_MAX_BYTES,
        )
        current_app.extensions["link_session"] = session
    return session


def profile_urls(therapist: Therapist) -> list[str]:
    """The addresses that count as the therapist's profile: the page, and the short
    link when they have one. Built on SITE_URL, as every address we give out is."""
    site = current_app.config["SITE_URL"].rstrip("/")
    routes = current_app.url_map.bind("")
    urls = [site + routes.build("public.therapist_profile", {"slug": therapist.slug})]
    if therapist.short_code:
        urls.append(site + routes.build("checks.short_link", {"code": therapist.short_code}))
    return urls


def add_link(therapist: Therapist, typed: TypedLink, actor: str) -> ProfileLink:
    """Add a link to the profile; a website or Mastodon account goes to the worker."""
    if any(link.url == typed.url for link in therapist.links):
        raise LinkError("You have listed this address already.")
    limit = current_app.config["MAX_PROFILE_LINKS"]
    if len(therapist.links) >= limit:
        raise LinkError(f"A profile can list at most {limit} links; remove one first.")
    link = ProfileLink(kind=typed.kind, url=typed.url)
    if typed.verifiable:
        link.state, link.queued_at = CHECKING, utcnow()
    else:
        link.state = NOT_CHECKABLE
    therapist.links.append(link)
    db.session.flush()
    audit.record(
        "profile.link_added",
        actor=actor,
        therapist_id=therapist.id,
        after={"kind": link.kind, "url": link.url},
    )
    db.session.commit()
    if typed.verifiable:
        jobs.enqueue_link_check(link.id)
    return link


def contact_website(therapist: Therapist) -> ProfileLink | None:
    """The link the Contact section edits and calls the profile's website: its first
    website link (`Therapist.website` is that link's address)."""
    return next((link for link in therapist.links if link.kind == WEBSITE), None)


def set_website(therapist: Therapist, typed: TypedLink | None, actor: str) -> None:
    """Make `typed` the profile's website, as the Contact section is saved; None takes
    the website off. A new address is checked afresh; an unchanged one keeps its answer.
    Raises LinkError, with nothing changed, when the profile has no room for a new link.
    """
    current = contact_website(therapist)
    if typed is None:
        if current is not None:
            remove_link(therapist, current, actor)
        return
    listed = next((link for link in therapist.links if link.url == typed.url), None)
    if listed is not None and listed is current:
        return
    if listed is None and current is None:
        add_link(therapist, typed, actor)
        return
    if listed is not None and current is not None:
        # The address is listed further down already: it becomes the website instead.
        remove_link(therapist, current, actor)
        if listed.kind == WEBSITE:
            return
    target = listed or current
    before = {"kind": target.kind, "url": target.url}
    target.kind, target.url, target.detail = WEBSITE, typed.url, ""
    target.state, target.queued_at = CHECKING, utcnow()
    target.checked_at = target.verified_at = None
    audit.record(
        "profile.link_changed",
        actor=actor,
        therapist_id=therapist.id,
        before=before,
        after={"kind": WEBSITE, "url": target.url},
    )
    db.session.commit()
    jobs.enqueue_link_check(target.id)


def remove_link(therapist: Therapist, link: ProfileLink, actor: str) -> None:
    """Remove one of the therapist's links."""
    therapist.links.remove(link)
    audit.record(
        "profile.link_removed",
        actor=actor,
        therapist_id=therapist.id,
        before={"kind": link.kind, "url": link.url, "state": link.state},
    )
    db.session.commit()


def ask_again(link: ProfileLink) -> bool:
    """Check a website or Mastodon link again now (the therapist just added the link
    back); False, and nothing asked, when a check is owed already or was made within
    the last minute."""
    now = utcnow()
    if link.kind not in (WEBSITE, MASTODON):
        return False
    if link.queued_at is not None and link.queued_at > now - LOST_AFTER:
        return False
    if link.checked_at is not None and link.checked_at > now - timedelta(minutes=1):
        return False
    link.state, link.queued_at = CHECKING, now
    db.session.commit()
    jobs.enqueue_link_check(link.id)
    return True


def check_link(link_id: int) -> str | None:
    """The worker's job: ask the site, keep the answer; returns the new state (None when
    the link was removed meanwhile)."""
    link = db.session.get(ProfileLink, link_id)
    if link is None or link.kind not in (WEBSITE, MASTODON):
        return None
    urls = profile_urls(link.therapist)
    kind, url = link.kind, link.url
    db.session.commit()  # no transaction stays open while a stranger's site is asked
    try:
        finding = proof.check(link_session(), kind, url, urls)
    except Exception:  # a stranger's answer must never leave a check owed forever
        log.exception("link check %s failed unexpectedly", link_id)
        finding = proof.Finding(
            COULD_NOT_CHECK, "Solace could not read the site's answer. It will try again later."
        )
    link = db.session.get(ProfileLink, link_id)
    if link is None:
        return None
    now = utcnow()
    link.state, link.detail = finding.state, finding.detail[:300]
    link.checked_at, link.queued_at = now, None
    if finding.state == VERIFIED:
        link.verified_at = now
    db.session.commit()
    log.info("link check %s: %s", link_id, finding.state)  # no address: it names a person
    return finding.state


def queue_rechecks() -> int:
    """Enqueue every checkable link whose last answer is older than LINK_RECHECK_DAYS,
    and every check still owed long after it was asked for; returns how many."""
    now = utcnow()
    stale = now - timedelta(days=current_app.config["LINK_RECHECK_DAYS"])
    rows = list(
        db.session.scalars(
            select(ProfileLink)
            .join(Therapist, ProfileLink.therapist_id == Therapist.id)
            .where(
                ProfileLink.kind.in_([WEBSITE, MASTODON]),
                Therapist.is_demo.is_(False),  # fictional people: no stranger's site is asked
                or_(
                    ProfileLink.queued_at < now - LOST_AFTER,
                    (ProfileLink.queued_at.is_(None))
                    & or_(ProfileLink.checked_at.is_(None), ProfileLink.checked_at < stale),
                ),
            )
        )
    )
    for link in rows:
        link.queued_at = now
    db.session.commit()
    for link in rows:
        jobs.enqueue_link_check(link.id)
    return len(rows)


def editor_links(therapist: Therapist) -> list[dict]:
    """The profile's links as the editor lists them, in the order they were added."""
    website = contact_website(therapist)
    return [
        {
            "link": link,
            "kind": kind_name(link.kind),
            "shown": shown_address(link.kind, link.url),
            "is_contact_website": link is website,
        }
        for link in therapist.links
    ]


def public_links(therapist: Therapist) -> list[dict]:
    """The profile's links as the public page shows them, verified ones first.

    Read with a query of their own: the therapist may have been loaded for a results
    card, whose rows refuse to load relationships."""
    items = [
        {
            "kind": kind_name(link.kind),
            "url": link.url,
            "shown": shown_address(link.kind, link.url),
            "verified": link.state == VERIFIED,
            "checked_at": link.checked_at,
            "how": _how_checked(link.kind),
        }
        for link in db.session.scalars(
            select(ProfileLink)
            .where(ProfileLink.therapist_id == therapist.id)
            .order_by(ProfileLink.id)
        )
    ]
    return sorted(items, key=lambda item: not item["verified"])


def _how_checked(kind: str) -> str:
    if kind == MASTODON:
        return "this Mastodon account lists this profile among its profile fields"
    return 'this website links back to this profile, marked as the therapist\'s own (rel="me")'
