"""A day far above the booth's usual figure asks "are you sure?" (issue 16, item 6): on the
phone form, in the grid and in the API, by one rule (sales.entry_rules.check_ceiling)."""

from __future__ import annotations

import datetime as dt

from sales.models import SalesRecord
from tests.login import login

HTMX = {"HX-Request": "true"}
ASKS = "gấp hơn 5 lần mức thường ngày của gian hàng"


async def _history(booth, days_back=(30, 31, 32), revenues=(1_500_000, 3_000_000, 4_600_000)):
    today = dt.date.today()
    for back, revenue in zip(days_back, revenues, strict=True):
        await SalesRecord.create(
            assignment=booth, day=today - dt.timedelta(days=back), revenue=revenue
        )


async def test_the_phone_form_asks_then_saves_once_confirmed(client, fair):
    booth = fair.booths[0]
    await _history(booth)
    await login(client, "exhibitor")
    form = {"day": fair.today.isoformat(), "revenue": "157.107.300"}
    page = await client.post(f"/sales/booths/{booth.id}", data=form)
    assert page.status_code == 422
    assert ASKS in page.text and "3.000.000" in page.text and 'name="confirm_high"' in page.text
    assert not await SalesRecord.exists(assignment_id=booth.id, day=fair.today)
    usual = await client.post(f"/sales/booths/{booth.id}", data={**form, "revenue": "4.000.000"})
    assert usual.status_code == 303  # an ordinary day is not questioned
    confirmed = await client.post(f"/sales/booths/{booth.id}", data={**form, "confirm_high": "1"})
    assert confirmed.status_code == 303
    assert (await SalesRecord.get(assignment_id=booth.id, day=fair.today)).revenue == 157_107_300


async def test_the_grid_and_the_api_ask_by_the_same_rule(client, fair):
    booth = fair.booths[0]
    await _history(booth)
    await login(client, "organizer")
    cell = f"d-{fair.today.isoformat()}"
    row = f"/events/{fair.event.id}/sales/rows/{booth.id}"
    asked = await client.post(row, headers=HTMX, data={cell: "157.107.300"})
    assert asked.status_code == 422 and ASKS in asked.text
    assert 'name="confirm_high"' in asked.text
    saved = await client.post(row, headers=HTMX, data={cell: "157.107.300", "confirm_high": "1"})
    assert saved.status_code == 200
    base = {"assignment_id": booth.id, "day": fair.today.isoformat(), "revenue": 200_000_000}
    api = await client.post("/api/v1/sales", json={**base, "revenue": 190_000_000})
    assert api.status_code == 422 and ASKS in api.json()["fields"]["revenue"]
    assert "confirm_high" in api.json()["fields"]


async def test_without_history_the_kind_of_fair_gives_the_usual_day(client, fair):
    booth, others = fair.booths[0], fair.booths[1:]
    assert others
    today = dt.date.today()
    for n in range(12):
        await SalesRecord.create(
            assignment=others[n % len(others)],
            day=today - dt.timedelta(days=40 + n),
            revenue=2_000_000,
        )
    await login(client, "exhibitor")
    form = {"day": fair.today.isoformat(), "revenue": "50.000.000"}
    page = await client.post(f"/sales/booths/{booth.id}", data=form)
    assert page.status_code == 422 and ASKS in page.text and "2.000.000" in page.text
