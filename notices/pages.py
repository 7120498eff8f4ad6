"""The notices page, the unread count in the top bar, read/unread."""

from __future__ import annotations

import datetime as dt

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from notices.text import notice_path, notice_text
from ocopfair.notice_models import Notice
from ocopfair.notices import unread_count
from ocopfair.templating import redirect_after_post, render
from ocopfair.urls import url

PAGE_SIZE = 50


async def notice_list(request: Request) -> Response:
    user = request.state.user
    only_unread = request.query_params.get("unread") == "1"
    query = Notice.filter(user_id=user.id)
    if only_unread:
        query = query.filter(read_at__isnull=True)
    rows = await query.order_by("-created_at", "-id").limit(PAGE_SIZE)
    shown = [
        {
            "id": n.id,
            "text": notice_text(n.message, n.params),
            "path": notice_path(n.route, n.route_params),
            "created_at": n.created_at,
            "unread": n.read_at is None,
        }
        for n in rows
    ]
    context = {"notices": shown, "only_unread": only_unread, "unread": await unread_count(user)}
    return render(request, "notices/list.html", context)


async def unread_badge(request: Request) -> Response:
    """The count htmx puts into the top bar's link after the page has loaded."""
    count = await unread_count(request.state.user)
    return HTMLResponse(f' <span class="badge warn">{count}</span>' if count else "")


async def mark_read(request: Request) -> Response:
    """Mark one notice read (only one's own: another person's id answers 404)."""
    notice_id = request.path_params["notice_id"]
    notice = await Notice.get_or_none(id=notice_id, user_id=request.state.user.id)
    if notice is None:
        raise HTTPException(404)
    await Notice.filter(id=notice.id, read_at__isnull=True).update(read_at=dt.datetime.now(dt.UTC))
    form = await request.form()
    target = notice_path(notice.route, notice.route_params)
    return redirect_after_post(
        request, target if form.get("open") == "1" and target else url("notices")
    )


async def mark_all_read(request: Request) -> Response:
    await Notice.filter(user_id=request.state.user.id, read_at__isnull=True).update(
        read_at=dt.datetime.now(dt.UTC)
    )
    return redirect_after_post(request, url("notices"))
