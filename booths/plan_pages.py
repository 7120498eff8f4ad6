"""The floor plan of an event: the plan page and its print sheet, and what is done from the
plan (add a block of booths, copy a layout, hold a booth, swap two exhibitors)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from booths import access, booking, floorplan, inventory
from booths.models import BoothAssignment, BoothType
from booths.page_helpers import (
    chosen_id,
    event_tabs_for,
    form_data,
    reason_of,
    redirect_to,
)
from events.models import Event
from ocopfair.auth import EVENT_MANAGERS, READERS, SIGNED_IN, page
from ocopfair.errors import Invalid
from ocopfair.i18n import format_datetime, local_today
from ocopfair.i18n import gettext as _
from ocopfair.templating import flash, render


async def _plan_context(request: Request, event: Event) -> dict[str, Any]:
    user = request.state.user
    context: dict[str, Any] = {
        "event": event,
        "plan": await floorplan.plan(event.id, booking.now_utc()),
        "color_by": "zone" if request.query_params.get("color") == "zone" else "state",
        "tabs": event_tabs_for(event, user),
        "current_tab": "booths",
        "may_manage": access.may_manage(user, event),
        "booth_types": list(BoothType),
        "errors": {},
        "form": {},
        "error_message": "",
        "max_block": inventory.MAX_BLOCK,
    }
    if context["may_manage"]:
        context["other_events"] = (
            await Event.exclude(id=event.id)
            .order_by("-start_date")
            .limit(50)
            .values_list("id", "name")
        )
    if access.is_exhibitor(user):
        context["mine"] = [
            b for b in context["plan"]["booths"] if access.is_own(user, b.exhibitor_id)
        ]
        context["may_book"] = access.may_hold(user, event)
        context["own_exhibitor_id"] = user.exhibitor_id
    return context


async def _plan_error(
    request: Request, event: Event, exc: Invalid, form: dict[str, Any] | None = None
) -> Response:
    """The plan page again, with what went wrong."""
    context = await _plan_context(request, event)
    context.update(errors=exc.fields, form=form or {}, error_message=exc.message)
    return render(request, "booths/event_booths.html", context, status_code=exc.status_code)


async def booths_tab(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    return render(
        request,
        "booths/event_booths.html",
        await _plan_context(request, event),
        fragment="plan_block",
    )


async def print_plan(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    context = {
        "event": event,
        "plan": await floorplan.plan(event.id, booking.now_utc()),
        "paper": "a3" if request.query_params.get("paper") == "a3" else "a4",
        "color_by": "state",
    }
    return render(request, "booths/print.html", context)


async def create_block(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    access.require_manage(request.state.user, event)
    form = await form_data(request)
    try:
        booths = await inventory.create_block(
            event, inventory.parse_block(form), request.state.user
        )
    except Invalid as exc:
        return await _plan_error(request, event, exc, form)
    flash(request, _("%(n)d booths were added.") % {"n": len(booths)})
    return redirect_to("booths_tab", event_id=event.id)


async def copy_layout(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    access.require_manage(request.state.user, event)
    form = await form_data(request)
    try:
        source = await Event.get_or_none(id=chosen_id(form.get("source")))
        if source is None:
            raise Invalid({"source": _("Choose an event to copy from.")})
        count = await inventory.copy_layout(source, event, request.state.user)
    except Invalid as exc:
        return await _plan_error(request, event, exc, form)
    flash(request, _("%(n)d booths were copied.") % {"n": count})
    return redirect_to("booths_tab", event_id=event.id)


async def hold(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    exhibitor = await access.exhibitor_of(request.state.user)
    try:
        held = await booking.hold_booth(
            event,
            request.path_params["booth_id"],
            exhibitor,
            request.state.user,
            today=local_today(),
        )
    except Invalid as exc:
        return await _plan_error(request, event, exc)
    flash(
        request,
        _("The booth is held for you until %(time)s. The organizer will confirm it.")
        % {"time": format_datetime(held.expires_at)},
    )
    return redirect_to("booths_tab", event_id=event.id)


async def assignment_swap(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    access.require_manage(request.state.user, event)
    form = await form_data(request)
    try:
        first = await BoothAssignment.get_or_none(
            active_booth=chosen_id(form.get("first")), booth__event_id=event.id
        )
        second = await BoothAssignment.get_or_none(
            active_booth=chosen_id(form.get("second")), booth__event_id=event.id
        )
        if first is None or second is None:
            raise Invalid({"first": _("Choose two booths of this event that are assigned.")})
        await booking.swap(first, second, request.state.user, reason_of(form))
    except Invalid as exc:
        return await _plan_error(request, event, exc, form)
    flash(request, _("The two booths were swapped."))
    return redirect_to("booths_tab", event_id=event.id)


routes = [
    page("/events/{event_id:int}/booths", booths_tab, access=SIGNED_IN, name="booths_tab"),
    page("/events/{event_id:int}/booths/print", print_plan, access=READERS, name="booths_print"),
    page(
        "/events/{event_id:int}/booths/blocks",
        create_block,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="booths_block_create",
    ),
    page(
        "/events/{event_id:int}/booths/copy",
        copy_layout,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="booths_copy",
    ),
    page(
        "/events/{event_id:int}/booths/{booth_id:int}/hold",
        hold,
        access=access.EXHIBITOR,
        methods=["POST"],
        name="booth_hold",
    ),
    page(
        "/events/{event_id:int}/assignments/swap",
        assignment_swap,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="assignments_swap",
    ),
]
