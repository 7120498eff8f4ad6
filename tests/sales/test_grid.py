"""The organizers' grid: one row saved at a time (htmx or a plain form), totals kept right."""

from __future__ import annotations

import datetime as dt
import re

from ocopfair.models import AuditEntry
from ocopfair.urls import static_url
from sales.models import SalesRecord
from tests.factories import add_booths, make_fair
from tests.login import login
from tests.queries import count_queries

HTMX = {"HX-Request": "true"}


def cell(day: dt.date) -> str:
    return f"d-{day.isoformat()}"


async def test_grid_shows_every_booth_and_day(client, fair):
    await login(client, "organizer")
    page = await client.get(f"/events/{fair.event.id}/sales")
    assert page.status_code == 200
    for booth in fair.booths:
        assert f'id="row-{booth.id}"' in page.text
    # Days up to today have inputs; the last day (tomorrow) has none yet.
    assert f'name="{cell(fair.today)}"' in page.text
    assert f'name="{cell(fair.event.end_date)}"' not in page.text
    assert 'hx-trigger="rowleave"' in page.text and static_url("js/sales-grid.js") in page.text


async def test_htmx_row_save_returns_the_row_and_the_totals(client, fair):
    await login(client, "organizer")
    first, second = fair.booths[0], fair.booths[1]
    start = fair.event.start_date
    response = await client.post(
        f"/events/{fair.event.id}/sales/rows/{first.id}",
        headers=HTMX,
        data={cell(start): "1.250.000", cell(fair.today): "750000"},
    )
    assert response.status_code == 200
    assert f'<tr id="row-{first.id}"' in response.text and "<html" not in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert "2.000.000\u00a0₫" in response.text  # the row total and the grand total
    response = await client.post(
        f"/events/{fair.event.id}/sales/rows/{second.id}",
        headers=HTMX,
        data={cell(start): "3.000.000", cell(fair.today): ""},
    )
    grand = re.search(r'id="grand-total">([^<]+)<', response.text).group(1)
    assert grand == "5.000.000\u00a0₫"
    day_total = re.search(rf'data-day="{start.isoformat()}">([^<]+)<', response.text).group(1)
    assert day_total == "4.250.000\u00a0₫"
    stored = {(r.assignment_id, r.day): r.revenue for r in await SalesRecord.all()}
    assert stored == {
        (first.id, start): 1_250_000,
        (first.id, fair.today): 750_000,
        (second.id, start): 3_000_000,
    }
    assert await AuditEntry.filter(action="sales.update").count() == 3


async def test_a_bad_cell_saves_nothing_of_its_row(client, fair):
    await login(client, "organizer")
    booth = fair.booths[0]
    start = fair.event.start_date
    response = await client.post(
        f"/events/{fair.event.id}/sales/rows/{booth.id}",
        headers=HTMX,
        data={cell(start): "900.000", cell(fair.today): "-5"},
    )
    assert response.status_code == 422
    assert "Doanh thu không được âm." in response.text
    assert 'value="-5"' in response.text and 'value="900.000"' in response.text  # kept as typed
    assert not await SalesRecord.exists()
    # Above the ceiling: the row asks for confirmation, then saves.
    response = await client.post(
        f"/events/{fair.event.id}/sales/rows/{booth.id}",
        headers=HTMX,
        data={cell(start): "300.000.000"},
    )
    assert response.status_code == 422 and 'name="confirm_high"' in response.text
    response = await client.post(
        f"/events/{fair.event.id}/sales/rows/{booth.id}",
        headers=HTMX,
        data={cell(start): "300.000.000", "confirm_high": "1"},
    )
    assert response.status_code == 200
    # Emptying a day that has a figure is refused: 0 is typed on purpose, blank is a slip.
    response = await client.post(
        f"/events/{fair.event.id}/sales/rows/{booth.id}", headers=HTMX, data={cell(start): ""}
    )
    assert response.status_code == 422 and "hãy nhập 0" in response.text
    assert (await SalesRecord.get(assignment=booth)).revenue == 300_000_000


async def test_without_javascript_a_row_is_a_form_that_redirects_back(client, fair):
    await login(client, "organizer")
    booth = fair.booths[2]
    response = await client.post(
        f"/events/{fair.event.id}/sales/rows/{booth.id}", data={cell(fair.today): "450.000"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/events/{fair.event.id}/sales#row-{booth.id}"
    page = await client.get(f"/events/{fair.event.id}/sales")
    assert "450.000" in page.text and "Đã lưu gian hàng A002." in page.text
    bad = await client.post(
        f"/events/{fair.event.id}/sales/rows/{booth.id}", data={cell(fair.event.start_date): "abc"}
    )
    assert bad.status_code == 422 and "<html" in bad.text and 'value="abc"' in bad.text


async def test_the_grid_refuses_a_booth_of_another_event_and_non_staff(client, other_client, fair):
    other = await make_fair(booths=1, with_users=False)
    await login(client, "exhibitor")
    response = await client.post(
        f"/events/{fair.event.id}/sales/rows/{fair.booths[0].id}", data={cell(fair.today): "1"}
    )
    assert response.status_code == 403
    await login(other_client, "organizer")
    response = await other_client.post(
        f"/events/{fair.event.id}/sales/rows/{other.booths[0].id}", data={cell(fair.today): "1"}
    )
    assert response.status_code == 404
    assert not await SalesRecord.exists()


async def grid_queries(client, event_id: int) -> int:
    with count_queries() as counter:
        response = await client.get(f"/events/{event_id}/sales")
    assert response.status_code == 200
    return counter.count


async def test_grid_query_count_does_not_grow_with_booths_or_days(client, db):
    small = await make_fair(booths=2, days_before_today=1, length=2)
    await login(client, "organizer")
    for a in small.booths:
        await SalesRecord.create(assignment=a, day=small.event.start_date, revenue=10)
    few = await grid_queries(client, small.event.id)
    big = await make_fair(booths=2, days_before_today=6, length=7, with_users=False)
    big.booths += await add_booths(big.event, 20, start=100)
    for a in big.booths:
        for i in range(7):
            await SalesRecord.create(
                assignment=a, day=big.event.start_date + dt.timedelta(i), revenue=1000 * i
            )
    many = await grid_queries(client, big.event.id)
    assert many == few, (few, many)
