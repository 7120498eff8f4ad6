"""Reading one cell of the results workbook: each raises Invalid({column: sentence}).

Money and counts are whole numbers. A text amount is read as people in Vietnam type it:
'1.250.000' is 1,250,000 đồng, and '1,250,000' (thousands commas) the same — never 1.25; a
number cell with a fraction (1.25) is refused, as is any formula ('=...').
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ocopfair import forms
from ocopfair.errors import Invalid
from ocopfair.i18n import format_date
from ocopfair.i18n import gettext as _
from sales import entry_rules


def _no_formula(value: Any, name: str) -> None:
    if isinstance(value, str) and value.startswith("="):
        raise Invalid(
            {name: _("This cell holds a formula (%(f)s): type the figure itself.") % {"f": value}}
        )


def _whole(value: Any, name: str) -> Any:
    """A number cell as an int (a fraction refused); text is left to the callers' parsers."""
    _no_formula(value, name)
    if isinstance(value, bool):
        raise Invalid({name: _("Type a whole number here.")})
    if isinstance(value, float):
        if not value.is_integer():
            raise Invalid(
                {
                    name: _("%(v)s is not a whole number: figures here have no decimals.")
                    % {"v": value}
                }
            )
        return int(value)
    return value


def money(value: Any, name: str) -> int:
    """Revenue in whole đồng; empty is refused (type 0 for a day without sales)."""
    value = _whole(value, name)
    if value is None:
        raise Invalid({name: _("Type the revenue (0 when nothing was sold).")})
    return entry_rules.money(value if isinstance(value, int) else str(value), name)


def count(value: Any, name: str) -> int | None:
    """People, customers or units: a whole number ≥ 0, or None for an empty cell."""
    value = _whole(value, name)
    if value is None:
        return None
    try:
        return entry_rules.count(value if isinstance(value, int) else str(value), name)
    except Invalid:
        raise Invalid({name: _("Type a whole number of 0 or more (for example 1.250).")}) from None


def hour(value: Any, name: str) -> int | None:
    """0–23, '8', '08', '8:00' or '08h'; empty means the whole day."""
    value = _whole(value, name)
    if value is None:
        return None
    if isinstance(value, dt.time):
        return value.hour
    text = str(value).strip().lower().rstrip("h").split(":")[0].split("h")[0]
    if not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= 23:
        raise Invalid({name: _("Type an hour from 0 to 23, or leave it empty for the whole day.")})
    return int(text)


def day(value: Any, name: str, first: dt.date, last: dt.date) -> dt.date:
    """A date cell or dd/mm/yyyy text, one of the event's days."""
    _no_formula(value, name)
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        parsed = forms.date(None if value is None else str(value), name)
        assert parsed is not None
        value = parsed
    if not first <= value <= last:
        raise Invalid(
            {
                name: _("%(day)s is not a day of this event (%(start)s – %(end)s).")
                % {"day": format_date(value), "start": format_date(first), "end": format_date(last)}
            }
        )
    return value


def text(value: Any, name: str, *, required: bool = False) -> str:
    _no_formula(value, name)
    if value is None or str(value).strip() == "":
        if required:
            raise Invalid({name: _("This cell is required.")})
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
