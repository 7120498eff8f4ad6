"""The visitor sections of an event's report: by day (with the highest occupancy), by gate, and
entries by hour and gate; plus the facts its headlines quote (busiest hour, highest occupancy).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from events.models import Event
from ocopfair.i18n import format_time
from ocopfair.i18n import gettext as _
from reports import figures
from reports.labels import hour_label
from reports.sections import DATE, INT, TEXT, Column, Section
from visitors.models import Gate

_FLOW_FIELDS = ("counted_in", "corrected_in", "entries", "counted_out", "corrected_out", "exits")

# Flows summed per day or per gate: {day or gate id: {field: count}}.
Flows = dict[Any, dict[str, int]]


async def visitor_sections(event: Event) -> tuple[list[Section], dict[str, Any]]:
    gates = await Gate.filter(event_id=event.id).order_by("name", "id").values("id", "name")
    flows = await figures.visitor_flows([event.id], ("gate", "day"))
    by_hour_gate = await figures.entries_by_hour(event.id, "gate")
    by_day_hour = await figures.entries_by_hour(event.id, "day")
    occupancy = {row["day"]: row for row in await figures.highest_occupancy(event.id)}

    days: Flows = defaultdict(lambda: defaultdict(int))
    per_gate: Flows = defaultdict(lambda: defaultdict(int))
    for row in flows:
        for key in _FLOW_FIELDS:
            days[row["day"]][key] += row[key]
            per_gate[row["gate"]][key] += row[key]
    totals = {k: sum(d[k] for d in days.values()) for k in _FLOW_FIELDS}
    best = max(occupancy.values(), key=lambda r: r["occupancy"], default=None)
    sections = [
        _by_day_section(days, occupancy, totals, best),
        _by_gate_section(gates, per_gate, totals),
        _by_hour_section(gates, per_gate, by_hour_gate, totals),
    ]
    return sections, _visitor_facts(totals, best, by_day_hour)


def _by_day_section(
    days: Flows,
    occupancy: dict[dt.date, dict[str, Any]],
    totals: dict[str, int],
    best: dict[str, Any] | None,
) -> Section:
    day_rows = []
    for day in sorted(days | dict.fromkeys(occupancy)):
        figures_of_day, peak = days[day], occupancy.get(day)
        day_rows.append(
            [
                day,
                figures_of_day["counted_in"],
                figures_of_day["corrected_in"],
                figures_of_day["entries"],
                figures_of_day["exits"],
                peak["occupancy"] if peak else 0,
                format_time(peak["at"]) if peak else "",
            ]
        )
    return Section(
        "visitors_by_day",
        _("Visitors by day"),
        [
            Column("day", _("Day"), DATE),
            Column("counted_in", _("Entries counted"), INT),
            Column("corrected_in", _("Corrections"), INT),
            Column("entries", _("Entries"), INT),
            Column("exits", _("Exits"), INT),
            Column("occupancy", _("Highest occupancy"), INT),
            Column("at", _("Reached at"), TEXT),
        ],
        day_rows,
        total=[
            _("Total"),
            totals["counted_in"],
            totals["corrected_in"],
            totals["entries"],
            totals["exits"],
            best["occupancy"] if best else 0,
            "",
        ],
        chart="visitors_by_day",
        note=_(
            "Corrections are entered per gate and day without a time: they count in the "
            "day's total but not in the hours or the occupancy."
        ),
    )


def _by_gate_section(
    gates: list[dict[str, Any]], per_gate: Flows, totals: dict[str, int]
) -> Section:
    gate_rows = [
        [
            g["name"],
            per_gate[g["id"]]["entries"],
            per_gate[g["id"]]["exits"],
            per_gate[g["id"]]["corrected_in"],
        ]
        for g in gates
    ]
    return Section(
        "visitors_by_gate",
        _("Visitors by gate"),
        [
            Column("gate", _("Gate")),
            Column("entries", _("Entries"), INT),
            Column("exits", _("Exits"), INT),
            Column("corrected_in", _("Of which corrections"), INT),
        ],
        gate_rows,
        total=[_("Total"), totals["entries"], totals["exits"], totals["corrected_in"]],
        chart="visitors_by_gate",
    )


def _by_hour_section(
    gates: list[dict[str, Any]],
    per_gate: Flows,
    by_hour_gate: list[dict[str, Any]],
    totals: dict[str, int],
) -> Section:
    hours = sorted({r["hour"] for r in by_hour_gate})
    cell = {(r["gate"], r["hour"]): r["entries"] for r in by_hour_gate}
    hour_rows = [
        [
            hour_label(h),
            *[cell.get((g["id"], h), 0) for g in gates],
            sum(cell.get((g["id"], h), 0) for g in gates),
        ]
        for h in hours
    ]
    corrections = [per_gate[g["id"]]["corrected_in"] for g in gates]
    # Imported whole-day totals: what a gate counted beyond its hours and its corrections.
    whole_days = [
        per_gate[g["id"]]["counted_in"] - sum(cell.get((g["id"], h), 0) for h in hours)
        for g in gates
    ]
    if any(whole_days):
        hour_rows.append([_("Whole day (imported, no hour)"), *whole_days, sum(whole_days)])
    if any(corrections):
        hour_rows.append([_("Corrections (no hour)"), *corrections, sum(corrections)])
    return Section(
        "visitors_by_hour",
        _("Entries by hour and gate (all days)"),
        [
            Column("hour", _("Hour")),
            *[Column(f"gate_{g['id']}", g["name"], INT) for g in gates],
            Column("entries", _("Entries"), INT),
        ],
        hour_rows,
        total=[_("Total"), *[per_gate[g["id"]]["entries"] for g in gates], totals["entries"]],
        chart="entries_by_hour",
    )


def _visitor_facts(
    totals: dict[str, int], best: dict[str, Any] | None, by_day_hour: list[dict[str, Any]]
) -> dict[str, Any]:
    """What the headlines quote: totals, the busiest hour, the highest occupancy."""
    peak = max(
        by_day_hour, key=lambda r: (r["entries"], -r["day"].toordinal(), -r["hour"]), default=None
    )
    return {
        "entries": totals["entries"],
        "exits": totals["exits"],
        "peak_day": peak["day"] if peak else None,
        "peak_hour": peak["hour"] if peak else None,
        "peak_entries": peak["entries"] if peak else 0,
        "occupancy": best["occupancy"] if best else 0,
        "occupancy_day": best["day"] if best else None,
        "occupancy_at": best["at"] if best else None,
    }
