"""Entering a booth's daily figures: the one writer, used by every page and the API.

Pages (the exhibitor's phone form, the organizers' grid) and the API all call `save_day` or
`save_revenues`, so the rules (sales.entry_rules, sales.window) are applied once, and every
change is written with its audit entry in one transaction: nothing half-saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from sales.entry_rules import (
    ABSURD_REVENUE,
    MAX_REASON,
    DayFigures,
    check_ceiling,
    check_day,
    check_units,
    check_window,
    money,
)
from sales.models import SalesLine, SalesRecord, SalesSettings
from sales.usual import usual_revenue
from sales.window import entry_window


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


Details = tuple[int | None, int, dict[int, int]]  # customers, units, product id -> units


async def _stored_lines(record: SalesRecord | None) -> dict[int, int]:
    if record is None:
        return {}
    return {line.product_id: line.units for line in await SalesLine.filter(record_id=record.id)}


async def _create(
    user: User,
    assignment: BoothAssignment,
    day: dt.date,
    revenue: int,
    customers: int | None,
    units: int,
) -> SalesRecord:
    try:
        return await SalesRecord.create(
            assignment_id=assignment.id,
            day=day,
            revenue=revenue,
            units=units,
            customers=customers,
            entered_by=user,
        )
    except IntegrityError:
        raise Conflict(
            {"form": _("Someone else has just entered this day's figures. Reload and check them.")}
        ) from None


async def _replace_lines(record_id: int, lines: dict[int, int]) -> None:
    await SalesLine.filter(record_id=record_id).delete()
    await SalesLine.bulk_create(
        [
            SalesLine(record_id=record_id, product_id=pid, units=n)
            for pid, n in sorted(lines.items())
        ]
    )


async def _write(
    user: User,
    assignment: BoothAssignment,
    day: dt.date,
    *,
    revenue: int,
    details: Details | None,
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
    old_lines = await _stored_lines(record)
    before = _state(record, old_lines)
    lines = None if details is None else details[2]  # None: the product lines stay as they are
    if details is None:  # the grid changes revenue only: the rest stays as it was
        details = (record.customers, record.units, old_lines) if record else (None, 0, old_lines)
    customers, units, new_lines = details
    if record is None:
        record = await _create(user, assignment, day, revenue, customers, units)
    elif (record.revenue, record.units, record.customers, old_lines) == (
        revenue,
        units,
        customers,
        new_lines,
    ):
        return record
    else:
        record.revenue, record.units, record.customers = revenue, units, customers
        record.entered_by = user
        await record.save(
            update_fields=["revenue", "units", "customers", "entered_by_id", "updated_at"]
        )
    if lines is not None and lines != old_lines:
        await _replace_lines(record.id, lines)
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
    usual = None if figures.confirm_high else await usual_revenue(assignment, event, [day])
    forms.collect(
        lambda: check_day(event, day, today),
        lambda: check_ceiling(figures.revenue, settings, figures.confirm_high, usual=usual),
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


def _days_of(data: Mapping[str, Any]) -> list[dt.date]:
    days = []
    for key in data:
        if key.startswith("d-"):
            try:
                days.append(dt.date.fromisoformat(key[2:]))
            except ValueError:
                continue
    return days


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
    usual = None if confirmed else await usual_revenue(assignment, event, _days_of(data))
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
            check_ceiling(wanted[day], settings, confirmed, key, usual)
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
    values: dict[str, int | None] = {}

    def days() -> None:
        values["entry_days_after_end"] = forms.integer(
            data.get("entry_days_after_end"), "entry_days_after_end", minimum=0, maximum=90
        )

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
        values["revenue_ceiling"] = amount

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
