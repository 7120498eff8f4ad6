"""Trade deal pages and the buyer registry."""

from __future__ import annotations

from deals.models import Buyer, DealStatus, TradeDeal
from events.models import EventStatus
from ocopfair.models import AuditEntry
from tests.factories import add_booths, make_user
from tests.login import login
from tests.queries import count_queries


async def test_organizer_records_a_deal_for_an_exhibitor_of_the_event(client, fair, buyers):
    await login(client, "organizer")
    exhibitor = fair.exhibitors[1]
    products = fair.products[exhibitor.id]
    # Without JavaScript, choosing the producer first shows its products.
    step = await client.post(
        f"/events/{fair.event.id}/deals",
        data={"exhibitor_id": str(exhibitor.id), "step": "products"},
    )
    assert step.status_code == 200 and products[0].name in step.text
    assert not await TradeDeal.exists()
    fragment = await client.get(
        f"/events/{fair.event.id}/deals/products",
        params={"exhibitor_id": exhibitor.id},
        headers={"HX-Request": "true"},
    )
    assert fragment.text.lstrip().startswith("<fieldset") and products[1].name in fragment.text
    response = await client.post(
        f"/events/{fair.event.id}/deals",
        data={
            "exhibitor_id": str(exhibitor.id),
            "buyer_id": str(buyers["GO! Hạ Long"].id),
            "products": [str(p.id) for p in products],
            "expected_volume": "800 sản phẩm/tháng",
            "value": "120.000.000",
            "status": "contact",
            "status_date": fair.today.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 303, response.text[-1500:]
    deal = await TradeDeal.get().prefetch_related("products")
    assert {p.id for p in deal.products} == {p.id for p in products}
    assert deal.status_dates == {"contact": fair.today.isoformat()}
    assert await AuditEntry.exists(action="deal.create", object_id=str(deal.id))
    page = await client.get(f"/events/{fair.event.id}/deals")
    assert "GO! Hạ Long" in page.text and "120.000.000" in page.text
    # Move it forward through the page's small form.
    moved = await client.post(
        f"/deals/{deal.id}",
        data={"status": "memorandum", "status_date": fair.today.strftime("%d/%m/%Y")},
    )
    assert moved.status_code == 303
    assert (await TradeDeal.get(id=deal.id)).status == DealStatus.MEMORANDUM


async def test_deal_form_errors_are_shown_and_nothing_saved(client, fair, buyers):
    await login(client, "organizer")
    outsider_products = fair.products[fair.exhibitors[0].id]
    response = await client.post(
        f"/events/{fair.event.id}/deals",
        data={
            "exhibitor_id": str(fair.exhibitors[1].id),
            "buyer_id": "",
            "products": [str(outsider_products[0].id)],
            "value": "-3",
        },
    )
    assert response.status_code == 422
    assert "Hãy chọn đơn vị thu mua." in response.text
    assert "Giá trị hợp đồng không được âm." in response.text
    response = await client.post(
        f"/events/{fair.event.id}/deals",
        data={
            "exhibitor_id": str(fair.exhibitors[1].id),
            "buyer_id": str(buyers["WinMart"].id),
            "products": [str(outsider_products[0].id)],
        },
    )
    assert (
        response.status_code == 422 and "Chỉ chọn sản phẩm của chính chủ thể này." in response.text
    )
    assert not await TradeDeal.exists()


async def test_exhibitor_sees_and_records_only_its_own_deals(client, fair, buyers):
    theirs = await TradeDeal.create(
        event=fair.event,
        exhibitor=fair.exhibitors[1],
        buyer=buyers["Shopee"],
        expected_volume="bí mật",
    )
    await login(client, "exhibitor")
    page = await client.get(f"/events/{fair.event.id}/deals")
    assert page.status_code == 200 and "bí mật" not in page.text
    assert fair.products[fair.exhibitors[0].id][0].name in page.text  # its products, no picker
    response = await client.post(
        f"/events/{fair.event.id}/deals",
        data={"exhibitor_id": str(fair.exhibitors[1].id), "buyer_id": str(buyers["WinMart"].id)},
    )
    assert response.status_code == 303
    assert (await TradeDeal.exclude(id=theirs.id).get()).exhibitor_id == fair.exhibitors[0].id
    assert (
        await client.post(f"/deals/{theirs.id}", data={"status": "memorandum"})
    ).status_code == 403


async def test_a_reported_events_deals_only_move_forward(client, fair, buyers):
    deal = await TradeDeal.create(
        event=fair.event,
        exhibitor=fair.exhibitors[0],
        buyer=buyers["WinMart"],
        value=10,
        status_dates={"contact": fair.event.start_date.isoformat()},
    )
    fair.event.status = EventStatus.REPORTED
    await fair.event.save()
    await login(client, "organizer")
    page = await client.get(f"/events/{fair.event.id}/deals")
    assert f'action="/events/{fair.event.id}/deals"' not in page.text
    refused = await client.post(
        f"/events/{fair.event.id}/deals",
        data={"exhibitor_id": str(fair.exhibitors[0].id), "buyer_id": str(buyers["WinMart"].id)},
    )
    assert refused.status_code == 422
    await client.post(f"/deals/{deal.id}", data={"value": "99.000.000"})
    assert (await TradeDeal.get(id=deal.id)).value == 10
    await client.post(f"/deals/{deal.id}", data={"status": "regular_supply"})
    deal = await TradeDeal.get(id=deal.id)
    assert deal.status == DealStatus.REGULAR_SUPPLY
    assert set(deal.status_dates) == {"contact", "memorandum", "first_order", "regular_supply"}


async def test_buyer_registry_lists_adds_and_refuses_duplicates(client, other_client, db, buyers):
    await make_user("organizer")
    await make_user("official")
    await login(client, "organizer")
    page = await client.get("/buyers")
    assert all(name in page.text for name in buyers)
    added = await client.post("/buyers", data={"name": "Co.opmart Hạ Long", "kind": "supermarket"})
    assert added.status_code == 303
    duplicate = await client.post("/buyers", data={"name": "winmart", "kind": "supermarket"})
    assert duplicate.status_code == 422 and "đã có trong danh sách" in duplicate.text
    bad_kind = await client.post("/buyers", data={"name": "Ai đó", "kind": "bank"})
    assert bad_kind.status_code == 422
    assert await Buyer.all().count() == 4
    await login(other_client, "official")
    assert (await other_client.get("/buyers")).status_code == 200
    assert (
        await other_client.post("/buyers", data={"name": "X", "kind": "exporter"})
    ).status_code == 403


async def deals_queries(client, event_id: int) -> int:
    with count_queries() as counter:
        response = await client.get(f"/events/{event_id}/deals")
    assert response.status_code == 200
    return counter.count


async def test_deals_page_query_count_does_not_grow_with_deals(client, fair, buyers):
    await login(client, "organizer")

    async def add_deals(assignments) -> None:
        for a in assignments:
            await a.fetch_related("exhibitor")
            for buyer in buyers.values():
                deal = await TradeDeal.create(
                    event=fair.event, exhibitor=a.exhibitor, buyer=buyer, value=1000
                )
                await deal.products.add(*await a.exhibitor.products.all())

    await add_deals(fair.booths[:1])
    few = await deals_queries(client, fair.event.id)
    await add_deals(fair.booths[1:] + await add_booths(fair.event, 12, start=50))
    many = await deals_queries(client, fair.event.id)
    assert many == few, (few, many)
