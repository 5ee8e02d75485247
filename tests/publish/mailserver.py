"""A real SMTP server (aiosmtpd) on loopback that keeps every message it accepts."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from newsdesk.publish.email import SmtpSettings


class Inbox:
    """aiosmtpd handler that keeps every message and refuses addresses at refused.example."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address.endswith("@refused.example"):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def received(self) -> list[EmailMessage]:
        """Every accepted message, parsed."""
        return [message_from_bytes(content, policy=email_policy.default)  # type: ignore[misc]
                for _sender, _rcpts, content in self.messages]

    def count_by_recipient(self) -> dict[str, int]:
        """How many messages each envelope recipient was sent."""
        counts: dict[str, int] = {}
        for _sender, rcpts, _content in self.messages:
            for rcpt in rcpts:
                counts[rcpt] = counts.get(rcpt, 0) + 1
        return counts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_inbox() -> Iterator[tuple[Inbox, SmtpSettings]]:
    """An SMTP server on 127.0.0.1 and the settings to reach it without TLS."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, SmtpSettings(host="127.0.0.1", port=port, security="none", timeout=5)
    finally:
        controller.stop()
