"""Permanent OCOP showrooms (venues of kind showroom): the products they carry, and each
producer's monthly sales there (integer VND, audited), kept apart from booth sales.

A month is recorded once per showroom and producer: the database refuses a second row (even two
entries at once), and the page answers with a sentence; a correction is not offered here (an
organizer asks an administrator, as for any audited figure). A month still to come is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from events.models import Venue, VenueKind
from exhibitors.models import Exhibitor, Product
from ocopfair import audit, forms
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.models import User
from sales.models import ShowroomProduct, ShowroomSale

_MONTH = re.compile(r"^\s*(\d{1,2})/(\d{4})\s*$")
_MONTH_ISO = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")


def parse_month(raw: Any) -> dt.date:
    """mm/yyyy as people write it (or yyyy-mm from a month input): the month's first day."""
    text = str(raw or "")
    match = _MONTH.match(text)
    parts: tuple[str, ...] | None = (match.group(2), match.group(1)) if match else None
    if parts is None and (iso := _MONTH_ISO.match(text)):
        parts = iso.groups()
    if parts is None:
        raise Invalid({"month": _("Write the month as mm/yyyy, for example 03/2025.")})
    year, month = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12 or year < 2000:
        raise Invalid({"month": _("This is not a month of the calendar.")})
    first = dt.date(year, month, 1)
    if first > local_today().replace(day=1):
        raise Invalid({"month": _("This month has not come yet: sales are recorded afterwards.")})
    return first


async def showroom_or_none(venue_id: int) -> Venue | None:
    return await Venue.get_or_none(id=venue_id, kind=VenueKind.SHOWROOM)


async def carried(venue_id: int) -> list[dict[str, Any]]:
    """The producers a showroom carries, each with its products (one query)."""
    rows = (
        await ShowroomProduct.filter(venue_id=venue_id)
        .order_by("product__exhibitor__name", "product__name")
        .values(
            "product_id",
            "product__name",
            "product__stars",
            "product__exhibitor_id",
            "product__exhibitor__name",
        )
    )
    producers: dict[int, dict[str, Any]] = {}
    for row in rows:
        entry = producers.setdefault(
            row["product__exhibitor_id"],
            {
                "id": row["product__exhibitor_id"],
                "name": row["product__exhibitor__name"],
                "products": [],
            },
        )
        entry["products"].append(
            {"id": row["product_id"], "name": row["product__name"], "stars": row["product__stars"]}
        )
    return list(producers.values())


async def add_product(user: User, venue: Venue, raw_product_id: Any) -> Product:
    product_id = forms.optional_id(raw_product_id)
    product = await Product.get_or_none(id=product_id) if product_id else None
    if product is None:
        raise Invalid({"product_id": _("Choose a product of the registry.")})
    async with in_transaction():
        _row, created = await ShowroomProduct.get_or_create(
            venue_id=venue.id, product_id=product.id
        )
        if not created:
            raise Invalid({"product_id": _("This showroom already carries this product.")})
        await audit.record(
            user, "showroom_product_add", "Venue", venue.id, after={"product_id": product.id}
        )
    return product


async def record_month(user: User, venue: Venue, data: dict[str, Any]) -> ShowroomSale:
    """One producer's sales at the showroom in one past month, or Invalid with a sentence."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for key, parse in (
        ("month", lambda: parse_month(data.get("month"))),
        ("revenue", lambda: forms.vnd(data.get("revenue"), "revenue")),
        ("exhibitor_id", lambda: forms.optional_id(data.get("exhibitor_id"))),
    ):
        try:
            values[key] = parse()
        except Invalid as exc:
            errors.update(exc.fields)
    if "exhibitor_id" in values and not (
        values["exhibitor_id"] and await Exhibitor.exists(id=values["exhibitor_id"])
    ):
        errors["exhibitor_id"] = _("Choose a producer.")
    if errors:
        raise Invalid(errors)
    try:
        async with in_transaction():
            sale = await ShowroomSale.create(venue_id=venue.id, entered_by=user, **values)
            await audit.record(
                user,
                "showroom_sale",
                "ShowroomSale",
                sale.id,
                after=audit.snapshot(sale, ["venue_id", "exhibitor_id", "month", "revenue"]),
            )
    except IntegrityError:
        raise Invalid(
            {
                "month": _(
                    "The sales of this producer at this showroom for %(month)s are already "
                    "recorded."
                )
                % {"month": values["month"].strftime("%m/%Y")}
            }
        ) from None
    return sale


async def monthly_sales(venue_id: int) -> list[dict[str, Any]]:
    return (
        await ShowroomSale.filter(venue_id=venue_id)
        .order_by("-month", "exhibitor__name")
        .limit(200)
        .values("month", "revenue", "exhibitor__name")
    )


async def on_sale_at(product: Product, user: User | None) -> dict[str, Any] | None:
    """The public product page's "on sale at ..." (a section; one query)."""
    venues = (
        await ShowroomProduct.filter(product_id=product.id)
        .order_by("venue__name")
        .values("venue_id", "venue__name", "venue__address")
    )
    return {"showrooms": venues} if venues else None
