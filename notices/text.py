"""A notice's words, links and the province's name, shared by the pages and the e-mails."""

from __future__ import annotations

import os
from typing import Any

from ocopfair.i18n import gettext
from ocopfair.urls import url


def _province_name() -> str:
    # Hard-coded until the province profile (another change) exists; the lead joins the two.
    return "Quảng Ninh"


def base_url() -> str:
    """Where the app is reached from outside, for links in e-mails and calendar feeds.
    The one place to join with ocopfair.urls.absolute_url once that exists."""
    return os.environ.get("OCOPFAIR_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def absolute(path: str) -> str:
    return base_url() + path


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
