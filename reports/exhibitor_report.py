"""What an exhibitor may see of an event: the event's public totals and its own figures
(revenue by day, booths, trade deals), nothing about the other producers."""

from __future__ import annotations

from typing import Any

from booths.models import BoothAssignment
from events.models import Event
from ocopfair.i18n import gettext as _
from ocopfair.templating import label
from reports import figures
from reports.deal_sections import deal_columns, deal_rows
from reports.labels import subtitle_of
from reports.sections import DATE, INT, VND, Column, Headline, Report, Section


async def exhibitor_report(event: Event, exhibitor_id: int) -> Report:
    """The event's public totals and this producer's own figures, nothing about the others."""
    summary = (await figures.event_summaries([event.id]))[event.id]
    days = sorted(
        await figures.revenue_by([event.id], "day", exhibitor_id=exhibitor_id),
        key=lambda r: r["day"],
    )
    deals = await figures.deals_by([event.id], "status", exhibitor_id=exhibitor_id)
    booths = (
        await BoothAssignment.filter(
            exhibitor_id=exhibitor_id, booth__event_id=event.id, active_booth__isnull=False
        )
        .select_related("booth")
        .order_by("booth__code")
    )
    mine = sum(r["revenue"] for r in days)
    headlines = [
        Headline("entries", _("Visitors (entries)"), summary["entries"], INT),
        Headline("assigned", _("Booths assigned"), summary["assigned"], INT),
        Headline("producers", _("Participating producers"), summary["producers"], INT),
        Headline("products", _("Products shown"), summary["products"], INT),
        Headline("revenue", _("Revenue of all booths"), summary["revenue"], VND),
        Headline("deals", _("Trade deals"), summary["deals"], INT),
        Headline("my_revenue", _("Your revenue"), mine, VND),
    ]
    return Report(
        title=event.name,
        subtitle=subtitle_of(event),
        headlines=headlines,
        sections=[
            _revenue_section(days, mine),
            _booths_section(booths),
            Section("my_deals", _("Your trade deals"), deal_columns(), deal_rows(deals)),
        ],
        meta={"event_id": event.id, "exhibitor_id": exhibitor_id},
    )


def _revenue_section(days: list[dict[str, Any]], mine: int) -> Section:
    return Section(
        "my_revenue",
        _("Your revenue by day"),
        [
            Column("day", _("Day"), DATE),
            Column("revenue", _("Revenue"), VND),
            Column("units", _("Units sold"), INT),
        ],
        [[r["day"], r["revenue"], r["units"]] for r in days],
        total=[_("Total"), mine, sum(r["units"] for r in days)],
    )


def _booths_section(booths: list[BoothAssignment]) -> Section:
    return Section(
        "my_booths",
        _("Your booths"),
        [
            Column("booth", _("Booth")),
            Column("kind", _("Status")),
            Column("fee", _("Fee"), VND),
            Column("payment", _("Payment")),
        ],
        [[a.booth.code, label(a.kind), a.fee, label(a.payment_status)] for a in booths],
    )
