"""A real SMTP server on loopback that keeps what it receives (aiosmtpd), for the mail tests.

with MailServer() as mail:
    app.config.update(mail.quid_settings())
    ...
    message = mail.wait_for(to="ana@quid.example")
"""

import email
import email.policy
import threading
import time

from aiosmtpd.controller import Controller

from tests.support.gunicorn import free_loopback_port


class MailServer:
    """An SMTP server in a thread of this process; `messages` are parsed email.message objects."""

    def __init__(self):
        self.messages = []
        self._arrived = threading.Condition()
        self.port = free_loopback_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's handler name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def quid_settings(self) -> dict:
        return {
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": self.port,
            "SMTP_SECURITY": "none",
            "MAIL_FROM": "quid@quid.example",
        }

    def wait_for(self, *, to: str, timeout: float = 10):
        """The first message to `to`, waiting for it to arrive."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = [message for message in self.messages if message["To"] == to]
                if found:
                    return found[0]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no mail to {to} within {timeout} s")
                self._arrived.wait(remaining)

    def __enter__(self) -> "MailServer":
        self._controller.start()
        return self

    def __exit__(self, *exception) -> None:
        self._controller.stop()
