"""Vietnamese first: gettext catalogs per language, a per-request language, local formats.

Message ids are English; Vietnamese lives in locale/vi/LC_MESSAGES/*.po (one catalog file per
domain so each team edits its own). The .po files are compiled in memory when the app starts,
so a fresh checkout needs no build step.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import gettext as gettext_module
import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from starlette.types import ASGIApp, Receive, Scope, Send

from ocopfair.settings import DEFAULT_LANGUAGE, LANGUAGES, TIMEZONE

LOCALE_DIR = Path(__file__).parent / "locale"
LOCAL_TZ = ZoneInfo(TIMEZONE)
LANGUAGE_COOKIE = "lang"
BABEL_LOCALES = {"vi": "vi_VN", "en": "en_US"}

current_language: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_language", default=DEFAULT_LANGUAGE
)


@cache
def translations(language: str) -> gettext_module.NullTranslations:
    """All catalogs of one language merged and compiled to one GNUTranslations object."""
    merged = Catalog(locale=language)
    for po_path in sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po")):
        with po_path.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id and message.string:
                    merged[message.id] = message
    if not len(merged):
        return gettext_module.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return gettext_module.GNUTranslations(buffer)


def gettext(message: str) -> str:
    return translations(current_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language.get()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:  # noqa: N802 - the conventional name for "mark, translate later"
    """Mark a string for extraction; it is translated where it is shown."""
    return message


@contextmanager
def language(code: str) -> Iterator[None]:
    """Run a block in one language (used by the CLI, e-mails and tests)."""
    token = current_language.set(code if code in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        current_language.reset(token)


def pick_language(cookie_value: str | None) -> str:
    return cookie_value if cookie_value in LANGUAGES else DEFAULT_LANGUAGE


class LanguageMiddleware:
    """Sets the request's language from the `lang` cookie (Vietnamese when absent).

    Plain ASGI rather than BaseHTTPMiddleware, so the context variable reaches the endpoint.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        code = pick_language(_cookie(scope, LANGUAGE_COOKIE))
        scope.setdefault("state", {})["language"] = code
        token = current_language.set(code)
        try:
            await self.app(scope, receive, send)
        finally:
            current_language.reset(token)


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _sep, v = part.strip().partition("=")
                if k == name:
                    return v
    return None


# --- Formats ----------------------------------------------------------------------------------


def _babel_locale() -> str:
    return BABEL_LOCALES[current_language.get()]


def format_vnd(amount: int | None) -> str:
    """1571073 -> '1.571.073 ₫' in Vietnamese (money is always integer VND)."""
    if amount is None:
        return ""
    return f"{format_decimal(int(amount), locale=_babel_locale())}\u00a0₫"


def format_number(value: int | float | None) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=_babel_locale())


def format_date(value: dt.date | None) -> str:
    """Dates the way offices write them: dd/mm/yyyy in both languages."""
    return value.strftime("%d/%m/%Y") if value else ""


def format_long_date(value: dt.date | None) -> str:
    return babel_format_date(value, format="full", locale=_babel_locale()) if value else ""


def to_local(value: dt.datetime) -> dt.datetime:
    """Stored UTC -> the province's clock."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(LOCAL_TZ)


def format_datetime(value: dt.datetime | None) -> str:
    return to_local(value).strftime("%d/%m/%Y %H:%M") if value else ""


def format_time(value: dt.time | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = to_local(value).time()
    return value.strftime("%H:%M")


def local_today() -> dt.date:
    return dt.datetime.now(LOCAL_TZ).date()
