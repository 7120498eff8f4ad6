"""Recurring series: "every week from 5 Jan for 17 weeks at Big C Hạ Long" in one step.

A series is expanded into one Event row per occurrence (so each can be edited, cancelled and
reported on its own), all checked against the venue's calendar in one query.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from tortoise.transactions import in_transaction

from events.access import check_scope
from events.editing import (
    SETTLED,
    Saved,
    check_references,
    confirm_past_error,
    fair_warnings,
    log_override,
    refuse_clashes,
    update_event,
)
from events.event_fields import EDITABLE_FIELDS, parse_event, parse_override_reason
from events.lifecycle import change_status, transition_error
from events.models import Event, EventSeries, EventStatus, SeriesFrequency
from events.scheduling import Span, lock_venue, venue_clashes
from ocopfair import forms
from ocopfair.audit import record, snapshot
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User

# A year of weekly connection weeks is 52; a daily market for two months is 60.
MAX_OCCURRENCES = 60
# How long one occurrence may be, per frequency (so occurrences never overlap each other).
PERIOD_DAYS = {SeriesFrequency.DAILY: 1, SeriesFrequency.WEEKLY: 7, SeriesFrequency.MONTHLY: 28}


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def occurrence_starts(
    start: dt.date, frequency: SeriesFrequency, interval: int, count: int
) -> list[dt.date]:
    if frequency == SeriesFrequency.MONTHLY:
        return [_add_months(start, i * interval) for i in range(count)]
    step = dt.timedelta(days=interval * PERIOD_DAYS[frequency])
    return [start + i * step for i in range(count)]


def parse_rule(data: Mapping[str, Any]) -> dict[str, Any]:
    """The recurrence fields; every problem reported at once."""
    rule: dict[str, Any] = {}
    errors: dict[str, str] = {}
    parsers = {
        "frequency": lambda: forms.choice(
            data.get("frequency") or "weekly", "frequency", SeriesFrequency
        ),
        "interval": lambda: forms.integer(
            data.get("interval") or 1, "interval", minimum=1, maximum=12
        ),
        "count": lambda: forms.integer(
            data.get("count"), "count", minimum=1, maximum=MAX_OCCURRENCES
        ),
        "days": lambda: forms.integer(data.get("days"), "days", minimum=1, maximum=31),
        "deadline_days_before": lambda: forms.integer(
            data.get("deadline_days_before"),
            "deadline_days_before",
            minimum=0,
            maximum=180,
            required=False,
        ),
    }
    for name, parse in parsers.items():
        try:
            rule[name] = parse()
        except Invalid as exc:
            errors.update(exc.fields)
    if "count" in errors and str(data.get("count") or "").strip().lstrip("-").isdigit():
        errors["count"] = _("A series has between 1 and %(n)d occurrences.") % {
            "n": MAX_OCCURRENCES
        }
    if not errors and rule["days"] > PERIOD_DAYS[rule["frequency"]] * rule["interval"]:
        errors["days"] = _("Each occurrence must end before the next one starts.")
    if errors:
        raise Invalid(errors)
    return rule


def parse_series(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(event field values of the first occurrence, rule), or Invalid with every error."""
    errors: dict[str, str] = {}
    rule: dict[str, Any] = {}
    try:
        rule = parse_rule(data)
    except Invalid as exc:
        errors.update(exc.fields)
    first = dict(data)
    try:
        start = forms.date(data.get("start_date"), "start_date")
    except Invalid:
        start = None
    if start and "days" in rule:
        first["end_date"] = (start + dt.timedelta(days=rule["days"] - 1)).isoformat()
        if rule.get("deadline_days_before") is not None:
            deadline = start - dt.timedelta(days=rule["deadline_days_before"])
            first["application_deadline"] = deadline.isoformat()
    else:
        first["end_date"] = data.get("start_date")
    values: dict[str, Any] = {}
    try:
        values = parse_event(first)
    except Invalid as exc:
        # The end date and deadline are computed from the start: their errors are the start's.
        fields = {k: v for k, v in exc.fields.items() if k != "end_date"}
        if "application_deadline" in fields:
            fields["deadline_days_before"] = fields.pop("application_deadline")
        errors.update(fields)
    if errors:
        raise Invalid(errors)
    return values, rule


def numbered(values: Mapping[str, Any], spans: Sequence[Span]) -> list[dict[str, Any]]:
    """The event fields of each occurrence: "Name (3/17)", its index and its dates."""
    total = len(spans)
    return [
        {
            **values,
            "name": f"{values['name']} ({index}/{total})",
            "series_index": index,
            "start_date": start,
            "end_date": end,
        }
        for index, (start, end) in enumerate(spans, 1)
    ]


def _occurrences(values: dict[str, Any], rule: dict[str, Any]) -> list[dict[str, Any]]:
    starts = occurrence_starts(
        values["start_date"], rule["frequency"], rule["interval"], rule["count"]
    )
    spans = [(start, start + dt.timedelta(days=rule["days"] - 1)) for start in starts]
    result = numbered(values, spans)
    for occurrence in result:
        deadline = None
        if rule.get("deadline_days_before") is not None:
            deadline = occurrence["start_date"] - dt.timedelta(days=rule["deadline_days_before"])
        occurrence["application_deadline"] = deadline
    return result


async def add_series(
    series_fields: Mapping[str, Any], occurrences: Sequence[Mapping[str, Any]]
) -> tuple[EventSeries, list[Event]]:
    """The series row and one event per occurrence, in order (inside the caller's transaction,
    after it took the venue's lock and checked its calendar). The one place a series is made:
    by organizers from the series form, or from a partner's confirmed programme."""
    series = await EventSeries.create(**series_fields)
    await Event.bulk_create([Event(**o, series_id=series.id) for o in occurrences])
    return series, await Event.filter(series_id=series.id).order_by("series_index")


async def create_series(user: User, data: Mapping[str, Any], *, today: dt.date) -> Saved:
    """Create the series and all its events, or nothing (every clash listed by name)."""
    values, rule = parse_series(data)
    check_scope(user, values["level"], values["locality_id"])
    venue = await check_references(values)
    if values["start_date"] < today and not forms.boolean(data.get("confirm_past")):
        raise confirm_past_error()
    occurrences = _occurrences(values, rule)
    spans: list[Span] = [(o["start_date"], o["end_date"]) for o in occurrences]
    reason = parse_override_reason(data)
    async with in_transaction():
        await lock_venue(venue.id)
        clashes = await venue_clashes(venue.id, spans)
        overridden = refuse_clashes(user, clashes, venue, reason)
        series, events = await add_series(
            {
                "name": values["name"],
                "kind": values["kind"],
                "venue_id": venue.id,
                "level": values["level"],
                "locality_id": values["locality_id"],
                "rule": {**rule, "start": values["start_date"].isoformat()},
            },
            [
                {
                    **o,
                    "status": (
                        EventStatus.FINISHED if o["end_date"] < today else EventStatus.DRAFT
                    ),
                }
                for o in occurrences
            ],
        )
        await log_override(user, overridden, reason, [e.id for e in events])
        await record(
            user,
            "series.create",
            "EventSeries",
            series.id,
            after={"rule": series.rule, "events": [e.id for e in events]},
        )
        for event in events:
            await record(
                user,
                "event.create",
                "Event",
                event.id,
                after=snapshot(event, EDITABLE_FIELDS + ["status"]),
            )
    return Saved(events, await fair_warnings(values["kind"], spans, [e.id for e in events]))


async def next_editable(series: EventSeries) -> Event | None:
    return (
        await Event.filter(series_id=series.id)
        .exclude(status__in=SETTLED)
        .order_by("series_index")
        .first()
    )


async def update_series(
    user: User, series: EventSeries, data: Mapping[str, Any], *, today: dt.date
) -> Saved:
    """Rename the series and/or apply event fields to every occurrence not yet settled."""
    name = data.get("name")
    if name is not None:
        name = forms.text(name, "name", required=True)
    event_data = {k: v for k, v in data.items() if k != "name"}
    first = await next_editable(series)
    async with in_transaction():
        if name is not None and name != series.name:
            await EventSeries.filter(id=series.id).update(name=name)
            await record(
                user,
                "series.update",
                "EventSeries",
                series.id,
                before={"name": series.name},
                after={"name": name},
            )
        if event_data and first is not None:
            saved = await update_event(
                user, first, event_data, today=today, scope="following", partial=True
            )
        else:
            saved = Saved([])
    await series.refresh_from_db()
    return saved


async def change_series_status(
    user: User, series: EventSeries, new_status: str, *, today: dt.date, reason: str = ""
) -> tuple[list[Event], list[Event]]:
    """Move every occurrence that may take this status now; (changed, skipped) lists."""
    try:
        status = EventStatus(new_status)
    except ValueError:
        raise Invalid({"status": _("Choose a status from the list.")}) from None
    events = await Event.filter(series_id=series.id).order_by("series_index")
    changed, skipped = [], []
    async with in_transaction():
        for event in events:
            if event.status == status or transition_error(event, status, today):
                skipped.append(event)
                continue
            changed.append(await change_status(event, status, user, today=today, reason=reason))
    if not changed:
        raise Invalid({"status": _("No occurrence of this series can take this status now.")})
    return changed, skipped
