"""What a profile page shows about licences and ratings, derived from stored rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Licence, Therapist, VerificationCheck
from .ratings.display import MIN_RATINGS_SHOWN

# Visitor-facing words for a licence's state. Only a licence-kind VERIFIED is "verified".
LICENCE_LABELS = {
    "verified": "Verified",
    "pending": "Check in progress",
    "not_found": "Not verified",
    "mismatch": "Not verified",
    "error": "Not verified yet",
    "inactive": "Not in force",
    "sanctioned": "Restricted",
}


@dataclass
class LicenceSummary:
    """One licence as a visitor sees it, with the latest check of each kind."""

    licence: Licence
    label: str
    is_verified: bool
    latest_licence_check: VerificationCheck | None
    other_checks: list[VerificationCheck] = field(default_factory=list)  # identity, exclusion


def latest_checks(licence: Licence) -> dict[str, VerificationCheck]:
    """The newest stored check per verifier."""
    latest: dict[str, VerificationCheck] = {}
    for check in sorted(licence.checks, key=lambda c: c.checked_at, reverse=True):
        latest.setdefault(check.verifier, check)
    return latest


def licence_summaries(therapist: Therapist) -> list[LicenceSummary]:
    """Every licence of a therapist, with how and when it was checked."""
    summaries = []
    for licence in therapist.licences:
        checks = latest_checks(licence)
        licence_checks = [c for c in checks.values() if c.kind == "licence"]
        newest = max(licence_checks, key=lambda c: c.checked_at, default=None)
        summaries.append(
            LicenceSummary(
                licence=licence,
                label=LICENCE_LABELS.get(licence.status, "Not verified"),
                is_verified=licence.status == "verified",
                latest_licence_check=newest,
                other_checks=[c for c in checks.values() if c.kind != "licence"],
            )
        )
    return summaries


@dataclass
class RatingSummary:
    """The rating block of a profile or a search result."""

    count: int
    average: float | None
    enough: bool  # at least MIN_RATINGS_SHOWN approved ratings


def rating_summary(therapist: Therapist) -> RatingSummary:
    """Average and count, withheld below the minimum count."""
    enough = therapist.rating_count >= MIN_RATINGS_SHOWN and therapist.rating_average is not None
    return RatingSummary(
        count=therapist.rating_count,
        average=round(therapist.rating_average, 1) if enough else None,
        enough=enough,
    )
