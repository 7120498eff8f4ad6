"""A product's listings on e-commerce floors: the URL rule, adding and removing (audited).

A listing's URL must be https, and of the named floor's domain (or a subdomain of it) where the
floor is known; the producer's own shop and "other" may be any https address. Domains:
the province's OCOP floor is postmart.vn (Vietnam Post hosts the provinces' floors), Shopee
shopee.vn, Lazada lazada.vn, Tiki tiki.vn; for the national OCOP floor we chose ocop.gov.vn.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from tortoise.transactions import in_transaction

from exhibitors.models import ListingFloor, Product, ProductListing
from ocopfair import audit
from ocopfair.errors import Invalid
from ocopfair.forms import choice, text
from ocopfair.i18n import gettext as _
from ocopfair.labels import label_id
from ocopfair.models import User

FLOOR_DOMAINS: dict[ListingFloor, tuple[str, ...]] = {
    ListingFloor.PROVINCE_FLOOR: ("postmart.vn",),
    ListingFloor.OCOP_NATIONAL: ("ocop.gov.vn",),
    ListingFloor.SHOPEE: ("shopee.vn",),
    ListingFloor.LAZADA: ("lazada.vn",),
    ListingFloor.TIKI: ("tiki.vn",),
}
MAX_LISTINGS = 20  # per product


def _host_matches(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def check_link(floor: ListingFloor, raw: str) -> str:
    """The link as stored, or Invalid({"link": sentence})."""
    link = text(raw, "link", max_length=500, required=True)
    try:
        parts = urlsplit(link)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        raise Invalid({"link": _("This is not a web address.")}) from None
    if parts.scheme.lower() != "https" or not host or parts.username or parts.password:
        raise Invalid({"link": _("The address must start with https://.")})
    domains = FLOOR_DOMAINS.get(floor)
    if domains and not _host_matches(host, domains):
        raise Invalid(
            {
                "link": _("This address is not on %(floor)s (expected %(domain)s).")
                % {"floor": _floor_name(floor), "domain": domains[0]}
            }
        )
    return link


def _floor_name(floor: ListingFloor) -> str:
    return _(label_id(floor))


def parse_listing(data: dict[str, Any]) -> tuple[ListingFloor, str]:
    floor = choice(data.get("floor"), "floor", ListingFloor)
    return floor, check_link(floor, str(data.get("link") or ""))


async def add_listing(user: User | None, product: Product, data: dict[str, Any]) -> ProductListing:
    floor, link = parse_listing(data)
    async with in_transaction():
        existing = await ProductListing.filter(product_id=product.id).count()
        if existing >= MAX_LISTINGS:
            raise Invalid(
                {"link": _("A product keeps at most %(n)d listings.") % {"n": MAX_LISTINGS}}
            )
        listing, created = await ProductListing.get_or_create(
            product_id=product.id, floor=floor, link=link
        )
        if not created:
            raise Invalid({"link": _("This listing is already recorded.")})
        await audit.record(
            user, "listing_add", "Product", product.id, after={"floor": floor.value, "link": link}
        )
    return listing


async def remove_listing(user: User | None, product: Product, listing_id: int) -> bool:
    async with in_transaction():
        listing = await ProductListing.get_or_none(id=listing_id, product_id=product.id)
        if listing is None:
            return False
        await listing.delete()
        await audit.record(
            user,
            "listing_remove",
            "Product",
            product.id,
            before={"floor": listing.floor.value, "link": listing.link},
        )
    return True


async def listings_of(product_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each product's listings, in one query."""
    found: dict[int, list[dict[str, Any]]] = {pid: [] for pid in product_ids}
    if not product_ids:
        return found
    rows = await ProductListing.filter(product_id__in=product_ids).values(
        "id", "product_id", "floor", "link"
    )
    for row in rows:
        found[row["product_id"]].append(row)
    return found
