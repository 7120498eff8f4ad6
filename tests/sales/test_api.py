"""The JSON API of sales and deals: same rules as the pages, errors as {"error", "fields"}."""

from __future__ import annotations

from deals.models import TradeDeal
from sales.models import SalesRecord
from tests.login import login


async def test_sales_api_saves_a_day_and_lists_the_event(client, fair):
    await login(client, "exhibitor")
    booth = fair.booths[0]
    noodles = fair.products[fair.exhibitors[0].id][0]
    response = await client.post(
        "/api/v1/sales",
        json={
            "assignment_id": booth.id,
            "day": fair.today.isoformat(),
            "revenue": "1.250.000",
            "customers": 20,
            "units": {str(noodles.id): 15},
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["revenue"], body["units"], body["lines"]) == (1_250_000, 15, {str(noodles.id): 15})
    listing = (await client.get(f"/api/v1/events/{fair.event.id}/sales")).json()
    assert [i["revenue"] for i in listing["items"]] == [1_250_000]
    assert listing["revenue_ceiling"] == 200_000_000
    booth_view = (await client.get(f"/api/v1/sales/booths/{booth.id}")).json()
    assert {p["id"] for p in booth_view["products"]} == {
        p.id for p in fair.products[fair.exhibitors[0].id]
    }


async def test_sales_api_bad_input_is_a_json_error_and_nothing_is_saved(client, fair):
    await login(client, "exhibitor")
    booth = fair.booths[0]
    other_product = fair.products[fair.exhibitors[1].id][0]
    base = {"assignment_id": booth.id, "day": fair.today.isoformat()}
    cases = [
        ({"revenue": -5}, 422, "revenue"),
        ({"revenue": 999_000_000}, 422, "confirm_high"),
        ({"revenue": 1000, "units": {str(other_product.id): 2}}, 422, f"units-{other_product.id}"),
        ({"revenue": 1000, "day": "2001-01-01"}, 422, "day"),
        ({"revenue": 1000, "units": [1, 2]}, 400, "units"),
    ]
    for extra, status, field in cases:
        response = await client.post("/api/v1/sales", json={**base, **extra})
        assert response.status_code == status, (extra, response.text)
        assert field in response.json()["fields"], (extra, response.json())
    assert not await SalesRecord.exists()
    confirmed = await client.post(
        "/api/v1/sales", json={**base, "revenue": 999_000_000, "confirm_high": True}
    )
    assert confirmed.status_code == 200
    theirs = await client.post(
        "/api/v1/sales", json={**base, "assignment_id": fair.booths[1].id, "revenue": 1}
    )
    assert theirs.status_code == 403 and "error" in theirs.json()
    # An exhibitor lists only its own booths' figures.
    await SalesRecord.create(assignment=fair.booths[1], day=fair.today, revenue=7)
    listing = (await client.get(f"/api/v1/events/{fair.event.id}/sales")).json()
    assert {i["assignment_id"] for i in listing["items"]} == {booth.id}
    assert (await client.get(f"/api/v1/sales/booths/{fair.booths[1].id}")).status_code == 403


async def test_deals_api_create_list_and_move_forward(client, fair, buyers):
    await login(client, "organizer")
    exhibitor = fair.exhibitors[2]
    products = fair.products[exhibitor.id]
    response = await client.post(
        f"/api/v1/events/{fair.event.id}/deals",
        json={
            "exhibitor_id": exhibitor.id,
            "buyer_id": buyers["WinMart"].id,
            "products": [p.id for p in products],
            "expected_volume": "800 gói/tháng",
            "value": "50.000.000",
            "status": "memorandum",
        },
    )
    assert response.status_code == 200, response.text
    deal = response.json()
    assert deal["status"] == "memorandum" and deal["value"] == 50_000_000
    assert set(deal["status_dates"]) == {"contact", "memorandum"}
    moved = await client.patch(
        f"/api/v1/deals/{deal['id']}",
        json={"status": "first_order", "status_date": fair.today.isoformat()},
    )
    assert moved.status_code == 200 and moved.json()["status"] == "first_order"
    back = await client.patch(f"/api/v1/deals/{deal['id']}", json={"status": "contact"})
    assert back.status_code == 422 and "status" in back.json()["fields"]
    listing = (await client.get(f"/api/v1/events/{fair.event.id}/deals")).json()
    assert listing["count"] == 1 and listing["value"] == 50_000_000
    buyers_list = (await client.get("/api/v1/buyers")).json()["items"]
    assert {b["name"]: b["deals"] for b in buyers_list}["WinMart"] == 1


async def test_deals_api_refuses_what_does_not_belong(client, fair, buyers):
    await login(client, "exhibitor")
    mine = fair.exhibitors[0]
    theirs_product = fair.products[fair.exhibitors[1].id][0]
    response = await client.post(
        f"/api/v1/events/{fair.event.id}/deals",
        json={"buyer_id": buyers["GO! Hạ Long"].id, "products": [theirs_product.id]},
    )
    assert response.status_code == 422 and "products" in response.json()["fields"]
    # An exhibitor's deal is always its own, whatever exhibitor_id it sends.
    response = await client.post(
        f"/api/v1/events/{fair.event.id}/deals",
        json={
            "exhibitor_id": fair.exhibitors[1].id,
            "buyer_id": buyers["Shopee"].id,
            "value": "-1",
        },
    )
    assert response.status_code == 422 and "value" in response.json()["fields"]
    response = await client.post(
        f"/api/v1/events/{fair.event.id}/deals",
        json={"exhibitor_id": fair.exhibitors[1].id, "buyer_id": buyers["Shopee"].id},
    )
    assert response.status_code == 200 and response.json()["exhibitor"]["id"] == mine.id
    other = await TradeDeal.create(
        event=fair.event, exhibitor=fair.exhibitors[1], buyer=buyers["WinMart"]
    )
    assert (
        await client.patch(f"/api/v1/deals/{other.id}", json={"status": "memorandum"})
    ).status_code == 403
    listing = (await client.get(f"/api/v1/events/{fair.event.id}/deals")).json()
    assert [d["exhibitor"]["id"] for d in listing["items"]] == [mine.id]
    assert (
        await client.post("/api/v1/buyers", json={"name": "X", "kind": "exporter"})
    ).status_code == 403


async def test_openapi_documents_sales_and_deals(client, db):
    paths = (await client.get("/api/v1/openapi.json")).json()["paths"]
    assert "post" in paths["/api/v1/sales"]
    assert {"get", "post"} <= set(paths["/api/v1/events/{event_id}/deals"])
    assert "patch" in paths["/api/v1/deals/{deal_id}"]
    assert "get" in paths["/api/v1/events/{event_id}/sales"]
    assert {"get", "post"} <= set(paths["/api/v1/buyers"])
