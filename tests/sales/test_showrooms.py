"""Showrooms: the products they carry on a public page and on each product's page ("on sale
at"); monthly sales per producer, integer VND, audited, refused for a month to come or twice."""

from __future__ import annotations

import asyncio
import datetime as dt

from events.models import VenueKind
from ocopfair.i18n import local_today
from ocopfair.models import AuditEntry
from sales.models import ShowroomProduct, ShowroomSale
from tests.factories import make_producer, make_user, make_venue
from tests.login import login


def _month(delta: int) -> str:
    first = local_today().replace(day=1)
    month = first.month - 1 + delta
    return dt.date(first.year + month // 12, month % 12 + 1, 1).strftime("%m/%Y")


async def _showroom():
    venue = await make_venue(
        "Điểm giới thiệu sản phẩm OCOP Hạ Long", address="Hồng Gai", kind=VenueKind.SHOWROOM
    )
    exhibitor, products = await make_producer("HTX Mật ong Vân Đồn")
    await ShowroomProduct.create(venue=venue, product=products[0])
    return venue, exhibitor, products[0]


async def test_a_showroom_lists_its_products_and_a_product_says_where_it_is_sold(db, client):
    venue, exhibitor, product = await _showroom()
    page = await client.get(f"/showrooms/{venue.id}")
    assert page.status_code == 200
    assert product.name in page.text and exhibitor.name in page.text
    assert f"/showrooms/{venue.id}/sales" not in page.text  # the sales form is the office's
    public = await client.get(f"/p/{product.id}")
    assert "Có bán tại" in public.text and venue.name in public.text
    listing = await client.get("/showrooms")
    assert venue.name in listing.text


async def test_a_month_is_recorded_once_and_never_ahead(db, client, other_client):
    venue, exhibitor, _product = await _showroom()
    await make_user("organizer")
    await make_user("organizer", "organizer2")
    await login(client, "organizer")
    await login(other_client, "organizer2")
    path = f"/showrooms/{venue.id}/sales"
    ahead = await client.post(
        path, data={"exhibitor_id": exhibitor.id, "month": _month(1), "revenue": "1.000.000"}
    )
    assert ahead.status_code == 422 and "chưa đến" in ahead.text
    data = {"exhibitor_id": exhibitor.id, "month": _month(-1), "revenue": "12.500.000"}
    answers = await asyncio.gather(client.post(path, data=data), other_client.post(path, data=data))
    assert sorted(a.status_code for a in answers) == [303, 422]
    refused = next(a for a in answers if a.status_code == 422)
    assert "đã được ghi nhận" in refused.text
    rows = await ShowroomSale.all()
    assert [(r.revenue, r.exhibitor_id) for r in rows] == [(12_500_000, exhibitor.id)]
    assert await AuditEntry.filter(action="showroom_sale").count() == 1


async def test_an_exhibitor_cannot_record_showroom_sales(db, client):
    venue, exhibitor, _product = await _showroom()
    await make_user("exhibitor", exhibitor_id=exhibitor.id)
    await login(client, "exhibitor")
    response = await client.post(
        f"/showrooms/{venue.id}/sales",
        data={"exhibitor_id": exhibitor.id, "month": _month(-1), "revenue": "1"},
    )
    assert response.status_code == 403
    assert await ShowroomSale.all().count() == 0
