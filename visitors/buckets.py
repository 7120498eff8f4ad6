"""Time arithmetic of counting: 15-minute buckets, the province's days, an event's window."""

from __future__ import annotations

import datetime as dt

from ocopfair.i18n import LOCAL_TZ

BUCKET_MINUTES = 15
# Taps are accepted from the day before the event to the day after it (set-up, late uploads of
# a phone that was offline overnight); anything further away is a wrong clock or a wrong gate.
MARGIN_DAYS = 1
# A device clock may run a little fast; more than this is refused rather than filed in the future.
MAX_CLOCK_AHEAD = dt.timedelta(minutes=30)


def bucket_start(at: dt.datetime) -> dt.datetime:
    """The UTC start of the 15-minute bucket holding `at` (Vietnam is UTC+7: buckets align)."""
    at = at.astimezone(dt.UTC)
    return at.replace(minute=at.minute - at.minute % BUCKET_MINUTES, second=0, microsecond=0)


def local_day(at: dt.datetime) -> dt.date:
    """The day on the province's clock, which is how days are closed and reported."""
    return at.astimezone(LOCAL_TZ).date()


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """UTC start (inclusive) and end (exclusive) of one local day."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=LOCAL_TZ).astimezone(dt.UTC)
    return start, start + dt.timedelta(days=1)


def accepted_days(start_date: dt.date, end_date: dt.date) -> tuple[dt.date, dt.date]:
    """First and last local day on which taps of an event are accepted."""
    margin = dt.timedelta(days=MARGIN_DAYS)
    return start_date - margin, end_date + margin


def event_days(start_date: dt.date, end_date: dt.date) -> list[dt.date]:
    return [start_date + dt.timedelta(days=i) for i in range((end_date - start_date).days + 1)]


def local_hour(bucket: dt.datetime) -> int:
    return bucket.astimezone(LOCAL_TZ).hour
