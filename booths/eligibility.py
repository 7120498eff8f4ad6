"""Who may get a booth at an event: one place for the rules that booking and applying share.

Decision: a product counts as "currently certified" for an event when its OCOP certificate is
still valid on the event's last day (certificate_expiry >= event.end_date). A certificate that
runs out during the fair would leave the producer showing an uncertified product.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from tortoise.expressions import Subquery

from booths.models import Booth, BoothAssignment
from events.lifecycle import accepts_applications
from events.models import Event
from exhibitors.models import Exhibitor, ExhibitorStatus, Product
from ocopfair.errors import Invalid
from ocopfair.i18n import format_date
from ocopfair.i18n import gettext as _


def check_open(event: Event, today: dt.date) -> None:
    if not accepts_applications(event, today):
        raise Invalid(
            {
                "event": _(
                    "This event does not take applications or bookings now "
                    "(it is not open, or its deadline has passed)."
                )
            },
            _("This event is closed for applications and bookings."),
        )


def check_exhibitor(exhibitor: Exhibitor) -> None:
    if exhibitor.status != ExhibitorStatus.ACTIVE:
        raise Invalid(
            {"exhibitor": _("This producer is suspended and cannot take part in events.")}
        )


def is_certified(product: Product, event: Event) -> bool:
    return product.certificate_expiry is not None and product.certificate_expiry >= event.end_date


async def certified_products(exhibitor_id: int, event: Event) -> list[Product]:
    return await Product.filter(
        exhibitor_id=exhibitor_id, certificate_expiry__gte=event.end_date
    ).order_by("name")


async def check_products(
    exhibitor: Exhibitor, product_ids: Iterable[int], event: Event
) -> list[Product]:
    """The chosen products, each the producer's own and certified through the event's end."""
    ids = sorted(set(product_ids))
    if not ids:
        raise Invalid({"products": _("Choose at least one product to show.")})
    products = await Product.filter(id__in=ids)
    found = {p.id for p in products}
    if set(ids) - found:
        raise Invalid({"products": _("A chosen product does not exist.")})
    for product in products:
        if product.exhibitor_id != exhibitor.id:
            raise Invalid(
                {"products": _("“%(name)s” is not one of your products.") % {"name": product.name}}
            )
        if not is_certified(product, event):
            if product.certificate_expiry is None:
                message = _("“%(name)s” has no OCOP certificate on record.") % {
                    "name": product.name
                }
            else:
                message = _(
                    "The OCOP certificate of “%(name)s” expires on %(date)s, before the "
                    "event ends. Renew it first."
                ) % {"name": product.name, "date": format_date(product.certificate_expiry)}
            raise Invalid({"products": message})
    return products


async def booths_in_use(exhibitor_id: int, event_id: int, now: dt.datetime) -> int:
    """Active assignments and unexpired holds of this producer at this event."""
    rows = await BoothAssignment.filter(
        exhibitor_id=exhibitor_id,
        active_booth__isnull=False,
        booth_id__in=Subquery(Booth.filter(event_id=event_id).values("id")),
    ).values("kind", "expires_at")
    return sum(1 for r in rows if r["expires_at"] is None or r["expires_at"] >= now)


async def lock_exhibitor(exhibitor_id: int) -> None:
    """Inside a transaction: wait for, then hold, the producer's row until the commit, so its
    booth count cannot change underneath. PostgreSQL takes a row lock (FOR UPDATE); SQLite's
    transactions already run one at a time (one worker, one connection), so Tortoise leaves
    the clause out there."""
    # .only(), not .values_list(): Tortoise drops FOR UPDATE from a values query.
    await Exhibitor.filter(id=exhibitor_id).select_for_update().only("id")


def check_limit(event: Event, in_use: int, more: int = 1) -> None:
    if in_use + more > event.max_booths_per_exhibitor:
        raise Invalid(
            {
                "booth": _(
                    "A producer may have at most %(max)d booths at this event (you have %(have)d)."
                )
                % {"max": event.max_booths_per_exhibitor, "have": in_use}
            }
        )
