"""Each definition of reports/figures.py against the fair worked out by hand (conftest.py)."""

from __future__ import annotations

import datetime as dt

from exhibitors.models import Product, ProductGroup
from reports import figures
from sales.models import SalesLine, SalesRecord
from tests.reports.dates import D1, D2, D3


async def test_visitor_flows_by_day_follow_the_local_clock_and_add_corrections(fair):
    rows = await figures.visitor_flows([fair["event"].id], ("day",))
    by_day = {
        r["day"]: (r["counted_in"], r["corrected_in"], r["entries"], r["exits"]) for r in rows
    }
    assert by_day == {D1: (200, 5, 205, 100), D2: (407, 0, 407, 247), D3: (10, 0, 10, 10)}


async def test_visitor_flows_by_gate(fair):
    g1, g2 = fair["gates"]
    rows = await figures.visitor_flows([fair["event"].id], ("gate",))
    assert {r["gate"]: (r["entries"], r["exits"]) for r in rows} == {
        g1.id: (485, 300),
        g2.id: (137, 57),
    }


async def test_entries_by_hour_and_peak(fair):
    g1, g2 = fair["gates"]
    rows = await figures.entries_by_hour(fair["event"].id, "gate")
    assert {(r["gate"], r["hour"]): r["entries"] for r in rows} == {
        (g1.id, 8): 150,
        (g1.id, 9): 10,
        (g1.id, 10): 20,
        (g1.id, 14): 300,
        (g2.id, 0): 7,
        (g2.id, 8): 30,
        (g2.id, 14): 100,
    }
    by_day = await figures.entries_by_hour(fair["event"].id, "day")
    assert max(by_day, key=lambda r: r["entries"]) == {"day": D2, "hour": 14, "entries": 400}


async def test_highest_occupancy_per_day(fair):
    rows = await figures.highest_occupancy(fair["event"].id)
    local = [
        (
            r["day"],
            r["occupancy"],
            r["at"].astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%H:%M"),
        )
        for r in rows
    ]
    assert local == [(D1, 180, "08:30"), (D2, 407, "14:45"), (D3, 10, "09:15")]


async def test_revenue_breakdowns_follow_the_main_product_rule(fair):
    ids = [fair["event"].id]
    total = await figures.revenue_by(ids, "total")
    assert total[0]["revenue"] == 7_650_000 and total[0]["units"] == 46
    assert {r["group"]: r["revenue"] for r in await figures.revenue_by(ids, "group")} == {
        "herbal": 3_700_000,
        "drinks": 3_500_000,
        None: 450_000,
    }
    assert {r["stars"]: r["revenue"] for r in await figures.revenue_by(ids, "stars")} == {
        5: 3_700_000,
        3: 3_500_000,
        None: 450_000,
    }
    assert {r["locality"]: r["revenue"] for r in await figures.revenue_by(ids, "locality")} == {
        fair["ha_long"].id: 3_950_000,
        fair["mong_cai"].id: 3_700_000,
    }
    assert {r["kind"]: r["revenue"] for r in await figures.revenue_by(ids, "kind")} == {
        "cooperative": 3_500_000,
        "household": 3_700_000,
        "enterprise": 450_000,
    }
    assert {r["day"]: r["revenue"] for r in await figures.revenue_by(ids, "day")} == {
        D1: 4_000_000,
        D2: 2_950_000,
        D3: 700_000,
    }
    top = await figures.revenue_by(ids, "exhibitor", limit=2)
    assert [r["exhibitor"] for r in top] == [fair["b"].id, fair["a"].id]


async def test_revenue_by_day_and_group_follows_the_main_product_rule(fair):
    rows = await figures.revenue_by([fair["event"].id], "day_group")
    assert {(r["day"], r["group"]): r["revenue"] for r in rows} == {
        (D1, "drinks"): 1_000_000,
        (D1, "herbal"): 3_000_000,
        (D2, "drinks"): 2_500_000,
        (D2, None): 450_000,
        (D3, "herbal"): 700_000,
    }
    mine = await figures.revenue_by([fair["event"].id], "day_group", exhibitor_id=fair["b"].id)
    assert {(r["day"], r["group"]): r["revenue"] for r in mine} == {
        (D1, "herbal"): 3_000_000,
        (D3, "herbal"): 700_000,
    }


async def test_units_sold_per_product_come_from_sales_lines(fair):
    p1, p2, p3 = fair["products"]
    ids = [fair["event"].id]

    def units(rows):
        return [(r["product"], r["revenue"], r["line_units"]) for r in rows]

    # Credited revenue first, then units per product: P1 is nobody's main product.
    assert units(await figures.revenue_by(ids, "product")) == [
        (p3.id, 3_700_000, 5),
        (p2.id, 3_500_000, 26),
        (None, 450_000, None),
        (p1.id, 0, 4),
    ]
    # Lines at another event do not count here; among products without credited revenue, the
    # most units come first; the limit cuts after the ranking.
    week_record = await SalesRecord.get(assignment__booth__event=fair["week"])
    await SalesLine.create(record=week_record, product=p3, units=12)
    p4 = await Product.create(
        exhibitor=fair["a"], name="Trà túi lọc", group=ProductGroup.DRINKS, stars=3
    )
    record = await SalesRecord.get(
        assignment__booth__event=fair["event"], day=D2, assignment__exhibitor=fair["a"]
    )
    await SalesLine.create(record=record, product=p4, units=9)
    assert units(await figures.revenue_by(ids, "product", limit=4)) == [
        (p3.id, 3_700_000, 5),
        (p2.id, 3_500_000, 26),
        (None, 450_000, None),
        (p4.id, 0, 9),
    ]
    assert units(await figures.revenue_by([fair["week"].id], "product")) == [(p3.id, 1_200_000, 12)]
    # A producer's own figures count only its own lines.
    assert units(await figures.revenue_by(ids, "product", exhibitor_id=fair["a"].id)) == [
        (p2.id, 3_500_000, 26),
        (p4.id, 0, 9),
        (p1.id, 0, 4),
    ]


async def test_booths_fees_participation_and_deals(fair):
    ids = [fair["event"].id]
    [booths] = await figures.booth_figures(ids, "total")
    assert booths == {
        "total": None,
        "offered": 5,
        "assigned": 4,
        "occupied": 3,
        "disadvantaged": 3,
        "paid_booths": 2,
        "fees_paid": 2_500_000,
        "waived_booths": 1,
        "fees_waived": 1_500_000,
        "fees_unpaid": 2_000_000,
    }
    [part] = await figures.participation(ids, "total")
    assert (part["producers"], part["products"]) == (3, 2)
    deals = {r["status"]: (r["deals"], r["value"]) for r in await figures.deals_by(ids, "status")}
    assert deals == {
        "contact": (1, 0),
        "memorandum": (1, 50_000_000),
        "first_order": (1, 20_000_000),
    }


async def test_event_summaries_in_a_fixed_number_of_queries(fair):
    from tests.queries import count_queries

    ids = [fair["event"].id, fair["previous"].id, fair["week"].id]
    with count_queries() as counter:
        summary = await figures.event_summaries(ids)
    assert counter.count == 4
    assert summary[fair["previous"].id]["entries"] == 100
    assert summary[fair["week"].id]["revenue"] == 1_200_000
    assert summary[fair["event"].id]["deal_value"] == 70_000_000
