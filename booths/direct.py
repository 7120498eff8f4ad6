"""An organizer puts a producer in a booth directly: no application round, no allocation run.

For fairs whose booths were given out on paper, and for past fairs entered afterwards. The
guarantees are booking's own: one active assignment per booth (BoothAssignment.active_booth is
UNIQUE), the per-producer limit of booths.eligibility counted under the producer's lock (an
organizer may go over it only with a reason). The products shown are kept where sales and the
reports read a booth's products: on the producer's application to the event, made here (marked
"direct") when it has none. On a finished event the assignment needs a reason and is marked as
entered afterwards; a reported or cancelled event takes none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from booths import booking, eligibility
from booths.models import (
    ApplicationStatus,
    AssignmentKind,
    Booth,
    BoothApplication,
    BoothAssignment,
)
from events.models import Event, EventStatus
from exhibitors.models import Exhibitor, Product
from ocopfair import forms
from ocopfair.audit import record
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from ocopfair.text import fold

RULE_DIRECT = "direct"  # decision_rule of an application made by a direct assignment
MAX_REASON = 500
SEARCH_LIMIT = 20


@dataclass
class DirectRequest:
    """What the organizer chose: a producer, the products it shows, and why (when needed)."""

    exhibitor_id: int
    product_ids: list[int] = field(default_factory=list)
    reason: str = ""
    over_limit: bool = False  # go over the per-producer limit (needs the reason)


def parse_request(data: Mapping[str, Any]) -> DirectRequest:
    """From the booth page's form or a JSON body."""
    exhibitor_id = forms.optional_id(data.get("exhibitor"))
    if exhibitor_id is None:
        raise Invalid({"exhibitor": _("Choose a producer from the list.")})
    raw = data.get("products")
    items = raw if isinstance(raw, list | tuple) else ([] if raw in (None, "") else [raw])
    product_ids = [pid for item in items if (pid := forms.optional_id(item)) is not None]
    if len(product_ids) != len(items):
        raise Invalid({"products": _("Choose products from the list.")})
    return DirectRequest(
        exhibitor_id=exhibitor_id,
        product_ids=product_ids,
        reason=forms.text(data.get("reason"), "reason", max_length=MAX_REASON),
        over_limit=forms.boolean(data.get("over_limit")),
    )


CLOSED_STATUSES = (EventStatus.REPORTED, EventStatus.CANCELLED)


def check_event(event: Event) -> None:
    """Any event that is not reported (or cancelled) takes direct assignments."""
    if event.status in CLOSED_STATUSES:
        raise Invalid(
            {
                "booth": _(
                    "This event is reported or cancelled: its booths can no longer be assigned."
                )
            }
        )


def entered_afterwards(event: Event) -> bool:
    return event.status == EventStatus.FINISHED


def check_reason(event: Event, request: DirectRequest) -> None:
    if entered_afterwards(event) and not request.reason.strip():
        raise Invalid(
            {
                "reason": _(
                    "This event has finished: say why the booth is assigned afterwards "
                    "(for example: booths were given out on paper)."
                )
            }
        )
    if request.over_limit and not request.reason.strip():
        raise Invalid({"reason": _("Say why this producer may have more booths than the limit.")})


def own_products(exhibitor: Exhibitor, products: Iterable[Product]) -> None:
    for product in products:
        if product.exhibitor_id != exhibitor.id:
            raise Invalid(
                {
                    "products": _("“%(name)s” is not a product of %(producer)s.")
                    % {"name": product.name, "producer": exhibitor.name}
                }
            )


async def taken_error(booth: Booth) -> Conflict:
    """Why a booth cannot be given: held or assigned, and to whom."""
    holder = (
        await BoothAssignment.filter(active_booth=booth.id)
        .select_related("exhibitor")
        .only("kind", "exhibitor__name", "exhibitor_id", "id")
        .first()
    )
    if holder is None:
        return booking.taken_error(booth.code)
    message = (
        _("Booth %(code)s is held by %(name)s: release the hold first.")
        if holder.kind == AssignmentKind.HOLD
        else _("Booth %(code)s is already assigned to %(name)s: release or move it first.")
    ) % {"code": booth.code, "name": holder.exhibitor.name}
    return Conflict({"booth": message}, message)


async def assign(
    event: Event,
    booth_id: int,
    request: DirectRequest,
    user: User | None,
    *,
    now: dt.datetime | None = None,
) -> BoothAssignment:
    """Give a free booth of the event to a producer, all or nothing, audited."""
    now = now or booking.now_utc()
    check_event(event)
    booth = await booking.bookable_booth(event, booth_id)
    exhibitor = await Exhibitor.get_or_none(id=request.exhibitor_id)
    if exhibitor is None:
        raise Invalid({"exhibitor": _("This producer is not in the registry.")})
    eligibility.check_exhibitor(exhibitor)
    products = await Product.filter(id__in=request.product_ids)
    if len(products) != len(set(request.product_ids)):
        raise Invalid({"products": _("A chosen product does not exist.")})
    own_products(exhibitor, products)
    check_reason(event, request)
    await booking.release_expired(event.id, now)
    try:
        async with in_transaction():
            # The limit is counted and the booth taken under one lock per producer (as booking).
            await eligibility.lock_exhibitor(exhibitor.id)
            if not request.over_limit:
                eligibility.check_limit(
                    event, await eligibility.booths_in_use(exhibitor.id, event.id, now)
                )
            application = await application_for(event.id, exhibitor.id, request.reason)
            if products:
                await application.products.add(*products)
            assignment = await BoothAssignment.create(
                booth_id=booth.id,
                active_booth=booth.id,
                exhibitor_id=exhibitor.id,
                application_id=application.id,
                kind=AssignmentKind.ASSIGNED,
                fee=booth.fee,
                entered_afterwards=entered_afterwards(event),
            )
            await record(
                user,
                "booth.assigned_directly",
                "BoothAssignment",
                assignment.id,
                after={
                    "booth": booth.code,
                    "exhibitor": exhibitor.id,
                    "products": sorted(p.id for p in products),
                    "entered_afterwards": assignment.entered_afterwards,
                    "over_limit": request.over_limit,
                },
                reason=request.reason,
            )
    except IntegrityError:
        raise await taken_error(booth) from None
    return assignment


async def application_for(event_id: int, exhibitor_id: int, reason: str) -> BoothApplication:
    """The producer's application to the event, marked allocated (made when it has none)."""
    application, created = await BoothApplication.get_or_create(
        event_id=event_id,
        exhibitor_id=exhibitor_id,
        defaults={
            "status": ApplicationStatus.ALLOCATED,
            "decision_rule": RULE_DIRECT,
            "decision_reason": reason,
        },
    )
    if not created and application.status != ApplicationStatus.ALLOCATED:
        application.status = ApplicationStatus.ALLOCATED
        await application.save(update_fields=["status", "updated_at"])
    return application


async def find_producers(query: str) -> list[dict[str, Any]]:
    """Producers whose name (without diacritics) or tax code matches, with their products."""
    text = fold(query or "")
    if len(text) < 2:
        return []
    by_tax = Exhibitor.filter(tax_code__startswith=query.strip())
    by_name = Exhibitor.filter(name_search__contains=text)
    found = {e.id: e for e in await by_tax.limit(SEARCH_LIMIT)}
    for exhibitor in await by_name.order_by("name").limit(SEARCH_LIMIT):
        found.setdefault(exhibitor.id, exhibitor)
    chosen = sorted(found.values(), key=lambda e: e.name)[:SEARCH_LIMIT]
    products: dict[int, list[Product]] = {e.id: [] for e in chosen}
    for product in await Product.filter(exhibitor_id__in=list(products)).order_by("name"):
        products[product.exhibitor_id].append(product)
    return [{"exhibitor": e, "products": products[e.id]} for e in chosen]
