"""One booth: its page (or the plan's side panel), editing, blocking and removing it, and what
is done to its hold or assignment (confirm, record the fee, move, cancel)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from booths import access, booking, direct, fees, floorplan, inventory
from booths.models import Booth, BoothAssignment, BoothType, PaymentStatus
from booths.page_helpers import chosen_id, form_data, reason_of, redirect_to
from ocopfair.auth import EVENT_MANAGERS, SIGNED_IN, page
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from ocopfair.templating import flash, render

# Changes an assignment from the posted form; raises Invalid when it cannot.
AssignmentChange = Callable[[BoothAssignment, dict[str, Any]], Awaitable[Any]]


async def _booth_context(request: Request, booth: Booth) -> dict[str, Any]:
    user = request.state.user
    now = booking.now_utc()
    assignment = await BoothAssignment.get_or_none(active_booth=booth.id).select_related(
        "exhibitor", "application"
    )
    state = floorplan.state_of(
        booth.blocked,
        None
        if assignment is None
        else {"kind": assignment.kind, "expires_at": assignment.expires_at},
        now,
    )
    if state == "free":
        assignment = None
    holder = assignment.exhibitor_id if assignment is not None else None
    context: dict[str, Any] = {
        "booth": booth,
        "event": booth.event,
        "assignment": assignment,
        "state": state,
        "may_manage": access.may_manage(user, booth.event),
        "own": assignment is not None and access.is_own(user, holder),
        "may_hold": state == "free" and access.may_hold(user, booth.event),
        "errors": {},
        "form": {},
        "error_message": "",
        "booth_types": list(BoothType),
        "payment_statuses": list(PaymentStatus),
        "show_exhibitor": assignment is not None and access.may_see_exhibitor(user, holder),
    }
    if context["may_manage"] and state == "free" and not booth.blocked:
        context["may_assign"] = booth.event.status not in direct.CLOSED_STATUSES
        context["afterwards"] = direct.entered_afterwards(booth.event)
        context["search"] = str(request.query_params.get("q") or "")[:100]
        context["found"] = await direct.find_producers(context["search"])
    if context["may_manage"] and assignment is not None:
        context["free_booths"] = [
            b for b in (await floorplan.plan(booth.event_id, now))["booths"] if b.state == "free"
        ]
    return context


async def _booth_error(
    request: Request, booth: Booth, exc: Invalid, form: dict[str, Any] | None = None
) -> Response:
    """The booth's detail again, with what went wrong."""
    context = await _booth_context(request, booth)
    context.update(errors=exc.fields, form=form or {}, error_message=exc.message)
    return render(
        request, "booths/booth.html", context, status_code=exc.status_code, fragment="detail"
    )


async def booth_page(request: Request) -> Response:
    booth = await access.load_booth(request.path_params["booth_id"])
    return render(
        request, "booths/booth.html", await _booth_context(request, booth), fragment="detail"
    )


async def booth_edit(request: Request) -> Response:
    booth = await access.load_booth(request.path_params["booth_id"])
    access.require_manage(request.state.user, booth.event)
    form = await form_data(request)
    try:
        await inventory.update_booth(booth, form, request.state.user)
    except Invalid as exc:
        return await _booth_error(request, booth, exc, form)
    flash(request, _("Booth %(code)s was saved.") % {"code": booth.code})
    return redirect_to("booth_page", booth_id=booth.id)


async def booth_blocked(request: Request) -> Response:
    booth = await access.load_booth(request.path_params["booth_id"])
    access.require_manage(request.state.user, booth.event)
    form = await form_data(request)
    blocked = str(form.get("blocked")) == "1"
    try:
        await inventory.set_blocked(booth, blocked, request.state.user, reason_of(form))
    except Invalid as exc:
        return await _booth_error(request, booth, exc)
    flash(
        request,
        _("Booth %(code)s is blocked.") % {"code": booth.code}
        if blocked
        else _("Booth %(code)s is available again.") % {"code": booth.code},
    )
    return redirect_to("booth_page", booth_id=booth.id)


async def booth_remove(request: Request) -> Response:
    booth = await access.load_booth(request.path_params["booth_id"])
    access.require_manage(request.state.user, booth.event)
    try:
        await inventory.remove_booth(booth, request.state.user)
    except Invalid as exc:
        return await _booth_error(request, booth, exc)
    flash(request, _("Booth %(code)s was removed.") % {"code": booth.code})
    return redirect_to("booths_tab", event_id=booth.event.id)


async def booth_assign(request: Request) -> Response:
    """An organizer gives this free booth to a producer found by name or tax code."""
    booth = await access.load_booth(request.path_params["booth_id"])
    access.require_manage(request.state.user, booth.event)
    form = await form_data(request)
    try:
        assignment = await direct.assign(
            booth.event, booth.id, direct.parse_request(form), request.state.user
        )
    except Invalid as exc:
        return await _booth_error(request, booth, exc, form)
    flash(
        request,
        _("Booth %(code)s is assigned to %(name)s.")
        % {"code": booth.code, "name": (await assignment.exhibitor).name},
    )
    return redirect_to("booth_page", booth_id=booth.id)


# --- Its hold or assignment ---------------------------------------------------------------------


async def _change_assignment(
    request: Request, action: str, change: AssignmentChange, message: str
) -> Response:
    assignment = await access.load_assignment(request.path_params["assignment_id"])
    access.require_assignment_change(request.state.user, assignment, action)
    form = await form_data(request)
    try:
        await change(assignment, form)
    except Invalid as exc:
        return await _booth_error(request, assignment.booth, exc, form)
    flash(request, message)
    return redirect_to("booth_page", booth_id=assignment.booth.id)


async def assignment_confirm(request: Request) -> Response:
    user: User = request.state.user

    async def confirm(assignment: BoothAssignment, form: dict[str, Any]) -> None:
        await booking.confirm(assignment, user)

    return await _change_assignment(request, "confirm", confirm, _("The booth is confirmed."))


async def assignment_payment(request: Request) -> Response:
    user: User = request.state.user

    async def pay(assignment: BoothAssignment, form: dict[str, Any]) -> None:
        await fees.record_payment(
            assignment,
            form.get("payment_status"),
            form.get("receipt_number"),
            user,
            reason_of(form),
        )

    return await _change_assignment(request, "payment", pay, _("The payment was recorded."))


async def assignment_move(request: Request) -> Response:
    user: User = request.state.user

    async def move(assignment: BoothAssignment, form: dict[str, Any]) -> None:
        target = await Booth.get_or_none(id=chosen_id(form.get("booth")))
        if target is None:
            raise Invalid({"booth": _("Choose a booth from the list.")})
        await booking.move(assignment, target, user, reason_of(form))

    return await _change_assignment(request, "move", move, _("The exhibitor was moved."))


async def assignment_cancel(request: Request) -> Response:
    assignment = await access.load_assignment(request.path_params["assignment_id"])
    user = request.state.user
    access.require_assignment_change(user, assignment, "cancel")
    form = await form_data(request)
    try:
        promoted = await booking.cancel(assignment, user, reason_of(form))
    except Invalid as exc:
        return await _booth_error(request, assignment.booth, exc)
    flash(
        request,
        _("The booth was released.")
        if promoted is None
        else _("The booth was released and given to the next producer on the waiting list."),
    )
    return redirect_to("booths_tab", event_id=assignment.booth.event.id)


routes = [
    page("/booths/{booth_id:int}", booth_page, access=SIGNED_IN, name="booth_page"),
    page(
        "/booths/{booth_id:int}/edit",
        booth_edit,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="booth_edit",
    ),
    page(
        "/booths/{booth_id:int}/blocked",
        booth_blocked,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="booth_blocked",
    ),
    page(
        "/booths/{booth_id:int}/assign",
        booth_assign,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="booth_assign",
    ),
    page(
        "/booths/{booth_id:int}/remove",
        booth_remove,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="booth_remove",
    ),
    page(
        "/assignments/{assignment_id:int}/confirm",
        assignment_confirm,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="assignment_confirm",
    ),
    page(
        "/assignments/{assignment_id:int}/payment",
        assignment_payment,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="assignment_payment",
    ),
    page(
        "/assignments/{assignment_id:int}/move",
        assignment_move,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="assignment_move",
    ),
    page(
        "/assignments/{assignment_id:int}/cancel",
        assignment_cancel,
        access=access.MANAGERS_OR_EXHIBITOR,
        methods=["POST"],
        name="assignment_cancel",
    ),
]
