"""Partner programmes' pages: the list (a partner sees its own, the province all of them), the
proposal form (partners), and one programme with the organizers' confirm / refuse form."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from events import programmes
from events.models import Event, EventKind, Programme, ProgrammeStatus, Venue
from events.programme_sessions import MAX_SESSION_DAYS, MAX_SESSIONS, Shape
from ocopfair.auth import allow, page
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import Role
from ocopfair.templating import flash, label, render
from ocopfair.urls import url

PARTNERS = allow(Role.PARTNER)
PROGRAMME_READERS = allow(Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL, Role.PARTNER)
DECIDERS = allow(Role.ADMIN, Role.ORGANIZER)


async def programme_list(request: Request) -> Response:
    user = request.state.user
    query = Programme.all().select_related("partner", "venue", "event")
    if user.role == Role.PARTNER:
        query = query.filter(partner_id=user.partner_id or -1)
    context = {
        "programmes": await query.limit(300),
        "partner": user.role == Role.PARTNER,
        "statuses": list(ProgrammeStatus),
    }
    return render(request, "events/programmes.html", context)


async def _form(
    request: Request, form: dict[str, Any], errors: dict[str, str], status_code: int = 200
) -> Response:
    context = {
        "form": form,
        "errors": errors,
        "venues": [(v.id, v.name) for v in await Venue.all().order_by("name")],
        "kinds": [(k.value, label(k)) for k in EventKind],
        "shapes": [
            (Shape.SINGLE.value, _("One event")),
            (Shape.WEEKLY.value, _("A series: one session every week")),
            (Shape.DATES.value, _("A series: sessions on the dates I list")),
        ],
        "max_sessions": MAX_SESSIONS,
        "max_session_days": MAX_SESSION_DAYS,
    }
    return render(request, "events/programme_form.html", context, status_code=status_code)


async def programme_new(request: Request) -> Response:
    form = {"kind": EventKind.CONNECTION_WEEK.value, "shape": Shape.SINGLE.value}
    return await _form(request, form, {})


async def programme_create(request: Request) -> Response:
    form = dict((await request.form()).items())
    try:
        programme = await programmes.propose(request.state.user, form)
    except Invalid as exc:
        return await _form(request, form, exc.fields, exc.status_code)
    flash(request, _("The programme was sent to the province for confirmation."), "success")
    return RedirectResponse(url("programme_page", programme_id=programme.id), status_code=303)


async def _programme(request: Request) -> Programme:
    programme = await Programme.get_or_none(id=request.path_params["programme_id"]).select_related(
        "partner", "venue", "event", "decided_by"
    )
    if programme is None:
        raise HTTPException(404)
    programmes.require_view(request.state.user, programme)
    return programme


async def _page(
    request: Request, programme: Programme, errors: dict[str, str], status_code: int = 200
) -> Response:
    sessions = programmes.spans_of(programme) if programme.sessions else []
    events = (
        await Event.filter(series_id=programme.series_id).order_by("series_index")
        if programme.series_id
        else []
    )
    context = {
        "programme": programme,
        "sessions": sessions,
        "series_events": events,
        "errors": errors,
        "may_decide": programmes.may_decide(request.state.user)
        and programme.status == ProgrammeStatus.PROPOSED,
    }
    return render(request, "events/programme.html", context, status_code=status_code)


async def programme_page(request: Request) -> Response:
    return await _page(request, await _programme(request), {})


async def programme_decide(request: Request) -> Response:
    form = await request.form()
    programme = await _programme(request)
    reason = str(form.get("reason") or "")
    try:
        if form.get("decision") == "confirm":
            event = await programmes.confirm(request.state.user, programme, reason)
            flash(
                request,
                _("The programme was confirmed: “%(name)s” is now an event.")
                % {"name": event.name},
                "success",
            )
        else:
            await programmes.refuse(request.state.user, programme, reason)
            flash(request, _("The programme was refused."))
    except Invalid as exc:
        return await _page(request, programme, exc.fields, exc.status_code)
    return RedirectResponse(url("programme_page", programme_id=programme.id), status_code=303)


routes = [
    page("/programmes", programme_list, access=PROGRAMME_READERS, name="programmes"),
    page("/programmes/new", programme_new, access=PARTNERS, name="programme_new"),
    page(
        "/programmes/new",
        programme_create,
        access=PARTNERS,
        methods=["POST"],
        name="programme_create",
    ),
    page(
        "/programmes/{programme_id:int}",
        programme_page,
        access=PROGRAMME_READERS,
        name="programme_page",
    ),
    page(
        "/programmes/{programme_id:int}/decide",
        programme_decide,
        access=DECIDERS,
        methods=["POST"],
        name="programme_decide",
    ),
]
