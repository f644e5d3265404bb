"""The whole site served over real HTTP on 127.0.0.1, for a real browser to use.

Used by the browser tests (tests/e2e/browser/conftest.py) and by bench/page_weight.py.
The app runs in a thread under werkzeug's server; background jobs run inline
(HUEY_IMMEDIATE), so a submitted licence is checked during the request. The search
index is written only by `index_now()`, as the separate indexer process would.
"""

from __future__ import annotations

import email
import re
import threading
from datetime import timedelta
from email.message import Message
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server

from directory import create_app
from directory.demo import seed_demo
from directory.extensions import db
from directory.models import (
    Approach,
    Licence,
    ProfileStatus,
    Specialty,
    Therapist,
    TherapistApproach,
    TherapistSpecialty,
    VerificationCheck,
    utcnow,
)
from directory.search import backend


class _QuietHandler(WSGIRequestHandler):
    """No access log on the test output."""

    def log_request(self, *args, **kwargs) -> None:
        pass


class LiveSite:
    """The app on a free port: `url`, `app`, `index_now()`, `mail()`, `stop()`."""

    def __init__(self, root: Path, database_uri: str | None = None, **config):
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.app = create_app(
            {
                "TESTING": True,
                "INSTANCE_PATH": str(root / "instance"),
                "SECRET_KEY": "browser-test-secret",
                "SQLALCHEMY_DATABASE_URI": database_uri or f"sqlite:///{root / 'site.sqlite'}",
                "SEARCH_INDEX_DIR": str(root / "search"),
                "SEARCH_REFRESH_SECONDS": 0,  # journeys search straight after indexing
                "RATELIMIT_ENABLED": False,
                "HUEY_IMMEDIATE": True,
                "PASSWORD_HASH_METHOD": "scrypt:2048:8:1",
                **config,
            }
        )
        with self.app.app_context():
            db.create_all()
        self._server = make_server(
            "127.0.0.1", 0, self.app, threaded=True, request_handler=_QuietHandler
        )
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        # Links in mail point here, as they would to the real site.
        self.app.config["SITE_URL"] = self.url
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the database."""
        self._server.shutdown()
        self._thread.join(timeout=10)
        with self.app.app_context():
            db.engine.dispose()

    def rebuild_index(self) -> None:
        """Build the search index from the database (`flask search rebuild`)."""
        with self.app.app_context():
            backend().rebuild(db.session)
            db.session.remove()

    def index_now(self) -> int:
        """Apply every queued change to the index, as the indexer process would."""
        with self.app.app_context():
            try:
                return backend().apply_outbox(db.session)
            finally:
                db.session.remove()

    def mail(self) -> list[Message]:
        """Messages written to the instance's outbox folder, oldest first."""
        folder = Path(self.app.instance_path) / "outbox"
        return [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]

    def links_in_mail_to(self, address: str) -> list[str]:
        """Every link in the mail sent to `address`, oldest message first."""
        links = []
        for message in self.mail():
            if message["To"] == address:
                body = message.get_payload(decode=True).decode()
                links += re.findall(r"https?://\S+", body)
        return links


# -- data ------------------------------------------------------------------------------------

# Hand-made profiles a journey can rely on, whatever the demo generator makes.
# (first, last, fee_min, fee_max, online, in_person, ratings (count, average), approaches)
PEOPLE = [
    ("Maya", "Okafor", 90, 110, True, True, (7, 4.6), ("cbt", "act")),
    ("Jonah", "Reyes", 100, 100, True, False, (2, 5.0), ("cbt",)),
    ("Priya", "Natarajan", 95, 120, False, True, (4, 4.2), ("cbt",)),  # not online
    ("Samuel", "Brooks", 150, 180, True, True, (5, 4.8), ("cbt",)),  # costs more
    ("Lena", "Fischer", 80, 100, True, False, (3, 4.0), ("psychodynamic",)),  # not CBT
]


# What the profile shown in the README says about whom she sees, how, and herself.
MAYA_PRACTICE = {
    "insurance": ["aetna", "bcbs", "superbill"],
    "ages_served": ["adults", "older-adults"],
    "session_types": ["individual", "couples"],
    "gender": "woman",
    "identities": ["black"],
}


def seed(site: LiveSite, demo_count: int = 40) -> None:
    """Demo therapists, the hand-made ones above, and a fresh index."""
    with site.app.app_context():
        seed_demo(db.session, demo_count)
        approaches = {a.slug: a for a in db.session.scalars(db.select(Approach))}
        specialties = {s.slug: s for s in db.session.scalars(db.select(Specialty))}
        now = utcnow()
        for first, last, low, high, online, in_person, (count, average), methods in PEOPLE:
            therapist = Therapist(
                slug=f"{first}-{last}".lower(),
                status=ProfileStatus.PUBLISHED,
                first_name=first,
                last_name=last,
                credentials="MA, LPC",
                pronouns="she/her" if first in ("Maya", "Priya", "Lena") else "he/him",
                headline="Steady, practical help with anxiety and worry",
                bio=(
                    "I help adults whose anxiety has started to shape their days.\n\n"
                    "Sessions are calm and practical: we look at what keeps worry going "
                    "and try small, manageable changes together."
                ),
                region="US-TX",
                city="Austin",
                postcode="78701",
                latitude=30.2713,
                longitude=-97.7426,
                offers_online=online,
                offers_in_person=in_person,
                languages=["en", "es"] if first == "Maya" else ["en"],
                **(MAYA_PRACTICE if first == "Maya" else {}),
                fee_min=low,
                fee_max=high,
                sliding_scale=first == "Maya",
                sliding_scale_min=60 if first == "Maya" else None,
                free_consultation=True,
                accepting_clients=True,
                accepting_confirmed_at=now - timedelta(days=3),
                contact_email=f"{first.lower()}@example.org",
                phone="+1 512 555 0100",
                verification_state="verified",
                verified_places=["US-TX"],
                verified_at=now - timedelta(days=2),
                rating_count=count,
                rating_average=average,
                rating_score=average,
            )
            for slug in methods:
                therapist.approach_links.append(TherapistApproach(approach=approaches[slug]))
            for i, slug in enumerate(("anxiety", "panic", "stress")):
                therapist.specialty_links.append(
                    TherapistSpecialty(specialty=specialties[slug], is_top=i == 0)
                )
            licence = Licence(
                jurisdiction="US-TX",
                licence_type="LPC",
                number=str(60000 + len(last)),
                status="verified",
                verified_at=now - timedelta(days=2),
                last_checked_at=now - timedelta(days=2),
                expires_on=(now + timedelta(days=400)).date(),
            )
            licence.checks.append(
                VerificationCheck(
                    verifier="tx-bhec",
                    kind="licence",
                    status="verified",
                    checked_at=now - timedelta(days=2),
                    registry_title="Texas Behavioral Health Executive Council",
                    summary="Licence held and active; no disciplinary action.",
                    name_on_record=f"{first.upper()} {last.upper()}",
                    registry_details={"number": licence.number, "type": "LPC"},
                    evidence=f"LPC,,{licence.number},{last.upper()},{first.upper()},ACTIVE",
                )
            )
            therapist.licences.append(licence)
            db.session.add(therapist)
        db.session.commit()
        db.session.remove()
    site.rebuild_index()
