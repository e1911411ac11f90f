"""Sending one plain-text message through the configured SMTP server.

Mail is optional: without `QUID_SMTP_HOST` nothing is sent and callers show what they would
have mailed (an invitation code) to the admin instead. Sending talks to another server and
can take seconds, so callers send outside any database transaction.
"""

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """How sending went: `sent`, or why not (`error`, in words an admin can act on)."""

    sent: bool
    error: str | None = None


def mail_configured() -> bool:
    """Whether this server sends mail."""
    return bool(current_app.config["SMTP_HOST"])


def send_mail(*, to: str, subject: str, body: str) -> Delivery:
    """Send `body` to `to`; never raises for a mail problem (the answer says what happened)."""
    config = current_app.config
    if not mail_configured():
        return Delivery(sent=False, error="Mail is not configured on this server.")
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rpartition("@")[2] or None)
    message.set_content(body)
    security, timeout = config["SMTP_SECURITY"], config["SMTP_TIMEOUT_SECONDS"]
    try:
        connection_class = smtplib.SMTP_SSL if security == "tls" else smtplib.SMTP
        with connection_class(config["SMTP_HOST"], config["SMTP_PORT"], timeout=timeout) as smtp:
            if security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if config["SMTP_USERNAME"]:
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("Mail to %s not sent: %s", to, error)
        return Delivery(sent=False, error=f"The mail server refused or could not be reached: {error}"[:300])
    return Delivery(sent=True)
