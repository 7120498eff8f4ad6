"""A real SMTP server in the test process (aiosmtpd), receiving into a list."""

from __future__ import annotations

import asyncio
import email
import email.policy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.live_server import free_port


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: bool = False  # answer 550 to every message
    delay: float = 0.0  # wait this long before accepting (a slow server)
    started: int = 0  # DATA commands begun
    rcpt_delay: float = 0.0  # wait this long before accepting a recipient (nothing accepted yet)
    recipients_seen: int = 0

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        self.recipients_seen += 1
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.started += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse:
            return "550 Mailbox unavailable"
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


@contextmanager
def smtp_server(monkeypatch: Any, **options: Any) -> Iterator[Mailbox]:
    """Serve on a free loopback port and point the app's SMTP settings at it."""
    box = Mailbox(**options)
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("OCOPFAIR_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("OCOPFAIR_SMTP_PORT", str(port))
    monkeypatch.setenv("OCOPFAIR_SMTP_TLS", "none")
    monkeypatch.setenv("OCOPFAIR_SMTP_SENDER", "OCOP Quảng Ninh <ocop@example.vn>")
    monkeypatch.setenv("OCOPFAIR_SMTP_TIMEOUT", "5")
    try:
        yield box
    finally:
        controller.stop()
