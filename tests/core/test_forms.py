"""Input parsing: dates, money and numbers as Vietnamese offices type them."""

from __future__ import annotations

import datetime as dt

import pytest

from ocopfair import forms
from ocopfair.errors import Invalid
from ocopfair.i18n import language


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1.250.000", 1_250_000),
        ("1,250,000", 1_250_000),
        ("1250000", 1_250_000),
        ("1.250.000 ₫", 1_250_000),
        ("0", 0),
        (2_000, 2_000),
    ],
)
def test_vnd_understands_thousands_separators(raw, expected):
    assert forms.vnd(raw, "revenue") == expected


@pytest.mark.parametrize("raw", ["-5", "1.25", "abc", "1.2.3", "12,5"])
def test_vnd_refuses_what_is_not_an_amount(raw):
    with pytest.raises(Invalid) as caught:
        forms.vnd(raw, "revenue")
    assert "revenue" in caught.value.fields


def test_dates_in_both_forms_and_impossible_dates_refused_in_vietnamese():
    assert forms.date("05/01/2027", "start") == dt.date(2027, 1, 5)
    assert forms.date("2027-01-05", "start") == dt.date(2027, 1, 5)
    with language("vi"), pytest.raises(Invalid) as caught:
        forms.date("31/02/2026", "start")
    assert caught.value.fields == {"start": "31/02/2026 không phải là một ngày có thật."}


def test_collect_reports_every_failing_field_at_once():
    with pytest.raises(Invalid) as caught:
        forms.collect(
            lambda: forms.integer("x", "count"),
            lambda: forms.text("a" * 300, "name"),
            lambda: forms.time("25:00", "opens_at"),
        )
    assert set(caught.value.fields) == {"count", "name", "opens_at"}


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("12", 12),
        (" 7 ", 7),
        ("²", None),
        ("-3", None),
        ("0", None),
        ("", None),
        (None, None),
        ("9" * 5000, None),
        (str(2**31), None),
        ("1e3", None),
    ],
)
def test_optional_id_takes_only_what_can_be_a_row_id(raw, expected):
    assert forms.optional_id(raw) == expected
