"""Two admins deciding the same licence at the same moment leave one decision and one
audit event. Each admin is a thread with an app context of its own, so a session and a
database transaction of its own; the first holds its transaction open after taking the
licence, so the second really meets it mid-way (on PostgreSQL: waits on its row lock)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from directory import audit, workbench
from directory.extensions import db
from directory.models import AuditEvent, Licence, ProfileStatus
from tests import services

pytestmark = pytest.mark.skipif(
    not services.using_postgres(),
    reason="two transactions at once need PostgreSQL (make test-postgres)",
)


def test_two_admins_deciding_one_licence_at_once_leave_one_decision(
    app, make_therapist, monkeypatch
):
    therapist = make_therapist(
        status=ProfileStatus.SUBMITTED,
        licence={"jurisdiction": "US-TX", "licence_type": "LPC", "number": "12345"},
    )
    licence_id = therapist.licences[0].id
    db.session.remove()

    loaded = threading.Barrier(2)
    first_has_claimed = threading.Event()
    real_record = audit.record

    def slow_record(action, **kwargs):
        # The first decision holds its transaction (and the row lock) a while.
        first_has_claimed.set()
        time.sleep(0.5)
        return real_record(action, **kwargs)

    monkeypatch.setattr(audit, "record", slow_record)
    outcomes: dict[str, str] = {}

    def admin(name: str, decide, reason: str, wait: bool) -> None:
        with app.app_context():
            try:
                licence = db.session.get(Licence, licence_id)
                seen = licence.version
                loaded.wait(timeout=10)  # both opened the case before either decided
                if wait:
                    first_has_claimed.wait(timeout=10)
                decide(licence, f"admin:{name}@example.org", reason, seen)
                outcomes[name] = "decided"
            except workbench.Conflict:
                outcomes[name] = "conflict"
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=admin, args=("first", workbench.reject, "Not them.", False)),
        threading.Thread(target=admin, args=("second", workbench.approve, "Fine.", True)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == {"first": "decided", "second": "conflict"}
    licence = db.session.get(Licence, licence_id)
    assert licence.decision == "rejected" and licence.version == 1
    decisions = db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action.in_(["case.approve", "case.reject"]))
    )
    assert decisions == 1
