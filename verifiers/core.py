"""The plugin contract's types: the query, the statuses, the result, the protocol.

Everything here is re-exported by `verifiers`; import it from there.
`RegistryVerifier` is an optional base class that built-in verifiers (and any
plugin that likes) use: it handles configuration, coverage, the shared HTTP
session, and turns every failure into an ERROR result so `verify()` never raises.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Protocol, runtime_checkable
from urllib.parse import urlencode

from verifiers.errors import RegistryError
from verifiers.http import RegistryClient, RegistrySession, default_session

log = logging.getLogger("verifiers")

EVIDENCE_LIMIT = 8000
NAME_MATCHES_SHOWN = 10  # people a name lookup lists; more are counted, not shown
SUMMARY_LIMIT = 300
_JURISDICTION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


class Status(enum.StrEnum):
    """What a registry said about a claimed licence (see docs/design.md for the contract)."""

    VERIFIED = "verified"
    NOT_FOUND = "not_found"
    MISMATCH = "mismatch"
    INACTIVE = "inactive"
    SANCTIONED = "sanctioned"
    ERROR = "error"


class Kind(enum.StrEnum):
    """What a VERIFIED answer of a verifier proves."""

    LICENCE = "licence"  # the issuing board or register: a primary source
    IDENTITY = "identity"  # who the person is (NPPES), with self-reported licence data
    EXCLUSION = "exclusion"  # not on a sanctions list
    # A professional body's or accredited register's listing (UK counselling and
    # psychotherapy, which no statute regulates): verifies UK practice, never a US one.
    MEMBERSHIP = "membership"


class Level(enum.StrEnum):
    """The level a licence allows, as the registry records it.

    A claim above the recorded level is a MISMATCH; a therapist may hold (and list)
    a supervised licence honestly, and it is then shown as such.
    """

    INDEPENDENT = "independent"  # LPC, LMFT, LCSW, licensed psychologist
    SUPERVISED = "supervised"  # LPC Associate, LMFT Associate, LMSW, psychological associate
    LIMITED_SCOPE = "limited_scope"  # not general psychotherapy: e.g. school psychology

    @property
    def rank(self) -> int:
        """Independent practice outranks supervised practice, which outranks a limited scope."""
        return {"independent": 2, "supervised": 1, "limited_scope": 0}[self.value]


class Flag(enum.StrEnum):
    """Facts a result carries beside its status, for the app to disclose or route."""

    # A board's public disciplinary record on a licence that is still in force: the
    # result stays VERIFIED and the app discloses it.
    DISCIPLINARY_RECORD = "disciplinary_record"
    # A name-only hit on an exclusion list (status MISMATCH): a person must clear it
    # before the profile is shown; the evidence says which rows matched.
    POSSIBLE_MATCH = "possible_match"
    # An exclusion listing carries a waiver (valid only in the state it names).
    WAIVER = "waiver"
    # The claim alone settled the answer (`screen`: a type the register does not issue,
    # a number that cannot be one of its numbers): the registry was not asked, so the
    # answer says nothing about what the register holds. The host sets it.
    NOT_ASKED = "not_asked"


@dataclass(frozen=True)
class LicenceQuery:
    """A therapist's claim to be checked: a licence and the name it should be in.

    `jurisdiction` is an ISO 3166 code: ``US-TX`` for a US state, ``GB`` for a
    country. Strings are stripped; the jurisdiction is upper-cased.
    `date_of_birth`, when the app has it, lets an exclusion list confirm a name match.
    `other_names` are the names the person is known by in other registries (e.g. the
    name NPPES holds), each a full name in any order ("Last, First" is read as such).
    """

    jurisdiction: str
    licence_type: str
    number: str
    first_name: str
    last_name: str
    npi: str | None = None
    middle_name: str | None = None
    date_of_birth: date | None = None
    other_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("licence_type", "number", "first_name", "last_name"):
            object.__setattr__(self, name, str(getattr(self, name) or "").strip())
        for name in ("npi", "middle_name"):
            value = getattr(self, name)
            object.__setattr__(self, name, str(value).strip() or None if value else None)
        jurisdiction = str(self.jurisdiction or "").strip().upper()
        if not _JURISDICTION.match(jurisdiction):
            raise ValueError(
                f"jurisdiction {self.jurisdiction!r} is not an ISO 3166 code like 'US-TX' or 'GB'"
            )
        object.__setattr__(self, "jurisdiction", jurisdiction)
        object.__setattr__(self, "date_of_birth", _date_or_none(self.date_of_birth))
        others = self.other_names or ()
        names = (str(n).strip() for n in ((others,) if isinstance(others, str) else others))
        object.__setattr__(self, "other_names", tuple(n for n in names if n))

    @property
    def country(self) -> str:
        """The country part: ``US`` for ``US-TX``."""
        return self.jurisdiction.split("-")[0]

    @property
    def subdivision(self) -> str | None:
        """The state or region part: ``TX`` for ``US-TX``, None for ``GB``."""
        parts = self.jurisdiction.split("-", 1)
        return parts[1] if len(parts) == 2 else None

    @property
    def full_name(self) -> str:
        """The claimed name as one string, for summaries."""
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)


def _date_or_none(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return str(value)


def cap_text(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, marked when cut."""
    if len(text) <= limit:
        return text
    marker = " [...cut]"
    return text[: limit - len(marker)] + marker


@dataclass(frozen=True)
class VerificationResult:
    """One verifier's answer about one claim, with what an admin needs to judge it.

    `registry_name` and `registry_details` are what the registry returned (its
    spelling of the name; licence number, type, status...), never the claim.
    `evidence` is the relevant part of the raw answer, capped at EVIDENCE_LIMIT.
    """

    status: Status
    verifier: str
    kind: Kind
    checked_at: datetime
    registry: str
    registry_url: str
    summary: str
    registry_name: str | None = None
    registry_details: Mapping[str, Any] = field(default_factory=dict)
    expires_on: date | None = None
    evidence: str = ""
    level: Level | None = None  # the level the registry records, where it says
    flags: frozenset[Flag] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Status(self.status))
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "level", Level(self.level) if self.level else None)
        object.__setattr__(self, "flags", frozenset(Flag(f) for f in self.flags))
        checked = self.checked_at
        if checked.tzinfo is None:
            raise ValueError("checked_at must be timezone-aware (UTC)")
        object.__setattr__(self, "checked_at", checked.astimezone(UTC))
        summary = " ".join(str(self.summary).split())
        object.__setattr__(self, "summary", cap_text(summary, SUMMARY_LIMIT))
        object.__setattr__(self, "registry_details", _jsonable(dict(self.registry_details)))
        object.__setattr__(self, "evidence", cap_text(str(self.evidence or ""), EVIDENCE_LIMIT))

    @property
    def verifies_licence(self) -> bool:
        """True only for a licence-kind VERIFIED: the one answer that shows a licence
        as verified."""
        return self.status is Status.VERIFIED and self.kind is Kind.LICENCE

    @property
    def possible_match(self) -> bool:
        """A name-only exclusion-list hit that a person must clear."""
        return self.status is Status.MISMATCH and Flag.POSSIBLE_MATCH in self.flags

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; `from_dict` reads it back."""
        return {
            "status": self.status.value,
            "verifier": self.verifier,
            "kind": self.kind.value,
            "checked_at": self.checked_at.isoformat(),
            "registry": self.registry,
            "registry_url": self.registry_url,
            "summary": self.summary,
            "registry_name": self.registry_name,
            "registry_details": dict(self.registry_details),
            "expires_on": self.expires_on.isoformat() if self.expires_on else None,
            "evidence": self.evidence,
            "level": self.level.value if self.level else None,
            "flags": sorted(f.value for f in self.flags),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> VerificationResult:
        """Rebuild a result stored with `to_dict`; raises ValueError on bad data."""
        try:
            return cls(
                status=Status(data["status"]),
                verifier=str(data["verifier"]),
                kind=Kind(data["kind"]),
                checked_at=datetime.fromisoformat(data["checked_at"]),
                registry=str(data["registry"]),
                registry_url=str(data["registry_url"]),
                summary=str(data["summary"]),
                registry_name=data.get("registry_name"),
                registry_details=dict(data.get("registry_details") or {}),
                expires_on=_date_or_none(data.get("expires_on")),
                evidence=str(data.get("evidence") or ""),
                level=data.get("level") or None,
                flags=frozenset(data.get("flags") or ()),
            )
        except KeyError as exc:
            raise ValueError(f"stored verification result lacks {exc.args[0]!r}") from None


@runtime_checkable
class Verifier(Protocol):
    """What every verifier offers. Plugins need not inherit anything; they need
    these attributes. `verify` must not raise for registry trouble: it returns an
    ERROR result instead.

    Two capabilities tell the application what a verifier is, beside its kind and
    jurisdictions; a verifier that lacks them is taken to have neither (read them
    with `is_file_backed` and `is_answered_by_person`, never by name):

    - ``file_backed = True``: it answers from a downloaded copy of the registry's
      file. It accepts a ``data_dir`` option (where to keep the copy) and has a
      ``refresh(progress=None)`` method that downloads it again.
    - ``answered_by_person = True``: a person answers, not a program. It stands in
      where no program can ask a registry, and has an ``attest(...)`` method that
      records a person's check (see `verifiers.manual`).

    One is optional and read with `searches_by_name`: a verifier whose registry can
    be searched by a person's name (a downloaded board file, an exclusion list, a
    registry with a name search) offers ``lookup_by_name(query)``, which answers a
    `LicenceQuery` that may lack a number, and never raises for registry trouble.
    Its result says who the registry lists under that name (``registry_details``
    ``"matches"``: at most `NAME_MATCHES_SHOWN`, each a dict with ``name``,
    ``number``, ``licence_type``, ``status``).

    Another is optional and read with `links_claim_page`: a verifier whose registry
    documents a public page that takes the claim in its address (the HCPC's detail
    page, ``?query=PYL12345&profession=PYL``) offers ``public_page(query)``, the
    address of that page on the registry's own public site, for a person to open;
    None when the claim cannot fill it. It asks nothing.

    Two more say how far its answers can be relied on (read them with `needs_key` and
    `answers_recorded`): ``needs_key = True`` when it cannot ask its registry until an
    operator configures a key; ``answers_recorded = False`` when its tests could only
    use answers written from the registry's documentation, not recorded ones.
    """

    name: str
    kind: Kind
    jurisdictions: tuple[str, ...]
    registry_name: str
    default_base_url: str

    def verify(self, query: LicenceQuery) -> VerificationResult:
        """Ask the registry about `query`."""
        ...

    def covers(self, jurisdiction: str) -> bool:
        """Whether this verifier can check licences of `jurisdiction`."""
        ...

    @property
    def configured(self) -> bool:
        """False when configuration it needs (an API key...) is missing."""
        ...

    @property
    def not_configured_reason(self) -> str | None:
        """Why it is not configured, in words an operator can act on; None if it is."""
        ...


def is_file_backed(verifier: Any) -> bool:
    """Whether `verifier` (an instance or a class) answers from a downloaded registry file."""
    return bool(getattr(verifier, "file_backed", False))


def is_answered_by_person(verifier: Any) -> bool:
    """Whether a person, not a program, answers for `verifier` (an instance or a class)."""
    return bool(getattr(verifier, "answered_by_person", False))


def searches_by_name(verifier: Any) -> bool:
    """Whether `verifier` (an instance or a class) can look a person up by name alone."""
    return callable(getattr(verifier, "lookup_by_name", None))


def links_claim_page(verifier: Any) -> bool:
    """Whether `verifier` (an instance or a class) can give the registry's public page
    for a claim, prefilled with its number (`public_page`)."""
    return callable(getattr(verifier, "public_page", None))


def needs_key(verifier: Any) -> bool:
    """Whether `verifier` can ask its registry only once an operator configures a key."""
    return bool(getattr(verifier, "needs_key", False))


def answers_recorded(verifier: Any) -> bool:
    """Whether `verifier` is tested against answers its registry really gave (a plugin
    that does not say is taken not to be)."""
    return bool(getattr(verifier, "answers_recorded", False))


def covers(jurisdictions: tuple[str, ...] | list[str], jurisdiction: str) -> bool:
    """Whether a verifier covering `jurisdictions` covers `jurisdiction`.

    ``*`` covers everything; a country (``US``) covers its subdivisions (``US-TX``).
    """
    wanted = jurisdiction.strip().upper()
    for covered in jurisdictions:
        covered = covered.upper()
        if covered in ("*", wanted) or wanted.startswith(covered + "-"):
            return True
    return False


class RegistryVerifier:
    """Base class for verifiers that ask a registry over HTTP.

    Every verifier has one shape, which `check` runs: `fetch(query)` asks the
    registry (the only step that does I/O; it raises `RegistryError` subclasses for
    trouble), `parse(payload)` reads the answer into records (pure, so it is tested
    on recorded answers), and `decide(query, records)` judges the claim by them.
    `screen(query)` may settle a claim before anything is asked. Subclasses set the
    class attributes and implement the three steps. `verify` wraps `check` so that
    it never raises: registry trouble becomes an ERROR result with the error's message.
    """

    name: ClassVar[str]
    kind: ClassVar[Kind]
    jurisdictions: ClassVar[tuple[str, ...]]
    registry_name: ClassVar[str]
    default_base_url: ClassVar[str]
    default_requests_per_second: ClassVar[float] = 1.0
    # Capabilities (see `Verifier`): a registry asked over HTTP by a program.
    file_backed: ClassVar[bool] = False
    answered_by_person: ClassVar[bool] = False
    needs_key: ClassVar[bool] = False
    answers_recorded: ClassVar[bool] = True  # the built-ins' tests replay recorded answers

    def __init__(
        self,
        base_url: str | None = None,
        session: RegistrySession | None = None,
        *,
        requests_per_second: float | None = None,
        contact_email: str | None = None,
    ) -> None:
        self.base_url = base_url or self.default_base_url
        self.session = session or default_session(contact_email)
        self.requests_per_second = requests_per_second or self.default_requests_per_second
        self.client: RegistryClient = self.session.client(
            self.base_url, requests_per_second=self.requests_per_second
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} at {self.base_url}>"

    def covers(self, jurisdiction: str) -> bool:
        """Whether this verifier can check licences of `jurisdiction`."""
        return covers(self.jurisdictions, jurisdiction)

    @property
    def configured(self) -> bool:
        """False when configuration it needs is missing; see `not_configured_reason`."""
        return self.not_configured_reason is None

    @property
    def not_configured_reason(self) -> str | None:
        """Why the verifier cannot run as configured, or None when it can."""
        return None

    def verify(self, query: LicenceQuery) -> VerificationResult:
        """Ask the registry about `query`. Never raises for registry trouble."""
        return self.guarded(self.check, query)

    def guarded(
        self, ask: Callable[[LicenceQuery], VerificationResult], query: LicenceQuery
    ) -> VerificationResult:
        """`ask(query)`, with missing configuration and every failure turned into an
        ERROR result: what `verify` and a `lookup_by_name` share."""
        if not self.covers(query.jurisdiction):
            return self.error(
                f"{self.name} checks licences of {', '.join(self.jurisdictions)}, "
                f"not {query.jurisdiction}; no registry was asked."
            )
        reason = self.not_configured_reason
        if reason is not None:
            return self.error(f"{self.name} is not configured: {reason}")
        try:
            return ask(query)
        except RegistryError as exc:
            return self.error(exc.message, evidence=exc.evidence)
        except Exception:
            # A bug of ours or a registry answer we never imagined: log it for the
            # operators, and tell the reader nothing was concluded. The log names
            # neither the person nor the number: the public asks about people too.
            log.exception("verifier %s failed on a %s query", self.name, query.jurisdiction)
            return self.error(
                f"{self.name} failed unexpectedly while reading the registry's answer; "
                "nothing was concluded. The error was logged for the site's operators."
            )

    def check(self, query: LicenceQuery) -> VerificationResult:
        """Screen, fetch, parse, decide; may raise `RegistryError`."""
        settled = self.screen(query)
        if settled is not None:
            return replace(settled, flags=settled.flags | {Flag.NOT_ASKED})
        return self.decide(query, self.parse(self.fetch(query)))

    def screen(self, query: LicenceQuery) -> VerificationResult | None:
        """The result when the claim alone settles it (a licence type this registry
        does not issue, an NPI whose check digit is wrong), so the registry is not
        asked; None to ask it. By default, always ask."""
        return None

    def fetch(self, query: LicenceQuery) -> Any:
        """Ask the registry about `query` and return its answer as received (a
        `RegistryResponse`, a local copy of a file); raise `RegistryError`
        subclasses on trouble. Subclasses implement this."""
        raise NotImplementedError

    @staticmethod
    def parse(payload: Any) -> Any:
        """The record(s) in a registry's answer, or None when it holds none; raise
        `ParseError` when the answer is not what was expected. Pure: no I/O, no
        clock. Subclasses implement this."""
        raise NotImplementedError

    def decide(self, query: LicenceQuery, records: Any) -> VerificationResult:
        """The result for `query` given the record(s) `parse` read. Subclasses
        implement this."""
        raise NotImplementedError

    def address(self, path: str, params: Mapping[str, str]) -> str:
        """The full address of a question asked with `params`: a result's registry_url."""
        return f"{self.client.url(path)}?{urlencode(params)}"

    def result(
        self,
        status: Status,
        summary: str,
        *,
        registry_url: str | None = None,
        registry_name: str | None = None,
        registry_details: Mapping[str, Any] | None = None,
        expires_on: date | None = None,
        evidence: str = "",
        level: Level | None = None,
        flags: frozenset[Flag] | set[Flag] = frozenset(),
    ) -> VerificationResult:
        """A result of this verifier, checked now."""
        return VerificationResult(
            status=status,
            verifier=self.name,
            kind=self.kind,
            checked_at=datetime.now(UTC),
            registry=self.registry_name,
            registry_url=registry_url or self.base_url,
            summary=summary,
            registry_name=registry_name,
            registry_details=registry_details or {},
            expires_on=expires_on,
            evidence=evidence,
            level=level,
            flags=frozenset(flags),
        )

    def error(self, summary: str, *, evidence: str = "", registry_url: str | None = None):
        """An ERROR result: the registry could not be asked or understood."""
        return self.result(Status.ERROR, summary, evidence=evidence, registry_url=registry_url)
