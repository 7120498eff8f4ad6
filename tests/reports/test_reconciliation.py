"""Every figure of the event report, checked to the unit in the page, the XLSX, the CSV and the API.

The expected figures were worked out by hand from the rows in conftest.py; none comes from the
code under test.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from babel.numbers import format_decimal

from deals.models import DealStatus
from exhibitors.models import ExhibitorKind, ProductGroup
from ocopfair.i18n import gettext, language
from ocopfair.tables import sheet_name
from ocopfair.templating import label
from tests.login import login
from tests.reports.dates import D1, D2, D3
from tests.reports.helpers import csv_blocks, html_tables, num, vnd, xlsx_sheets


def vi(text_or_enum) -> str:
    """What the Vietnamese page shows for an English message id or an enum value."""
    with language("vi"):
        if isinstance(text_or_enum, Enum):
            return label(text_or_enum)
        return gettext(text_or_enum)


def expected_sections() -> dict[str, tuple[str, list[list], list | None]]:
    """section key -> (kinds: d date, I count, V VND, P percent, t text; rows; totals)."""
    return {
        "visitors_by_day": (
            "dIIIIIt",
            [
                [D1, 200, 5, 205, 100, 180, "08:30"],
                [D2, 407, 0, 407, 247, 407, "14:45"],
                [D3, 10, 0, 10, 10, 10, "09:15"],
            ],
            [None, 617, 5, 622, 357, 407, ""],
        ),
        "visitors_by_gate": (
            "tIII",
            [["Cổng A", 485, 300, 5], ["Cổng B", 137, 57, 0]],
            [None, 622, 357, 5],
        ),
        "visitors_by_hour": (
            "tIII",
            [
                ["00:00–01:00", 0, 7, 7],
                ["08:00–09:00", 150, 30, 180],
                ["09:00–10:00", 10, 0, 10],
                ["10:00–11:00", 20, 0, 20],
                ["14:00–15:00", 300, 100, 400],
                [vi("Corrections (no hour)"), 5, 0, 5],
            ],
            [None, 485, 137, 622],
        ),
        "revenue_by_day": (
            "dVII",
            [
                [D1, 4_000_000, 15, 2],
                [D2, 2_950_000, 29, 2],
                [D3, 700_000, 2, 1],
            ],
            [None, 7_650_000, 46, 5],
        ),
        # Columns: day, drinks, herbal, unclassified, total (see DAY_GROUP_HEADERS).
        "revenue_by_day_group": (
            "dVVVV",
            [
                [D1, 1_000_000, 3_000_000, 0, 4_000_000],
                [D2, 2_500_000, 0, 450_000, 2_950_000],
                [D3, 0, 700_000, 0, 700_000],
            ],
            [None, 3_500_000, 3_700_000, 450_000, 7_650_000],
        ),
        "revenue_by_group": (
            "tVP",
            [
                [vi(ProductGroup.HERBAL), 3_700_000, 48.4],
                [vi(ProductGroup.DRINKS), 3_500_000, 45.8],
                [vi("Unclassified"), 450_000, 5.9],
            ],
            [None, 7_650_000, 100.0],
        ),
        "revenue_by_stars": (
            "tVP",
            [
                ["5 ★", 3_700_000, 48.4],
                ["3 ★", 3_500_000, 45.8],
                [vi("Unclassified"), 450_000, 5.9],
            ],
            [None, 7_650_000, 100.0],
        ),
        "revenue_by_locality": (
            "tVP",
            [["Hạ Long", 3_950_000, 51.6], ["Móng Cái", 3_700_000, 48.4]],
            [None, 7_650_000, 100.0],
        ),
        "revenue_by_kind": (
            "tVP",
            [
                [vi(ExhibitorKind.HOUSEHOLD), 3_700_000, 48.4],
                [vi(ExhibitorKind.COOPERATIVE), 3_500_000, 45.8],
                [vi(ExhibitorKind.ENTERPRISE), 450_000, 5.9],
            ],
            [None, 7_650_000, 100.0],
        ),
        "top_producers": (
            "IttV",
            [
                [1, "Hộ Ba Kích Ba Chẽ", "Móng Cái", 3_700_000],
                [2, "HTX Chè Đường Hoa", "Hạ Long", 3_500_000],
                [3, "Công ty Chả mực Vân Đồn", "Hạ Long", 450_000],
            ],
            None,
        ),
        # Units sold per product come from the sales lines; the unclassified row has none
        # (blank), and P1, nobody's main product, follows with 0 ₫ and its 4 units.
        "top_products": (
            "ItttIVI",
            [
                [1, "Rượu ba kích", "Hộ Ba Kích Ba Chẽ", vi(ProductGroup.HERBAL), 5, 3_700_000, 5],
                [2, "Trà hoa vàng", "HTX Chè Đường Hoa", vi(ProductGroup.DRINKS), 3, 3_500_000, 26],
                [3, vi("Unclassified"), "", "", None, 450_000, None],
                [4, "Chè Đường Hoa loại 1", "HTX Chè Đường Hoa", vi(ProductGroup.FOOD), 4, 0, 4],
            ],
            None,
        ),
        "booths": (
            "tIPV",
            [
                [vi("Booths offered"), 5, None, None],
                [vi("Booths assigned"), 4, 80.0, None],
                [vi("Booths occupied (with sales reported)"), 3, 75.0, None],
                [vi("Booths to disadvantaged producers"), 3, 75.0, None],
                [vi("Participating producers"), 3, None, None],
                [vi("Products shown"), 2, None, None],
                [vi("Fees collected"), 2, None, 2_500_000],
                [vi("Fees waived"), 1, None, 1_500_000],
                [vi("Fees still unpaid"), 1, None, 2_000_000],
            ],
            None,
        ),
        "deals": (
            "tIV",
            [
                [vi(DealStatus.CONTACT), 1, 0],
                [vi(DealStatus.MEMORANDUM), 1, 50_000_000],
                [vi(DealStatus.FIRST_ORDER), 1, 20_000_000],
                [vi(DealStatus.REGULAR_SUPPLY), 0, 0],
            ],
            [None, 3, 70_000_000],
        ),
        "comparison": (
            "t**P",
            [
                [vi("Visitors (entries)"), 622, 100, 522.0],
                [vi("Revenue"), 7_650_000, 1_000_000, 665.0],
                [vi("Booths assigned"), 4, 1, 300.0],
                [vi("Participating producers"), 3, 1, 200.0],
                [vi("Products shown"), 2, 2, 0.0],
                [vi("Trade deals"), 3, 0, None],
                [vi("Expected value of deals"), 70_000_000, 0, None],
            ],
            None,
        ),
    }


def day_group_headers() -> list[str]:
    return [
        vi("Day"),
        vi(ProductGroup.DRINKS),
        vi(ProductGroup.HERBAL),
        vi("Unclassified"),
        vi("Total"),
    ]


# The comparison mixes counts and amounts: its value columns take the kind of the row.
COMPARISON_ROW_KINDS = "IVIIIIV"


def kinds_of(key: str, kinds: str, row_index: int | None) -> str:
    if key == "comparison":
        row_kind = COMPARISON_ROW_KINDS[row_index] if row_index is not None else "I"
        return kinds.replace("*", row_kind)
    return kinds


def html_text(value, kind: str) -> str:
    if value is None:
        return ""
    return {
        "d": lambda v: v.strftime("%d/%m/%Y"),
        "I": num,
        "V": vnd,
        "P": lambda v: format_decimal(v, locale="vi_VN") + " %",
        "t": str,
    }[kind](value)


def csv_text(value, kind: str) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y") if kind == "d" else str(value)


def xlsx_value(value, kind: str):
    if kind == "d" and value is not None:
        return dt.datetime.combine(value, dt.time())
    if kind == "t" and value == "":
        return None  # openpyxl reads an empty string cell back as None
    return value


def rows_with_total(rows, total):
    return [(i, r) for i, r in enumerate(rows)] + ([(None, total)] if total else [])


async def test_every_figure_reconciles_in_page_xlsx_csv_and_api(client, fair):
    event = fair["event"]
    await login(client, "official")
    expected = expected_sections()

    page = await client.get(f"/events/{event.id}/report")
    assert page.status_code == 200
    tables, kpis = html_tables(page.text)
    xlsx = await client.get(f"/events/{event.id}/report.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheets = xlsx_sheets(xlsx.content)
    csv_response = await client.get(f"/events/{event.id}/report.csv")
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    blocks = csv_blocks(csv_response.content)
    data = (await client.get(f"/api/v1/events/{event.id}/report")).json()

    assert [s for s in data["sections"]] == list(expected)
    assert [title for title, _rows, _pane in sheets[1:]] == [
        sheet_name(data["sections"][k]["title"], set()) for k in expected
    ]
    for index, (key, (kinds, rows, total)) in enumerate(expected.items(), start=1):
        html_rows = tables[key][1:]  # without the header
        sheet_title, sheet_rows, pane = sheets[index]
        assert pane == "A2", sheet_title
        csv_rows = blocks[data["sections"][key]["title"]][1:]
        api = data["sections"][key]
        api_rows = api["rows"] + ([api["total"]] if api["total"] else [])
        assert (
            len(html_rows)
            == len(sheet_rows) - 1
            == len(csv_rows)
            == len(api_rows)
            == len(rows) + (1 if total else 0)
        ), key
        for position, (row_index, want) in enumerate(rows_with_total(rows, total)):
            row_kinds = kinds_of(key, kinds, row_index)
            first = 1 if row_index is None else 0  # the totals label is not a figure
            columns = [c["key"] for c in api["columns"]]
            for col in range(first, len(want)):
                kind = row_kinds[col]
                where = f"{key} row {position} col {col}"
                assert html_rows[position][col] == html_text(want[col], kind), where
                assert sheet_rows[position + 1][col] == xlsx_value(want[col], kind), where
                assert csv_rows[position][col] == csv_text(want[col], kind), where
                api_value = api_rows[position][columns[col]]
                assert api_value == (want[col].isoformat() if kind == "d" else want[col]), where

    # The day × group table names its groups in the same columns everywhere.
    key = "revenue_by_day_group"
    headers = day_group_headers()
    assert tables[key][0] == headers
    assert list(sheets[list(expected).index(key) + 1][1][0]) == headers
    assert blocks[data["sections"][key]["title"]][0] == headers
    assert [c["title"] for c in data["sections"][key]["columns"]] == headers
    assert tables["top_products"][0][-1] == vi("Units sold")
    # The print layout (and so the PDF) shows the very same tables, with a chart for this one.
    printed = await client.get(f"/events/{event.id}/report/print")
    assert html_tables(printed.text)[0] == tables
    assert 'id="revenue_by_day_group"' in printed.text
    assert (
        printed.text.count('<figure class="rp-chart">')
        == page.text.count('<figure class="rp-chart">')
        >= 6
    )

    assert kpis["entries"] == "622"
    assert kpis["peak_hour"] == "11/03/2025 14:00–15:00"
    assert kpis["peak_entries"] == "400"
    assert kpis["occupancy"] == "407"
    assert kpis["occupancy_at"] == "11/03/2025 14:45"
    assert kpis["revenue"] == vnd(7_650_000)
    assert (kpis["assigned"], kpis["producers"], kpis["products"], kpis["deals"]) == (
        "4",
        "3",
        "2",
        "3",
    )
    summary = {row[0]: row[1] for row in sheets[0][1] if row and row[0]}
    assert summary[vi("Visitors (entries)")] == 622
    assert summary[vi("Revenue")] == 7_650_000
    assert data["headlines"]["revenue"]["previous"] == 1_000_000
    assert data["meta"]["previous_event_id"] == fair["previous"].id


async def test_xlsx_keeps_numbers_as_numbers_with_vnd_format_and_widths(client, fair):
    from io import BytesIO

    from openpyxl import load_workbook

    await login(client, "official")
    body = (await client.get(f"/events/{fair['event'].id}/report.xlsx")).content
    book = load_workbook(BytesIO(body))
    revenue = book.worksheets[4]  # revenue by day
    assert revenue["A1"].value == vi("Day") and revenue["B1"].value == vi("Revenue")
    assert revenue["B2"].value == 4_000_000 and revenue["B2"].number_format == '#,##0 "₫"'
    assert revenue["C2"].number_format == "#,##0"
    assert revenue["A2"].number_format == "dd/mm/yyyy"
    assert revenue.column_dimensions["B"].width >= 10
    assert all(sheet.freeze_panes == "A2" for sheet in book.worksheets)


async def test_exports_are_in_vietnamese_even_for_an_english_reader(client, fair):
    await login(client, "official")
    client.cookies.set("lang", "en")
    page = await client.get(f"/events/{fair['event'].id}/report")
    assert "Visitors by day" in page.text
    body = (await client.get(f"/events/{fair['event'].id}/report.csv")).content
    assert vi("Visitors by day") in body.decode("utf-8-sig")


async def test_revenue_by_day_and_group_adds_up_to_revenue_by_day(client, fair):
    """On the fair (producer C has no product) grown with producers of every group, each day's
    groups add up to that day's revenue in "Revenue by day", in the API and the XLSX."""
    from io import BytesIO

    from openpyxl import load_workbook

    from tests.reports.test_access_and_queries import grow

    event = fair["event"]
    await grow(event, gates=1, days=3, producers=9)
    await login(client, "official")
    sections = (await client.get(f"/api/v1/events/{event.id}/report")).json()["sections"]
    by_day, table = sections["revenue_by_day"], sections["revenue_by_day_group"]
    groups = [c["key"] for c in table["columns"][1:-1]]
    assert len(groups) >= 4  # the grown producers bring more groups than the fair's three
    day_revenue = {r["day"]: r["revenue"] for r in by_day["rows"]}
    assert [r["day"] for r in table["rows"]] == sorted(day_revenue)
    for row in table["rows"]:
        assert sum(row[g] for g in groups) == row["revenue"] == day_revenue[row["day"]], row
    total = table["total"]
    assert total["revenue"] == by_day["total"]["revenue"] == sum(day_revenue.values())
    for g in groups:
        assert total[g] == sum(row[g] for row in table["rows"]), g

    book = load_workbook(BytesIO((await client.get(f"/events/{event.id}/report.xlsx")).content))
    sheets = {sheet.title: sheet for sheet in book.worksheets}
    days = list(sheets[sheet_name(by_day["title"], set())].iter_rows(min_row=2, values_only=True))
    cells = list(sheets[sheet_name(table["title"], set())].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in days] == [row[-1] for row in cells]  # the totals row too
    assert all(sum(row[1:-1]) == row[-1] for row in cells)
