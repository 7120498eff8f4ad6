"""Reading form and JSON input the way Vietnamese offices write it, with clear errors.

Each parser takes the raw value and the field's name, and raises Invalid({field: sentence})
so the message lands next to the right field (or in the API's "fields").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from ocopfair.errors import Invalid
from ocopfair.i18n import format_vnd
from ocopfair.i18n import gettext as _

_DATE_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2})[:hH](\d{2})\s*$")
MAX_INT = 2**31 - 1  # an IntField on PostgreSQL
MAX_VND = 10**15  # a million billion đồng: far above any fair, far below a BigIntField's end
MAX_DIGITS = 18  # longer digit strings are out of range anyway; int() of 4,300+ digits fails


def text(value: Any, field: str, *, max_length: int = 255, required: bool = False) -> str:
    result = " ".join(str(value or "").split()) if max_length <= 255 else str(value or "").strip()
    if required and not result:
        raise Invalid({field: _("This field is required.")})
    if len(result) > max_length:
        raise Invalid({field: _("At most %(n)d characters.") % {"n": max_length}})
    return result


def date(value: Any, field: str, *, required: bool = True) -> dt.date | None:
    """dd/mm/yyyy (as people type it) or yyyy-mm-dd (as date inputs and the API send it)."""
    raw = str(value or "").strip()
    if not raw:
        if required:
            raise Invalid({field: _("This field is required.")})
        return None
    match = _DATE_DMY.match(raw)
    parts: tuple[str, ...] | None = (
        (match.group(3), match.group(2), match.group(1)) if match else None
    )
    if parts is None and (iso := _DATE_ISO.match(raw)):
        parts = iso.groups()
    if parts is None:
        raise Invalid({field: _("Write the date as dd/mm/yyyy.")})
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise Invalid(
            {field: _("%(value)s is not a date in the calendar.") % {"value": raw}}
        ) from None


def time(value: Any, field: str, *, required: bool = False) -> dt.time | None:
    raw = str(value or "").strip()
    if not raw:
        if required:
            raise Invalid({field: _("This field is required.")})
        return None
    match = _TIME.match(raw)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise Invalid({field: _("Write the time as hh:mm, for example 08:00.")})
    return dt.time(int(match.group(1)), int(match.group(2)))


def integer(
    value: Any,
    field: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    required: bool = True,
) -> int | None:
    raw = str(value if value is not None else "").strip().replace(" ", "")
    if not raw:
        if required:
            raise Invalid({field: _("This field is required.")})
        return None
    if isinstance(value, bool) or not re.fullmatch(r"-?\d+", raw):
        raise Invalid({field: _("Enter a whole number.")})
    # Unbounded fields still stop at what an integer column holds (else the database fails).
    minimum = -MAX_INT - 1 if minimum is None else minimum
    maximum = MAX_INT if maximum is None else maximum
    number = int(raw) if len(raw) <= MAX_DIGITS else (-1 if raw[0] == "-" else 1) * 10**MAX_DIGITS
    if minimum is not None and number < minimum:
        raise Invalid({field: _("The smallest allowed value is %(n)s.") % {"n": minimum}})
    if maximum is not None and number > maximum:
        raise Invalid({field: _("The largest allowed value is %(n)s.") % {"n": maximum}})
    return number


def vnd(value: Any, field: str, *, required: bool = True) -> int | None:
    """Money in whole đồng, as typed: '1.250.000', '1,250,000', '1250000', '1.250.000 ₫'."""
    if isinstance(value, int) and not isinstance(value, bool):
        raw = str(value)
    else:
        raw = str(value or "").strip().replace("₫", "").replace("đ", "").replace("VND", "")
        raw = raw.replace("\u00a0", "").replace(" ", "")
    if not raw:
        if required:
            raise Invalid({field: _("This field is required.")})
        return None
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", raw):
        raw = raw.replace(".", "").replace(",", "")
    if not re.fullmatch(r"-?\d+", raw):
        raise Invalid({field: _("Enter an amount in đồng, for example 1.250.000.")})
    amount = int(raw) if len(raw) <= MAX_DIGITS else (-1 if raw[0] == "-" else 1) * 10**MAX_DIGITS
    if amount < 0:
        raise Invalid({field: _("The amount cannot be negative.")})
    if amount > MAX_VND:
        raise Invalid(
            {field: _("The largest allowed value is %(n)s.") % {"n": format_vnd(MAX_VND)}}
        )
    return amount


def choice(value: Any, field: str, enum_type: Any, *, required: bool = True) -> Any:
    raw = str(value or "").strip()
    if not raw and not required:
        return None
    try:
        return enum_type(raw)
    except ValueError:
        raise Invalid({field: _("Choose a value from the list.")}) from None


def optional_id(value: Any) -> int | None:
    """A row id picked from a list, or None for anything that cannot be one.

    For choices whose absence the caller handles itself; ASCII digits only ("²" passes
    str.isdigit() but not int()), and no larger than a database id can be.
    """
    text_value = str(value if value is not None else "").strip()
    if not (text_value.isascii() and text_value.isdigit()) or len(text_value) > 10:
        return None
    number = int(text_value)
    return number if 0 < number <= MAX_INT else None


def boolean(value: Any) -> bool:
    return str(value).lower() in {"1", "true", "on", "yes"}


def values_and_errors(
    checks: Mapping[str, Callable[[], Any]],
) -> tuple[dict[str, Any], dict[str, str]]:
    """Call each field's check: the clean values, and every failing field's sentence (for
    forms that add their own errors across fields before deciding)."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, check in checks.items():
        try:
            values[name] = check()
        except Invalid as exc:
            errors.update(exc.fields)
    return values, errors


def collect(*checks: Any) -> None:
    """Run several field checks and report every failing field at once."""
    errors: dict[str, str] = {}
    for check in checks:
        try:
            check()
        except Invalid as exc:
            errors.update(exc.fields)
    if errors:
        raise Invalid(errors)
