"""Accounts: sign-up, email confirmation, passwords, sessions, reset links, admins.

Views in views/account.py stay thin and call these functions. Links in mail are
signed with the app's SECRET_KEY (itsdangerous) and carry a fingerprint of the state
they change, so each works once:

- a confirmation link is bound to the address and to "not yet confirmed";
- a reset link is bound to the current password hash and to the account's reset
  serial, which every new reset link bumps, and expires after an hour.

The token travels in the link's fragment (`/account/new-password#<token>`), which
browsers never send: no server or proxy log sees it. The page it opens moves it into
a POST form (site.js does that; without JavaScript the person pastes the link).

Each address receives at most MAIL_RECIPIENT_LIMIT account mails, whoever asks for
them. Its settings (SITE_URL, PASSWORD_HASH_METHOD, AUTH_RATE_LIMIT, the token ages
and that limit) and their defaults are in config.py.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import logging
import re
import secrets
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, session
from flask_login import login_user, logout_user
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from . import audit
from .extensions import db
from .mail import send_mail
from .models import Role, User, utcnow

log = logging.getLogger(__name__)

PASSWORD_MIN = 8
PASSWORD_MAX = 256
EMAIL_MAX = 254
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common-passwords.txt"

# Deliberately simple: one @, no spaces or control characters, a dotted domain. The
# confirmation mail is the real test of an address.
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}", re.ASCII)


# -- addresses and passwords ---------------------------------------------------------------


def normalise_email(raw: str) -> str:
    """How addresses are stored and compared: trimmed and lowercased."""
    return (raw or "").strip().lower()


def email_problem(email: str) -> str | None:
    """Why an (already normalised) address can't be used, in words for the person."""
    if len(email) > EMAIL_MAX:
        return f"An email address has at most {EMAIL_MAX} characters."
    if not _EMAIL.fullmatch(email) or any(ord(ch) < 32 or ord(ch) == 127 for ch in email):
        return "Enter an email address like name@example.org."
    return None


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (lowercase)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password can't be used: length and the common list, no composition rules."""
    if len(password) < PASSWORD_MIN:
        return f"Use at least {PASSWORD_MIN} characters."
    if len(password) > PASSWORD_MAX:
        return f"Use at most {PASSWORD_MAX} characters."
    lowered = password.lower()
    if lowered in common_passwords():
        return "That password is on a list of the most common passwords: choose another."
    if email and lowered in (email.lower(), email.split("@")[0].lower()):
        return "Don't use your email address as your password."
    return None


def hash_password(password: str) -> str:
    """A salted scrypt (or configured) hash of a password."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _dummy_hash() -> str:
    # Checked against when the address is unknown, so a wrong address takes as long as
    # a wrong password and timing doesn't reveal which addresses have accounts.
    cache = current_app.extensions.setdefault("accounts", {})
    if "dummy_hash" not in cache:
        cache["dummy_hash"] = hash_password(secrets.token_urlsafe(16))
    return cache["dummy_hash"]


# -- sign-up and log-in --------------------------------------------------------------------


class EmailTaken(Exception):
    """An account with this address exists already."""


def find_user(email: str) -> User | None:
    """The account with this address (any case), or None."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: str, password: str, role: str = Role.CLIENT) -> User:
    """A new, unconfirmed account; raises EmailTaken. The caller checks the password.

    The password is hashed before the address is looked up, so a taken address costs
    as long as a new one and timing doesn't tell them apart.
    """
    email = normalise_email(email)
    password_hash = hash_password(password)
    if find_user(email) is not None:
        raise EmailTaken(email)
    user = User(email=email, password_hash=password_hash, role=str(Role(role)))
    db.session.add(user)
    db.session.commit()
    return user


def sign_up(email: str, password: str, role: str = Role.CLIENT) -> None:
    """Create an account and mail its confirmation link; for a taken address, tell its
    owner instead. Either way the caller answers the same."""
    try:
        user = create_user(email, password, role)
    except EmailTaken:
        send_signup_attempt_notice(find_user(email))
    else:
        send_confirmation(user)


def authenticate(email: str, password: str) -> User | None:
    """The account these credentials open, or None. Disabled accounts are returned too
    (the caller says why it can't log in); unconfirmed ones as well."""
    user = find_user(email)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    return user


def log_in(user: User) -> None:
    """Start a fresh session for `user`: whatever the old session held is dropped."""
    session.clear()
    login_user(user, remember=False)
    user.last_login_at = utcnow()
    db.session.commit()


def end_sessions(user: User) -> None:
    """Make every session of this account invalid (the caller commits)."""
    user.session_version = (user.session_version or 0) + 1


def log_out(user: User | None) -> None:
    """End this session and every copy of its cookie."""
    if user is not None and user.is_authenticated:
        end_sessions(user)
        db.session.commit()
    logout_user()
    session.clear()


def change_password(user: User, new_password: str) -> None:
    """Set a new password and end every other session; the current one continues."""
    # The caller may pass `current_user`: log in the account itself, not the proxy,
    # which after session.clear() would stand for nobody.
    user = getattr(user, "_get_current_object", lambda: user)()
    user.password_hash = hash_password(new_password)
    end_sessions(user)
    db.session.commit()
    session.clear()
    login_user(user, remember=False)


def disable_user(user: User) -> None:
    """Stop an account from logging in and end its sessions at once."""
    user.disabled_at = utcnow()
    end_sessions(user)
    db.session.commit()


def enable_user(user: User) -> None:
    """Let a disabled account log in again."""
    user.disabled_at = None
    db.session.commit()


def actor(user: User) -> str:
    """How the audit trail names a person: `therapist:ana@example.org`."""
    return f"{user.role}:{user.email}"


def delete_account(user: User) -> None:
    """Delete the account and everything it owns: the profile, its licences and checks.

    The profile leaves search through the outbox (the delete is recorded in the same
    transaction). The audit trail keeps that it happened, without the address.
    """
    therapist = user.therapist
    if therapist is not None:
        audit.record(
            "profile.delete",
            actor=f"{user.role}:#{user.id}",
            therapist_id=therapist.id,
            reason="the therapist deleted their account",
            before={"status": therapist.status},
            after={"status": "deleted"},
        )
        db.session.delete(therapist)
    db.session.delete(user)
    db.session.commit()


def is_last_admin(user: User) -> bool:
    """Whether this is the only admin account that can still log in."""
    if user.role != Role.ADMIN:
        return False
    count = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.disabled_at.is_(None))
    )
    return (count or 0) <= 1


# -- single-use links ------------------------------------------------------------------------


class LinkProblem(enum.Enum):
    """Why a link from a mail can't be used, each with words for the person."""

    EXPIRED = "This link has expired. Ask for a new one below."
    USED = "This link has already been used, or a newer one replaced it. Ask for a new one below."
    INVALID = "This link isn't valid: it may have been cut short. Copy the whole link, or ask for a new one."  # noqa: E501


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"solace-{purpose}")


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def _confirm_state(user: User) -> str:
    return _fingerprint(user.email, "confirmed" if user.is_confirmed else "unconfirmed")


def _reset_state(user: User) -> str:
    return _fingerprint(user.email, user.password_hash, str(user.reset_serial or 0))


def confirmation_token(user: User) -> str:
    """A link token that confirms this address once."""
    return _serializer("confirm").dumps([user.id, _confirm_state(user)])


def reset_token(user: User) -> str:
    """A new link token that sets a new password once, within RESET_TOKEN_MAX_AGE.

    Every reset link issued before it stops working (committed here), and so does this
    one when the password changes.
    """
    user.reset_serial = (user.reset_serial or 0) + 1
    db.session.commit()
    return _serializer("reset").dumps([user.id, _reset_state(user)])


def reset_link(user: User) -> str:
    """A new reset link for mail or the terminal (older ones stop working)."""
    return external_url("account.reset_password", _fragment=reset_token(user))


def token_from_link(pasted: str) -> str:
    """The token in what a person pasted: a whole link from a mail, or the token alone."""
    text = (pasted or "").strip()
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1].strip()[:1000]


def _user_for(purpose: str, token: str, max_age: int, state) -> User | LinkProblem:
    try:
        user_id, fingerprint = _serializer(purpose).loads(token, max_age=max_age)
        user = db.session.get(User, int(user_id))
    except SignatureExpired:
        return LinkProblem.EXPIRED
    except (BadData, TypeError, ValueError):
        return LinkProblem.INVALID
    if user is None or not isinstance(fingerprint, str):
        return LinkProblem.INVALID
    if not hmac.compare_digest(fingerprint, state(user)):
        return LinkProblem.USED
    return user


def confirm_email(token: str) -> User | LinkProblem:
    """Confirm the address a link was sent to; the link then stops working."""
    found = _user_for("confirm", token, current_app.config["CONFIRM_TOKEN_MAX_AGE"], _confirm_state)
    if isinstance(found, User):
        found.email_confirmed_at = utcnow()
        db.session.commit()
    return found


def user_for_reset(token: str) -> User | LinkProblem:
    """The account a reset link is for, while the link is still good."""
    return _user_for("reset", token, current_app.config["RESET_TOKEN_MAX_AGE"], _reset_state)


def reset_password(user: User, new_password: str) -> None:
    """Set the password from a reset link: the link stops working and every session ends.

    Only the owner of the address can open the link, so it confirms the address too.
    """
    user.password_hash = hash_password(new_password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    end_sessions(user)
    db.session.commit()
    # The owner proved the address: guesses by others no longer keep them out.
    forget_wrong_passwords(user.email)


def external_url(endpoint: str, _fragment: str | None = None, **values) -> str:
    """An absolute link for mail, built on SITE_URL (never on the request's Host header).

    A token goes in `_fragment`: browsers keep it to themselves, so no log sees it.
    """
    base = urlsplit(current_app.config["SITE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{_fragment}" if _fragment else url


# -- how much mail one address receives ------------------------------------------------------


def _mail_limits():
    cache = current_app.extensions.setdefault("accounts", {})
    if "mail_limits" not in cache:
        config = current_app.config
        uri = config.get("RATELIMIT_STORAGE_URI") or "memory://"
        options = config.get("RATELIMIT_STORAGE_OPTIONS") or {}
        if not uri.startswith("memory"):
            # A stalled Redis must not hold a request: fail fast, then count locally.
            options = {"socket_connect_timeout": 1, "socket_timeout": 1, **options}
        storage = storage_from_string(uri, **options)
        fallback = storage_from_string("memory://")
        cache["mail_limits"] = (
            MovingWindowRateLimiter(storage),
            MovingWindowRateLimiter(fallback),
        )
    return cache["mail_limits"]


def mail_allowed(email: str) -> bool:
    """Whether one more account mail may go to this address (MAIL_RECIPIENT_LIMIT), and
    count it. Whoever asks, from however many addresses, the owner's inbox gets no more.

    If the shared counters (Redis) can't be reached, each process counts for itself:
    mail to the address still goes out, still limited.
    """
    allowed = _per_address("MAIL_RECIPIENT_LIMIT", "mail-to", email, count=True)
    if not allowed:
        log.info("mail limit reached for one address; message not sent")
    return allowed


def password_tries_left(email: str) -> bool:
    """Whether a password may be tried for this account now (LOGIN_FAILURE_LIMIT): wrong
    passwords are counted per account, whichever addresses they come from. Off with the
    other rate limits (RATELIMIT_ENABLED)."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    return _per_address("LOGIN_FAILURE_LIMIT", "login-failed", email, count=False)


def count_wrong_password(email: str) -> None:
    """Count one wrong password (or unknown address) tried for this account."""
    if current_app.config.get("RATELIMIT_ENABLED", True):
        _per_address("LOGIN_FAILURE_LIMIT", "login-failed", email, count=True)


def forget_wrong_passwords(email: str) -> None:
    """Start the account's count of wrong passwords afresh."""
    spec = current_app.config.get("LOGIN_FAILURE_LIMIT")
    if not spec:
        return
    digest, prefix = _address_key(email)
    for limiter in _mail_limits():
        for item in parse_many(spec):
            try:
                limiter.clear(item, prefix, "login-failed", digest)
            except Exception:  # noqa: BLE001 - a storage outage must not stop a reset
                log.warning("login-failed limits: shared counters unreachable")


def password_wait_words() -> str:
    """How long LOGIN_FAILURE_LIMIT's shortest window lasts, in words: `15 minutes`."""
    items = parse_many(current_app.config.get("LOGIN_FAILURE_LIMIT") or "1 per minute")
    minutes = max(1, min(item.get_expiry() for item in items) // 60)
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def _address_key(email: str) -> tuple[str, str]:
    """The counters' name for an address, and their prefix. A keyed digest names them, not
    the address: Redis never holds it."""
    digest = hmac.new(
        current_app.config["SECRET_KEY"].encode(), normalise_email(email).encode(), "sha256"
    ).hexdigest()[:32]
    return digest, current_app.config.get("RATELIMIT_KEY_PREFIX") or "solace"


def _per_address(setting: str, scope: str, email: str, count: bool) -> bool:
    """Whether the `setting` limit on this address is not reached yet, counting one more
    when `count` and there is room. If the shared counters (Redis) can't be reached, each
    process counts for itself: still limited, never stopped."""
    spec = current_app.config.get(setting)
    if not spec:
        return True
    digest, prefix = _address_key(email)
    shared, local = _mail_limits()
    items = parse_many(spec)
    for limiter in (shared, local):
        try:
            allowed = all(limiter.test(item, prefix, scope, digest) for item in items)
            if allowed and count:
                for item in items:
                    limiter.hit(item, prefix, scope, digest)
            return allowed
        except Exception:  # noqa: BLE001 - a storage outage must not stop accounts
            log.warning("%s limits: shared counters unreachable; counting in this process", scope)
    return True


def mail_limit_words() -> str:
    """MAIL_RECIPIENT_LIMIT as a person reads it: `3 messages an hour and 10 a day`."""
    spec = current_app.config.get("MAIL_RECIPIENT_LIMIT")
    if not spec:
        return ""
    items = parse_many(spec)
    parts = [f"{item.amount} {_per(item)}" for item in items]
    first = items[0]
    parts[0] = f"{first.amount} message{'' if first.amount == 1 else 's'} {_per(first)}"
    return " and ".join(parts)


def _per(item) -> str:
    unit = item.GRANULARITY.name
    if item.multiples > 1:
        return f"every {item.multiples} {unit}s"
    return f"an {unit}" if unit == "hour" else f"a {unit}"


# -- mail ------------------------------------------------------------------------------------


def send_confirmation(user: User) -> bool:
    """Mail a link that confirms the address; False when it could not go, or when the
    address has had its share of mail (mail_allowed)."""
    if not mail_allowed(user.email):
        return False
    link = external_url("account.confirm_email", _fragment=confirmation_token(user))
    days = current_app.config["CONFIRM_TOKEN_MAX_AGE"] // 86400 or 1
    return send_mail(
        user.email,
        "Confirm your email address for Solace",
        f"Welcome to Solace.\n\nTo confirm this address, open this link within {days} "
        f"days:\n\n{link}\n\nIf you didn't create an account, ignore this message: "
        "nothing happens without the link.\n",
    )


def send_reset(user: User) -> bool:
    """Mail a link that sets a new password (older ones stop working); False when it
    could not go, or when the address has had its share of mail (mail_allowed)."""
    if not mail_allowed(user.email):
        return False
    link = reset_link(user)
    return send_mail(
        user.email,
        "Set a new password for Solace",
        "Someone, probably you, asked to set a new password for your Solace account.\n\n"
        f"Open this link within an hour to choose one:\n\n{link}\n\n"
        "If it wasn't you, ignore this message: your password stays as it is.\n",
    )


def send_signup_attempt_notice(user: User) -> bool:
    """Tell an existing account that someone tried to sign up with its address.

    Sign-up answers the same whether or not an address has an account, so that the form
    can't be used to find out who uses Solace; the owner hears about it here instead.
    It carries no reset link, so a stranger's sign-up never replaces the owner's.
    """
    if not mail_allowed(user.email):
        return False
    login = external_url("account.login")
    forgot = external_url("account.forgot_password")
    return send_mail(
        user.email,
        "You already have a Solace account",
        "Someone, probably you, tried to create a Solace account with this address, "
        f"but it has one already.\n\nLog in here: {login}\n\n"
        f"Or, if you have forgotten your password, ask for a new one here:\n\n{forgot}\n\n"
        "If it wasn't you, ignore this message.\n",
    )


# -- commands --------------------------------------------------------------------------------


def create_admin(email: str) -> tuple[User, bool]:
    """Create an admin, or promote an existing account; returns (user, created)."""
    email = normalise_email(email)
    problem = email_problem(email)
    if problem:
        raise ValueError(problem)
    user = find_user(email)
    created = user is None
    if user is None:
        # An unusable random password until the owner sets one through the link.
        user = User(email=email, password_hash=hash_password(secrets.token_urlsafe(32)))
        db.session.add(user)
    user.role = Role.ADMIN
    user.disabled_at = None
    end_sessions(user)  # its sessions restart with the new role
    db.session.commit()
    return user, created
