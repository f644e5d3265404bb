"""What each decision about a licence will do to the profile, said before it is made.

The admin's case page shows, beside approve, reject and "record a check by hand", what
each would change ("rejecting this leaves the profile verified for Texas only"). Each
effect is the verification rule (`standing.assess`) run over the therapist's
credentials with that one licence changed as the decision would change it; nothing
here writes to the database. `directory.workbench` makes the decisions and reads the
same functions, so what the page promised is what happens.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from verifiers import Flag, Level, Status

from . import verification
from .credentials import claimed_level
from .geography import jurisdiction_name
from .models import Licence, ProfileStatus, Therapist, utcnow
from .outcomes import LEVEL_WORDS, kind_words
from .standing import Answer, Credential, Standing, assess, places_of


@dataclass(frozen=True)
class Effect:
    """What a decision will do to the profile, said before it is made."""

    text: str
    status_after: str
    verified_after: tuple[str, ...]
    changes_visibility: bool


def places_named(codes) -> str:
    """Jurisdiction codes as names joined with \"and\" (\"Texas and England\")."""
    names = [jurisdiction_name(code) for code in codes]
    return " and ".join(names) if names else ""


def _standing_with(therapist: Therapist, licence: Licence, change) -> Standing:
    """The rule's verdict if `change` is made to `licence`'s credential."""
    places = places_of(
        therapist.region,
        therapist.offers_in_person,
        therapist.offers_online,
        therapist.online_regions or [],
    )
    credentials = [
        change(verification.credential_of(lic)) if lic.id == licence.id else
        verification.credential_of(lic)
        for lic in therapist.licences
    ]  # fmt: skip
    return assess(places, credentials, utcnow().date())


def status_after_reject(therapist: Therapist, licence: Licence, standing: Standing) -> str:
    """The profile's status once `licence` is rejected and the rule says `standing`: it
    goes back to its therapist as a draft when it is verified nowhere (unless another
    licence still waits for its checks)."""
    status = therapist.status
    if status not in (ProfileStatus.PUBLISHED, ProfileStatus.SUBMITTED, ProfileStatus.SUSPENDED):
        return status
    if standing.blocked or standing.verified_places:
        return status
    others_in_play = any(
        lic.id != licence.id and lic.decision != "rejected" and lic.status == "pending"
        for lic in therapist.licences
    )
    if status == ProfileStatus.SUBMITTED and others_in_play:
        return status
    return ProfileStatus.DRAFT


def reject_effect(licence: Licence) -> Effect:
    """What rejecting `licence` does: the rule's verdict without it."""
    therapist = licence.therapist
    standing = _standing_with(therapist, licence, _rejected)
    status = status_after_reject(therapist, licence, standing)
    left = places_named(standing.verified_places)
    listed = therapist.status == ProfileStatus.PUBLISHED
    if status == ProfileStatus.DRAFT and therapist.status != ProfileStatus.DRAFT:
        text = (
            "Rejecting this leaves the profile verified nowhere: "
            + ("it leaves search and " if listed else "it ")
            + "goes back to the therapist as a draft."
        )
    elif left:
        stays = "it stays listed" if listed else f"the profile stays {therapist.status}"
        text = f"Rejecting this leaves the profile verified for {left} only; {stays}."
    else:
        text = f"Rejecting this changes nothing else: the profile stays {therapist.status}."
    return Effect(
        text + " The therapist sees your reason on their pages and by mail.",
        status,
        tuple(standing.verified_places),
        (status == ProfileStatus.PUBLISHED) != listed,
    )


def approve_effect(licence: Licence) -> Effect:
    """What approving `licence` does: the profile is published, verified where the
    rule says once any possible match on the licence is cleared."""
    therapist = licence.therapist
    standing = _standing_with(therapist, licence, _approved)
    where = places_named(standing.verified_places)
    listed = therapist.status == ProfileStatus.PUBLISHED
    verified = f"verified for {where}" if where else "not verified anywhere"
    if listed:
        text = f"Approving this keeps the profile listed, {verified}."
    else:
        text = f"Approving this publishes the profile: it will be listed, {verified}."
    if not standing.verified_places or licence.id not in {
        p.by.key for p in standing.places if p.verified and p.by
    }:
        what = kind_words(licence)
        text += (
            f" This {what} is not marked verified: only a register's answer, or a check "
            "you record by hand below, does that."
        )
    return Effect(text, ProfileStatus.PUBLISHED, tuple(standing.verified_places), not listed)


def manual_effect(licence: Licence) -> Effect:
    """What recording "held, in good standing, at the level claimed" for `licence` does;
    the text also says that a lower level seen verifies nothing."""
    therapist = licence.therapist
    standing = _standing_with(therapist, licence, _confirmed)
    where = places_named(standing.verified_places)
    publish = therapist.status == ProfileStatus.SUBMITTED and bool(standing.verified_places)
    claimed = claimed_level(licence.licence_type)
    held = "Recording it as held"
    if claimed is not None:
        held += f" at the level claimed, {LEVEL_WORDS[claimed]},"
    if not where:
        text = (
            f"{held} leaves the profile verified nowhere: it does not cover a place the "
            "therapist practises."
        )
    elif publish:
        text = f"{held} makes the profile verified for {where} and publishes it."
    else:
        text = f"{held} makes the profile verified for {where}."
    if claimed is not None and claimed is not Level.LIMITED_SCOPE:
        text += " A lower level seen is recorded as a mismatch and verifies nothing."
    text += " Any other answer is mailed to the therapist with what to do."
    status = ProfileStatus.PUBLISHED if publish else therapist.status
    return Effect(text, status, tuple(standing.verified_places), publish)


def _rejected(credential: Credential) -> Credential:
    return replace(
        credential, answers=tuple(a for a in credential.answers if a.kind is not credential.kind)
    )


def _approved(credential: Credential) -> Credential:
    return replace(
        credential,
        answers=tuple(
            replace(a, cleared=True) if Flag.POSSIBLE_MATCH in a.flags else a
            for a in credential.answers
        ),
    )


def _confirmed(credential: Credential) -> Credential:
    held = Answer(kind=credential.kind, status=Status.VERIFIED, level=credential.claimed_level)
    return replace(credential, answers=(*credential.answers, held))
