"""Item 5 of issue 15: a workbook for a 5-day fair with 300 booths and 8 gates, written from
known numbers, imported into an empty finished event; every figure of the event report, the
period report, their XLSX and CSV equals the workbook to the unit (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from booths.models import BoothAssignment
from ocopfair.i18n import local_today
from ocopfair.models import AuditEntry
from ocopfair.tables import sheet_name
from results import importing
from tests.factories import make_user
from tests.login import login
from tests.reports.helpers import csv_blocks, xlsx_sheets
from tests.results.fair import make_past_fair, workbook_of

PERIOD = {"date_from": "01/01/2000", "date_to": "31/12/2099"}


def _expected(fair):
    days, gates, hours = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0]), defaultdict(int)
    whole_day = 0
    for (day, gate, hour), n in fair.entries.items():
        days[day][0] += n
        gates[gate][0] += n
        if hour is None:
            whole_day += n
        else:
            hours[hour] += n
    for (day, gate, _hour), n in fair.exits.items():
        days[day][1] += n
        gates[gate][1] += n
    revenue = defaultdict(lambda: [0, 0])
    for (_code, day), amount in fair.revenue.items():
        revenue[day][0] += amount
    for (_code, day, _pid), units in fair.units.items():
        revenue[day][1] += units
    return days, gates, hours, whole_day, revenue


def _rows_by_title(sheets):
    return {title: rows for title, rows, _pane in sheets}


async def test_a_past_fair_imported_from_one_workbook_reports_to_the_unit(client):
    fair = await make_past_fair(booths=300, gates=8, days=5)
    user = await make_user("organizer")
    data = workbook_of(fair)
    kept, plan = await importing.upload(fair.event, user, "ket-qua-2025.xlsx", data)
    assert plan.error_count == 0, [r for r in plan.rows if r.errors][:3]
    assert plan.summary()["Gian hàng:new"] == 300
    await importing.confirm(kept, user, "Nhập số liệu hội chợ năm trước", today=local_today())
    assert await BoothAssignment.filter(entered_afterwards=True).count() == 300
    assert (await AuditEntry.get(action="results.import")).reason

    # Importing the same file again changes nothing.
    again, plan2 = await importing.upload(fair.event, user, "ket-qua-2025.xlsx", data)
    assert {r.status for r in plan2.rows} == {"unchanged"}
    before = await BoothAssignment.all().count()
    await importing.confirm(again, user, "lần hai", today=local_today())
    assert await BoothAssignment.all().count() == before

    days, gates, hours, whole_day, revenue = _expected(fair)
    total_in = sum(v[0] for v in days.values())
    total_out = sum(v[1] for v in days.values())
    total_revenue = sum(fair.revenue.values())
    await login(client, "organizer")
    event_id = fair.event.id
    report = (await client.get(f"/api/v1/events/{event_id}/report")).json()
    heads = {k: h["value"] for k, h in report["headlines"].items()}
    assert heads["entries"] == total_in and heads["revenue"] == total_revenue
    assert heads["assigned"] == 300 and heads["producers"] == 300 and heads["products"] == 600
    sections = report["sections"]
    by_day = {dt.date.fromisoformat(r["day"]): r for r in sections["visitors_by_day"]["rows"]}
    assert {d: [r["entries"], r["exits"]] for d, r in by_day.items()} == {
        d: v for d, v in days.items()
    }
    assert all(r["corrected_in"] == 0 for r in by_day.values())
    by_gate = {r["gate"]: [r["entries"], r["exits"]] for r in sections["visitors_by_gate"]["rows"]}
    assert by_gate == dict(gates)
    hour_rows = sections["visitors_by_hour"]["rows"]
    assert {int(r["hour"][:2]): r["entries"] for r in hour_rows[:-1]} == dict(hours)
    assert hour_rows[-1]["entries"] == whole_day  # "Whole day (imported, no hour)"
    assert sections["visitors_by_hour"]["total"]["entries"] == total_in
    rev = {
        dt.date.fromisoformat(r["day"]): [r["revenue"], r["units"]]
        for r in sections["revenue_by_day"]["rows"]
    }
    assert rev == dict(revenue)

    # The XLSX and CSV of the event report carry the same figures.
    xlsx = _rows_by_title(
        xlsx_sheets((await client.get(f"/events/{event_id}/report.xlsx")).content)
    )
    blocks = csv_blocks((await client.get(f"/events/{event_id}/report.csv")).content)
    for key, columns in (
        ("visitors_by_day", ["entries", "exits"]),
        ("visitors_by_gate", ["entries", "exits"]),
        ("visitors_by_hour", ["entries"]),
        ("revenue_by_day", ["revenue", "units"]),
    ):
        section = sections[key]
        keys = [c["key"] for c in section["columns"]]
        api_rows = [*section["rows"], section["total"]]
        sheet = xlsx[sheet_name(section["title"], set())][1:]
        block = blocks[section["title"]][1:]
        assert len(sheet) == len(block) == len(api_rows), key
        for api_row, x_row, c_row in zip(api_rows, sheet, block, strict=True):
            for column in columns:
                i = keys.index(column)
                assert x_row[i] == api_row[column] == int(c_row[i]), (key, column)

    # The period report: the event's line and the totals, page data, XLSX and CSV.
    period = (await client.get("/api/v1/reports", params=PERIOD)).json()
    line = period["sections"]["events"]["rows"][0]
    assert (line["entries"], line["assigned"], line["producers"], line["revenue"]) == (
        total_in,
        300,
        300,
        total_revenue,
    )
    assert period["headlines"]["revenue"]["value"] == total_revenue
    assert period["headlines"]["entries"]["value"] == total_in
    events = period["sections"]["events"]
    keys = [c["key"] for c in events["columns"]]
    p_xlsx = _rows_by_title(xlsx_sheets((await client.get("/reports.xlsx", params=PERIOD)).content))
    p_csv = csv_blocks((await client.get("/reports.csv", params=PERIOD)).content)
    x_line = p_xlsx[sheet_name(events["title"], set())][1]
    c_line = p_csv[events["title"]][1]
    for column, want in (("entries", total_in), ("revenue", total_revenue), ("assigned", 300)):
        assert x_line[keys.index(column)] == want == int(c_line[keys.index(column)]), column
    assert total_out == sum(v[1] for v in gates.values())
