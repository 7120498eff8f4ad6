"""A notice's words, links and the province's name, shared by the pages and the e-mails."""

from __future__ import annotations

from typing import Any

from ocopfair import province
from ocopfair.i18n import gettext
from ocopfair.urls import absolute_url, url


def province_title() -> str:
    """ "OCOP Lạng Sơn" (or plain "OCOP" before setup), from the province profile."""
    return province.current().title


def base_url() -> str:
    """Where the app is reached from outside (OCOPFAIR_BASE_URL): links and Message-IDs."""
    return absolute_url("/").rstrip("/")


def absolute(path: str) -> str:
    return absolute_url(path)


def notice_text(message: str, params: dict[str, Any]) -> str:
    """The message in the current language; parameters named *_msg are message ids too."""
    shown = {k: gettext(v) if k.endswith("_msg") and v else v for k, v in params.items()}
    try:
        return (gettext(message) % shown).strip()
    except (KeyError, TypeError, ValueError):
        return gettext(message)  # a parameter went missing: the sentence without it


def notice_path(route: str, route_params: dict[str, Any]) -> str:
    if not route:
        return ""
    try:
        return url(route, **route_params)
    except Exception:  # a route renamed since the notice was written: no link, no error
        return ""
