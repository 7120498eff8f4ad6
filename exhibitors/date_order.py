"""Dates written as text in an imported file: day/month or month/day?

A registry file re-saved by a spreadsheet set to the US locale writes 03/05/2025 for the 5th
of March; read as day/month it is the 3rd of May, silently. So text dates a/b/yyyy are only
read in an order that is known: the one the person chose on the upload form, or, when none
was chosen, day/month if the file itself proves it (some first number above 12) and nothing
in it contradicts that. Otherwise a file with a date that reads both ways (both numbers 12
or less and different) is refused with a sentence asking for the order. Dates that are real
date cells of a workbook, and yyyy-mm-dd dates (this app's CSV export), are never ambiguous.
The dates settled here are rewritten as yyyy-mm-dd for the row rules.
"""

from __future__ import annotations

import re
from typing import Any

from ocopfair.errors import BadRequest
from ocopfair.i18n import gettext as _

DATE_KEYS = ("certificate_date", "certificate_expiry")
ORDERS = ("dmy", "mdy")
_SLASHED = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def _order_of_file(found: list[tuple[int, int]]) -> str | None:
    """The order the dates prove, or None when they prove none; refused when they disagree
    or point to month/day (that must be chosen on purpose)."""
    day_first = any(a > 12 for a, _b in found)
    month_first = any(b > 12 for _a, b in found)
    if day_first and month_first:
        raise BadRequest(
            message=_(
                "The dates of the file are written in two orders (some day/month, some "
                "month/day). Correct them so that all are dd/mm/yyyy, then upload again."
            )
        )
    if month_first:
        raise BadRequest(
            message=_(
                "The dates of the file look like month/day/year (for example 12/31/2025). "
                "Choose “month/day/year” as the date order of the file and upload it again."
            )
        )
    return "dmy" if day_first else None


def settle(rows: list[dict[str, Any]], order: str | None) -> None:
    """Rewrite each a/b/yyyy date of `rows` as yyyy-mm-dd in the known order (see above)."""
    places = [
        (row, key, match)
        for row in rows
        for key in DATE_KEYS
        if (match := _SLASHED.match(str(row.get(key) or "")))
    ]
    if not places:
        return
    if order not in ORDERS:
        numbers = [(int(m.group(1)), int(m.group(2))) for _r, _k, m in places]
        order = _order_of_file(numbers)
        if order is None and any(a != b for a, b in numbers):
            raise BadRequest(
                message=_(
                    "Some dates of the file, such as %(date)s, can be read as day/month or as "
                    "month/day. Choose the date order of the file and upload it again."
                )
                % {"date": next(m.group(0).strip() for _r, _k, m in places)}
            )
        order = order or "dmy"
    for row, key, match in places:
        first, second, year = match.groups()
        day, month = (first, second) if order == "dmy" else (second, first)
        row[key] = f"{year}-{int(month):02d}-{int(day):02d}"
