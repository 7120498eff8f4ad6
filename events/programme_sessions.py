"""The dates of a partner programme: one event (a first and a last day), or a series of sessions
at the same venue (e.g. a supermarket connection programme of N weekly sessions) given as a first
day and a number of weeks, or as a list of dates. Every problem is reported at once, next to its
field, as sentences.

A series is at most MAX_SESSIONS sessions within one year of its first day, each of 1 to
MAX_SESSION_DAYS days and none overlapping the next: a year of weekly connection weeks is 52,
and a proposal beyond that is better split into next year's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from events.scheduling import Span
from ocopfair import forms
from ocopfair.errors import Invalid
from ocopfair.i18n import format_date, local_today
from ocopfair.i18n import gettext as _

MAX_DAYS = 60  # one event
MAX_SESSIONS = 52
MAX_SESSION_DAYS = 7
MAX_SPAN_DAYS = 366  # from the first day of the first session to the last day of the last


class Shape(StrEnum):
    SINGLE = "single"  # one event
    WEEKLY = "weekly"  # a series: a first day and a number of weeks
    DATES = "dates"  # a series: a list of dates


def parse(data: Mapping[str, Any]) -> tuple[Shape, list[Span]]:
    """(the shape, the sessions' (first day, last day) in order), or Invalid with every error."""
    try:
        shape = Shape(str(data.get("shape") or Shape.SINGLE))
    except ValueError:
        raise Invalid({"shape": _("Choose one event or a series.")}) from None
    if shape == Shape.SINGLE:
        return shape, [_single(data)]
    return shape, _series(shape, data)


def _single(data: Mapping[str, Any]) -> Span:
    values, errors = forms.values_and_errors(
        {
            "start_date": lambda: forms.date(data.get("start_date"), "start_date"),
            "end_date": lambda: forms.date(data.get("end_date"), "end_date"),
        }
    )
    start, end = values.get("start_date"), values.get("end_date")
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        if end < start:
            errors["end_date"] = _("The last day comes before the first day.")
        elif (end - start).days >= MAX_DAYS:
            errors["end_date"] = _("A programme lasts at most %(n)d days.") % {"n": MAX_DAYS}
        if start < local_today():
            errors["start_date"] = _("The programme must start today or later.")
    if errors:
        raise Invalid(errors)
    return values["start_date"], values["end_date"]


def _series(shape: Shape, data: Mapping[str, Any]) -> list[Span]:
    checks: dict[str, Any] = {
        "session_days": lambda: forms.integer(
            data.get("session_days") or 1, "session_days", minimum=1, maximum=MAX_SESSION_DAYS
        )
    }
    if shape == Shape.WEEKLY:
        checks["start_date"] = lambda: forms.date(data.get("start_date"), "start_date")
        checks["weeks"] = lambda: forms.integer(
            data.get("weeks"), "weeks", minimum=2, maximum=MAX_SESSIONS
        )
    else:
        checks["session_dates"] = lambda: _date_list(str(data.get("session_dates") or ""))
    values, errors = forms.values_and_errors(checks)
    if "session_days" in errors:
        errors["session_days"] = _("Each session lasts 1 to %(n)d days.") % {"n": MAX_SESSION_DAYS}
    if "weeks" in errors and str(data.get("weeks") or "").strip().lstrip("-").isdigit():
        errors["weeks"] = _("A series has 2 to %(n)d sessions.") % {"n": MAX_SESSIONS}
    if errors:
        raise Invalid(errors)
    days = values["session_days"]
    if shape == Shape.WEEKLY:
        first = values["start_date"]
        starts = [first + dt.timedelta(weeks=i) for i in range(values["weeks"])]
        field = "start_date"
    else:
        starts, field = values["session_dates"], "session_dates"
    spans = [(start, start + dt.timedelta(days=days - 1)) for start in starts]
    problem = _series_problem(spans)
    if problem:
        raise Invalid({field: problem})
    return spans


def _date_list(text: str) -> list[dt.date]:
    """Dates written dd/mm/yyyy, separated by commas, semicolons, spaces or lines; in order."""
    found: list[dt.date] = []
    for word in (w for w in re.split(r"[\s,;]+", text) if w):
        try:
            day = forms.date(word, "session_dates")
        except Invalid:
            raise Invalid(
                {"session_dates": _("“%(word)s” is not a date: write dd/mm/yyyy.") % {"word": word}}
            ) from None
        if day is None:  # (never: the word is not empty)
            continue
        if day in found:
            raise Invalid(
                {"session_dates": _("%(date)s is listed twice.") % {"date": format_date(day)}}
            )
        found.append(day)
        if len(found) > MAX_SESSIONS:  # said at once, whatever the length of the text
            break
    if not 2 <= len(found) <= MAX_SESSIONS:
        raise Invalid(
            {"session_dates": _("A series has 2 to %(n)d sessions.") % {"n": MAX_SESSIONS}}
        )
    return sorted(found)


def _series_problem(spans: list[Span]) -> str | None:
    """Why these sessions cannot be one series (a sentence naming the date), or None."""
    if spans[0][0] < local_today():
        return _("The programme must start today or later.")
    if (spans[-1][1] - spans[0][0]).days >= MAX_SPAN_DAYS:
        return _("All sessions must fall within one year of the first: %(date)s is too late.") % {
            "date": format_date(spans[-1][0])
        }
    for before, after in zip(spans, spans[1:], strict=False):
        if after[0] <= before[1]:
            return _("The session of %(date)s starts before the one before it ends.") % {
                "date": format_date(after[0])
            }
    return None


def as_json(spans: list[Span]) -> list[list[str]]:
    return [[start.isoformat(), end.isoformat()] for start, end in spans]


def from_json(sessions: list[list[str]]) -> list[Span]:
    return [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in sessions]
