"""The public event page's "take part" section (issue 16): what a producer can apply with.

Before submitting anything, an exhibitor sees on the event page the deadline, the fee, how many
of its products qualify and, for each one that does not, why; then the button to apply (or to
pick a booth on the plan), its application if it already sent one, and its booth once assigned.
Signed-out visitors see the deadline and fee and a "log in to apply" link. 5 queries at most.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from booths.eligibility import is_certified
from booths.models import BoothApplication, BoothAssignment
from events.lifecycle import accepts_applications
from events.models import AllocationMode, Event
from exhibitors.models import ChangeStatus, Exhibitor, ExhibitorStatus, Product, ProductChange
from ocopfair.i18n import format_date, local_today
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User


def why_not(product: Product, event: Event) -> str:
    """Why a product cannot be shown at the event, in the producer's words."""
    if product.certificate_expiry is None:
        return _("no OCOP certificate on record")
    return _("its OCOP certificate expires on %(date)s, before the event ends") % {
        "date": format_date(product.certificate_expiry)
    }


async def _products(exhibitor_id: int, event: Event) -> dict[str, Any]:
    products = await Product.filter(exhibitor_id=exhibitor_id).order_by("name")
    waiting = await ProductChange.filter(
        exhibitor_id=exhibitor_id, product_id__isnull=True, status=ChangeStatus.PENDING
    ).count()
    return {
        "qualifying": [p for p in products if is_certified(p, event)],
        "refused": [(p, why_not(p, event)) for p in products if not is_certified(p, event)],
        "awaiting_approval": waiting,
    }


async def _mine(exhibitor: Exhibitor, event: Event) -> dict[str, Any]:
    application = await BoothApplication.get_or_none(event_id=event.id, exhibitor_id=exhibitor.id)
    booths = await BoothAssignment.filter(
        booth__event_id=event.id, exhibitor_id=exhibitor.id, active_booth__isnull=False
    ).select_related("booth")
    return {
        "application": application,
        "booths": [a.booth for a in booths],
        "suspended": exhibitor.status != ExhibitorStatus.ACTIVE,
        **await _products(exhibitor.id, event),
    }


async def apply_section(event: Event, user: User | None) -> dict[str, Any] | None:
    today: dt.date = local_today()
    is_open = accepts_applications(event, today)
    exhibitor = None
    if user is not None and user.role == Role.EXHIBITOR and user.exhibitor_id is not None:
        exhibitor = await Exhibitor.get_or_none(id=user.exhibitor_id)
    if exhibitor is None:
        # Signed out (or staff): the terms, only while the event takes applications.
        if not is_open or (user is not None and user.role != Role.EXHIBITOR):
            return None
        return {"event": event, "is_open": True, "signed_in": user is not None}
    mine = await _mine(exhibitor, event)
    if not is_open and mine["application"] is None and not mine["booths"]:
        return None
    return {
        "event": event,
        "is_open": is_open,
        "signed_in": True,
        "booking": event.allocation_mode == AllocationMode.BOOKING,
        **mine,
    }
