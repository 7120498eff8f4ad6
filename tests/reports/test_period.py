"""The period report: which events count, filters, totals equal the sum of the events."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from events.models import EventKind
from ocopfair.errors import Invalid
from reports import figures
from reports.period_report import (
    PeriodFilter,
    _locality_section,
    parse_filter,
    period_report,
    preset_range,
)
from tests.login import login
from tests.reports.helpers import csv_blocks, html_tables, num, vnd, xlsx_sheets

YEAR_2025 = PeriodFilter(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_presets_name_years_quarters_and_half_years():
    assert preset_range("2025") == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert preset_range("2025-q2") == (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert preset_range("2024-H1") == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert preset_range("2025-Q4") == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    for bad in ("2025-Q5", "20x5", "1999", "2025-H3"):
        with pytest.raises(Invalid):
            preset_range(bad)


@pytest.mark.parametrize(
    "params, field",
    [
        ({"date_from": "31/02/2025"}, "date_from"),
        ({"date_from": "01/07/2025", "date_to": "01/01/2025"}, "date_to"),
        ({"kind": "circus"}, "kind"),
        ({"locality": "abc"}, "locality"),
        ({"period": "2025-Q9"}, "period"),
    ],
)
def test_bad_filters_are_refused_next_to_their_field(params, field):
    with pytest.raises(Invalid) as caught:
        parse_filter(params)
    assert field in caught.value.fields


async def test_a_year_counts_held_events_only_and_totals_are_the_sum_of_events(fair):
    report = await period_report(YEAR_2025)
    # The 2025 fair and the May week; not the cancelled one, not the 2024 edition.
    assert report.meta["event_ids"] == [fair["event"].id, fair["week"].id]
    events = report.section("events")
    columns = [c.key for c in events.columns]
    for key in ("entries", "assigned", "producers", "products", "revenue", "deals", "deal_value"):
        i = columns.index(key)
        assert events.total[i] == sum(row[i] for row in events.rows), key
    i = columns.index
    assert [r[i("entries")] for r in events.rows] == [622, 900]
    assert [r[i("revenue")] for r in events.rows] == [7_650_000, 1_200_000]
    assert [r[i("deal_value")] for r in events.rows] == [70_000_000, 5_000_000]
    headlines = {h.key: h.value for h in report.headlines}
    assert headlines["events"] == 2 and headlines["entries"] == 1522
    assert headlines["revenue"] == 8_850_000 and headlines["deals"] == 4
    # B came to both events: 4 participations, 3 distinct producers; products A:P2, B:P3.
    assert headlines["participations"] == 4 and headlines["producers"] == 3
    assert headlines["products"] == 2
    # Each figure equals the event report's own figure for that event.
    summary = await figures.event_summaries([fair["event"].id])
    assert events.rows[0][i("products")] == summary[fair["event"].id]["products"] == 2

    months = report.section("months")
    assert [row[0] for row in months.rows] == ["03/2025", "05/2025"]
    assert months.total[1:] == [2, *events.total[5:12]]
    localities = report.section("localities")
    assert {row[0]: row[4] for row in localities.rows} == {
        "Hạ Long": 3_950_000,
        "Móng Cái": 4_900_000,
    }
    assert localities.total[4] == headlines["revenue"]
    assert localities.total[2] == headlines["producers"]


async def test_filters_by_kind_level_locality_and_range(fair):
    weeks = await period_report(
        PeriodFilter(dt.date(2025, 1, 1), dt.date(2025, 12, 31), kind=EventKind.CONNECTION_WEEK)
    )
    assert weeks.meta["event_ids"] == [fair["week"].id]
    mong_cai = await period_report(
        PeriodFilter(dt.date(2024, 1, 1), dt.date(2025, 12, 31), locality_id=fair["mong_cai"].id)
    )
    assert mong_cai.meta["event_ids"] == [fair["week"].id]
    first_half = await period_report(parse_filter({"period": "2024-H1"}))
    assert first_half.meta["event_ids"] == [fair["previous"].id]
    empty = await period_report(PeriodFilter(dt.date(2030, 1, 1), dt.date(2030, 12, 31)))
    assert empty.meta["event_ids"] == [] and empty.section("events").rows == []


async def test_period_page_xlsx_and_csv_show_the_same_totals(client, fair):
    await login(client, "organizer")
    query = "date_from=01/01/2025&date_to=31/12/2025"
    page = await client.get(f"/reports?{query}")
    assert page.status_code == 200
    tables, kpis = html_tables(page.text)
    total_row = tables["events"][-1]
    assert total_row[5:12] == [
        num(1522),
        num(5),
        num(4),
        num(3),
        vnd(8_850_000),
        num(4),
        vnd(75_000_000),
    ]
    assert kpis["producers"] == "3" and kpis["events"] == "2"
    sheets = xlsx_sheets((await client.get(f"/reports.xlsx?{query}")).content)
    events_sheet = sheets[1][1]
    assert events_sheet[-1][5:12] == [1522, 5, 4, 3, 8_850_000, 4, 75_000_000]
    blocks = csv_blocks((await client.get(f"/reports.csv?{query}")).content)
    data = (await client.get(f"/api/v1/reports?{query}")).json()
    csv_events = blocks[data["sections"]["events"]["title"]]
    assert csv_events[-1][5:12] == ["1522", "5", "4", "3", "8850000", "4", "75000000"]
    assert data["sections"]["events"]["total"]["revenue"] == 8_850_000
    assert data["headlines"]["producers"]["value"] == 3


async def test_period_page_shows_errors_and_htmx_gets_the_results_only(client, fair):
    await login(client, "official")
    bad = await client.get("/reports?date_from=32/01/2025")
    assert bad.status_code == 422
    assert 'aria-invalid="true"' in bad.text
    fragment = await client.get("/reports?period=2025", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and 'data-section="events"' in fragment.text
    assert (await client.get("/reports.doc?period=2025")).status_code == 404
    api_bad = await client.get("/api/v1/reports?kind=circus")
    assert api_bad.status_code == 422 and "kind" in api_bad.json()["fields"]


async def test_a_merged_units_past_events_count_in_the_new_units_report(fair):
    """After a merge, the new unit's report covers the events of the units it replaced, each
    listed under the unit's name then; the old unit's own report is unchanged."""
    from ocopfair.models import Locality, LocalityKind
    from office.merging import merge_localities
    from tests.factories import make_locality, make_user

    ha_long = await Locality.get(code="HL")
    new = await make_locality("P1", "Phường Hạ Long", LocalityKind.WARD)
    before = await period_report(dataclasses.replace(YEAR_2025, locality_id=ha_long.id))
    await merge_localities(await make_user("admin"), [ha_long.id], new.id)
    after = await period_report(dataclasses.replace(YEAR_2025, locality_id=new.id))
    assert after.meta["event_ids"] == before.meta["event_ids"] != []
    events = after.section("events")
    column = [c.key for c in events.columns].index("locality")
    assert "Hạ Long" in {row[column] for row in events.rows}
    old = await period_report(dataclasses.replace(YEAR_2025, locality_id=ha_long.id))
    assert old.meta["event_ids"] == before.meta["event_ids"]


def test_localities_with_equal_revenue_are_listed_by_name_whatever_order_they_come_in():
    rows = [
        {"locality": 2, "assigned": 1, "revenue": 500, "deals": 0, "deal_value": 0},
        {"locality": 1, "assigned": 2, "revenue": 500, "deals": 1, "deal_value": 9},
        {"locality": 3, "assigned": 1, "revenue": 900, "deals": 0, "deal_value": 0},
    ]
    names = {1: "Bình Liêu", 2: "Ba Chẽ", 3: "Vân Đồn"}
    forward = _locality_section(rows, [], names).rows
    backward = _locality_section(rows[::-1], [], names).rows
    assert forward == backward
    assert [r[0] for r in forward] == ["Vân Đồn", "Ba Chẽ", "Bình Liêu"]
