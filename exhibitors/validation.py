"""The rules of a producer and a product, in one place for the forms, the import and the API.

Each `clean_*` function takes raw values (form strings, JSON values or spreadsheet cells),
checks every field, and returns clean Python values or raises one `Invalid` naming every
failing field. What needs the database (unique tax codes, the list of localities) is passed in,
so the import can check thousands of rows against lookups loaded once.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from exhibitors.models import Exhibitor, ExhibitorKind, ExhibitorStatus, ProductGroup
from ocopfair import forms
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality
from ocopfair.text import fold

# An OCOP rating is valid for 36 months from the date of its decision.
RATING_MONTHS = 36
STARS = (3, 4, 5)
NAME_MAX = 255

# Producer fields an exhibitor may change on its own; the rest is the registry's.
CONTACT_FIELDS = ("address", "contact_person", "phone", "email")
PRODUCER_FIELDS = (
    "name",
    "kind",
    "tax_code",
    "locality_id",
    "address",
    "contact_person",
    "phone",
    "email",
    "ethnic_minority",
    "remote_area",
    "island",
    "status",
)
# Product fields whose change by an exhibitor waits for an organizer's approval.
RATING_FIELDS = ("stars", "certificate_number", "certificate_date", "certificate_expiry")
PRODUCT_FIELDS = ("name", "group", "traceability_url", *RATING_FIELDS)

# The Vietnamese words offices write in their spreadsheets, also accepted by the API and forms.
KIND_WORDS = {
    ExhibitorKind.ENTERPRISE: "Doanh nghiệp",
    ExhibitorKind.COOPERATIVE: "Hợp tác xã",
    ExhibitorKind.COOP_GROUP: "Tổ hợp tác",
    ExhibitorKind.HOUSEHOLD: "Hộ kinh doanh",
}
GROUP_WORDS = {
    ProductGroup.FOOD: "Thực phẩm",
    ProductGroup.DRINKS: "Đồ uống",
    ProductGroup.HERBAL: "Thảo dược",
    ProductGroup.TEXTILES: "Vải và may mặc",
    ProductGroup.SOUVENIRS_DECOR: "Lưu niệm - nội thất - trang trí",
    ProductGroup.RURAL_TOURISM: "Dịch vụ du lịch nông thôn",
}
STATUS_WORDS = {ExhibitorStatus.ACTIVE: "Đang hoạt động", ExhibitorStatus.SUSPENDED: "Tạm ngừng"}
_EXTRA_KIND = {
    "doanh nghiep": ExhibitorKind.ENTERPRISE,
    "cong ty": ExhibitorKind.ENTERPRISE,
    "htx": ExhibitorKind.COOPERATIVE,
    "tht": ExhibitorKind.COOP_GROUP,
    "ho san xuat": ExhibitorKind.HOUSEHOLD,
    "ho gia dinh": ExhibitorKind.HOUSEHOLD,
}
_EXTRA_GROUP = {
    "luu niem noi that trang tri": ProductGroup.SOUVENIRS_DECOR,
    "luu niem, noi that, trang tri": ProductGroup.SOUVENIRS_DECOR,
    "dich vu du lich cong dong": ProductGroup.RURAL_TOURISM,
    "du lich": ProductGroup.RURAL_TOURISM,
}
_YES = {"1", "true", "yes", "y", "x", "co", "on", "dung"}
_NO = {"", "0", "false", "no", "n", "khong", "off", "sai"}

_TAX_CODE = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")
_PHONE_LOCAL = re.compile(r"^0(?:[35789]\d{8}|2\d{9})$")
_PHONE_INTL = re.compile(r"^\+84(?:[35789]\d{8}|2\d{9})$")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")


# Kinds, groups, flags and localities repeat on every row of an import: fold each word once.
fold_word = lru_cache(maxsize=4096)(fold)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's end (29/2 + 12 months = 28/2)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def default_expiry(certificate_date: dt.date) -> dt.date:
    return add_months(certificate_date, RATING_MONTHS)


def _word_lookup(words: Mapping[Any, str], extra: Mapping[str, Any]) -> dict[str, Any]:
    table = {fold(word): value for value, word in words.items()}
    table.update({fold(str(value.value)): value for value in words})
    table.update(extra)
    return table


_KINDS = _word_lookup(KIND_WORDS, _EXTRA_KIND)
_GROUPS = _word_lookup(GROUP_WORDS, _EXTRA_GROUP)
_STATUSES = _word_lookup(
    STATUS_WORDS, {"hoat dong": ExhibitorStatus.ACTIVE, "tam dung": ExhibitorStatus.SUSPENDED}
)


def _enum(value: Any, field_name: str, table: Mapping[str, Any], *, required: bool = True) -> Any:
    key = fold_word(str(value if value is not None else "")).replace("_", " ")
    if not key:
        if required:
            raise Invalid({field_name: _("This field is required.")})
        return None
    for candidate in (key, key.replace(" ", "_")):
        if candidate in table:
            return table[candidate]
    raise Invalid({field_name: _("Choose a value from the list.")})


def _cell_text(value: Any) -> str:
    """Any cell or JSON value as text; numbers that Excel made floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def text(value: Any, field_name: str, *, max_length: int = NAME_MAX, required: bool = False) -> str:
    return forms.text(_cell_text(value), field_name, max_length=max_length, required=required)


def flag(value: Any, field_name: str) -> bool:
    if isinstance(value, bool):
        return value
    key = fold_word(_cell_text(value))
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise Invalid({field_name: _("Write “Có” or leave the cell empty.")})


def tax_code(value: Any, field_name: str = "tax_code") -> str | None:
    """10 digits, or 10 digits + 3 for a branch ('5701234567-001'); spaces and dots ignored."""
    raw = re.sub(r"[\s.]", "", _cell_text(value))
    if not raw:
        return None
    match = _TAX_CODE.match(raw)
    if not match:
        raise Invalid(
            {
                field_name: _(
                    "A tax code has 10 digits, or 13 written as 10 digits, a dash and 3 digits."
                )
            }
        )
    return match.group(1) + (f"-{match.group(2)}" if match.group(2) else "")


def phone(value: Any, field_name: str = "phone") -> str:
    """A Vietnamese number: 10 digits from 0 (mobile), 11 from 02 (landline), or +84…"""
    raw = re.sub(r"[\s.\-()]", "", _cell_text(value))
    if not raw:
        return ""
    if raw.isdigit() and len(raw) == 9 and raw[0] in "35789":
        raw = "0" + raw  # Excel drops the leading zero of numbers typed as numbers
    if raw.startswith("84") and len(raw) in (11, 12):
        raw = "+" + raw
    if not (_PHONE_LOCAL.match(raw) or _PHONE_INTL.match(raw)):
        raise Invalid(
            {field_name: _("Enter a Vietnamese phone number: 10 digits starting with 0, or +84…")}
        )
    return raw


def email(value: Any, field_name: str = "email") -> str:
    raw = _cell_text(value).strip()
    if not raw:
        return ""
    if len(raw) > 254 or not _EMAIL.match(raw):
        raise Invalid({field_name: _("Enter an e-mail address such as ten@example.vn.")})
    return raw


def stars(value: Any, field_name: str = "stars") -> int:
    raw = _cell_text(value).strip()
    if not raw:
        raise Invalid({field_name: _("This field is required.")})
    digits = re.sub(r"\s*(sao|stars?|★)\s*$", "", raw, flags=re.IGNORECASE)
    if raw.count("★") == len(raw):
        digits = str(len(raw))
    if not (digits.isascii() and digits.isdigit()) or int(digits[:3]) not in STARS:  # "²"
        raise Invalid({field_name: _("An OCOP rating is 3, 4 or 5 stars.")})
    return int(digits)


def date(value: Any, field_name: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return forms.date(_cell_text(value), field_name, required=False)


def url(value: Any, field_name: str = "traceability_url") -> str:
    raw = _cell_text(value).strip()
    if not raw:
        return ""
    if raw.lower().startswith("www."):
        raw = "https://" + raw
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in raw or len(raw) > 500:
        raise Invalid({field_name: _("Enter a web address starting with https://.")})
    return raw


@dataclass
class Localities:
    """Every locality, found by id, code or name with or without diacritics."""

    by_key: dict[str, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)

    @classmethod
    async def load(cls) -> Localities:
        found = cls()
        for pk, code, name, name_en, retired_on in await Locality.all().values_list(
            "id", "code", "name", "name_en", "retired_on"
        ):
            found.names[pk] = name
            if retired_on is not None:
                continue  # a retired unit takes no new producers (office/localities.py)
            for key in (str(pk), fold(code), fold(name), fold(name_en)):
                if key:
                    found.by_key.setdefault(key, pk)
        return found

    def resolve(self, value: Any, field_name: str = "locality_id") -> int | None:
        raw = fold_word(_cell_text(value))
        if not raw:
            return None
        for prefix in ("huyen ", "thanh pho ", "tp ", "tp. ", "thi xa ", "dac khu "):
            if raw not in self.by_key and raw.startswith(prefix):
                raw = raw[len(prefix) :]
        if raw not in self.by_key:
            raise Invalid({field_name: _("Choose a locality of the province.")})
        return self.by_key[raw]


def _run(checks: dict[str, Any]) -> dict[str, Any]:
    """Call each field's check, gather every error, return the clean values."""
    clean, errors = forms.values_and_errors(checks)
    if errors:
        raise Invalid(errors)
    return clean


def clean_producer(
    raw: Mapping[str, Any], localities: Localities, *, only: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """The producer's fields from raw input (only the `only` fields, when given)."""
    checks = {
        "name": lambda: text(raw.get("name"), "name", required=True),
        "kind": lambda: _enum(raw.get("kind"), "kind", _KINDS),
        "tax_code": lambda: tax_code(raw.get("tax_code")),
        "locality_id": lambda: localities.resolve(raw.get("locality_id")),
        "address": lambda: text(raw.get("address"), "address"),
        "contact_person": lambda: text(raw.get("contact_person"), "contact_person", max_length=200),
        "phone": lambda: phone(raw.get("phone")),
        "email": lambda: email(raw.get("email")),
        "ethnic_minority": lambda: flag(raw.get("ethnic_minority"), "ethnic_minority"),
        "remote_area": lambda: flag(raw.get("remote_area"), "remote_area"),
        "island": lambda: flag(raw.get("island"), "island"),
        "status": lambda: (
            _enum(raw.get("status"), "status", _STATUSES, required=False) or ExhibitorStatus.ACTIVE
        ),
    }
    if only is not None:
        checks = {name: check for name, check in checks.items() if name in only}
    return _run(checks)


def clean_product(raw: Mapping[str, Any], *, only: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The product's fields; an empty expiry becomes the decision date + 36 months."""
    checks = {
        "name": lambda: text(raw.get("name"), "name", required=True),
        "group": lambda: _enum(raw.get("group"), "group", _GROUPS),
        "stars": lambda: stars(raw.get("stars")),
        "certificate_number": lambda: text(
            raw.get("certificate_number"), "certificate_number", max_length=64
        ),
        "certificate_date": lambda: date(raw.get("certificate_date"), "certificate_date"),
        "certificate_expiry": lambda: date(raw.get("certificate_expiry"), "certificate_expiry"),
        "traceability_url": lambda: url(raw.get("traceability_url")),
    }
    if only is not None:
        checks = {name: check for name, check in checks.items() if name in only}
    clean = _run(checks)
    issued, expiry = clean.get("certificate_date"), clean.get("certificate_expiry")
    if issued and not expiry and "certificate_expiry" in clean:
        clean["certificate_expiry"] = default_expiry(issued)
    elif issued and expiry and expiry <= issued:
        raise Invalid({"certificate_expiry": _("The expiry must be after the decision date.")})
    return clean


async def check_tax_code_free(code: str | None, exclude_id: int | None = None) -> None:
    """A tax code belongs to one producer only (the unique index is the final guard)."""
    if not code:
        return
    clash = Exhibitor.filter(tax_code=code)
    if exclude_id is not None:
        clash = clash.exclude(id=exclude_id)
    other = await clash.first().values("name")
    if other:
        raise Invalid(
            {"tax_code": _("This tax code already belongs to %(name)s.") % {"name": other["name"]}}
        )
