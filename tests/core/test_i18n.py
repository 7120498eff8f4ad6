"""Vietnamese by default, English on request, every message translated."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from ocopfair import i18n
from tests.login import csrf_token_of

ROOT = Path(__file__).resolve().parents[2]


def _i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_script"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "domain", ["core", "exhibitors", "events", "booths", "sales", "visitors", "reports"]
)
def test_every_message_of_the_code_has_a_vietnamese_translation(domain):
    missing = _i18n_script().missing(domain)
    assert missing == [], f"untranslated in {domain}: {missing[:10]}"


def test_vnd_and_dates_are_written_the_vietnamese_way():
    with i18n.language("vi"):
        assert i18n.format_vnd(1571073) == "1.571.073\u00a0₫"
        assert i18n.format_date(dt.date(2027, 1, 5)) == "05/01/2027"
        assert i18n.format_long_date(dt.date(2027, 1, 20)) == "Thứ Tư, 20 tháng 1, 2027"
    with i18n.language("en"):
        assert i18n.format_vnd(1571073) == "1,571,073\u00a0₫"


def test_times_are_shown_on_the_province_clock():
    utc = dt.datetime(2026, 11, 28, 1, 30, tzinfo=dt.UTC)
    assert i18n.format_datetime(utc) == "28/11/2026 08:30"


async def test_language_switch_is_remembered(client):
    assert "Đăng nhập" in (await client.get("/login")).text
    token = await csrf_token_of(client)
    response = await client.post(
        "/language", data={"lang": "en", "next": "/login", "csrf_token": token}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    page = (await client.get("/login")).text
    assert 'lang="en"' in page and "Log in" in page and "Đăng nhập" not in page
    bad = await client.post("/language", data={"lang": "fr", "csrf_token": token})
    assert bad.status_code == 400


def test_translations_keep_the_placeholders_and_no_stray_percent_signs():
    """Templates format every message (newstyle gettext), so there a lone % breaks the page."""
    import re

    script = _i18n_script()
    placeholder = re.compile(r"%\((\w+)\)[sd]|%%")
    problems = []
    for domain in script.DOMAINS:
        catalog = script.load(domain)
        for message in script.extract(domain):
            in_template = any(path.endswith(".html") for path, _line in message.locations)
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            found = catalog.get(message.id)
            strings = (
                ()
                if found is None
                else (found.string if isinstance(found.string, tuple) else (found.string,))
            )
            wanted = set(placeholder.findall(ids[0]))
            for text in [*ids, *strings]:
                if in_template and "%" in placeholder.sub("", text):
                    problems.append(f"{domain}: stray % in {text!r}")
            for text in strings:
                if text and set(placeholder.findall(text)) != wanted:
                    problems.append(f"{domain}: placeholders differ in {text!r}")
    assert problems == []


def test_one_english_message_has_one_vietnamese_translation_across_catalogs():
    """The catalogs are merged at start-up: two translations of one id would fight."""
    from babel.messages.pofile import read_po

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for po in sorted((ROOT / "ocopfair" / "locale" / "vi" / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            for message in read_po(handle):
                if not message.id or not message.string:
                    continue
                key = message.id if isinstance(message.id, str) else message.id[0]
                text = message.string if isinstance(message.string, str) else message.string[0]
                if key in seen and seen[key][1] != text:
                    clashes.append(
                        f"{key!r}: {seen[key][0]} says {seen[key][1]!r}, {po.name} says {text!r}"
                    )
                seen.setdefault(key, (po.name, text))
    assert clashes == []
