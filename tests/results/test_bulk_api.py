"""Machine clients (issue 15, item 3): bulk sales (up to 1,000 booth-days) and bulk visitor
totals, all or nothing with per-item errors, both in the OpenAPI document."""

from __future__ import annotations

import asyncio

import httpx2 as httpx

from booths.models import Booth
from sales.models import SalesLine, SalesRecord
from tests.results.fair import past_fair_with_booths
from visitors.models import GateCount

AUTH = "Authorization"


async def test_a_thousand_booth_days_all_or_nothing_then_unchanged(client):
    fair, headers = await past_fair_with_booths(200, 5)
    url = f"/api/v1/events/{fair.event.id}/results/sales"
    product = fair.products[fair.producers[0].id][0]
    items = [
        {"booth": f"B{n + 1:03d}", "day": day.isoformat(), "revenue": 1_000_000 + n, "customers": 5}
        for n in range(200)
        for day in fair.days
    ]
    items[0]["units"] = {str(product.id): 7}
    items[999]["revenue"] = -5
    items[500]["revenue"] = "1.250.000"
    items[501]["revenue"] = "1,25"
    items[7]["units"] = {str(fair.products[fair.producers[3].id][0].id): 2}  # not its producer's
    refused = await client.post(
        url, json={"items": items, "reason": "máy tính tiền"}, headers=headers
    )
    assert refused.status_code == 422, refused.text
    fields = refused.json()["fields"]
    assert set(fields) == {
        "items.999.revenue",
        "items.501.revenue",
        f"items.7.units.{fair.products[fair.producers[3].id][0].id}",
    }
    assert not await SalesRecord.exists()

    items[999]["revenue"], items[501]["revenue"] = 0, "1,250,000"
    del items[7]["units"]
    saved = await client.post(
        url, json={"items": items, "reason": "máy tính tiền"}, headers=headers
    )
    assert saved.status_code == 200, saved.text
    assert saved.json() == {"items": 1000, "new": 1000, "changed": 0, "unchanged": 0}
    assert await SalesRecord.filter(source="imported").count() == 1000
    assert (await SalesRecord.filter(revenue=1_250_000).count()) == 2
    assert (await SalesLine.get()).units == 7
    again = await client.post(url, json={"items": items, "reason": "lần hai"}, headers=headers)
    assert again.json()["unchanged"] == 1000

    too_many = await client.post(url, json={"items": items + items[:1]}, headers=headers)
    assert too_many.status_code == 422 and "1000" in too_many.json()["fields"]["items"]
    no_reason = await client.post(url, json={"items": items[:1]}, headers=headers)
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["fields"]


async def test_visitor_totals_by_hour_and_whole_day(client):
    fair, headers = await past_fair_with_booths(1, 2)
    url = f"/api/v1/events/{fair.event.id}/results/visitors"
    day = fair.days[0].isoformat()
    items = [
        {"day": day, "gate": "Cổng Bắc", "hour": 9, "in": 120, "out": 30},
        {"day": day, "gate": "Cổng Bắc", "hour": 10, "in": 80, "out": 90},
        {"day": fair.days[1].isoformat(), "gate": "Cổng Nam", "hour": None, "in": 500, "out": 480},
    ]
    bad = [*items, {"day": "01/01/2000", "gate": "Cổng Bắc", "hour": 11, "in": "nhiều"}]
    refused = await client.post(url, json={"items": bad, "reason": "giấy"}, headers=headers)
    assert refused.status_code == 422
    assert {"items.3.day", "items.3.in"} <= set(refused.json()["fields"])
    assert not await GateCount.exists()
    saved = await client.post(url, json={"items": items, "reason": "giấy"}, headers=headers)
    assert saved.status_code == 200, saved.text
    rows = await GateCount.filter(source="import").order_by("bucket_start", "direction")
    assert sum(r.count for r in rows if r.direction == "in") == 700
    assert [r.whole_day for r in rows].count(True) == 2
    report = (await client.get(f"/api/v1/events/{fair.event.id}/report", headers=headers)).json()
    assert report["headlines"]["entries"]["value"] == 700


async def test_two_clients_sending_the_same_booth_days_at_once_store_them_once(db, live_server):
    fair, headers = await past_fair_with_booths(20, 2)
    url = f"{live_server.url}/api/v1/events/{fair.event.id}/results/sales"
    items = [
        {"booth": f"B{n + 1:03d}", "day": d.isoformat(), "revenue": 500_000}
        for n in range(20)
        for d in fair.days
    ]
    async with httpx.AsyncClient(timeout=60) as c:
        answers = await asyncio.gather(
            *[
                c.post(url, json={"items": items, "reason": "song song"}, headers=headers)
                for _ in range(4)
            ]
        )
    assert {r.status_code for r in answers} <= {200, 409}
    assert any(r.status_code == 200 for r in answers)
    assert await SalesRecord.all().count() == 40
    assert await Booth.filter(event=fair.event).count() == 20


async def test_both_endpoints_are_in_the_openapi_document(client):
    paths = (await client.get("/api/v1/openapi.json")).json()["paths"]
    for kind in ("sales", "visitors"):
        operation = paths[f"/api/v1/events/{{event_id}}/results/{kind}"]["post"]
        assert (
            operation["requestBody"]["content"]["application/json"]["schema"]["properties"][
                "items"
            ]["maxItems"]
            == 1000
        )
