"""One row of the visitors sheet: read and checked, and the bucket its count is filed under."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ocopfair import forms
from ocopfair.errors import Invalid
from ocopfair.i18n import LOCAL_TZ
from ocopfair.i18n import gettext as _
from ocopfair.text import fold
from results import cells
from results.lookups import Lookups
from results.workbook import Row
from visitors.buckets import day_bounds


def bucket_of(day: dt.date, hour: int | None) -> dt.datetime:
    if hour is None:
        return day_bounds(day)[0]
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LOCAL_TZ).astimezone(dt.UTC)


def visitor_row(
    row: Row, found: Lookups
) -> tuple[str, dt.date, int | None, int | None, int | None]:
    event = found.event
    values: dict[str, Any] = {}

    def take(key: str, parse: Any) -> Any:
        return lambda: values.__setitem__(key, parse(row.cells.get(key), key))

    forms.collect(
        take("day", lambda v, k: cells.day(v, k, event.start_date, event.end_date)),
        take("gate", lambda v, k: cells.text(v, k, required=True)[:64]),
        take("hour", cells.hour),
        take("people_in", cells.count),
        take("people_out", cells.count),
    )
    if values["people_in"] is None and values["people_out"] is None:
        raise Invalid({"people_in": _("Type the people in, the people out, or both.")})
    gate = found.gates.get(fold(values["gate"]))
    if gate is not None:
        if values["people_out"] and gate["kind"] == "entrance":
            raise Invalid({"people_out": _("This gate is an entrance: it counts no exits.")})
        if values["people_in"] and gate["kind"] == "exit":
            raise Invalid({"people_in": _("This gate is an exit: it counts no entries.")})
    return values["gate"], values["day"], values["hour"], values["people_in"], values["people_out"]
