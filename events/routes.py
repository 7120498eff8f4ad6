"""Pages of the events domain: calendar, event and series forms, event pages, venues, .ics.

Routes stay thin: read input, check who may act on the loaded object, call the logic in
editing.py / series.py / lifecycle.py, then render or redirect.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from events import venues as venue_logic
from events.access import (
    is_local_office,
    is_publicly_visible,
    may_plan,
    may_read_internal,
    require_event_edit,
    require_venue_edit,
    require_visible,
)
from events.calendar import build_calendar
from events.editing import BOOTH_TYPES, Saved, create_event, event_input, update_event
from events.lifecycle import allowed_next, change_status, is_read_only
from events.listing import by_month, filtered_events, month_grid, parse_filters
from events.models import (
    AllocationMode,
    Event,
    EventKind,
    EventLevel,
    EventSeries,
    EventStatus,
    SeriesFrequency,
    Venue,
    VenueKind,
)
from events.scheduling import ScheduleConflict
from events.series import MAX_OCCURRENCES, change_series_status, create_series
from ocopfair.auth import ANYONE, READERS, STAFF, page
from ocopfair.errors import Invalid
from ocopfair.i18n import N_, local_today
from ocopfair.i18n import gettext as _
from ocopfair.models import AuditEntry, Locality, User
from ocopfair.navigation import add_event_tab, add_nav_item, event_tabs, sections_for
from ocopfair.templating import flash, label, redirect_after_post, render


def _options(enum_type: Any) -> list[tuple[str, str]]:
    return [(member.value, label(member)) for member in enum_type]


async def _choices() -> dict[str, Any]:
    return {
        "venues": await Venue.all().values_list("id", "name"),
        "localities": await Locality.all().values_list("id", "name"),
        "kinds": _options(EventKind),
        "levels": _options(EventLevel),
        "statuses": _options(EventStatus),
        "modes": _options(AllocationMode),
        "frequencies": _options(SeriesFrequency),
        "venue_kinds": _options(VenueKind),
        "booth_types": BOOTH_TYPES,
        "max_occurrences": MAX_OCCURRENCES,
    }


def _form_dict(form: Any) -> dict[str, Any]:
    return {key: form.get(key) for key in form}


def _conflict_context(exc: Invalid) -> dict[str, Any]:
    return {"clashes": exc.descriptions if isinstance(exc, ScheduleConflict) else []}


def _after_save(request: Request, saved: Saved, message: str) -> None:
    flash(request, message)
    for warning in saved.warnings:
        flash(request, warning, "warning")


# --- Calendar ---------------------------------------------------------------------------------


async def calendar_page(request: Request) -> Response:
    user = request.state.user
    internal = may_read_internal(user)
    filters = parse_filters(request.query_params)
    view = "list" if request.query_params.get("view") == "list" else "month"
    today = local_today()
    filters.year = filters.year or today.year
    if view == "month":
        filters.month = filters.month or today.month
    else:
        filters.month = None
    if not internal:
        filters.status = None if filters.status == EventStatus.DRAFT else filters.status
    events = await filtered_events(filters, internal=internal)
    context: dict[str, Any] = {
        "events": events,
        "filters": filters,
        "view": view,
        "internal": internal,
        "may_plan": may_plan(user),
        "today": today,
        "localities": await Locality.all().values_list("id", "name"),
        "kinds": _options(EventKind),
        "levels": _options(EventLevel),
        "statuses": [s for s in _options(EventStatus) if internal or s[0] != "draft"],
        "years": list(range(today.year - 8, today.year + 3)),
        "months": list(range(1, 13)),
    }
    if view == "month":
        first = dt.date(filters.year, filters.month or 1, 1)
        previous = (first - dt.timedelta(days=1)).replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        context.update(
            weeks=month_grid(first.year, first.month, events),
            first=first,
            previous=previous,
            following=following,
        )
    else:
        context["groups"] = by_month(events)
    return render(request, "events/calendar.html", context, fragment="results")


# --- Creating and editing events --------------------------------------------------------------


def _defaults_for(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {
        "is_public": True,
        "allocation_mode": AllocationMode.APPLICATION,
        "max_booths_per_exhibitor": 2,
        "hold_minutes": 30,
        "kind": EventKind.PROVINCIAL_FAIR,
        "level": EventLevel.PROVINCIAL,
    }
    if is_local_office(user):
        data.update(
            level=EventLevel.COMMUNE, kind=EventKind.LOCAL_FAIR, locality_id=user.locality_id
        )  # type: ignore[attr-defined]
    return data


async def event_new(request: Request) -> Response:
    context = {
        "form": _defaults_for(request.state.user),
        "errors": {},
        "event": None,
        "clashes": [],
        **await _choices(),
    }
    return render(request, "events/form.html", context)


async def event_create(request: Request) -> Response:
    data = _form_dict(await request.form())
    try:
        saved = await create_event(request.state.user, data, today=local_today())
    except Invalid as exc:
        context = {
            "form": data,
            "errors": exc.fields,
            "event": None,
            "message": exc.message,
            **_conflict_context(exc),
            **await _choices(),
        }
        return render(
            request, "events/form.html", context, status_code=exc.status_code, fragment="event_form"
        )
    _after_save(request, saved, _("The event “%(name)s” was saved.") % {"name": saved.event.name})
    return redirect_after_post(request, f"/events/{saved.event.id}")


async def _load_event(request: Request) -> Event:
    event = await Event.get_or_none(id=request.path_params["event_id"]).select_related(
        "venue", "locality", "series"
    )
    if event is None:
        raise HTTPException(404)
    return event


async def event_edit(request: Request) -> Response:
    event = await _load_event(request)
    require_event_edit(request.state.user, event)
    form = {**event_input(event), "sequence": event.sequence}
    context = {"form": form, "errors": {}, "event": event, "clashes": [], **await _choices()}
    return render(request, "events/form.html", context)


async def event_update(request: Request) -> Response:
    event = await _load_event(request)
    user = request.state.user
    require_event_edit(user, event)
    data = _form_dict(await request.form())
    try:
        saved = await update_event(
            user, event, data, today=local_today(), scope=str(data.get("scope") or "this")
        )
    except Invalid as exc:
        context = {
            "form": data,
            "errors": exc.fields,
            "event": event,
            "message": exc.message,
            **_conflict_context(exc),
            **await _choices(),
        }
        return render(
            request, "events/form.html", context, status_code=exc.status_code, fragment="event_form"
        )
    if len(saved.events) > 1:
        message = _("%(n)d occurrences were updated.") % {"n": len(saved.events)}
    else:
        message = _("The event “%(name)s” was saved.") % {"name": saved.event.name}
    _after_save(request, saved, message)
    return redirect_after_post(request, f"/events/{event.id}")


async def event_status(request: Request) -> Response:
    event = await _load_event(request)
    user = request.state.user
    require_event_edit(user, event)
    form = await request.form()
    reason = str(form.get("reason", ""))[:1000].strip()
    try:
        await change_status(
            event, str(form.get("status", "")), user, today=local_today(), reason=reason
        )
    except Invalid as exc:
        flash(request, next(iter(exc.fields.values()), exc.message), "error")
        return redirect_after_post(request, f"/events/{event.id}")
    flash(request, _("The status is now “%(status)s”.") % {"status": label(event.status)})
    return redirect_after_post(request, f"/events/{event.id}")


# --- Event pages ------------------------------------------------------------------------------


async def event_page(request: Request) -> Response:
    """The organizer's page of one event: details, status buttons, history, and the tabs."""
    event = await _load_event(request)
    user = request.state.user
    today = local_today()
    history = (
        await AuditEntry.filter(object_type="Event", object_id=str(event.id))
        .select_related("user")
        .limit(30)
    )
    siblings: list[Event] = []
    if event.series_id:  # type: ignore[attr-defined]
        siblings = await Event.filter(series_id=event.series_id).order_by("series_index")  # type: ignore[attr-defined]
    context = {
        "event": event,
        "tabs": event_tabs(event.id),
        "current_tab": "overview",
        "history": history,
        "siblings": siblings,
        "next_statuses": allowed_next(event, user, today) if _may_edit(user, event) else [],
        "may_edit": _may_edit(user, event) and not is_read_only(event, user),
        "public": is_publicly_visible(event),
    }
    return render(request, "events/detail.html", context)


def _may_edit(user: User, event: Event) -> bool:
    try:
        require_event_edit(user, event)
    except HTTPException:
        return False
    return True


async def public_page(request: Request) -> Response:
    event = await _load_event(request)
    user = request.state.user
    require_visible(user, event)
    context = {
        "event": event,
        "sections": await sections_for("event_public", event, user),
        "preview": not is_publicly_visible(event),
    }
    return render(request, "events/public.html", context)


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _ics(body: bytes, filename: str) -> Response:
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "max-age=300",
        },
    )


async def event_ics(request: Request) -> Response:
    event = await _load_event(request)
    require_visible(request.state.user, event)
    body = build_calendar(
        [event], name=event.name, base_url=_base_url(request), uid=f"event-{event.ical_uid}"
    )
    return _ics(body, f"event-{event.id}.ics")


async def feed_ics(request: Request) -> Response:
    """The subscribable feed of public events (query: kind, level, locality, year)."""
    filters = parse_filters(request.query_params)
    filters.status = None
    events = await filtered_events(filters, internal=False)
    name = _("OCOP fairs of Quảng Ninh")
    body = build_calendar(
        events, name=name, base_url=_base_url(request), uid="ocopfair-public-feed"
    )
    return _ics(body, "ocop-quang-ninh.ics")


# --- Series -----------------------------------------------------------------------------------


async def series_new(request: Request) -> Response:
    form = {
        **_defaults_for(request.state.user),
        "kind": EventKind.CONNECTION_WEEK,
        "frequency": "weekly",
        "interval": 1,
        "days": 7,
    }
    context = {"form": form, "errors": {}, "clashes": [], **await _choices()}
    return render(request, "events/series_form.html", context)


async def series_create(request: Request) -> Response:
    data = _form_dict(await request.form())
    try:
        saved = await create_series(request.state.user, data, today=local_today())
    except Invalid as exc:
        context = {
            "form": data,
            "errors": exc.fields,
            "message": exc.message,
            **_conflict_context(exc),
            **await _choices(),
        }
        return render(
            request,
            "events/series_form.html",
            context,
            status_code=exc.status_code,
            fragment="series_form",
        )
    _after_save(
        request, saved, _("The series was created with %(n)d events.") % {"n": len(saved.events)}
    )
    return redirect_after_post(request, f"/series/{saved.event.series_id}")  # type: ignore[attr-defined]


async def _load_series(request: Request) -> EventSeries:
    series = await EventSeries.get_or_none(id=request.path_params["series_id"]).select_related(
        "venue", "locality"
    )
    if series is None:
        raise HTTPException(404)
    return series


async def series_page(request: Request) -> Response:
    series = await _load_series(request)
    events = await Event.filter(series_id=series.id).order_by("series_index")
    user = request.state.user
    context = {
        "series": series,
        "events": events,
        "may_edit": bool(events) and _may_edit(user, events[0]),
        "statuses": _options(EventStatus),
    }
    return render(request, "events/series.html", context)


async def series_status(request: Request) -> Response:
    series = await _load_series(request)
    user = request.state.user
    events = await Event.filter(series_id=series.id).order_by("series_index").limit(1)
    if not events:
        raise HTTPException(404)
    require_event_edit(user, events[0])
    form = await request.form()
    try:
        changed, skipped = await change_series_status(
            user,
            series,
            str(form.get("status", "")),
            today=local_today(),
            reason=str(form.get("reason", ""))[:1000],
        )
    except Invalid as exc:
        flash(request, next(iter(exc.fields.values()), exc.message), "error")
        return redirect_after_post(request, f"/series/{series.id}")
    flash(
        request,
        _("%(changed)d occurrences changed, %(skipped)d left as they were.")
        % {"changed": len(changed), "skipped": len(skipped)},
    )
    return redirect_after_post(request, f"/series/{series.id}")


# --- Venues -----------------------------------------------------------------------------------


async def venue_list(
    request: Request, form: dict | None = None, errors: dict | None = None, status_code: int = 200
) -> Response:
    venues = await Venue.all().select_related("locality")
    context = {
        "venue_rows": venues,
        "form": form or {},
        "errors": errors or {},
        "may_plan": may_plan(request.state.user),
        "editing": None,
        **await _choices(),
    }
    return render(
        request,
        "events/venues.html",
        context,
        status_code=status_code,
        fragment="venue_form" if errors else None,
    )


async def venue_create(request: Request) -> Response:
    data = _form_dict(await request.form())
    try:
        venue = await venue_logic.create_venue(request.state.user, data)
    except Invalid as exc:
        return await venue_list(request, data, exc.fields, exc.status_code)
    flash(request, _("The venue “%(name)s” was saved.") % {"name": venue.name})
    return redirect_after_post(request, "/venues")


async def _load_venue(request: Request) -> Venue:
    venue = await Venue.get_or_none(id=request.path_params["venue_id"])
    if venue is None:
        raise HTTPException(404)
    require_venue_edit(request.state.user, venue)
    return venue


async def venue_edit(request: Request) -> Response:
    venue = await _load_venue(request)
    context = {
        "venue": venue,
        "form": venue_logic.venue_input(venue),
        "errors": {},
        **await _choices(),
    }
    return render(request, "events/venue_form.html", context)


async def venue_update(request: Request) -> Response:
    venue = await _load_venue(request)
    data = _form_dict(await request.form())
    try:
        await venue_logic.update_venue(request.state.user, venue, data)
    except Invalid as exc:
        context = {"venue": venue, "form": data, "errors": exc.fields, **await _choices()}
        return render(request, "events/venue_form.html", context, status_code=exc.status_code)
    flash(request, _("The venue “%(name)s” was saved.") % {"name": venue.name})
    return redirect_after_post(request, "/venues")


routes = [
    page("/events", calendar_page, access=ANYONE, name="events_calendar"),
    page("/events", event_create, access=STAFF, methods=["POST"], name="event_create"),
    page("/events/new", event_new, access=STAFF, name="event_new"),
    page("/events/{event_id:int}", event_page, access=READERS, name="event_page"),
    page("/events/{event_id:int}/edit", event_edit, access=STAFF, name="event_edit"),
    page(
        "/events/{event_id:int}/edit",
        event_update,
        access=STAFF,
        methods=["POST"],
        name="event_update",
    ),
    page(
        "/events/{event_id:int}/status",
        event_status,
        access=STAFF,
        methods=["POST"],
        name="event_status",
    ),
    page("/events/{event_id:int}/public", public_page, access=ANYONE, name="event_public"),
    page("/events/{event_id:int}/calendar.ics", event_ics, access=ANYONE, name="event_ics"),
    page("/calendar.ics", feed_ics, access=ANYONE, name="events_feed"),
    page("/series/new", series_new, access=STAFF, name="series_new"),
    page("/series", series_create, access=STAFF, methods=["POST"], name="series_create"),
    page("/series/{series_id:int}", series_page, access=READERS, name="series_page"),
    page(
        "/series/{series_id:int}/status",
        series_status,
        access=STAFF,
        methods=["POST"],
        name="series_status",
    ),
    page("/venues", venue_list, access=READERS, name="venues"),
    page("/venues", venue_create, access=STAFF, methods=["POST"], name="venue_create"),
    page("/venues/{venue_id:int}/edit", venue_edit, access=STAFF, name="venue_edit"),
    page(
        "/venues/{venue_id:int}/edit",
        venue_update,
        access=STAFF,
        methods=["POST"],
        name="venue_update",
    ),
]

add_nav_item(N_("Events"), "events_calendar", ANYONE, order=20)
add_nav_item(N_("Venues"), "venues", READERS, order=25)
add_event_tab("overview", N_("Overview"), "event_page", order=10, access=READERS)
