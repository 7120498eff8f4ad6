"""Pages of the booths domain: floor plan, booth details, booking, applications and review,
allocation (event and series), fees. Thin: parse, check who may act, call the logic, render.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from booths import allocation, applications, booking, fees, floorplan, inventory
from booths import exhibits as exhibits_logic
from booths import series_allocation as series_logic
from booths.eligibility import certified_products
from booths.models import (
    AllocationRun,
    ApplicationStatus,
    Booth,
    BoothApplication,
    BoothAssignment,
    BoothType,
    PaymentStatus,
    ReviewStep,
    RunKind,
)
from booths.reasons import explain
from booths.rules import parse_rules
from events.access import require_event_edit
from events.lifecycle import is_read_only
from events.models import AllocationMode, Event, EventSeries
from exhibitors import placards, qrcodes
from exhibitors.models import Exhibitor, ProductGroup
from ocopfair import forms
from ocopfair.auth import READERS, SIGNED_IN, STAFF, allow, page
from ocopfair.errors import Invalid
from ocopfair.i18n import N_, local_today
from ocopfair.i18n import gettext as _
from ocopfair.models import AuditEntry, Locality, Role, User
from ocopfair.navigation import add_event_tab, add_section, event_tabs
from ocopfair.templating import flash, render

EXHIBITOR = allow(Role.EXHIBITOR)


# --- Loading and permissions ------------------------------------------------------------------


async def _event(event_id: int) -> Event:
    event = await Event.get_or_none(id=event_id).select_related("series")
    if event is None:
        raise HTTPException(404)
    return event


def _is_staff(user: User | None) -> bool:
    return user is not None and user.role in (Role.ADMIN, Role.ORGANIZER)


def may_manage(user: User | None, event: Event) -> bool:
    """Organizers who may edit the event (a local office: its own local events) manage its
    booths; nobody changes a reported event except an administrator."""
    if not _is_staff(user) or is_read_only(event, user):
        return False
    try:
        require_event_edit(user, event)  # type: ignore[arg-type]
    except HTTPException:
        return False
    return True


def _require_manage(user: User, event: Event) -> None:
    if not may_manage(user, event):
        raise HTTPException(403)


async def _my_exhibitor(user: User) -> Exhibitor:
    if user.role != Role.EXHIBITOR or user.exhibitor_id is None:  # type: ignore[attr-defined]
        raise HTTPException(403)
    return await Exhibitor.get(id=user.exhibitor_id)  # type: ignore[attr-defined]


def _tabs(event: Event, user: User | None) -> list[dict[str, str]]:
    if user is None or user.role not in (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL):
        return []
    return event_tabs(event.id)


def _redirect(path: str) -> Response:
    return RedirectResponse(path, status_code=303)


async def _form(request: Request) -> dict[str, Any]:
    form = await request.form()
    return {
        key: (form.getlist(key) if len(form.getlist(key)) > 1 else form.get(key)) for key in form
    }


def _int(value: Any) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise Invalid({"id": _("Choose an item from the list.")}) from None


# --- Floor plan -------------------------------------------------------------------------------


async def _booths_context(request: Request, event: Event) -> dict[str, Any]:
    user = request.state.user
    now = booking.now_utc()
    color_by = "zone" if request.query_params.get("color") == "zone" else "state"
    context: dict[str, Any] = {
        "event": event,
        "plan": await floorplan.plan(event.id, now),
        "color_by": color_by,
        "tabs": _tabs(event, user),
        "current_tab": "booths",
        "may_manage": may_manage(user, event),
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
    if user.role == Role.EXHIBITOR:
        context["mine"] = [
            b for b in context["plan"]["booths"] if b.exhibitor_id == user.exhibitor_id
        ]
        context["may_book"] = event.allocation_mode == AllocationMode.BOOKING
    return context


async def booths_tab(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    return render(
        request,
        "booths/event_booths.html",
        await _booths_context(request, event),
        fragment="plan_block",
    )


async def _booths_error(
    request: Request, event: Event, exc: Invalid, form: dict[str, Any] | None = None
) -> Response:
    context = await _booths_context(request, event)
    context.update(errors=exc.fields, form=form or {}, error_message=exc.message)
    return render(request, "booths/event_booths.html", context, status_code=exc.status_code)


async def print_plan(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    paper = "a3" if request.query_params.get("paper") == "a3" else "a4"
    context = {
        "event": event,
        "plan": await floorplan.plan(event.id, booking.now_utc()),
        "paper": paper,
        "color_by": "state",
    }
    return render(request, "booths/print.html", context)


async def create_block(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    _require_manage(request.state.user, event)
    form = await _form(request)
    try:
        booths = await inventory.create_block(
            event, inventory.parse_block(form), request.state.user
        )
    except Invalid as exc:
        return await _booths_error(request, event, exc, form)
    flash(request, _("%(n)d booths were added.") % {"n": len(booths)})
    return _redirect(f"/events/{event.id}/booths")


async def copy_layout(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    _require_manage(request.state.user, event)
    form = await _form(request)
    try:
        source = await Event.get_or_none(id=_int(form.get("source")))
        if source is None:
            raise Invalid({"source": _("Choose an event to copy from.")})
        count = await inventory.copy_layout(source, event, request.state.user)
    except Invalid as exc:
        return await _booths_error(request, event, exc, form)
    flash(request, _("%(n)d booths were copied.") % {"n": count})
    return _redirect(f"/events/{event.id}/booths")


# --- One booth --------------------------------------------------------------------------------


async def _booth(booth_id: int) -> Booth:
    booth = await Booth.get_or_none(id=booth_id).select_related("event")
    if booth is None:
        raise HTTPException(404)
    return booth


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
    own = (
        assignment is not None
        and user.role == Role.EXHIBITOR
        and assignment.exhibitor_id == user.exhibitor_id
    )  # type: ignore[attr-defined]
    context = {
        "booth": booth,
        "event": booth.event,
        "assignment": assignment,
        "state": state,
        "may_manage": may_manage(user, booth.event),
        "own": own,
        "may_hold": (
            user.role == Role.EXHIBITOR
            and state == "free"
            and booth.event.allocation_mode == AllocationMode.BOOKING
        ),
        "errors": {},
        "form": {},
        "error_message": "",
        "booth_types": list(BoothType),
        "payment_statuses": list(PaymentStatus),
        "show_exhibitor": assignment is not None
        and (user.role in (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL) or own),
    }
    if context["may_manage"] and assignment is not None:
        context["free_booths"] = [
            b
            for b in (await floorplan.plan(booth.event_id, now))["booths"]  # type: ignore[attr-defined]
            if b.state == "free"
        ]
    return context


async def booth_page(request: Request) -> Response:
    booth = await _booth(request.path_params["booth_id"])
    return render(
        request, "booths/booth.html", await _booth_context(request, booth), fragment="detail"
    )


async def _booth_error(
    request: Request, booth: Booth, exc: Invalid, form: dict[str, Any] | None = None
) -> Response:
    context = await _booth_context(request, booth)
    context.update(errors=exc.fields, form=form or {}, error_message=exc.message)
    return render(
        request, "booths/booth.html", context, status_code=exc.status_code, fragment="detail"
    )


async def booth_edit(request: Request) -> Response:
    booth = await _booth(request.path_params["booth_id"])
    _require_manage(request.state.user, booth.event)
    form = await _form(request)
    try:
        await inventory.update_booth(booth, form, request.state.user)
    except Invalid as exc:
        return await _booth_error(request, booth, exc, form)
    flash(request, _("Booth %(code)s was saved.") % {"code": booth.code})
    return _redirect(f"/booths/{booth.id}")


async def booth_blocked(request: Request) -> Response:
    booth = await _booth(request.path_params["booth_id"])
    _require_manage(request.state.user, booth.event)
    form = await _form(request)
    blocked = str(form.get("blocked")) == "1"
    try:
        await inventory.set_blocked(
            booth, blocked, request.state.user, str(form.get("reason") or "")[:500]
        )
    except Invalid as exc:
        return await _booth_error(request, booth, exc)
    flash(
        request,
        _("Booth %(code)s is blocked.") % {"code": booth.code}
        if blocked
        else _("Booth %(code)s is available again.") % {"code": booth.code},
    )
    return _redirect(f"/booths/{booth.id}")


async def booth_remove(request: Request) -> Response:
    booth = await _booth(request.path_params["booth_id"])
    _require_manage(request.state.user, booth.event)
    try:
        await inventory.remove_booth(booth, request.state.user)
    except Invalid as exc:
        return await _booth_error(request, booth, exc)
    flash(request, _("Booth %(code)s was removed.") % {"code": booth.code})
    return _redirect(f"/events/{booth.event.id}/booths")


async def hold(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    exhibitor = await _my_exhibitor(request.state.user)
    try:
        held = await booking.hold_booth(
            event,
            request.path_params["booth_id"],
            exhibitor,
            request.state.user,
            today=local_today(),
        )
    except Invalid as exc:
        return await _booths_error(request, event, exc)
    flash(
        request,
        _("The booth is held for you until %(time)s. The organizer will confirm it.")
        % {"time": _clock(held.expires_at)},
    )
    return _redirect(f"/events/{event.id}/booths")


def _clock(value: Any) -> str:
    from ocopfair.i18n import format_datetime

    return format_datetime(value)


# --- Assignments: confirm, cancel, pay, move, swap ----------------------------------------------


async def _assignment(request: Request) -> BoothAssignment:
    assignment = await BoothAssignment.get_or_none(
        id=request.path_params["assignment_id"]
    ).select_related("booth__event")
    if assignment is None:
        raise HTTPException(404)
    return assignment


async def _assignment_action(request: Request, action: Any, message: str) -> Response:
    assignment = await _assignment(request)
    _require_manage(request.state.user, assignment.booth.event)
    form = await _form(request)
    try:
        await action(assignment, form)
    except Invalid as exc:
        return await _booth_error(request, assignment.booth, exc, form)
    flash(request, message)
    return _redirect(f"/booths/{assignment.booth.id}")


async def assignment_confirm(request: Request) -> Response:
    user = request.state.user
    return await _assignment_action(
        request, lambda a, f: booking.confirm(a, user), _("The booth is confirmed.")
    )


async def assignment_payment(request: Request) -> Response:
    user = request.state.user
    return await _assignment_action(
        request,
        lambda a, f: fees.record_payment(
            a,
            f.get("payment_status"),
            f.get("receipt_number"),
            user,
            str(f.get("reason") or "")[:500],
        ),
        _("The payment was recorded."),
    )


async def assignment_move(request: Request) -> Response:
    user = request.state.user

    async def move(assignment: BoothAssignment, form: dict[str, Any]) -> None:
        target = await Booth.get_or_none(id=_int(form.get("booth")))
        if target is None:
            raise Invalid({"booth": _("Choose a booth from the list.")})
        await booking.move(assignment, target, user, str(form.get("reason") or "")[:500])

    return await _assignment_action(request, move, _("The exhibitor was moved."))


async def assignment_cancel(request: Request) -> Response:
    assignment = await _assignment(request)
    user = request.state.user
    event = assignment.booth.event
    if user.role == Role.EXHIBITOR:
        if assignment.exhibitor_id != user.exhibitor_id:  # type: ignore[attr-defined]
            raise HTTPException(403)
    else:
        _require_manage(user, event)
    form = await _form(request)
    try:
        promoted = await booking.cancel(assignment, user, str(form.get("reason") or "")[:500])
    except Invalid as exc:
        return await _booth_error(request, assignment.booth, exc)
    flash(
        request,
        _("The booth was released.")
        if promoted is None
        else _("The booth was released and given to the next producer on the waiting list."),
    )
    return _redirect(f"/events/{event.id}/booths")


async def assignment_swap(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    _require_manage(request.state.user, event)
    form = await _form(request)
    try:
        first = await BoothAssignment.get_or_none(
            active_booth=_int(form.get("first")), booth__event_id=event.id
        )
        second = await BoothAssignment.get_or_none(
            active_booth=_int(form.get("second")), booth__event_id=event.id
        )
        if first is None or second is None:
            raise Invalid({"first": _("Choose two booths of this event that are assigned.")})
        await booking.swap(first, second, request.state.user, str(form.get("reason") or "")[:500])
    except Invalid as exc:
        return await _booths_error(request, event, exc, form)
    flash(request, _("The two booths were swapped."))
    return _redirect(f"/events/{event.id}/booths")


# --- Applications -----------------------------------------------------------------------------


async def _apply_context(request: Request, event: Event, exhibitor: Exhibitor) -> dict[str, Any]:
    existing = await BoothApplication.get_or_none(event_id=event.id, exhibitor_id=exhibitor.id)
    weeks = (
        await Event.filter(series_id=event.series_id).order_by("start_date")
        if event.series_id
        else []
    )  # type: ignore[attr-defined]
    chosen: dict[str, Any] = {}
    if existing and existing.status != ApplicationStatus.CANCELLED:
        chosen = {
            "products": [p.id for p in await existing.products.all()],
            "booths_wanted": existing.booths_wanted,
            "preferred_zones": existing.preferred_zones,
            "available_weeks": existing.available_weeks,
        }
    return {
        "event": event,
        "exhibitor": exhibitor,
        "existing": existing,
        "products": await certified_products(exhibitor.id, event),
        "zones": sorted(set(await Booth.filter(event_id=event.id).values_list("zone", flat=True))),
        "weeks": weeks,
        "form": chosen,
        "errors": {},
        "error_message": "",
    }


async def apply_form(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    exhibitor = await _my_exhibitor(request.state.user)
    return render(request, "booths/apply.html", await _apply_context(request, event, exhibitor))


def _as_list(value: Any) -> list[Any]:
    if value in (None, ""):
        return []
    return value if isinstance(value, list) else [value]


async def apply_submit(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    exhibitor = await _my_exhibitor(request.state.user)
    form = await _form(request)
    for key in ("products", "preferred_zones", "available_weeks"):
        form[key] = _as_list(form.get(key))
    try:
        application = await applications.apply(
            event, exhibitor, form, request.state.user, today=local_today()
        )
    except Invalid as exc:
        context = await _apply_context(request, event, exhibitor)
        context.update(
            errors=exc.fields,
            error_message=exc.message,
            form={
                **form,
                "products": [i for p in form["products"] if (i := forms.optional_id(p))],
                "available_weeks": [
                    i for w in form["available_weeks"] if (i := forms.optional_id(w))
                ],
            },
        )
        return render(request, "booths/apply.html", context, status_code=exc.status_code)
    flash(request, _("Your application was sent."))
    return _redirect(f"/applications/{application.id}")


async def _application(request: Request) -> BoothApplication:
    application = await BoothApplication.get_or_none(
        id=request.path_params["application_id"]
    ).select_related("event", "exhibitor")
    if application is None:
        raise HTTPException(404)
    user = request.state.user
    if user.role == Role.EXHIBITOR and application.exhibitor_id != user.exhibitor_id:  # type: ignore[attr-defined]
        raise HTTPException(403)
    if user.role == Role.GATE_STAFF:
        raise HTTPException(403)
    return application


async def application_page(
    request: Request, application: BoothApplication | None = None, exc: Invalid | None = None
) -> Response:
    application = application or await _application(request)
    user = request.state.user
    booths = await BoothAssignment.filter(
        application_id=application.id, active_booth__isnull=False
    ).select_related("booth")
    context = {
        "application": application,
        "event": application.event,
        "products": await application.products.all(),
        "reviews": await application.reviews.all().select_related("user"),
        "booths": booths,
        "rule": explain(application.decision_rule),
        "steps": [
            s
            for s in ReviewStep
            if _is_staff(user)
            and applications.may_review(user, application, s)
            and application.status in applications.STEP_FROM[s]
        ],
        "own": user.role == Role.EXHIBITOR,
        "errors": exc.fields if exc else {},
        "error_message": exc.message if exc else "",
    }
    return render(
        request, "booths/application.html", context, status_code=exc.status_code if exc else 200
    )


async def application_detail(request: Request) -> Response:
    return await application_page(request)


async def application_review(request: Request) -> Response:
    application = await _application(request)
    form = await _form(request)
    try:
        await applications.review(
            application, form.get("step"), str(form.get("reason") or ""), request.state.user
        )
    except Invalid as exc:
        return await application_page(request, application, exc)
    flash(request, _("The review step was saved."))
    back = str(form.get("back") or "")
    return _redirect(back if back.startswith("/events/") else f"/applications/{application.id}")


async def application_withdraw(request: Request) -> Response:
    application = await _application(request)
    if request.state.user.role != Role.EXHIBITOR:
        raise HTTPException(403)
    form = await _form(request)
    try:
        await applications.withdraw(
            application, request.state.user, str(form.get("reason") or "")[:500]
        )
    except Invalid as exc:
        return await application_page(request, application, exc)
    flash(request, _("Your application was withdrawn."))
    return _redirect(f"/applications/{application.id}")


async def application_list(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    user = request.state.user
    query = BoothApplication.filter(event_id=event.id)
    if user.role == Role.ORGANIZER and user.locality_id is not None:  # type: ignore[attr-defined]
        query = query.filter(exhibitor__locality_id=user.locality_id)  # type: ignore[attr-defined]
    status = request.query_params.get("status", "")
    if status in {s.value for s in ApplicationStatus}:
        query = query.filter(status=status)
    rows = (
        await query.order_by("created_at", "id")
        .select_related("exhibitor__locality")
        .prefetch_related("products")
        .limit(500)
    )
    context = {
        "event": event,
        "applications": rows,
        "tabs": _tabs(event, user),
        "current_tab": "booths",
        "statuses": list(ApplicationStatus),
        "status": status,
        "is_local": user.role == Role.ORGANIZER and user.locality_id is not None,  # type: ignore[attr-defined]
        "is_provincial": user.role == Role.ADMIN
        or (user.role == Role.ORGANIZER and user.locality_id is None),  # type: ignore[attr-defined]
        "rule_text": explain,
    }
    return render(request, "booths/applications.html", context)


# --- Allocation -------------------------------------------------------------------------------


async def _allocation_context(event: Event, user: User) -> dict[str, Any]:
    rules = await allocation.get_rules(event.id)
    run = await AllocationRun.filter(event_id=event.id).first()
    names: dict[int, str] = {}
    codes: dict[int, str] = {}
    if run:
        ids = [int(i) for i in run.result.get("rules", {})]
        for app in await BoothApplication.filter(id__in=ids).select_related("exhibitor"):
            names[app.id] = app.exhibitor.name
        codes = dict(
            await Booth.filter(
                id__in=[b for v in run.result.get("booths", {}).values() for b in v]
            ).values_list("id", "code")
        )
    return {
        "event": event,
        "rules": rules,
        "run": run,
        "names": names,
        "codes": codes,
        "zones": sorted(set(await Booth.filter(event_id=event.id).values_list("zone", flat=True))),
        "groups": list(ProductGroup),
        "localities": await Locality.all(),
        "tabs": _tabs(event, user),
        "current_tab": "booths",
        "errors": {},
        "error_message": "",
        "rule_text": explain,
    }


async def allocation_page(request: Request, exc: Invalid | None = None) -> Response:
    event = await _event(request.path_params["event_id"])
    _require_manage(request.state.user, event)
    context = await _allocation_context(event, request.state.user)
    if exc:
        context.update(errors=exc.fields, error_message=exc.message)
    return render(
        request, "booths/allocation.html", context, status_code=exc.status_code if exc else 200
    )


async def allocation_rules(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    _require_manage(request.state.user, event)
    form = await request.form()
    try:
        await parse_rules(event.id, form, request.state.user)
    except Invalid as exc:
        return await allocation_page(request, exc)
    flash(request, _("The allocation rules were saved."))
    return _redirect(f"/events/{event.id}/allocation")


async def allocation_preview(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    _require_manage(request.state.user, event)
    try:
        await allocation.preview(event, request.state.user)
    except Invalid as exc:
        return await allocation_page(request, exc)
    return _redirect(f"/events/{event.id}/allocation")


async def allocation_commit(request: Request) -> Response:
    run = await AllocationRun.get_or_none(id=request.path_params["run_id"])
    if run is None:
        raise HTTPException(404)
    user = request.state.user
    if run.kind == RunKind.SERIES:
        series = await EventSeries.get(id=run.series_id)  # type: ignore[attr-defined]
        first = await Event.filter(series_id=series.id).first()
        if first is None or not may_manage(user, first):
            raise HTTPException(403)
        try:
            count = await series_logic.commit_series(run, user)
        except Invalid as exc:
            return await series_page(request, series, exc)
        flash(request, _("%(n)d booth-weeks were assigned.") % {"n": count})
        return _redirect(f"/series/{series.id}/allocation")
    event = await _event(run.event_id)  # type: ignore[attr-defined]
    _require_manage(user, event)
    request.path_params["event_id"] = event.id
    try:
        count = await allocation.commit(run, user)
    except Invalid as exc:
        return await allocation_page(request, exc)
    flash(request, _("%(n)d booths were assigned.") % {"n": count})
    return _redirect(f"/events/{event.id}/allocation")


async def _series(request: Request) -> tuple[EventSeries, list[Event]]:
    series = await EventSeries.get_or_none(id=request.path_params["series_id"])
    if series is None:
        raise HTTPException(404)
    events = await Event.filter(series_id=series.id).order_by("start_date", "id")
    if not events or not may_manage(request.state.user, events[0]):
        raise HTTPException(403)
    return series, events


async def series_page(
    request: Request, series: EventSeries | None = None, exc: Invalid | None = None
) -> Response:
    series, events = (
        await _series(request)
        if series is None
        else (series, await Event.filter(series_id=series.id).order_by("start_date", "id"))
    )
    run = await AllocationRun.filter(series_id=series.id).first()
    names: dict[int, str] = {}
    if run:
        for app in await BoothApplication.filter(
            id__in=[int(i) for i in run.result.get("weeks", {})]
        ).select_related("exhibitor"):
            names[app.id] = app.exhibitor.name
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
    return await series_page(request)


async def series_preview(request: Request) -> Response:
    series, _events = await _series(request)
    try:
        await series_logic.preview_series(series, request.state.user)
    except Invalid as exc:
        return await series_page(request, series, exc)
    return _redirect(f"/series/{series.id}/allocation")


# --- Fees -------------------------------------------------------------------------------------


async def fees_page(request: Request) -> Response:
    event = await _event(request.path_params["event_id"])
    user = request.state.user
    rows = (
        await BoothAssignment.filter(active_booth__isnull=False, booth__event_id=event.id)
        .select_related("booth", "exhibitor")
        .order_by("booth__code")
        .limit(2000)
    )
    history: list[AuditEntry] = []
    if may_manage(user, event):
        ids = await BoothApplication.filter(event_id=event.id).values_list("id", flat=True)
        history = await AuditEntry.filter(
            action="booth.waitlist_promoted",
            object_type="BoothApplication",
            object_id__in=[str(i) for i in ids],
        ).limit(20)
    context = {
        "event": event,
        "summary": await fees.fee_summary(event.id),
        "rows": rows,
        "tabs": _tabs(event, user),
        "current_tab": "booths",
        "may_manage": may_manage(user, event),
        "promotions": history,
        "payment_statuses": list(PaymentStatus),
        "booth_types": list(BoothType),
    }
    return render(request, "booths/fees.html", context)


async def event_sheet(request: Request) -> Response:
    """The placards (one per booth holder, for its table) or badges of an event's producers."""
    event, exhibits = await exhibits_logic.event_exhibits(request.path_params["event_id"])
    if event is None:
        raise HTTPException(404)
    placards.with_codes(exhibits, qrcodes.absolute(request, ""))
    if request.url.path.endswith("/placards"):
        return render(request, "booths/placards.html", {"event": event, "exhibits": exhibits})
    return render(request, "exhibitors/badges.html", {"event": event, "exhibits": exhibits})


routes = [
    page("/events/{event_id:int}/placards", event_sheet, access=STAFF, name="event_placards"),
    page("/events/{event_id:int}/badges", event_sheet, access=STAFF, name="event_badges"),
    page("/events/{event_id:int}/booths", booths_tab, access=SIGNED_IN, name="booths_tab"),
    page("/events/{event_id:int}/booths/print", print_plan, access=READERS, name="booths_print"),
    page(
        "/events/{event_id:int}/booths/blocks",
        create_block,
        access=STAFF,
        methods=["POST"],
        name="booths_block_create",
    ),
    page(
        "/events/{event_id:int}/booths/copy",
        copy_layout,
        access=STAFF,
        methods=["POST"],
        name="booths_copy",
    ),
    page(
        "/events/{event_id:int}/booths/{booth_id:int}/hold",
        hold,
        access=EXHIBITOR,
        methods=["POST"],
        name="booth_hold",
    ),
    page(
        "/events/{event_id:int}/assignments/swap",
        assignment_swap,
        access=STAFF,
        methods=["POST"],
        name="assignments_swap",
    ),
    page("/booths/{booth_id:int}", booth_page, access=SIGNED_IN, name="booth_page"),
    page(
        "/booths/{booth_id:int}/edit", booth_edit, access=STAFF, methods=["POST"], name="booth_edit"
    ),
    page(
        "/booths/{booth_id:int}/blocked",
        booth_blocked,
        access=STAFF,
        methods=["POST"],
        name="booth_blocked",
    ),
    page(
        "/booths/{booth_id:int}/remove",
        booth_remove,
        access=STAFF,
        methods=["POST"],
        name="booth_remove",
    ),
    page(
        "/assignments/{assignment_id:int}/confirm",
        assignment_confirm,
        access=STAFF,
        methods=["POST"],
        name="assignment_confirm",
    ),
    page(
        "/assignments/{assignment_id:int}/payment",
        assignment_payment,
        access=STAFF,
        methods=["POST"],
        name="assignment_payment",
    ),
    page(
        "/assignments/{assignment_id:int}/move",
        assignment_move,
        access=STAFF,
        methods=["POST"],
        name="assignment_move",
    ),
    page(
        "/assignments/{assignment_id:int}/cancel",
        assignment_cancel,
        access=allow(Role.ADMIN, Role.ORGANIZER, Role.EXHIBITOR),
        methods=["POST"],
        name="assignment_cancel",
    ),
    page("/events/{event_id:int}/apply", apply_form, access=EXHIBITOR, name="booths_apply"),
    page(
        "/events/{event_id:int}/apply",
        apply_submit,
        access=EXHIBITOR,
        methods=["POST"],
        name="booths_apply_submit",
    ),
    page(
        "/events/{event_id:int}/applications",
        application_list,
        access=READERS,
        name="booths_applications",
    ),
    page(
        "/applications/{application_id:int}",
        application_detail,
        access=SIGNED_IN,
        name="application_page",
    ),
    page(
        "/applications/{application_id:int}/review",
        application_review,
        access=STAFF,
        methods=["POST"],
        name="application_review",
    ),
    page(
        "/applications/{application_id:int}/withdraw",
        application_withdraw,
        access=EXHIBITOR,
        methods=["POST"],
        name="application_withdraw",
    ),
    page(
        "/events/{event_id:int}/allocation", allocation_page, access=STAFF, name="booths_allocation"
    ),
    page(
        "/events/{event_id:int}/allocation/rules",
        allocation_rules,
        access=STAFF,
        methods=["POST"],
        name="booths_allocation_rules",
    ),
    page(
        "/events/{event_id:int}/allocation/preview",
        allocation_preview,
        access=STAFF,
        methods=["POST"],
        name="booths_allocation_preview",
    ),
    page(
        "/allocation/{run_id:int}/commit",
        allocation_commit,
        access=STAFF,
        methods=["POST"],
        name="booths_allocation_commit",
    ),
    page(
        "/series/{series_id:int}/allocation",
        series_allocation_page,
        access=STAFF,
        name="series_allocation",
    ),
    page(
        "/series/{series_id:int}/allocation/preview",
        series_preview,
        access=STAFF,
        methods=["POST"],
        name="series_allocation_preview",
    ),
    page("/events/{event_id:int}/fees", fees_page, access=READERS, name="booths_fees"),
]

add_event_tab("booths", N_("Booths"), "booths_tab", order=20, access=READERS)
add_event_tab("exhibitors", N_("Exhibitors"), "event_placards", order=30, access=STAFF)
add_section(
    "event_public",
    "participants",
    "booths/_participants.html",
    exhibits_logic.participants_section,
    order=50,
)
