"""E-mail: the one channel that exists. Settings from the environment; Vietnamese text from
templates; plain text plus simple HTML; a List-Unsubscribe link; no header can be injected."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import aiosmtplib

from notices.choices import unsubscribe_token
from notices.text import absolute, base_url, notice_path, notice_text, province_title
from ocopfair.i18n import language
from ocopfair.templating import env
from ocopfair.urls import url


@dataclass(frozen=True)
class SmtpSettings:
    host: str = field(default_factory=lambda: os.environ.get("OCOPFAIR_SMTP_HOST", ""))
    port: int = field(default_factory=lambda: int(os.environ.get("OCOPFAIR_SMTP_PORT", "25")))
    # "starttls", "tls" (implicit, port 465) or "none" (a relay on the same machine)
    tls: str = field(default_factory=lambda: os.environ.get("OCOPFAIR_SMTP_TLS", "starttls"))
    user: str = field(default_factory=lambda: os.environ.get("OCOPFAIR_SMTP_USER", ""))
    password: str = field(default_factory=lambda: os.environ.get("OCOPFAIR_SMTP_PASSWORD", ""))
    sender: str = field(
        default_factory=lambda: os.environ.get("OCOPFAIR_SMTP_SENDER", "ocop@localhost")
    )
    timeout: float = field(
        default_factory=lambda: float(os.environ.get("OCOPFAIR_SMTP_TIMEOUT", "20"))
    )

    @property
    def configured(self) -> bool:
        return bool(self.host)


def one_line(text: str, limit: int = 150) -> str:
    """Headers get one line: CR, LF and other control characters become spaces (no header
    can be injected through a producer's name or a reason)."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def compose(
    notice: dict[str, Any], to: str, full_name: str, settings: SmtpSettings
) -> EmailMessage:
    """The e-mail of one notice, in Vietnamese. Raises ValueError for an unusable address."""
    with language("vi"):
        text = notice_text(notice["message"], notice["params"])
        path = notice_path(notice["route"], notice["route_params"])
        unsubscribe = absolute(
            url("notice_unsubscribe", token=unsubscribe_token(notice["user_id"], notice["kind"]))
        )
        context = {
            "province": province_title(),
            "full_name": full_name,
            "text": text,
            "link": absolute(path) if path else absolute(url("notices")),
            "unsubscribe": unsubscribe,
            "settings_link": absolute(url("notice_settings")),
        }
        plain = env.get_template("notices/email.txt").render(context)
        html = env.get_template("notices/email.html").render(context)
    message = EmailMessage()
    message["Subject"] = one_line(f"[{province_title()}] {text}")
    message["From"] = settings.sender
    # An Address object quotes the name as needed: a name with ":" or "@" stays a name.
    message["To"] = Address(display_name=one_line(full_name, 80), addr_spec=to)
    host = urlsplit(base_url()).hostname or "ocopfair"
    # The same id on a second attempt lets a mail system recognise a repeat.
    message["Message-ID"] = f"<notice-{notice['id']}@{host}>"
    message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message.set_content(plain)
    message.add_alternative(html, subtype="html")
    return message


def connect(settings: SmtpSettings) -> aiosmtplib.SMTP:
    return aiosmtplib.SMTP(
        hostname=settings.host,
        port=settings.port,
        use_tls=settings.tls == "tls",
        start_tls=settings.tls == "starttls",
        username=settings.user or None,
        password=settings.password or None,
        timeout=settings.timeout,
    )
