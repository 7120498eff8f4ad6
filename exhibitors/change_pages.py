"""Approvals: the exhibitors' change requests waiting for an organizer, and the two buttons."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from exhibitors import registry
from exhibitors.models import ChangeStatus, ProductChange
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.templating import flash, render
from ocopfair.urls import url


async def change_list(request: Request) -> Response:
    changes = (
        await ProductChange.filter(status=ChangeStatus.PENDING)
        .select_related("product", "exhibitor", "requested_by")
        .order_by("created_at")
    )
    recent = (
        await ProductChange.exclude(status=ChangeStatus.PENDING)
        .select_related("product", "exhibitor", "decided_by")
        .order_by("-decided_at")
        .limit(20)
    )
    return render(
        request,
        "exhibitors/changes.html",
        {"changes": changes, "recent": recent, "errors": {}},
    )


async def _decide(request: Request, *, approve: bool) -> Response:
    form = await request.form()
    try:
        await registry.decide_change(
            request.state.user,
            request.path_params["change_id"],
            approve=approve,
            reason=str(form.get("reason", "")),
        )
    except Invalid as exc:
        flash(request, next(iter(exc.fields.values()), exc.message), "error")
    else:
        flash(request, _("The change was approved.") if approve else _("The change was rejected."))
    return RedirectResponse(url("exhibitor_changes"), status_code=303)


async def change_approve(request: Request) -> Response:
    return await _decide(request, approve=True)


async def change_reject(request: Request) -> Response:
    return await _decide(request, approve=False)


async def change_photo(request: Request) -> Response:
    """A waiting new product's photo, so the organizer sees it before approving; `?size=thumb`
    its thumbnail. Stored as JPEG (exhibitors/photos.py)."""
    column = "photo_thumb" if request.query_params.get("size") == "thumb" else "photo"
    row = await ProductChange.filter(id=request.path_params["change_id"]).first().values(column)
    if not row or not row[column]:
        raise HTTPException(404)
    return Response(
        bytes(row[column]),
        media_type="image/jpeg",
        headers={"Cache-Control": "private, max-age=600", "X-Content-Type-Options": "nosniff"},
    )
