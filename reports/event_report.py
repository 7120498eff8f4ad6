"""The report of one fair: visitors, revenue, booths, fees, deals and the previous edition.

A fixed number of queries (about twenty) whatever the event's size: every figure comes from
reports/figures/; this module and the *_sections modules only name, order and lay them out as
sections.
"""

from __future__ import annotations

from typing import Any

from events.models import Event
from ocopfair.i18n import format_date, format_time
from ocopfair.i18n import gettext as _
from reports import figures
from reports.booth_sections import booth_section
from reports.comparison import comparison
from reports.deal_sections import deal_section
from reports.labels import hour_label, locality_names, source_label, subtitle_of
from reports.revenue_sections import REVENUE_GROUPINGS, revenue_sections
from reports.sections import INT, TEXT, VND, Headline, Report
from reports.visitor_sections import visitor_sections

__all__ = ["REVENUE_GROUPINGS", "event_report"]


async def event_report(event: Event) -> Report:
    """Everything an official files about one fair. `event.venue` should be fetched."""
    localities = await locality_names()
    visitor_part, visits = await visitor_sections(event)
    by_revenue, by_booths = await figures.assignment_figures(
        [event.id], REVENUE_GROUPINGS, ["total"]
    )
    revenue_part, revenue = await revenue_sections(by_revenue, localities)
    booths_and_fees, booths = await booth_section(event, by_booths["total"])
    deals_by_status, deals = await deal_section(event)
    compared, previous, before = await comparison(
        event, {"entries": visits["entries"], "revenue": revenue, **booths, **deals}
    )
    now = {"revenue": revenue, **booths, **deals}
    source = (await figures.figure_sources([event.id]))[event.id]
    sections = [*visitor_part, *revenue_part, booths_and_fees, deals_by_status]
    if compared is not None:
        sections.append(compared)
    return Report(
        title=event.name,
        subtitle=f"{subtitle_of(event)} · {source_label(source)}",
        headlines=_headlines(visits, now, before),
        sections=sections,
        meta={
            "event_id": event.id,
            "start_date": event.start_date,
            "end_date": event.end_date,
            "status": event.status.value,
            "exits": visits["exits"],
            "previous_event_id": previous.id if previous else None,
            "figures_source": source,
        },
    )


def _headlines(
    visits: dict[str, Any], now: dict[str, int], before: dict[str, int]
) -> list[Headline]:
    """The figures on top of the report; `before`: the previous edition's (may be empty)."""
    peak = (
        f"{format_date(visits['peak_day'])} {hour_label(visits['peak_hour'])}"
        if visits["peak_day"]
        else ""
    )
    occupancy_at = (
        f"{format_date(visits['occupancy_day'])} {format_time(visits['occupancy_at'])}"
        if visits["occupancy_day"]
        else ""
    )
    return [
        Headline("entries", _("Visitors (entries)"), visits["entries"], INT, before.get("entries")),
        Headline("peak_hour", _("Busiest hour"), peak, TEXT),
        Headline("peak_entries", _("Entries in the busiest hour"), visits["peak_entries"], INT),
        Headline("occupancy", _("Highest occupancy"), visits["occupancy"], INT),
        Headline("occupancy_at", _("Highest occupancy reached at"), occupancy_at, TEXT),
        Headline("revenue", _("Revenue"), now["revenue"], VND, before.get("revenue")),
        Headline("assigned", _("Booths assigned"), now["assigned"], INT, before.get("assigned")),
        Headline(
            "producers",
            _("Participating producers"),
            now["producers"],
            INT,
            before.get("producers"),
        ),
        Headline("products", _("Products shown"), now["products"], INT, before.get("products")),
        Headline("deals", _("Trade deals"), now["deals"], INT, before.get("deals")),
    ]
