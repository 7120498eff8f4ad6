"""The revenue sections of an event's report: by day, by day and OCOP group, by group, star
rating, locality and kind of producer, and the top producers and products."""

from __future__ import annotations

from typing import Any

from exhibitors.models import Exhibitor, Product, ProductGroup
from ocopfair.i18n import gettext as _
from ocopfair.templating import label
from reports.labels import group_label, stars_label
from reports.sections import DATE, INT, PCT, VND, Column, Section, share

TOP = 10

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


async def revenue_sections(
    revenue: dict[str, list[dict[str, Any]]], localities: dict[int, str]
) -> tuple[list[Section], int]:
    """The sections from the rows of REVENUE_GROUPINGS, and the event's total revenue."""
    day_section, total = _by_day_section(revenue["day"])
    stars = sorted(revenue["stars"], key=lambda r: -1 if r["stars"] is None else -int(r["stars"]))
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
            [(group_label(r["group"]), r["revenue"]) for r in revenue["group"]],
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
            [
                (localities.get(r["locality"], _("Unknown locality")), r["revenue"])
                for r in revenue["locality"]
            ],
            total,
            chart="revenue_by_locality",
        ),
        _share_section(
            "revenue_by_kind",
            _("Revenue by kind of producer"),
            Column("kind", _("Kind of producer")),
            [(label(r["kind"]), r["revenue"]) for r in revenue["kind"]],
            total,
        ),
    ]
    sections[2].note = sections[3].note = rule
    sections += await _top_sections(revenue["exhibitor"], revenue["product"], localities)
    return sections, total


def _by_day_section(rows: list[dict[str, Any]]) -> tuple[Section, int]:
    by_day = sorted(rows, key=lambda r: r["day"])
    total = sum(r["revenue"] for r in by_day)
    units = sum(r["units"] for r in by_day)
    records = sum(r["records"] for r in by_day)
    section = Section(
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
    return section, total


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


async def _top_sections(
    producers: list[dict[str, Any]], products: list[dict[str, Any]], localities: dict[int, str]
) -> list[Section]:
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
            await _top_producer_rows(producers, localities),
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
            await _top_product_rows(products),
            note=_(
                "Revenue is reported per booth and day; each booth's revenue is "
                "credited to its main product. Units sold are those the exhibitors "
                "recorded per product (blank: none recorded); a product sold beside "
                "its booth's main product shows 0 ₫ and its units, after the products "
                "credited with revenue."
            ),
        ),
    ]


async def _top_producer_rows(
    producers: list[dict[str, Any]], localities: dict[int, str]
) -> list[list[Any]]:
    names = {
        x["id"]: x
        for x in await Exhibitor.filter(id__in=[r["exhibitor"] for r in producers]).values(
            "id", "name", "locality_id"
        )
    }
    return [
        [
            rank,
            names[r["exhibitor"]]["name"],
            localities.get(names[r["exhibitor"]]["locality_id"], ""),
            r["revenue"],
        ]
        for rank, r in enumerate(producers, 1)
    ]


async def _top_product_rows(products: list[dict[str, Any]]) -> list[list[Any]]:
    items = {
        p["id"]: p
        for p in await Product.filter(
            id__in=[r["product"] for r in products if r["product"]]
        ).values("id", "name", "group", "stars", "exhibitor__name")
    }
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
    return product_rows
