"""Pages: my calendar link (make, rotate, revoke), and the feed itself behind its token."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from notices import feeds
from notices.text import absolute
from ocopfair.i18n import gettext as _
from ocopfair.templating import flash, redirect_after_post, render
from ocopfair.urls import url


async def feed_page(request: Request) -> Response:
    user = request.state.user
    context = {"has_feed": await feeds.has_feed(user), "feed_link": ""}
    return render(request, "notices/feed.html", context)


async def feed_rotate(request: Request) -> Response:
    """A new link, shown on this answer only (the database keeps only its hash)."""
    token = await feeds.rotate(request.state.user)
    link = absolute(url("personal_feed", token=token))
    return render(request, "notices/feed.html", {"has_feed": True, "feed_link": link})


async def feed_revoke(request: Request) -> Response:
    await feeds.revoke(request.state.user)
    flash(request, _("Your calendar link no longer works."))
    return redirect_after_post(request, url("notice_feed"))


async def personal_feed(request: Request) -> Response:
    user = await feeds.owner_of(request.path_params["token"])
    if user is None:
        raise HTTPException(404)
    return Response(
        await feeds.calendar_for(user),
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300", "Referrer-Policy": "no-referrer"},
    )
