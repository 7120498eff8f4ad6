"""The one set of rules used by the forms, the import and the API."""

from __future__ import annotations

import datetime as dt

import pytest

from exhibitors import validation as rules
from exhibitors.models import ExhibitorKind, ProductGroup
from ocopfair.errors import Invalid
from ocopfair.i18n import language

PLACES = rules.Localities(by_key={"1": 1, "binh lieu": 1, "bl": 1}, names={1: "Bình Liêu"})


def producer(**changes):
    raw = {"name": "HTX Miến dong", "kind": "Hợp tác xã", "locality_id": "Bình Liêu"} | changes
    return rules.clean_producer(raw, PLACES)


def product(**changes):
    return rules.clean_product({"name": "Miến dong", "group": "Thực phẩm", "stars": "4"} | changes)


def errors_of(call, **changes) -> dict[str, str]:
    with language("en"), pytest.raises(Invalid) as info:
        call(**changes)
    return info.value.fields


def test_vietnamese_words_and_codes_are_both_understood():
    assert producer()["kind"] == ExhibitorKind.COOPERATIVE
    assert producer(kind="household")["kind"] == ExhibitorKind.HOUSEHOLD
    assert producer(kind="ho kinh doanh")["kind"] == ExhibitorKind.HOUSEHOLD
    assert producer(locality_id="binh lieu")["locality_id"] == 1
    assert producer(locality_id="Huyện Bình Liêu")["locality_id"] == 1
    assert product(group="Lưu niệm - nội thất - trang trí")["group"] == ProductGroup.SOUVENIRS_DECOR


@pytest.mark.parametrize("value", ["6", "2", "0", "4.5", "bốn", "-3"])
def test_stars_other_than_3_4_5_are_refused(value):
    assert "stars" in errors_of(product, stars=value)


def test_expiry_defaults_to_36_months_and_must_follow_the_decision():
    clean = product(certificate_date="29/02/2024")
    assert clean["certificate_expiry"] == dt.date(2027, 2, 28)
    assert "certificate_expiry" in errors_of(
        product, certificate_date="10/05/2024", certificate_expiry="09/05/2024"
    )
    assert "certificate_date" in errors_of(product, certificate_date="31/02/2024")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("5701234567", "5701234567"),
        ("5701234567-001", "5701234567-001"),
        ("5701234567001", "5701234567-001"),
        (" 570 123 4567 ", "5701234567"),
        ("", None),
    ],
)
def test_tax_codes_are_10_or_13_digits(value, expected):
    assert producer(tax_code=value)["tax_code"] == expected


@pytest.mark.parametrize("value", ["12345", "57012345678", "ABCDEFGHIJ", "5701234567-01"])
def test_wrong_tax_codes_are_refused(value):
    assert "tax_code" in errors_of(producer, tax_code=value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0912 345 678", "0912345678"),
        ("+84912345678", "+84912345678"),
        ("912345678", "0912345678"),
        ("02033 825 123", "02033825123"),
        ("", ""),
    ],
)
def test_vietnamese_phone_numbers(value, expected):
    assert producer(phone=value)["phone"] == expected


@pytest.mark.parametrize(
    "value", ["123", "09123456789", "+1 555 123 4567", "không có", "=1+1", "0112345678"]
)
def test_phones_that_cannot_be_one_are_refused(value):
    assert "phone" in errors_of(producer, phone=value)


@pytest.mark.parametrize("value", ["abc", "a@b", "<script>@x.vn", "a b@c.vn"])
def test_emails_that_cannot_be_one_are_refused(value):
    assert "email" in errors_of(producer, email=value)


def test_names_are_limited_and_every_error_is_reported_at_once():
    fields = errors_of(producer, name="x" * 256, kind="", phone="1", email="x")
    assert set(fields) == {"name", "kind", "phone", "email"}


def test_html_and_formulas_are_kept_as_plain_text():
    assert producer(name="<script>alert(1)</script>")["name"] == "<script>alert(1)</script>"
    assert product(name='=HYPERLINK("http://x")')["name"] == '=HYPERLINK("http://x")'


@pytest.mark.parametrize("value", ["javascript:alert(1)", "ftp://x.vn", "not a url"])
def test_traceability_links_must_be_web_addresses(value):
    assert "traceability_url" in errors_of(product, traceability_url=value)
