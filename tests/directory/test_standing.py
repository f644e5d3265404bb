"""The one rule for "verified": every combination of place, level, kind and status."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from directory.standing import Answer, Credential, assess, places_of
from verifiers import Flag, Kind, Level, Status

TODAY = date(2026, 12, 1)
TX, NY, GB, ENG = "US-TX", "US-NY", "GB", "GB-ENG"


def cred(jurisdiction, kind=Kind.LICENCE, claimed=Level.INDEPENDENT, *answers):
    return Credential(jurisdiction, kind, claimed, tuple(answers))


def ok(kind=Kind.LICENCE, level=None, **kw):
    return Answer(kind, Status.VERIFIED, level, **kw)


# (case, places, credentials, verified places, blocked)
CASES = [
    ("Texas licence verifies Texas", [TX], [cred(TX, Kind.LICENCE, None, ok())], [TX], False),
    ("a Texas licence does not verify New York", [TX, NY], [cred(TX, Kind.LICENCE, None, ok())],
     [TX], False),
    ("UK membership never verifies a Texas practice", [TX],
     [cred(GB, Kind.MEMBERSHIP, None, ok(Kind.MEMBERSHIP))], [], False),
    ("UK membership verifies England", [ENG],
     [cred(GB, Kind.MEMBERSHIP, None, ok(Kind.MEMBERSHIP))], [ENG], False),
    ("a membership answered as a licence does not count", [ENG],
     [cred(GB, Kind.MEMBERSHIP, None, ok(Kind.LICENCE))], [], False),
    ("an HCPC licence verifies England", [ENG], [cred(GB, Kind.LICENCE, None, ok())], [ENG], False),
    ("identity alone verifies nothing", [TX], [cred(TX, Kind.LICENCE, None, ok(Kind.IDENTITY))],
     [], False),
    ("not excluded verifies nothing", [TX], [cred(TX, Kind.LICENCE, None, ok(Kind.EXCLUSION))],
     [], False),
    ("an associate claimed as associate is verified, supervised", [TX],
     [cred(TX, Kind.LICENCE, Level.SUPERVISED, ok(level=Level.SUPERVISED))], [TX], False),
    ("an associate claimed as a full licence is not verified", [TX],
     [cred(TX, Kind.LICENCE, Level.INDEPENDENT, ok(level=Level.SUPERVISED))], [], False),
    ("a school psychologist verifies no psychotherapy practice", [TX],
     [cred(TX, Kind.LICENCE, Level.LIMITED_SCOPE, ok(level=Level.LIMITED_SCOPE))], [], False),
    ("a school psychologist recorded higher by hand still verifies no practice", [TX],
     [cred(TX, Kind.LICENCE, Level.LIMITED_SCOPE, ok(level=Level.INDEPENDENT))], [], False),
    ("an expired answer is not current", [TX],
     [cred(TX, Kind.LICENCE, None, ok(expires_on=date(2026, 11, 30)))], [], False),
    ("an answer expiring today still stands", [TX],
     [cred(TX, Kind.LICENCE, None, ok(expires_on=TODAY))], [TX], False),
    ("a disciplinary record on an active licence stays verified", [TX],
     [cred(TX, Kind.LICENCE, None, ok(flags=frozenset({Flag.DISCIPLINARY_RECORD})))], [TX], False),
    ("a probated licence blocks the profile", [TX],
     [cred(TX, Kind.LICENCE, None, Answer(Kind.LICENCE, Status.SANCTIONED))], [], True),
    ("an exclusion listing blocks a verified profile", [TX],
     [cred(TX, Kind.LICENCE, None, ok(), Answer(Kind.EXCLUSION, Status.SANCTIONED))], [], True),
    ("an uncleared possible match blocks", [TX],
     [cred(TX, Kind.LICENCE, None, ok(),
           Answer(Kind.EXCLUSION, Status.MISMATCH, flags=frozenset({Flag.POSSIBLE_MATCH})))],
     [], True),
    ("a cleared possible match does not block", [TX],
     [cred(TX, Kind.LICENCE, None, ok(),
           Answer(Kind.EXCLUSION, Status.MISMATCH, flags=frozenset({Flag.POSSIBLE_MATCH}),
                  cleared=True))],
     [TX], False),
    ("an identity mismatch does not block by itself", [TX],
     [cred(TX, Kind.LICENCE, None, ok(), Answer(Kind.IDENTITY, Status.MISMATCH))], [TX], False),
    ("no places, nothing verified", [], [cred(TX, Kind.LICENCE, None, ok())], [], False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("places", "credentials", "verified", "blocked"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_rule(places, credentials, verified, blocked):
    standing = assess(places, credentials, TODAY)
    assert standing.verified_places == verified
    assert standing.blocked is blocked
    assert standing.verified is (bool(places) and verified == places and not blocked)
    assert standing.unverified_places == [p for p in places if p not in verified]


# Every combination: the place, the credential's kind and claimed level, and each answer's
# kind, status and recorded level. The rule's invariants hold for all of them.
COMBINATIONS = list(
    itertools.product(
        [TX, ENG],  # place
        [TX, GB],  # credential jurisdiction
        [Kind.LICENCE, Kind.MEMBERSHIP],  # credential kind
        [None, *Level],  # claimed level
        list(Kind),  # answer kind
        list(Status),  # answer status
        [None, *Level],  # recorded level
    )
)


@pytest.mark.parametrize("combo", [COMBINATIONS], ids=[f"{len(COMBINATIONS)} combinations"])
def test_every_combination_keeps_the_promises(combo):
    seen_verified = 0
    for place, held, kind, claimed, answer_kind, status, recorded in combo:
        credential = cred(held, kind, claimed, Answer(answer_kind, status, recorded))
        standing = assess([place], [credential], TODAY)
        if standing.verified:
            seen_verified += 1
            # Only a VERIFIED answer of the credential's own kind, for its own place ...
            assert status is Status.VERIFIED and answer_kind is kind
            assert held == place or place.startswith(held + "-")
            # ... memberships only in the UK ...
            assert kind is Kind.LICENCE or place.startswith("GB")
            # ... never below the claim, never a limited scope.
            # The level verified is the claim's, or the record's where that is lower.
            level = (
                min(recorded, claimed, key=lambda v: v.rank)
                if recorded and claimed
                else (recorded or claimed)
            )
            assert level is not Level.LIMITED_SCOPE and claimed is not Level.LIMITED_SCOPE
            assert not (recorded and claimed and recorded.rank < claimed.rank)
            assert standing.places[0].level == level
        if status is Status.SANCTIONED:
            assert standing.blocked and not standing.verified
    assert seen_verified > 0


def test_places_are_the_address_and_the_online_regions():
    assert places_of(TX, True, True, ["us-ny", TX, ""]) == [TX, NY]
    assert places_of(TX, False, True, [NY]) == [NY]
    assert places_of(TX, False, True, []) == [TX]  # online, no places named: their own
    assert places_of(TX, True, False, [NY]) == [TX]
    assert places_of("", True, False, []) == []


def test_an_independent_licence_is_preferred_for_a_place():
    associate = cred(TX, Kind.LICENCE, Level.SUPERVISED, ok(level=Level.SUPERVISED))
    full = cred(TX, Kind.LICENCE, Level.INDEPENDENT, ok(level=Level.INDEPENDENT))
    place = assess([TX], [associate, full], TODAY).places[0]
    assert place.by is full and place.level is Level.INDEPENDENT


def test_a_licence_is_verified_at_the_level_claimed_never_above_it():
    associate = cred(TX, Kind.LICENCE, Level.SUPERVISED, ok(level=Level.INDEPENDENT))
    [place] = assess([TX], [associate], TODAY).places
    assert place.verified and place.level is Level.SUPERVISED


def test_a_disciplinary_record_is_disclosed():
    flagged = cred(TX, Kind.LICENCE, None, ok(flags=frozenset({Flag.DISCIPLINARY_RECORD})))
    standing = assess([TX], [flagged], TODAY)
    assert standing.verified and standing.disclosures == ((flagged, Flag.DISCIPLINARY_RECORD),)
