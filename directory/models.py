"""The data model: SQLAlchemy 2.0 typed models, the source of truth.

The search index is derived from these rows (see search.py); nothing here knows about
Whoosh except the outbox table that tells the indexer which therapists changed.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from .extensions import db


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A moment in time, always aware and in UTC in Python, whatever the database.

    SQLite keeps no time zone, so `DateTime(timezone=True)` reads back naive there; this
    type attaches UTC on the way out, so no caller has to. A naive value bound to it is
    taken to be UTC, as SQLite always took it (every time this application makes is
    UTC). The column is still `DateTime(timezone=True)`, so the schema, the migrations
    and autogenerate see no change.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        """What is written: in UTC (a naive value is taken to be UTC already)."""
        return _in_utc(value)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        """What is read: aware, in UTC."""
        return _in_utc(value)


def _in_utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class ProfileStatus(enum.StrEnum):
    """Where a profile stands in the publication workflow; only PUBLISHED is searchable."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    SUSPENDED = "suspended"
    HIDDEN = "hidden"


class VerificationState(enum.StrEnum):
    """A therapist's licence state as a visitor sees it, derived from stored checks."""

    UNVERIFIED = "unverified"  # no licence-kind answer yet
    PENDING = "pending"  # checks queued or running
    VERIFIED = "verified"  # verified for every place the therapist practises
    PARTLY_VERIFIED = "partly_verified"  # verified for some of those places only
    NEEDS_REVIEW = "needs_review"  # a registry answer needs a person
    PROBLEM = "problem"  # inactive or sanctioned licence


class _TermColumns:
    """The columns an approach and a specialty share: a curated, explained term."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(String(200))
    what_it_is: Mapped[str] = mapped_column(Text)
    session_like: Mapped[str] = mapped_column(Text)
    used_for: Mapped[str] = mapped_column(Text)
    keywords: Mapped[str] = mapped_column(Text, default="")


class Approach(_TermColumns, db.Model):
    """A therapeutic approach (CBT, EMDR...), from the curated vocabulary."""

    __tablename__ = "approach"


class Specialty(_TermColumns, db.Model):
    """Something people seek help with (anxiety, grief...), from the curated vocabulary."""

    __tablename__ = "specialty"


class TherapistApproach(db.Model):
    """A therapist offers an approach."""

    __tablename__ = "therapist_approach"

    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("therapist.id", ondelete="CASCADE"), primary_key=True
    )
    approach_id: Mapped[int] = mapped_column(ForeignKey("approach.id"), primary_key=True)
    approach: Mapped[Approach] = relationship(lazy="joined")


class TherapistSpecialty(db.Model):
    """A therapist works with a specialty; at most five are marked as top."""

    __tablename__ = "therapist_specialty"

    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("therapist.id", ondelete="CASCADE"), primary_key=True
    )
    specialty_id: Mapped[int] = mapped_column(ForeignKey("specialty.id"), primary_key=True)
    is_top: Mapped[bool] = mapped_column(Boolean, default=False)
    specialty: Mapped[Specialty] = relationship(lazy="joined")


MAX_TOP_SPECIALTIES = 5


class Therapist(db.Model):
    """A therapist's profile: what the public sees once it is published."""

    __tablename__ = "therapist"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=ProfileStatus.DRAFT, index=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    credentials: Mapped[str] = mapped_column(String(120), default="")  # "PhD, LPC"
    pronouns: Mapped[str] = mapped_column(String(40), default="")
    headline: Mapped[str] = mapped_column(String(200), default="")
    bio: Mapped[str] = mapped_column(Text, default="")

    # Where: city-level by default; the street address only when the therapist chooses.
    country: Mapped[str] = mapped_column(String(2), default="US")  # ISO 3166-1
    region: Mapped[str] = mapped_column(String(6), default="")  # ISO 3166-2: "US-TX"
    city: Mapped[str] = mapped_column(String(80), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    street_address: Mapped[str] = mapped_column(String(200), default="")
    show_street_address: Mapped[bool] = mapped_column(Boolean, default=False)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)

    offers_online: Mapped[bool] = mapped_column(Boolean, default=False)
    offers_in_person: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where they see clients online: ISO 3166 codes ("US-TX", "GB-ENG"), each a place
    # the verification rule (standing.py) must find a licence for.
    online_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO 639 codes

    # Fees in whole units of `currency`, per session.
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    fee_min: Mapped[int | None] = mapped_column(Integer)
    fee_max: Mapped[int | None] = mapped_column(Integer)
    sliding_scale: Mapped[bool] = mapped_column(Boolean, default=False)
    sliding_scale_min: Mapped[int | None] = mapped_column(Integer)
    free_consultation: Mapped[bool] = mapped_column(Boolean, default=False)
    # Payment accepted: slugs of data/client-filters.toml's insurance lists.
    insurance: Mapped[list[str]] = mapped_column(JSON, default=list)

    # Whom they see, and how (slugs of data/client-filters.toml).
    ages_served: Mapped[list[str]] = mapped_column(JSON, default=list)
    session_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The therapist's own identity, optional and self-described: shown and searchable
    # only when given. `identities` holds LGBTQ+ and race or ethnicity slugs.
    gender: Mapped[str] = mapped_column(String(20), default="")
    identities: Mapped[list[str]] = mapped_column(JSON, default=list)
    faith: Mapped[str] = mapped_column(String(20), default="")
    faith_integrated: Mapped[bool] = mapped_column(Boolean, default=False)

    accepting_clients: Mapped[bool] = mapped_column(Boolean, default=True)
    accepting_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    contact_email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    # The website is not a column: it is the profile's first website link (ProfileLink,
    # see `website` below), so the one address people see is the one that is checked.

    # Derived by verification.py; never set from a form.
    verification_state: Mapped[str] = mapped_column(
        String(16), default=VerificationState.UNVERIFIED
    )
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The places a registry confirmed, as standing.assess found them (cards and the index
    # read this; nothing else decides it).
    verified_places: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Those places are verified only through memberships of accredited registers, so
    # cards say "Membership verified" rather than "Licence verified".
    verified_by_membership: Mapped[bool] = mapped_column(Boolean, default=False)

    # The code of the therapist's short verification link (/v/<code>), made when they
    # first open the badge page; never reused.
    short_code: Mapped[str | None] = mapped_column(String(12), unique=True)

    # Derived by ratings/aggregates.py; never set from a form.
    rating_count: Mapped[int] = mapped_column(Integer, default=0)
    rating_average: Mapped[float | None] = mapped_column(Float)
    rating_score: Mapped[float] = mapped_column(Float, default=0.0)  # Bayesian-adjusted

    # Names the current photo in its addresses, so a new photo gets new addresses and
    # browsers may keep each one for a year; None when there is no photo (photos.py).
    photo_version: Mapped[str | None] = mapped_column(String(16))

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # The account that owns and edits this profile; demo and imported profiles have none.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), unique=True
    )
    user: Mapped[User | None] = relationship(back_populates="therapist")

    approach_links: Mapped[list[TherapistApproach]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    specialty_links: Mapped[list[TherapistSpecialty]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    licences: Mapped[list[Licence]] = relationship(
        back_populates="therapist", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def full_name(self) -> str:
        """The name as shown on the profile."""
        return f"{self.first_name} {self.last_name}"

    @property
    def website(self) -> str:
        """The contact website: the address of the profile's first website link, or ""."""
        return next((link.url for link in self.links if link.kind == "website"), "")

    @property
    def approaches(self) -> list[Approach]:
        """The approaches offered, alphabetically."""
        return sorted((link.approach for link in self.approach_links), key=lambda a: a.name)

    @property
    def specialties(self) -> list[Specialty]:
        """Every specialty, top ones first, then alphabetically."""
        links = sorted(self.specialty_links, key=lambda s: (not s.is_top, s.specialty.name))
        return [link.specialty for link in links]

    @property
    def top_specialties(self) -> list[Specialty]:
        """The (at most five) specialties the therapist marked as top."""
        return [link.specialty for link in self.specialty_links if link.is_top]

    @property
    def is_published(self) -> bool:
        """Whether the public can see and search this profile."""
        return self.status == ProfileStatus.PUBLISHED


class PhotoRendition(db.Model):
    """One size of a therapist's photo, ready to serve: metadata removed, re-encoded.

    Kept in the database, not on disk, so every web host serves the same photo without
    shared files, and a backup of the database holds them. A demo profile's generated
    initials image is a single scalable (SVG) rendition.
    """

    __tablename__ = "photo_rendition"
    __table_args__ = (UniqueConstraint("therapist_id", "width"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("therapist.id", ondelete="CASCADE"), index=True
    )
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(40))  # "image/webp", "image/svg+xml"
    data: Mapped[bytes] = mapped_column(LargeBinary)
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of data: the ETag
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Deleting a profile deletes its photos through the ORM too (SQLite enforces no
    # foreign keys here).
    therapist: Mapped[Therapist] = relationship(
        backref=backref("photo_renditions", cascade="all, delete-orphan", lazy="select")
    )


class Licence(db.Model):
    """A licence or registration the therapist claims, to be checked at its registry."""

    __tablename__ = "licence"
    __table_args__ = (UniqueConstraint("therapist_id", "jurisdiction", "licence_type", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("therapist.id", ondelete="CASCADE"), index=True
    )
    jurisdiction: Mapped[str] = mapped_column(String(6))  # ISO 3166: "US-TX", "GB"
    licence_type: Mapped[str] = mapped_column(String(40))  # "LPC", "PYL"
    number: Mapped[str] = mapped_column(String(40))
    npi: Mapped[str | None] = mapped_column(String(10))

    # Derived from the latest licence-kind check (verification.py).
    status: Mapped[str] = mapped_column(String(16), default="pending")
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_on: Mapped[date | None] = mapped_column(Date)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when checks are requested, cleared when they have run: a licence whose job
    # crashed, or whose worker died, is still queued and is picked up again.
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # registry errors in a row
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # An admin's decision about this licence (workbench.py): "approved" or "rejected".
    # A rejected licence verifies no place; its reason is shown to the therapist.
    decision: Mapped[str | None] = mapped_column(String(16))
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Raised by every admin decision, only when it still holds the value the admin saw:
    # two admins deciding at once leave one decision.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    therapist: Mapped[Therapist] = relationship(back_populates="licences")
    checks: Mapped[list[VerificationCheck]] = relationship(
        back_populates="licence",
        cascade="all, delete-orphan",
        order_by="VerificationCheck.checked_at.desc()",
    )


class VerificationCheck(db.Model):
    """One stored answer of one verifier about one licence, with its evidence."""

    __tablename__ = "verification_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    licence_id: Mapped[int] = mapped_column(
        ForeignKey("licence.id", ondelete="CASCADE"), index=True
    )
    verifier: Mapped[str] = mapped_column(String(64))  # plugin name, kept as a plain string
    kind: Mapped[str] = mapped_column(String(16))  # licence / identity / exclusion
    status: Mapped[str] = mapped_column(String(16))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    registry_title: Mapped[str] = mapped_column(String(200), default="")  # "Texas BHEC"
    registry_url: Mapped[str] = mapped_column(String(500), default="")
    summary: Mapped[str] = mapped_column(String(500), default="")
    name_on_record: Mapped[str] = mapped_column(String(200), default="")  # as the registry has it
    registry_details: Mapped[dict] = mapped_column(JSON, default=dict)
    expires_on: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    level: Mapped[str | None] = mapped_column(String(16))  # verifiers.Level, as recorded
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)  # verifiers.Flag values
    # A person cleared this possible match (an exclusion-list hit by name only).
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cleared_by: Mapped[str] = mapped_column(String(200), default="")  # audit actor, never public

    licence: Mapped[Licence] = relationship(back_populates="checks")


class PublicCheck(db.Model):
    """One public check of a therapist found online (/check): what was asked, and each
    registry's answer once the worker has them.

    Nothing here says who asked: no account, address or session. The row is its own
    cache (another visitor asking the same is sent to it, by `query_key`, a hash of the
    public identifiers asked about) and is deleted a day after it was made.
    """

    __tablename__ = "public_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)  # the result page's address
    query_key: Mapped[str] = mapped_column(String(64), index=True)
    jurisdiction: Mapped[str] = mapped_column(String(6))
    first_name: Mapped[str] = mapped_column(String(80), default="")
    last_name: Mapped[str] = mapped_column(String(80), default="")
    licence_type: Mapped[str] = mapped_column(String(40), default="")
    number: Mapped[str] = mapped_column(String(40), default="")
    npi: Mapped[str] = mapped_column(String(10), default="")
    state: Mapped[str] = mapped_column(String(16), default="queued")  # queued / done
    # VerificationResult.to_dict() of each registry asked, without evidence.
    answers: Mapped[list[dict]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ProfileLink(db.Model):
    """A website or social account a therapist lists on their profile, and whether the
    worker found it linking back to the profile (directory/links/).

    `state` is one of links.STATES; `detail` says in plain words what the last check
    found. `queued_at` is set while a check is owed, so a job lost with a worker is
    found again; `checked_at` dates the last answer, and a re-check follows 30 days on.
    """

    __tablename__ = "profile_link"
    __table_args__ = (UniqueConstraint("therapist_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("therapist.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # "website", "mastodon", "instagram"...
    url: Mapped[str] = mapped_column(String(300))
    state: Mapped[str] = mapped_column(String(20), default="checking")
    detail: Mapped[str] = mapped_column(String(300), default="")
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    therapist: Mapped[Therapist] = relationship(
        backref=backref(
            "links", cascade="all, delete-orphan", lazy="select", order_by="ProfileLink.id"
        )
    )


class SearchOutbox(db.Model):
    """Therapists whose index document must be refreshed; written in the same transaction."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(Integer, index=True)  # no FK: deletes too
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Notice(db.Model):
    """A message to a therapist about something they must act on, kept until it is mailed.

    Written in the transaction of the change it reports, so a decision never commits
    without its notice; mail.py sends it after the commit, and a failed send is
    retried from here (notices.deliver_pending).
    """

    __tablename__ = "notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("therapist.id", ondelete="CASCADE"), index=True
    )
    licence_id: Mapped[int | None] = mapped_column(Integer)  # no FK: kept after removal
    kind: Mapped[str] = mapped_column(String(32))  # "rejected", "mismatch", "left_search"...
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class AuditEvent(db.Model):
    """An append-only record of an admin action or an automatic state change."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))  # "admin:ana@example.org" or "system"
    action: Mapped[str] = mapped_column(String(64))  # "licence.approve", "profile.suspend"
    therapist_id: Mapped[int | None] = mapped_column(Integer, index=True)  # kept after deletion
    licence_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    after: Mapped[dict] = mapped_column(JSON, default=dict)


class Role(enum.StrEnum):
    """What an account may do: look for help, keep a profile, or review verifications."""

    CLIENT = "client"
    THERAPIST = "therapist"
    ADMIN = "admin"


class User(db.Model):
    """An account: a client, a therapist (who owns one profile) or an admin.

    Flask-Login reads `get_id()`, which carries `session_version`: bumping the version
    (logout, password change, disabling) makes every existing session cookie useless.
    """

    # "user" is a reserved word in PostgreSQL.
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored normalised
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.CLIENT)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Bumped by every reset link issued: a reset link carries the serial it was issued
    # with, so only the newest one works.
    reset_serial: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the last "please confirm you are accepting new clients" mail went out.
    availability_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    therapist: Mapped[Therapist | None] = relationship(back_populates="user")

    # -- what Flask-Login asks of a user ------------------------------------------------

    @property
    def is_authenticated(self) -> bool:
        """A loaded user is always logged in (anonymous visitors are another class)."""
        return True

    @property
    def is_active(self) -> bool:
        """A disabled account cannot log in."""
        return self.disabled_at is None

    @property
    def is_anonymous(self) -> bool:
        """Never anonymous."""
        return False

    def get_id(self) -> str:
        """What the session stores: the id and the session version, `"12:3"`."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_confirmed(self) -> bool:
        """Whether the email address has been confirmed by its link."""
        return self.email_confirmed_at is not None


class RatingStatus(enum.StrEnum):
    """Where a rating stands in moderation; only APPROVED ratings are shown and counted."""

    PENDING = "pending"  # new, edited, or reported: waiting for an admin
    APPROVED = "approved"
    REJECTED = "rejected"


RATING_ASPECTS = ("responsiveness", "accuracy", "respect")


def _score_range(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} BETWEEN 1 AND 5", name=f"{column}_range")


class Rating(db.Model):
    """One client's rating of one therapist: scores 1 to 5 and an optional comment.

    Ratings never say who wrote them in public ("a client, March 2026"); see the
    ratings package for who may rate, moderation, and the aggregates kept on the therapist row.
    """

    __tablename__ = "rating"
    __table_args__ = (
        UniqueConstraint("therapist_id", "user_id"),
        _score_range("overall"),
        *(_score_range(aspect) for aspect in RATING_ASPECTS),
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status_known"),
        # Recomputing a therapist's aggregates reads this index alone. A plain index on
        # status would be worse than none: SQLite chose it for that query and scanned
        # every approved rating (1.4 million in the 100k demo) on each approval.
        Index("ix_rating_therapist_status", "therapist_id", "status", "overall"),
        # The moderation queue: only pending ratings, oldest first (see ratings.moderation.WAITING).
        Index(
            "ix_rating_waiting",
            "queued_at",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        # Reported ratings, shown or not, also wait for a moderator.
        Index(
            "ix_rating_reported",
            "queued_at",
            sqlite_where=text("reported_at IS NOT NULL"),
            postgresql_where=text("reported_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapist.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    overall: Mapped[int] = mapped_column(SmallInteger)
    responsiveness: Mapped[int] = mapped_column(SmallInteger)  # did they reply
    accuracy: Mapped[int] = mapped_column(SmallInteger)  # did the listing match reality
    respect: Mapped[int] = mapped_column(SmallInteger)  # did you feel heard and respected
    comment: Mapped[str] = mapped_column(Text, default="")  # plain text, at most 1,000 chars
    contact_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    status: Mapped[str] = mapped_column(String(16), default=RatingStatus.PENDING)
    # When it (re-)entered the moderation queue: submitted, comment edited, or reported.
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    moderated_by: Mapped[str] = mapped_column(String(200), default="")  # audit actor
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The first report since the last decision; cleared by the next decision. A reported
    # rating usually stays shown (see ratings.reports) yet waits in the moderation queue.
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejection_reason: Mapped[str] = mapped_column(Text, default="")  # shown to the rater

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # Backrefs keep the User and Therapist classes untouched; the ORM cascades mean that
    # deleting an account or a profile deletes its ratings on SQLite too (which enforces
    # no foreign keys here), and through the ORM, so the aggregates are recomputed.
    therapist: Mapped[Therapist] = relationship(
        backref=backref("ratings", cascade="all, delete-orphan", lazy="select")
    )
    user: Mapped[User] = relationship(
        backref=backref("ratings", cascade="all, delete-orphan", lazy="select")
    )
    reports: Mapped[list[RatingReport]] = relationship(
        back_populates="rating", cascade="all, delete-orphan", order_by="RatingReport.created_at"
    )

    @property
    def scores(self) -> dict[str, int]:
        """The overall score and each aspect's, by name."""
        return {"overall": self.overall, **{a: getattr(self, a) for a in RATING_ASPECTS}}


class RatingReport(db.Model):
    """Someone's report that a rating breaks the policy; it sends the rating to a moderator.

    A signed-in reporter is kept as their account; every report also keeps a keyed hash
    of the client address, enough to spot one address reporting again, never the address.
    """

    __tablename__ = "rating_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    reporter_hash: Mapped[str] = mapped_column(String(64), default="")
    category: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    # Whether this report took the rating off the site (an urgent kind, from a confirmed
    # account within its daily allowance); otherwise the rating stayed shown.
    hid_rating: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    rating: Mapped[Rating] = relationship(back_populates="reports")
    # Loaded on account deletion so that the ORM clears reporter_id on SQLite too.
    reporter: Mapped[User | None] = relationship(backref=backref("rating_reports"))
