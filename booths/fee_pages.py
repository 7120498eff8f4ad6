"""An event's booth fees: what is due, collected and waived, booth by booth."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from booths import access, fees
from booths.models import BoothApplication, BoothAssignment, BoothType, PaymentStatus
from booths.page_helpers import event_tabs_for
from ocopfair.auth import READERS, page
from ocopfair.models import AuditEntry
from ocopfair.templating import render


async def _promotions(event_id: int) -> list[AuditEntry]:
    """The latest moves up from the waiting list (their audit entries say who and why)."""
    ids = await BoothApplication.filter(event_id=event_id).values_list("id", flat=True)
    return await AuditEntry.filter(
        action="booth.waitlist_promoted",
        object_type="BoothApplication",
        object_id__in=[str(i) for i in ids],
    ).limit(20)


async def fees_page(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    user = request.state.user
    may_manage = access.may_manage(user, event)
    rows = (
        await BoothAssignment.filter(active_booth__isnull=False, booth__event_id=event.id)
        .select_related("booth", "exhibitor")
        .order_by("booth__code")
        .limit(2000)
    )
    context = {
        "event": event,
        "summary": await fees.fee_summary(event.id),
        "rows": rows,
        "tabs": event_tabs_for(event, user),
        "current_tab": "booths",
        "may_manage": may_manage,
        "promotions": await _promotions(event.id) if may_manage else [],
        "payment_statuses": list(PaymentStatus),
        "booth_types": list(BoothType),
    }
    return render(request, "booths/fees.html", context)


routes = [
    page("/events/{event_id:int}/fees", fees_page, access=READERS, name="booths_fees"),
]
