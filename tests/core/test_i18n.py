"""Vietnamese by default, English on request, every message translated."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from ocopfair import i18n
from tests.conftest import csrf_token_of

ROOT = Path(__file__).resolve().parents[2]


def _i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_script"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "domain", ["core", "exhibitors", "events", "booths", "sales", "visitors", "reports"])
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
        "/language", data={"lang": "en", "next": "/login", "csrf_token": token})
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    page = (await client.get("/login")).text
    assert 'lang="en"' in page and "Log in" in page and "Đăng nhập" not in page
    bad = await client.post("/language", data={"lang": "fr", "csrf_token": token})
    assert bad.status_code == 400
