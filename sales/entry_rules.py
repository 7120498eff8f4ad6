"""The rules that make a booth's daily figures trustworthy: reading them, then checking them.

- a day must be one of the event's days and not in the future;
- revenue is whole đồng, never negative; above the event's ceiling it needs an explicit
  confirmation, and above ABSURD_REVENUE it is refused outright;
- units may be reported only for the products the booth shows (sales.figures.shown_products);
- once entry has closed, a correction needs a reason (sales.window).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from events.models import Event
from exhibitors.models import Product
from ocopfair import forms
from ocopfair.errors import Invalid
from ocopfair.i18n import format_date, format_vnd
from ocopfair.i18n import gettext as _
from sales.models import SalesSettings
from sales.window import EntryWindow

# A day more than this many times the booth's usual day asks "are you sure?" (sales.usual).
UNUSUAL_FACTOR = 5

ABSURD_REVENUE = 100_000_000_000  # 100 billion đồng a day at one booth: a typing slip
MAX_COUNT = 1_000_000  # units or customers in one day at one booth
MAX_REASON = 1000
THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


# --- Reading input ----------------------------------------------------------------------------


@dataclass
class DayFigures:
    revenue: int
    customers: int | None = None
    units: dict[int, int] = field(default_factory=dict)  # product id -> units sold
    units_total: int | None = None  # only for a booth that shows no listed product
    confirm_high: bool = False
    reason: str = ""


def money(value: Any, name: str) -> int:
    """Whole đồng as typed ('1.250.000'); a minus sign gets its own clear sentence."""
    if isinstance(value, str) and value.strip().startswith("-"):
        raise Invalid({name: _("Revenue cannot be negative.")})
    amount = forms.vnd(value, name)
    assert amount is not None
    if amount > ABSURD_REVENUE:
        raise Invalid(
            {
                name: _(
                    "%(amount)s in one day at one booth cannot be right: check the number of zeros."
                )
                % {"amount": format_vnd(amount)}
            }
        )
    return amount


def count(value: Any, name: str) -> int | None:
    if isinstance(value, str) and value.strip().startswith("-"):
        raise Invalid({name: _("A number of units or customers cannot be negative.")})
    if isinstance(value, str) and THOUSANDS.fullmatch(value.strip()):
        value = value.strip().replace(".", "")
    return forms.integer(value, name, minimum=0, maximum=MAX_COUNT, required=False)


def day_of(value: Any, name: str = "day") -> dt.date:
    day = forms.date(value, name)
    assert day is not None
    return day


def parse_day_figures(data: Mapping[str, Any], units: Mapping[str, Any] | None) -> DayFigures:
    """The figures of one day, from a form or a JSON body; every bad field reported at once.

    `units` maps product ids (as text or numbers) to units sold; unknown products are judged
    later, against the booth (check_units).
    """
    result = DayFigures(revenue=0)
    unit_values: dict[int, int] = {}

    def revenue() -> None:
        result.revenue = money(data.get("revenue"), "revenue")

    def customers() -> None:
        result.customers = count(data.get("customers"), "customers")

    def units_total() -> None:
        result.units_total = count(data.get("units_total"), "units_total")

    def unit_lines() -> None:
        errors: dict[str, str] = {}
        for key, raw in (units or {}).items():
            name = f"units-{key}"
            try:
                product_id = int(str(key))
            except ValueError:
                errors[name] = _("Unknown product.")
                continue
            try:
                amount = count(raw, name)
            except Invalid as exc:
                errors.update(exc.fields)
                continue
            if amount:
                unit_values[product_id] = amount
        if errors:
            raise Invalid(errors)

    def reason() -> None:
        result.reason = forms.text(data.get("reason"), "reason", max_length=MAX_REASON)

    forms.collect(revenue, customers, units_total, unit_lines, reason)
    result.units = unit_values
    result.confirm_high = forms.boolean(data.get("confirm_high"))
    return result


# --- Checks -----------------------------------------------------------------------------------


def check_window(window: EntryWindow, reason: str) -> None:
    if not window.writable:
        raise Invalid({"form": window.message}, window.message)
    if window.needs_reason and not reason:
        raise Invalid({"reason": _("Entry has closed: give the reason for this correction.")})


def check_day(event: Event, day: dt.date, today: dt.date, name: str = "day") -> None:
    if not event.start_date <= day <= event.end_date:
        raise Invalid(
            {
                name: _("%(day)s is not a day of this event (%(start)s – %(end)s).")
                % {
                    "day": format_date(day),
                    "start": format_date(event.start_date),
                    "end": format_date(event.end_date),
                }
            }
        )
    if day > today:
        raise Invalid(
            {
                name: _("%(day)s has not come yet: sales are entered on the day or after it.")
                % {"day": format_date(day)}
            }
        )


def check_ceiling(
    revenue: int,
    settings: SalesSettings,
    confirmed: bool,
    name: str = "revenue",
    usual: int | None = None,
) -> None:
    """The one rule of a figure that asks "are you sure?" (phone form, grid and API): above
    the event's ceiling, or more than UNUSUAL_FACTOR times the booth's usual day."""
    if confirmed:
        return
    if revenue > settings.revenue_ceiling:
        message = _(
            "%(amount)s is more than %(ceiling)s for one booth in one day. Check it, "
            "then tick “I confirm this amount” to save it."
        ) % {"amount": format_vnd(revenue), "ceiling": format_vnd(settings.revenue_ceiling)}
        raise Invalid({name: message, "confirm_high": _("Tick to confirm the amount.")})
    if usual and revenue > UNUSUAL_FACTOR * usual:
        message = _(
            "This revenue is more than %(factor)s times the booth's usual day (about "
            "%(usual)s). Are you sure? Tick “I confirm this amount” to save it."
        ) % {"factor": UNUSUAL_FACTOR, "usual": format_vnd(usual)}
        raise Invalid({name: message, "confirm_high": _("Tick to confirm the amount.")})


def check_units(figures: DayFigures, products: list[Product]) -> None:
    """Units only for the products shown at this booth; a total only when it shows none."""
    shown = {p.id for p in products}
    errors = {}
    for product_id in figures.units:
        if product_id not in shown:
            errors[f"units-{product_id}"] = _(
                "This product is not shown at this booth: its units cannot be reported here."
            )
    if figures.units_total is not None and shown:
        errors["units_total"] = _("Give the units of each product shown at this booth.")
    if errors:
        raise Invalid(errors)
