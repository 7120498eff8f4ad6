"""The administrator's view of e-mail deliveries: queued, sent, failed with the reason; retry."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from tortoise.functions import Count

from notices import delivery
from notices.mail import SmtpSettings
from ocopfair.audit import record
from ocopfair.i18n import gettext as _
from ocopfair.notice_models import Delivery, DeliveryStatus
from ocopfair.templating import flash, redirect_after_post, render
from ocopfair.urls import url

PAGE_SIZE = 100


async def delivery_list(request: Request) -> Response:
    status = request.query_params.get("status", "")
    if status not in {s.value for s in DeliveryStatus}:
        status = ""
    query = Delivery.all()
    if status:
        query = query.filter(status=status)
    rows = (
        await query.order_by("-id")
        .limit(PAGE_SIZE)
        .values(
            "id",
            "address",
            "status",
            "attempts",
            "last_error",
            "next_attempt_at",
            "sent_at",
            "created_at",
            "notice__kind",
            "notice__user__username",
        )
    )
    counts = dict(
        await Delivery.annotate(n=Count("id")).group_by("status").values_list("status", "n")
    )
    context = {
        "deliveries": rows,
        "status": status,
        "statuses": [(s, counts.get(s.value, 0)) for s in DeliveryStatus],
        "configured": SmtpSettings().configured,
    }
    return render(request, "notices/deliveries.html", context)


async def delivery_retry(request: Request) -> Response:
    delivery_id = request.path_params["delivery_id"]
    if not await Delivery.exists(id=delivery_id):
        raise HTTPException(404)
    if await delivery.retry(delivery_id):
        await record(request.state.user, "notices.retry", "Delivery", delivery_id)
        flash(request, _("The e-mail is queued again."))
    else:
        flash(request, _("Only a failed e-mail can be retried."), "error")
    return redirect_after_post(request, url("notice_deliveries"))
