"""Allocation pages: an event's rules, preview and commit, and a whole series' rotation."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from booths import access, allocation
from booths import series_allocation as series_logic
from booths.allocation_summary import achievements
from booths.models import AllocationRun, Booth, BoothApplication, RunKind
from booths.page_helpers import event_tabs_for, redirect_to
from booths.reasons import explain
from booths.rules import parse_rules
from events.models import Event, EventSeries
from exhibitors.models import ProductGroup
from ocopfair.auth import EVENT_MANAGERS, page
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality, User
from ocopfair.templating import flash, render


async def _exhibitor_names(application_ids: list[int]) -> dict[int, str]:
    """Application id -> its producer's name, for a run's table."""
    names: dict[int, str] = {}
    for app in await BoothApplication.filter(id__in=application_ids).select_related("exhibitor"):
        names[app.id] = app.exhibitor.name
    return names


async def _allocation_context(event: Event, user: User) -> dict[str, Any]:
    rules = await allocation.get_rules(event.id)
    run = await AllocationRun.filter(event_id=event.id).first()
    names: dict[int, str] = {}
    codes: dict[int, str] = {}
    if run:
        names = await _exhibitor_names([int(i) for i in run.result.get("rules", {})])
        booth_ids = [b for ids in run.result.get("booths", {}).values() for b in ids]
        codes = {
            b["id"]: b["code"] for b in await Booth.filter(id__in=booth_ids).values("id", "code")
        }
    return {
        "event": event,
        "rules": rules,
        "run": run,
        "names": names,
        "codes": codes,
        "zones": sorted(set(await Booth.filter(event_id=event.id).values_list("zone", flat=True))),
        "groups": list(ProductGroup),
        "localities": await Locality.all(),
        "tabs": event_tabs_for(event, user),
        "current_tab": "booths",
        "errors": {},
        "error_message": "",
        "rule_text": explain,
        "achieved": await achievements(run) if run else [],
    }


async def _allocation_page(request: Request, event: Event, exc: Invalid | None = None) -> Response:
    context = await _allocation_context(event, request.state.user)
    if exc:
        context.update(errors=exc.fields, error_message=exc.message)
    return render(
        request, "booths/allocation.html", context, status_code=exc.status_code if exc else 200
    )


async def _managed_event(request: Request) -> Event:
    event = await access.load_event(request.path_params["event_id"])
    access.require_manage(request.state.user, event)
    return event


async def allocation_page(request: Request) -> Response:
    return await _allocation_page(request, await _managed_event(request))


async def allocation_rules(request: Request) -> Response:
    event = await _managed_event(request)
    form = await request.form()
    try:
        await parse_rules(event.id, form, request.state.user)
    except Invalid as exc:
        return await _allocation_page(request, event, exc)
    flash(request, _("The allocation rules were saved."))
    return redirect_to("booths_allocation", event_id=event.id)


async def allocation_preview(request: Request) -> Response:
    event = await _managed_event(request)
    try:
        await allocation.preview(event, request.state.user)
    except Invalid as exc:
        return await _allocation_page(request, event, exc)
    return redirect_to("booths_allocation", event_id=event.id)


async def allocation_commit(request: Request) -> Response:
    user = request.state.user
    run = await access.load_run(request.path_params["run_id"], user)
    if run.kind == RunKind.SERIES:
        series, events = await access.series_of_run(run)
        try:
            count = await series_logic.commit_series(run, user)
        except Invalid as exc:
            return await _series_page(request, series, events, exc)
        flash(request, _("%(n)d booth-weeks were assigned.") % {"n": count})
        return redirect_to("series_allocation", series_id=series.id)
    event = await access.event_of_run(run)
    try:
        count = await allocation.commit(run, user)
    except Invalid as exc:
        return await _allocation_page(request, event, exc)
    flash(request, _("%(n)d booths were assigned.") % {"n": count})
    return redirect_to("booths_allocation", event_id=event.id)


# --- A whole series -----------------------------------------------------------------------------


async def _managed_series(request: Request) -> tuple[EventSeries, list[Event]]:
    series, events = await access.load_series(request.path_params["series_id"])
    access.require_manage_series(request.state.user, events)
    return series, events


async def _series_page(
    request: Request, series: EventSeries, events: list[Event], exc: Invalid | None = None
) -> Response:
    run = await AllocationRun.filter(series_id=series.id).first()
    names = await _exhibitor_names([int(i) for i in run.result.get("weeks", {})]) if run else {}
    context = {
        "series": series,
        "events": events,
        "run": run,
        "names": names,
        "errors": exc.fields if exc else {},
        "error_message": exc.message if exc else "",
    }
    return render(
        request,
        "booths/series_allocation.html",
        context,
        status_code=exc.status_code if exc else 200,
    )


async def series_allocation_page(request: Request) -> Response:
    series, events = await _managed_series(request)
    return await _series_page(request, series, events)


async def series_preview(request: Request) -> Response:
    series, events = await _managed_series(request)
    try:
        await series_logic.preview_series(series, request.state.user)
    except Invalid as exc:
        return await _series_page(request, series, events, exc)
    return redirect_to("series_allocation", series_id=series.id)


routes = [
    page(
        "/events/{event_id:int}/allocation",
        allocation_page,
        access=EVENT_MANAGERS,
        name="booths_allocation",
    ),
    page(
        "/events/{event_id:int}/allocation/rules",
        allocation_rules,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="booths_allocation_rules",
    ),
    page(
        "/events/{event_id:int}/allocation/preview",
        allocation_preview,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="booths_allocation_preview",
    ),
    page(
        "/allocation/{run_id:int}/commit",
        allocation_commit,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="booths_allocation_commit",
    ),
    page(
        "/series/{series_id:int}/allocation",
        series_allocation_page,
        access=EVENT_MANAGERS,
        name="series_allocation",
    ),
    page(
        "/series/{series_id:int}/allocation/preview",
        series_preview,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="series_allocation_preview",
    ),
]
