"""A product's e-commerce listings: https only, of the named floor's domain where known, shown
on the product's public QR page; refused with a sentence, nothing saved."""

from __future__ import annotations

import pytest

from exhibitors.listings import check_link
from exhibitors.models import ListingFloor, ProductListing
from ocopfair.errors import Invalid
from ocopfair.models import AuditEntry
from tests.factories import make_producer_user
from tests.login import login


@pytest.mark.parametrize(
    "floor, link",
    [
        (ListingFloor.PROVINCE_FLOOR, "https://postmart.vn/san-pham/1"),
        (ListingFloor.PROVINCE_FLOOR, "https://shop.postmart.vn/x"),
        (ListingFloor.SHOPEE, "https://shopee.vn/mat-ong"),
        (ListingFloor.TIKI, "https://TIKI.vn/a"),
        (ListingFloor.OWN_SHOP, "https://htx-binh-lieu.vn/"),
        (ListingFloor.OTHER, "https://example.org/p"),
    ],
)
def test_a_link_of_its_floor_passes(floor, link):
    assert check_link(floor, link) == link


@pytest.mark.parametrize(
    "floor, link",
    [
        (ListingFloor.SHOPEE, "http://shopee.vn/mat-ong"),  # not https
        (ListingFloor.SHOPEE, "https://lazada.vn/mat-ong"),  # another floor
        (ListingFloor.SHOPEE, "https://shopee.vn.evil.com/x"),  # a look-alike host
        (ListingFloor.SHOPEE, "https://evilshopee.vn/x"),
        (ListingFloor.PROVINCE_FLOOR, "https://user:pw@postmart.vn/x"),
        (ListingFloor.OWN_SHOP, "javascript:alert(1)"),
        (ListingFloor.OTHER, "ftp://example.org/p"),
        (ListingFloor.OTHER, ""),
    ],
)
def test_a_link_not_https_or_not_of_its_floor_is_refused(floor, link):
    with pytest.raises(Invalid) as caught:
        check_link(floor, link)
    assert "link" in caught.value.fields


async def test_the_producer_adds_a_listing_shown_on_the_qr_page(db, client):
    user, exhibitor, products = await make_producer_user("HTX Mật ong Bình Liêu")
    await login(client, user.username)
    path = f"/exhibitors/products/{products[0].id}/listings"
    bad = await client.post(path, data={"floor": "shopee", "link": "https://lazada.vn/x"})
    assert bad.status_code == 422
    assert "shopee.vn" in bad.text
    assert await ProductListing.all().count() == 0
    good = await client.post(path, data={"floor": "shopee", "link": "https://shopee.vn/mo"})
    assert good.status_code == 303
    again = await client.post(path, data={"floor": "shopee", "link": "https://shopee.vn/mo"})
    assert again.status_code == 422
    assert await ProductListing.all().count() == 1
    assert await AuditEntry.filter(action="listing_add", object_id=str(products[0].id)).count() == 1
    public = await client.get(f"/p/{products[0].id}")
    assert "https://shopee.vn/mo" in public.text


async def test_another_producer_cannot_touch_the_listings(db, client):
    _user, _exhibitor, products = await make_producer_user("HTX Một")
    other, _o, _p = await make_producer_user("HTX Hai")
    await login(client, other.username)
    path = f"/exhibitors/products/{products[0].id}/listings"
    response = await client.post(path, data={"floor": "tiki", "link": "https://tiki.vn/a"})
    assert response.status_code == 403
    assert await ProductListing.all().count() == 0
    assert (await client.get(path)).status_code == 403
