"""Outgoing mail: sent over SMTP when MAIL_SERVER is set, otherwise written to a folder.

Without a mail server every message lands in `instance/outbox/` as one `.eml` file
(open it with any mail program) and is logged, so sign-up and password reset work on
a fresh machine. The MAIL_* settings and their defaults are in config.py.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

from .models import utcnow

log = logging.getLogger(__name__)


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one plain-text message; returns False (and logs why) when it could not go.

    Callers tell the person when it failed; a mail problem never becomes a 500.
    """
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=_sender_domain(config["MAIL_DEFAULT_SENDER"]))
    message.set_content(body)
    if not config["MAIL_SERVER"]:
        path = _write_to_outbox(message)
        log.info("mail to %s (%r) written to %s", to, subject, path)
        return True
    try:
        _send_smtp(message)
    except (OSError, smtplib.SMTPException):
        log.exception("mail to %s (%r) could not be sent", to, subject)
        return False
    log.info("mail to %s (%r) sent", to, subject)
    return True


def outbox_dir() -> Path:
    """Where unsent mail is written."""
    configured = current_app.config["MAIL_OUTBOX_DIR"]
    return Path(configured) if configured else Path(current_app.instance_path) / "outbox"


def _write_to_outbox(message: EmailMessage) -> Path:
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # Sortable by time, unique across processes.
    name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
    path = folder / name
    path.write_bytes(message.as_bytes())
    return path


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    host, port, timeout = config["MAIL_SERVER"], int(config["MAIL_PORT"]), config["MAIL_TIMEOUT"]
    context = ssl.create_default_context()
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=context)
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def _sender_domain(sender: str) -> str:
    address = sender.rsplit("<", 1)[-1].rstrip(">")
    return address.rsplit("@", 1)[-1] or "localhost"
