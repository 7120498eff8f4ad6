"""Entering a booth's daily figures: the rules that make them trustworthy, and the one writer.

Pages (the exhibitor's phone form, the organizers' grid) and the API all call `save_day` or
`save_revenues`, so a rule lives here once:
- a day must be one of the event's days and not in the future;
- revenue is whole đồng, never negative; above the event's ceiling it needs an explicit
  confirmation, and above ABSURD_REVENUE it is refused outright;
- units may be reported only for the products the booth shows (booths.sales.shown_products);
- entry closes `entry_days_after_end` days after the event; later only an organizer may
  correct, with a reason; a reported event's figures are frozen (events.lifecycle);
- every change is written with its audit entry in one transaction: nothing half-saved.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from booths.models import BoothAssignment
from events.lifecycle import is_read_only
from events.models import Event, EventStatus
from exhibitors.models import Product
from ocopfair import forms
from ocopfair.audit import record as audit
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import format_date, format_vnd
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User
from sales.models import SalesLine, SalesRecord, SalesSettings

ABSURD_REVENUE = 100_000_000_000  # 100 billion đồng a day at one booth: a typing slip
MAX_COUNT = 1_000_000  # units or customers in one day at one booth
MAX_REASON = 1000
THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


class Window(StrEnum):
    OPEN = "open"  # anyone allowed enters figures
    CORRECTION = "correction"  # entry closed: an organizer may correct, giving a reason
    CLOSED = "closed"  # entry closed for this user
    FROZEN = "frozen"  # the event is reported (or cancelled): figures are final


@dataclass(frozen=True)
class EntryWindow:
    state: Window
    closes_on: dt.date
    message: str = ""

    @property
    def writable(self) -> bool:
        return self.state in (Window.OPEN, Window.CORRECTION)

    @property
    def needs_reason(self) -> bool:
        return self.state == Window.CORRECTION


def closes_on(event: Event, settings: SalesSettings) -> dt.date:
    return event.end_date + dt.timedelta(days=settings.entry_days_after_end)


def entry_window(
    event: Event, settings: SalesSettings, user: User | None, today: dt.date
) -> EntryWindow:
    """Whether this user may enter figures of this event today, and on what terms."""
    last = closes_on(event, settings)
    if event.status == EventStatus.CANCELLED:
        return EntryWindow(Window.FROZEN, last, _("This event was cancelled: it has no sales."))
    if is_read_only(event, user):
        return EntryWindow(
            Window.FROZEN,
            last,
            _("This event has been reported: its figures are final and can no longer change."),
        )
    if today <= last:
        return EntryWindow(Window.OPEN, last)
    if user is not None and user.role in (Role.ADMIN, Role.ORGANIZER):
        return EntryWindow(
            Window.CORRECTION,
            last,
            _("Entry closed on %(date)s: a correction needs a reason, kept in the history.")
            % {"date": format_date(last)},
        )
    return EntryWindow(
        Window.CLOSED,
        last,
        _("Entry closed on %(date)s. Ask the organizer if a figure must be corrected.")
        % {"date": format_date(last)},
    )


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
    revenue: int, settings: SalesSettings, confirmed: bool, name: str = "revenue"
) -> None:
    if revenue > settings.revenue_ceiling and not confirmed:
        message = _(
            "%(amount)s is more than %(ceiling)s for one booth in one day. Check it, "
            "then tick “I confirm this amount” to save it."
        ) % {"amount": format_vnd(revenue), "ceiling": format_vnd(settings.revenue_ceiling)}
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


# --- Writing ----------------------------------------------------------------------------------


def _state(record: SalesRecord | None, lines: dict[int, int]) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "day": record.day,
        "revenue": record.revenue,
        "units": record.units,
        "customers": record.customers,
        "lines": {str(k): v for k, v in sorted(lines.items())},
    }


async def _write(
    user: User,
    assignment: BoothAssignment,
    day: dt.date,
    *,
    revenue: int,
    details: tuple[int | None, int, dict[int, int]] | None,
    reason: str,
) -> SalesRecord:
    """Create or change one day's record inside the caller's transaction, with its audit.

    `details` is (customers, units, product lines); None keeps what the record already has
    (the grid changes revenue only). Nothing is written, not even an audit entry, when the
    figures did not change.
    """
    record = (
        await SalesRecord.filter(assignment_id=assignment.id, day=day).select_for_update().first()
    )
    old_lines: dict[int, int] = {}
    if record is not None:
        old_lines = {
            line.product_id: line.units  # type: ignore[attr-defined]
            for line in await SalesLine.filter(record_id=record.id)
        }
    before = _state(record, old_lines)
    if details is None:
        customers = record.customers if record else None
        units = record.units if record else 0
        lines = None
    else:
        customers, units, lines = details
    new_lines = old_lines if lines is None else lines
    if record is None:
        try:
            record = await SalesRecord.create(
                assignment_id=assignment.id,
                day=day,
                revenue=revenue,
                units=units,
                customers=customers,
                entered_by=user,
            )
        except IntegrityError:
            raise Conflict(
                {
                    "form": _(
                        "Someone else has just entered this day's figures. Reload and check them."
                    )
                }
            ) from None
    else:
        unchanged = (record.revenue, record.units, record.customers, old_lines) == (
            revenue,
            units,
            customers,
            new_lines,
        )
        if unchanged:
            return record
        record.revenue, record.units, record.customers = revenue, units, customers
        record.entered_by = user
        await record.save(
            update_fields=["revenue", "units", "customers", "entered_by_id", "updated_at"]
        )
    if lines is not None and lines != old_lines:
        await SalesLine.filter(record_id=record.id).delete()
        await SalesLine.bulk_create(
            [
                SalesLine(record_id=record.id, product_id=pid, units=n)
                for pid, n in sorted(lines.items())
            ]
        )
    await audit(
        user,
        "sales.update",
        "SalesRecord",
        record.id,
        before=before,
        after=_state(record, new_lines),
        reason=reason,
    )
    return record


async def save_day(
    user: User,
    assignment: BoothAssignment,
    event: Event,
    day: dt.date,
    figures: DayFigures,
    products: list[Product],
    settings: SalesSettings,
    today: dt.date,
) -> SalesRecord:
    """Check and save one booth's figures for one day (the phone form and the API)."""
    window = entry_window(event, settings, user, today)
    check_window(window, figures.reason)
    forms.collect(
        lambda: check_day(event, day, today),
        lambda: check_ceiling(figures.revenue, settings, figures.confirm_high),
        lambda: check_units(figures, products),
    )
    units = sum(figures.units.values()) if products else (figures.units_total or 0)
    lines = dict(figures.units) if products else {}
    async with in_transaction():
        return await _write(
            user,
            assignment,
            day,
            revenue=figures.revenue,
            details=(figures.customers, units, lines),
            reason=figures.reason,
        )


def cell_name(day: dt.date) -> str:
    return f"d-{day.isoformat()}"


async def save_revenues(
    user: User,
    assignment: BoothAssignment,
    event: Event,
    data: Mapping[str, Any],
    settings: SalesSettings,
    today: dt.date,
    existing: dict[dt.date, SalesRecord],
) -> dict[dt.date, int]:
    """One row of the organizers' grid: the revenue of each day, saved all or nothing.

    Cells are named d-YYYY-MM-DD. An empty cell with no figure yet is skipped; emptying a cell
    that has a figure is refused (type 0), so a slip of the keyboard cannot erase a day.
    Returns the revenue per day after saving.
    """
    reason = forms.text(data.get("reason"), "reason", max_length=MAX_REASON)
    window = entry_window(event, settings, user, today)
    check_window(window, reason)
    confirmed = forms.boolean(data.get("confirm_high"))
    wanted: dict[dt.date, int] = {}
    errors: dict[str, str] = {}
    for key in data:
        if not key.startswith("d-"):
            continue
        raw = data.get(key)
        try:
            day = dt.date.fromisoformat(key[2:])
        except ValueError:
            errors[key] = _("Unknown day.")
            continue
        blank = raw is None or not str(raw).strip()
        try:
            if blank:
                if day in existing:
                    raise Invalid(
                        {
                            key: _(
                                "This day already has a figure: type 0 rather than "
                                "leaving it empty."
                            )
                        }
                    )
                continue
            check_day(event, day, today, key)
            wanted[day] = money(raw, key)
            check_ceiling(wanted[day], settings, confirmed, key)
        except Invalid as exc:
            errors.update(exc.fields)
    if errors:
        raise Invalid(errors)
    async with in_transaction():
        for day, revenue in sorted(wanted.items()):
            await _write(user, assignment, day, revenue=revenue, details=None, reason=reason)
    return {**{d: r.revenue for d, r in existing.items()}, **wanted}


async def save_settings(user: User, event: Event, data: Mapping[str, Any]) -> SalesSettings:
    """Change how long entry stays open and the revenue that asks for confirmation."""
    values: dict[str, int] = {}

    def days() -> None:
        values["entry_days_after_end"] = forms.integer(
            data.get("entry_days_after_end"), "entry_days_after_end", minimum=0, maximum=90
        )  # type: ignore[assignment]

    def ceiling() -> None:
        amount = forms.vnd(data.get("revenue_ceiling"), "revenue_ceiling")
        if amount is not None and not 1_000_000 <= amount <= ABSURD_REVENUE:
            raise Invalid(
                {
                    "revenue_ceiling": _(
                        "Choose a ceiling between 1.000.000 ₫ and 100.000.000.000 ₫."
                    )
                }
            )
        values["revenue_ceiling"] = amount  # type: ignore[assignment]

    forms.collect(days, ceiling)
    if is_read_only(event, user) or event.status == EventStatus.CANCELLED:
        raise Invalid(
            {"form": _("This event's figures are final.")}, _("This event's figures are final.")
        )
    async with in_transaction():
        settings, _created = await SalesSettings.get_or_create(event_id=event.id)
        before = {
            "entry_days_after_end": settings.entry_days_after_end,
            "revenue_ceiling": settings.revenue_ceiling,
        }
        if before != values:
            await SalesSettings.filter(id=settings.id).update(**values)
            await audit(user, "sales.settings", "Event", event.id, before=before, after=values)
        await settings.refresh_from_db()
    return settings
