"""The demo's calendar: opening hours, the busier weekend days, seasons and month arithmetic.
Every date of the demo is relative to the `today` it is loaded on."""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from events.models import Event
from ocopfair.settings import TIMEZONE

LOCAL_TZ = ZoneInfo(TIMEZONE)

OPENS, CLOSES = dt.time(8, 0), dt.time(22, 0)  # local wall-clock (Event.opens_at is text)

WEEKDAY_WEIGHTS = (0.8, 0.8, 0.85, 0.9, 1.1, 1.5, 1.45)  # Monday ... Sunday

SEASONS = ("Xuân", "Xuân", "Xuân", "Hè", "Hè", "Hè", "Thu", "Thu", "Thu", "Đông", "Đông", "Đông")


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's end (29/2 + 12 months = 28/2)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def season_name(day: dt.date) -> str:
    return f"{SEASONS[day.month - 1]} {day.year}"


def weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def event_days(event: Event, before: dt.date | None = None) -> list[dt.date]:
    days = [
        event.start_date + dt.timedelta(days=i)
        for i in range((event.end_date - event.start_date).days + 1)
    ]
    return [d for d in days if before is None or d < before]


def day_weight(day: dt.date, first_day: dt.date) -> float:
    return WEEKDAY_WEIGHTS[day.weekday()] * (0.9 if day == first_day else 1.0)
