"""The venues page (list and the new-venue form) and a venue's edit form."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from events import venues as venue_logic
from events.access import may_plan, require_venue_edit
from events.loaders import venue_or_404
from events.models import Venue
from events.page_forms import choices, form_dict
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.templating import flash, redirect_after_post, render
from ocopfair.urls import url


async def venue_list(
    request: Request,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    venues = await Venue.all().select_related("locality")
    context = {
        "venue_rows": venues,
        "form": form or {},
        "errors": errors or {},
        "may_plan": may_plan(request.state.user),
        "editing": None,
        **await choices(),
    }
    return render(
        request,
        "events/venues.html",
        context,
        status_code=status_code,
        fragment="venue_form" if errors else None,
    )


async def venue_create(request: Request) -> Response:
    data = form_dict(await request.form())
    try:
        venue = await venue_logic.create_venue(request.state.user, data)
    except Invalid as exc:
        return await venue_list(request, data, exc.fields, exc.status_code)
    flash(request, _("The venue “%(name)s” was saved.") % {"name": venue.name})
    return redirect_after_post(request, url("venues"))


async def _load_venue(request: Request) -> Venue:
    venue = await venue_or_404(request.path_params["venue_id"])
    require_venue_edit(request.state.user, venue)
    return venue


async def venue_edit(request: Request) -> Response:
    venue = await _load_venue(request)
    context = {
        "venue": venue,
        "form": venue_logic.venue_input(venue),
        "errors": {},
        **await choices(),
    }
    return render(request, "events/venue_form.html", context)


async def venue_update(request: Request) -> Response:
    venue = await _load_venue(request)
    data = form_dict(await request.form())
    try:
        await venue_logic.update_venue(request.state.user, venue, data)
    except Invalid as exc:
        context = {"venue": venue, "form": data, "errors": exc.fields, **await choices()}
        return render(request, "events/venue_form.html", context, status_code=exc.status_code)
    flash(request, _("The venue “%(name)s” was saved.") % {"name": venue.name})
    return redirect_after_post(request, url("venues"))
