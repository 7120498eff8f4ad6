"""Trade deals by status, as the event's report and an exhibitor's own report show them."""

from __future__ import annotations

from typing import Any

from events.models import Event
from ocopfair.i18n import gettext as _
from ocopfair.templating import label
from reports import figures
from reports.sections import INT, VND, Column, Section


def deal_columns() -> list[Column]:
    return [
        Column("status", _("Status")),
        Column("deals", _("Deals"), INT),
        Column("value", _("Expected value"), VND),
    ]


def deal_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    """One row per status, in the order a deal moves (a status without deals shows zeros)."""
    by_status = {r["status"]: r for r in rows}
    return [
        [
            label(s),
            by_status.get(s.value, {}).get("deals", 0),
            by_status.get(s.value, {}).get("value", 0),
        ]
        for s in figures.DEAL_STATUSES
    ]


async def deal_section(event: Event) -> tuple[Section, dict[str, int]]:
    """The event's deals with their totals, and those totals by name."""
    body = deal_rows(await figures.deals_by([event.id], "status"))
    count = sum(r[1] for r in body)
    value = sum(r[2] for r in body)
    section = Section(
        "deals",
        _("Trade deals by status"),
        deal_columns(),
        body,
        total=[_("Total"), count, value],
    )
    return section, {"deals": count, "deal_value": value}
