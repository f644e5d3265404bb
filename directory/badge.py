"""The live verification badge and short link a therapist puts in a social-media bio.

Both read the profile's verification as it is now (the derived state verification.py
updates after every check, and the one rule, standing.py, for which credential verifies
which place, as the profile page does): a re-check that finds a lapse turns them into
"Not currently verified" at once, and responses are cached for minutes at most
(BADGE_MAX_AGE_SECONDS).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from markupsafe import escape
from sqlalchemy import select

from verifiers import Kind

from . import verification
from .credentials import claimed_kind
from .extensions import db
from .geography import jurisdiction_name
from .models import Licence, Therapist, VerificationState

NOT_VERIFIED = "Not currently verified"
# Letters and digits that cannot be mistaken for one another when copied by hand.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 7


@dataclass(frozen=True)
class BadgeState:
    """What the badge and the short link say."""

    verified: bool
    text: str  # "Licence verified: Texas LPC, checked 3 Dec 2026"
    membership: bool = False  # it names a membership of a UK accredited register


def _short_day(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


def verifying_licence(therapist: Therapist) -> Licence | None:
    """The licence the badge names: one the rule (standing.py) counts as verifying a place
    the profile practises in, the most recently checked first. A claim an admin rejected,
    a limited-scope licence or one above its recorded level never verifies a place, so it
    is never named, whatever its registry said."""
    standing = verification.standing_of(therapist)
    if standing.blocked:
        return None
    verifying = {place.by.key for place in standing.places if place.verified and place.by}
    licences = [lic for lic in therapist.licences if lic.id in verifying]
    return max(licences, key=lambda lic: lic.last_checked_at or lic.created_at, default=None)


def badge_state(therapist: Therapist) -> BadgeState:
    """The live state: verified only for a published profile verified somewhere."""
    verified_states = (VerificationState.VERIFIED, VerificationState.PARTLY_VERIFIED)
    if not therapist.is_published or therapist.verification_state not in verified_states:
        return BadgeState(False, NOT_VERIFIED)
    licence = verifying_licence(therapist)
    if licence is None:
        return BadgeState(False, NOT_VERIFIED)
    # A UK counsellor's accredited register is a membership, not a licence: say so.
    membership = claimed_kind(licence.licence_type) is Kind.MEMBERSHIP
    noun = "Membership" if membership else "Licence"
    # The type as the board abbreviates it ("LPC"): a badge has room for a few words.
    title = licence.licence_type
    checked = licence.last_checked_at or licence.verified_at
    when = f", checked {_short_day(checked)}" if checked else ""
    return BadgeState(True, f"{noun} verified: {jurisdiction_name(licence.jurisdiction)} "
                            f"{title}{when}", membership)  # fmt: skip


def badge_svg(state: BadgeState) -> str:
    """The badge as a small SVG image with an accessible title and visible text."""
    label = "Solace"
    text = state.text
    # Verdana-like text at 11px averages about 6.6px a character.
    label_width = 12 + round(len(label) * 6.8)
    text_width = 12 + round(len(text) * 6.6)
    width = label_width + text_width
    colour = "#1d6b4f" if state.verified else "#6b4a1d"
    title = escape(f"{label}: {text}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" '
        f'role="img" aria-labelledby="t"><title id="t">{title}</title>'
        f'<rect width="{width}" height="20" rx="3" fill="#333"/>'
        f'<rect x="{label_width}" width="{text_width}" height="20" rx="3" fill="{colour}"/>'
        '<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="6" y="14">{escape(label)}</text>'
        f'<text x="{label_width + 6}" y="14">{escape(text)}</text></g></svg>'
    )


def short_code(therapist: Therapist) -> str:
    """The therapist's short-link code, made (and committed) on first use."""
    if therapist.short_code:
        return therapist.short_code
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        taken = db.session.scalar(select(Therapist.id).where(Therapist.short_code == code))
        if taken is None:
            therapist.short_code = code
            db.session.commit()
            return code


def by_code(code: str) -> Therapist | None:
    """The therapist a short link names, or None."""
    if not code or len(code) > 12 or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return db.session.scalar(select(Therapist).where(Therapist.short_code == code))
