"""The report of one fair: visitors, revenue, booths, fees, deals and the previous edition.

A fixed number of queries (about twenty) whatever the event's size: every figure comes from
reports/figures.py; this module only names, orders and lays them out as sections.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from booths.models import BoothAssignment
from events.models import Event
from exhibitors.models import Exhibitor, Product, ProductGroup
from ocopfair.i18n import format_date, format_time
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality
from ocopfair.templating import label
from reports import figures
from reports.sections import (
    AUTO,
    DATE,
    INT,
    PCT,
    TEXT,
    VND,
    Column,
    Headline,
    Report,
    Section,
    share,
)
from visitors.models import Gate

TOP = 10


async def previous_edition(event: Event) -> Event | None:
    """The previous event of the same series, or else the previous one of the same kind at the
    same venue; only events that took place count."""
    earlier = (
        Event.filter(start_date__lt=event.start_date, status__in=figures.HELD_STATUSES)
        .exclude(id=event.id)
        .order_by("-start_date", "-id")
    )
    if event.series_id is not None:  # type: ignore[attr-defined]
        found = await earlier.filter(series_id=event.series_id).first()  # type: ignore[attr-defined]
        if found is not None:
            return found
    return await earlier.filter(kind=event.kind, venue_id=event.venue_id).first()  # type: ignore[attr-defined]


def hour_label(hour: int) -> str:
    return f"{hour:02d}:00–{(hour + 1) % 24:02d}:00"


def stars_label(stars: Any) -> str:
    return f"{int(stars)} ★" if stars is not None else _("Unclassified")


def subtitle_of(event: Event) -> str:
    venue = getattr(event, "venue", None)
    dates = f"{format_date(event.start_date)} – {format_date(event.end_date)}"
    return f"{dates} · {venue.name}" if venue is not None else dates


# --- Visitors -----------------------------------------------------------------------------------


async def _visitor_sections(event: Event) -> tuple[list[Section], dict[str, Any]]:
    gates = await Gate.filter(event_id=event.id).order_by("name", "id").values("id", "name")
    flows = await figures.visitor_flows([event.id], ("gate", "day"))
    by_hour_gate = await figures.entries_by_hour(event.id, "gate")
    by_day_hour = await figures.entries_by_hour(event.id, "day")
    occupancy = {row["day"]: row for row in await figures.highest_occupancy(event.id)}

    days: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_gate: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in flows:
        for key in (
            "counted_in",
            "corrected_in",
            "entries",
            "counted_out",
            "corrected_out",
            "exits",
        ):
            days[row["day"]][key] += row[key]
            per_gate[row["gate"]][key] += row[key]

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
    totals = {
        k: sum(d[k] for d in days.values())
        for k in ("counted_in", "corrected_in", "entries", "counted_out", "corrected_out", "exits")
    }
    best = max(occupancy.values(), key=lambda r: r["occupancy"], default=None)
    by_day = Section(
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

    gate_rows = [
        [
            g["name"],
            per_gate[g["id"]]["entries"],
            per_gate[g["id"]]["exits"],
            per_gate[g["id"]]["corrected_in"],
        ]
        for g in gates
    ]
    by_gate = Section(
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
    if any(corrections):
        hour_rows.append([_("Corrections (no hour)"), *corrections, sum(corrections)])
    by_hour = Section(
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

    peak = max(
        by_day_hour, key=lambda r: (r["entries"], -r["day"].toordinal(), -r["hour"]), default=None
    )
    facts = {
        "entries": totals["entries"],
        "exits": totals["exits"],
        "peak_day": peak["day"] if peak else None,
        "peak_hour": peak["hour"] if peak else None,
        "peak_entries": peak["entries"] if peak else 0,
        "occupancy": best["occupancy"] if best else 0,
        "occupancy_day": best["day"] if best else None,
        "occupancy_at": best["at"] if best else None,
    }
    return [by_day, by_gate, by_hour], facts


# --- Revenue ------------------------------------------------------------------------------------


def _share_section(
    key: str,
    title: str,
    first: Column,
    rows: list[tuple[str, int]],
    total: int,
    chart: str | None = None,
) -> Section:
    return Section(
        key,
        title,
        [first, Column("revenue", _("Revenue"), VND), Column("share", _("Share (%)"), PCT)],
        [[name, revenue, share(revenue, total)] for name, revenue in rows],
        total=[_("Total"), total, 100.0 if total else 0.0],
        chart=chart,
    )


# Every revenue grouping of the report and the booth totals come from one query.
REVENUE_GROUPINGS = {
    "day": None,
    "day_group": None,
    "group": None,
    "stars": None,
    "locality": None,
    "kind": None,
    "exhibitor": TOP,
    "product": TOP,
}


def group_label(group: str | None) -> str:
    return label(group) if group else _("Unclassified")


def _day_group_section(rows: list[dict[str, Any]]) -> Section:
    """Days × the main products' groups (the official order, unclassified last), each row and
    column summed: the days' totals are those of "Revenue by day" to the đồng."""
    order = {g.value: i for i, g in enumerate(ProductGroup)}
    groups = sorted({r["group"] for r in rows}, key=lambda g: order.get(g, len(order)))
    days = sorted({r["day"] for r in rows})
    cell = {(r["day"], r["group"]): r["revenue"] for r in rows}
    body = [
        [day, *[cell.get((day, g), 0) for g in groups], sum(cell.get((day, g), 0) for g in groups)]
        for day in days
    ]
    per_group = [sum(cell.get((day, g), 0) for day in days) for g in groups]
    return Section(
        "revenue_by_day_group",
        _("Revenue by day and OCOP group"),
        [
            Column("day", _("Day"), DATE),
            *[Column(f"group_{g or 'none'}", group_label(g), VND) for g in groups],
            Column("revenue", _("Total"), VND),
        ],
        body,
        total=[_("Total"), *per_group, sum(per_group)],
        chart="revenue_by_day_group",
        note=_("Each booth's revenue of the day counts in the group of its main product."),
    )


async def _revenue_sections(
    revenue: dict[str, list[dict[str, Any]]], localities: dict[int, str]
) -> tuple[list[Section], int]:
    by_day = sorted(revenue["day"], key=lambda r: r["day"])
    total = sum(r["revenue"] for r in by_day)
    units = sum(r["units"] for r in by_day)
    records = sum(r["records"] for r in by_day)
    day_section = Section(
        "revenue_by_day",
        _("Revenue by day"),
        [
            Column("day", _("Day"), DATE),
            Column("revenue", _("Revenue"), VND),
            Column("units", _("Units sold"), INT),
            Column("records", _("Booth-days reported"), INT),
        ],
        [[r["day"], r["revenue"], r["units"], r["records"]] for r in by_day],
        total=[_("Total"), total, units, records],
        chart="revenue_by_day",
    )
    groups = revenue["group"]
    stars = sorted(revenue["stars"], key=lambda r: -1 if r["stars"] is None else -int(r["stars"]))
    places = revenue["locality"]
    kinds = revenue["kind"]
    rule = _(
        "A booth's revenue counts for its main product: the highest-rated product on the "
        "producer's application (or in its catalogue)."
    )
    sections = [
        day_section,
        _day_group_section(revenue["day_group"]),
        _share_section(
            "revenue_by_group",
            _("Revenue by OCOP product group"),
            Column("group", _("Product group")),
            [(group_label(r["group"]), r["revenue"]) for r in groups],
            total,
            chart="revenue_by_group",
        ),
        _share_section(
            "revenue_by_stars",
            _("Revenue by star rating"),
            Column("stars", _("Stars")),
            [(stars_label(r["stars"]), r["revenue"]) for r in stars],
            total,
        ),
        _share_section(
            "revenue_by_locality",
            _("Revenue by locality"),
            Column("locality", _("Locality")),
            [(localities.get(r["locality"], _("Unknown locality")), r["revenue"]) for r in places],
            total,
            chart="revenue_by_locality",
        ),
        _share_section(
            "revenue_by_kind",
            _("Revenue by kind of producer"),
            Column("kind", _("Kind of producer")),
            [(label(r["kind"]), r["revenue"]) for r in kinds],
            total,
        ),
    ]
    sections[2].note = sections[3].note = rule
    sections += await _top_sections(revenue["exhibitor"], revenue["product"], localities)
    return sections, total


async def _top_sections(
    producers: list[dict[str, Any]], products: list[dict[str, Any]], localities: dict[int, str]
) -> list[Section]:
    names = {
        x["id"]: x
        for x in await Exhibitor.filter(id__in=[r["exhibitor"] for r in producers]).values(
            "id", "name", "locality_id"
        )
    }
    items = {
        p["id"]: p
        for p in await Product.filter(
            id__in=[r["product"] for r in products if r["product"]]
        ).values("id", "name", "group", "stars", "exhibitor__name")
    }
    producer_rows = [
        [
            rank,
            names[r["exhibitor"]]["name"],
            localities.get(names[r["exhibitor"]]["locality_id"], ""),
            r["revenue"],
        ]
        for rank, r in enumerate(producers, 1)
    ]
    product_rows = []
    for rank, r in enumerate(products, 1):
        item = items.get(r["product"])
        product_rows.append(
            [
                rank,
                item["name"] if item else _("Unclassified"),
                item["exhibitor__name"] if item else "",
                label(item["group"]) if item else "",
                item["stars"] if item else None,
                r["revenue"],
                r["line_units"],
            ]
        )
    return [
        Section(
            "top_producers",
            _("Top producers by revenue"),
            [
                Column("rank", "#", INT),
                Column("producer", _("Producer")),
                Column("locality", _("Locality")),
                Column("revenue", _("Revenue"), VND),
            ],
            producer_rows,
        ),
        Section(
            "top_products",
            _("Top products by revenue"),
            [
                Column("rank", "#", INT),
                Column("product", _("Product")),
                Column("producer", _("Producer")),
                Column("group", _("Product group")),
                Column("stars", _("Stars"), INT),
                Column("revenue", _("Revenue"), VND),
                Column("units", _("Units sold"), INT),
            ],
            product_rows,
            note=_(
                "Revenue is reported per booth and day; each booth's revenue is "
                "credited to its main product. Units sold are those the exhibitors "
                "recorded per product (blank: none recorded); a product sold beside "
                "its booth's main product shows 0 ₫ and its units, after the products "
                "credited with revenue."
            ),
        ),
    ]


# --- Booths, fees, deals ------------------------------------------------------------------------


async def _booth_sections(
    event: Event,
    booth_rows: list[dict[str, Any]],
) -> tuple[list[Section], dict[str, int]]:
    booths = (booth_rows or [{}])[0]
    part = (await figures.participation([event.id], "total") or [{}])[0]
    b = {
        k: booths.get(k) or 0
        for k in (
            "offered",
            "assigned",
            "occupied",
            "disadvantaged",
            "paid_booths",
            "fees_paid",
            "waived_booths",
            "fees_waived",
            "fees_unpaid",
        )
    }
    b["producers"] = part.get("producers") or 0
    b["products"] = part.get("products") or 0
    rows = [
        [_("Booths offered"), b["offered"], None, None],
        [_("Booths assigned"), b["assigned"], share(b["assigned"], b["offered"]), None],
        [
            _("Booths occupied (with sales reported)"),
            b["occupied"],
            share(b["occupied"], b["assigned"]),
            None,
        ],
        [
            _("Booths to disadvantaged producers"),
            b["disadvantaged"],
            share(b["disadvantaged"], b["assigned"]),
            None,
        ],
        [_("Participating producers"), b["producers"], None, None],
        [_("Products shown"), b["products"], None, None],
        [_("Fees collected"), b["paid_booths"], None, b["fees_paid"]],
        [_("Fees waived"), b["waived_booths"], None, b["fees_waived"]],
        [
            _("Fees still unpaid"),
            b["assigned"] - b["paid_booths"] - b["waived_booths"],
            None,
            b["fees_unpaid"],
        ],
    ]
    section = Section(
        "booths",
        _("Booths and fees"),
        [
            Column("figure", _("Figure")),
            Column("number", _("Number"), INT),
            Column("share", _("Share (%)"), PCT),
            Column("amount", _("Amount"), VND),
        ],
        rows,
        note=_(
            "Shares: assigned of offered; occupied and disadvantaged of assigned. "
            "Disadvantaged: ethnic minority, remote-area or island producers."
        ),
    )
    return [section], b


async def _deal_section(event: Event) -> tuple[Section, dict[str, int]]:
    rows = {r["status"]: r for r in await figures.deals_by([event.id], "status")}
    body = [
        [label(s), rows.get(s.value, {}).get("deals", 0), rows.get(s.value, {}).get("value", 0)]
        for s in figures.DEAL_STATUSES
    ]
    count = sum(r[1] for r in body)
    value = sum(r[2] for r in body)
    section = Section(
        "deals",
        _("Trade deals by status"),
        [
            Column("status", _("Status")),
            Column("deals", _("Deals"), INT),
            Column("value", _("Expected value"), VND),
        ],
        body,
        total=[_("Total"), count, value],
    )
    return section, {"deals": count, "deal_value": value}


# --- Comparison with the previous edition -------------------------------------------------------

COMPARED = [
    ("entries", "Visitors (entries)", INT),
    ("revenue", "Revenue", VND),
    ("assigned", "Booths assigned", INT),
    ("producers", "Participating producers", INT),
    ("products", "Products shown", INT),
    ("deals", "Trade deals", INT),
    ("deal_value", "Expected value of deals", VND),
]


def change(now: int, before: int | None) -> float | None:
    if not before:
        return None
    return round(100.0 * (now - before) / before, 1)


async def _comparison(
    event: Event,
    now: dict[str, int],
) -> tuple[Section | None, Event | None, dict[str, int]]:
    """`now`: this edition's figures as the report's own sections counted them (the same
    definitions as figures.event_summaries, so only the previous edition is queried)."""
    previous = await previous_edition(event)
    if previous is None:
        return None, None, {}
    before = (await figures.event_summaries([previous.id]))[previous.id]
    rows = [
        [_(text), now[key], before[key], change(now[key], before[key])]
        for key, text, _kind in COMPARED
    ]
    section = Section(
        "comparison",
        _("Comparison with the previous edition"),
        [
            Column("figure", _("Figure")),
            Column("current", _("This edition"), AUTO),
            Column("previous", f"{previous.name} ({format_date(previous.start_date)})", AUTO),
            Column("change", _("Change (%)"), PCT),
        ],
        rows,
        row_kinds=[kind for _key, _text, kind in COMPARED],
    )
    return section, previous, before


# --- The whole report ---------------------------------------------------------------------------


async def locality_names() -> dict[int, str]:
    return dict(await Locality.all().values_list("id", "name"))


async def event_report(event: Event) -> Report:
    """Everything an official files about one fair. `event.venue` should be fetched."""
    localities = await locality_names()
    visitor_sections, visits = await _visitor_sections(event)
    by_revenue, by_booths = await figures.assignment_figures(
        [event.id], REVENUE_GROUPINGS, ["total"]
    )
    revenue_sections, revenue = await _revenue_sections(by_revenue, localities)
    booth_sections, booths = await _booth_sections(event, by_booths["total"])
    deal_section, deals = await _deal_section(event)
    comparison, previous, before = await _comparison(
        event, {"entries": visits["entries"], "revenue": revenue, **booths, **deals}
    )
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
    headlines = [
        Headline("entries", _("Visitors (entries)"), visits["entries"], INT, before.get("entries")),
        Headline("peak_hour", _("Busiest hour"), peak, TEXT),
        Headline("peak_entries", _("Entries in the busiest hour"), visits["peak_entries"], INT),
        Headline("occupancy", _("Highest occupancy"), visits["occupancy"], INT),
        Headline("occupancy_at", _("Highest occupancy reached at"), occupancy_at, TEXT),
        Headline("revenue", _("Revenue"), revenue, VND, before.get("revenue")),
        Headline("assigned", _("Booths assigned"), booths["assigned"], INT, before.get("assigned")),
        Headline(
            "producers",
            _("Participating producers"),
            booths["producers"],
            INT,
            before.get("producers"),
        ),
        Headline("products", _("Products shown"), booths["products"], INT, before.get("products")),
        Headline("deals", _("Trade deals"), deals["deals"], INT, before.get("deals")),
    ]
    sections = [*visitor_sections, *revenue_sections, *booth_sections, deal_section]
    if comparison is not None:
        sections.append(comparison)
    return Report(
        title=event.name,
        subtitle=subtitle_of(event),
        headlines=headlines,
        sections=sections,
        meta={
            "event_id": event.id,
            "start_date": event.start_date,
            "end_date": event.end_date,
            "status": event.status.value,
            "exits": visits["exits"],
            "previous_event_id": previous.id if previous else None,
        },
    )


# --- What an exhibitor may see ------------------------------------------------------------------


async def exhibitor_report(event: Event, exhibitor_id: int) -> Report:
    """The event's public totals and this producer's own figures, nothing about the others."""
    summary = (await figures.event_summaries([event.id]))[event.id]
    days = sorted(
        await figures.revenue_by([event.id], "day", exhibitor_id=exhibitor_id),
        key=lambda r: r["day"],
    )
    deals = {
        r["status"]: r
        for r in await figures.deals_by([event.id], "status", exhibitor_id=exhibitor_id)
    }
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
    sections = [
        Section(
            "my_revenue",
            _("Your revenue by day"),
            [
                Column("day", _("Day"), DATE),
                Column("revenue", _("Revenue"), VND),
                Column("units", _("Units sold"), INT),
            ],
            [[r["day"], r["revenue"], r["units"]] for r in days],
            total=[_("Total"), mine, sum(r["units"] for r in days)],
        ),
        Section(
            "my_booths",
            _("Your booths"),
            [
                Column("booth", _("Booth")),
                Column("kind", _("Status")),
                Column("fee", _("Fee"), VND),
                Column("payment", _("Payment")),
            ],
            [[a.booth.code, label(a.kind), a.fee, label(a.payment_status)] for a in booths],
        ),
        Section(
            "my_deals",
            _("Your trade deals"),
            [
                Column("status", _("Status")),
                Column("deals", _("Deals"), INT),
                Column("value", _("Expected value"), VND),
            ],
            [
                [
                    label(s),
                    deals.get(s.value, {}).get("deals", 0),
                    deals.get(s.value, {}).get("value", 0),
                ]
                for s in figures.DEAL_STATUSES
            ],
        ),
    ]
    return Report(
        title=event.name,
        subtitle=subtitle_of(event),
        headlines=headlines,
        sections=sections,
        meta={"event_id": event.id, "exhibitor_id": exhibitor_id},
    )
