"""Pages of visitors/: my gates, the tally, ticket scanning, gate set-up, corrections, live
figures, the public registration form and tickets."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from tortoise.functions import Count, Sum

from ocopfair import forms
from ocopfair.auth import ANYONE, READERS, SIGNED_IN, STAFF, allow, page
from ocopfair.errors import Invalid
from ocopfair.i18n import N_, local_today
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User
from ocopfair.navigation import add_event_tab, add_nav_item
from ocopfair.templating import flash, render
from ocopfair.throttle import TooMany, client_address
from visitors import counting, gates, live, qr, registrations, sql
from visitors.access import DAY_REOPENERS, gates_to_work, require_gate_work, require_supervisor
from visitors.api import load_event, load_gate, require_reader_or_supervisor
from visitors.buckets import accepted_days, event_days
from visitors.models import (
    CountCorrection,
    DayClosure,
    Direction,
    EventSupervisor,
    Gate,
    GateKind,
    GateShift,
    Registration,
)


def _form_dict(form: Any) -> dict[str, str]:
    return {k: str(v) for k, v in form.items() if isinstance(v, str)}


# --- Gate staff: my gates, tally, scanning ----------------------------------------------------


async def my_gates(request: Request) -> Response:
    """The gates this user may work at today (and the events they supervise)."""
    user: User = request.state.user
    today = local_today()
    rows = (
        await gates_to_work(user, today)
        .select_related("event")
        .order_by("event__start_date", "name")
        .limit(200)
    )
    return render(request, "visitors/my_gates.html", {"gates": rows, "today": today})


async def tally(request: Request) -> Response:
    gate = await load_gate(request.path_params["gate_id"])
    await require_gate_work(request.state.user, gate, local_today())
    directions = sorted(counting.DIRECTIONS_OF_KIND[gate.kind])
    return render(request, "visitors/tally.html", {"gate": gate, "directions": directions})


async def scan(request: Request) -> Response:
    gate = await load_gate(request.path_params["gate_id"])
    await require_gate_work(request.state.user, gate, local_today())
    return render(request, "visitors/scan.html", {"gate": gate, "result": None, "error": None})


async def scan_submit(request: Request) -> Response:
    gate = await load_gate(request.path_params["gate_id"])
    user = request.state.user
    await require_gate_work(user, gate, local_today())
    form = await request.form()
    context: dict[str, Any] = {"gate": gate, "result": None, "error": None}
    status = 200
    try:
        result = await registrations.check_in(
            user, gate, str(form.get("code") or ""), dt.datetime.now(dt.UTC)
        )
        context["result"] = result
        if result.already:
            context["error"] = registrations.already_message(result.registration)
            status = 409
    except Invalid as exc:
        context["error"] = next(iter(exc.fields.values()), exc.message)
        status = exc.status_code
    return render(request, "visitors/scan.html", context, status_code=status, fragment="result")


# --- Supervisors: gates, staff, days, corrections ---------------------------------------------


async def _setup_context(event_id: int, user: User) -> dict[str, Any]:
    event = await load_event(event_id)
    today = local_today()
    figures = await live.event_figures(event.id, today, with_hours=False)
    gate_rows = await Gate.filter(event=event).prefetch_related("staff").order_by("name")
    shifts = await GateShift.filter(gate__event_id=event.id).select_related("user", "gate")
    staff_users = (
        await User.filter(role=Role.GATE_STAFF, is_active=True)
        .order_by("full_name", "username")
        .limit(500)
    )
    supervisors = await EventSupervisor.filter(event=event).select_related("user")
    candidates = (
        await User.filter(role__in=[Role.GATE_STAFF, Role.ORGANIZER], is_active=True)
        .order_by("full_name", "username")
        .limit(500)
    )
    closures = await DayClosure.filter(event=event).select_related("closed_by")
    settings = await registrations.settings_for(event.id)
    reg_totals = (
        await Registration.filter(event=event)
        .annotate(n=Count("id"), people=Sum("group_size"))
        .group_by("event_id")
        .values("n", "people")
    )
    first, last = accepted_days(event.start_date, event.end_date)
    return {
        "event": event,
        "figures": figures,
        "gates": gate_rows,
        "shifts": shifts,
        "staff_users": staff_users,
        "supervisors": supervisors,
        "candidates": candidates,
        "closures": closures,
        "closed_days": {c.day for c in closures},
        "days": event_days(event.start_date, event.end_date),
        "today": today,
        "reg_settings": settings,
        "reg_totals": reg_totals[0] if reg_totals else {},
        "kinds": [(k.value, k) for k in GateKind],
        "can_appoint": STAFF.allows(user),
        "can_reopen": DAY_REOPENERS.allows(user),
        "first_day": first,
        "last_day": last,
        "errors": {},
        "form": {},
    }


async def setup(request: Request) -> Response:
    event_id = request.path_params["event_id"]
    await load_event(event_id)
    await require_supervisor(request.state.user, event_id)
    return render(
        request, "visitors/setup.html", await _setup_context(event_id, request.state.user)
    )


async def _setup_action(request: Request, action: Any) -> Response:
    """Run one set-up action; show the page again with the error next to its field."""
    event_id = request.path_params["event_id"]
    event = await load_event(event_id)
    user = request.state.user
    await require_supervisor(user, event_id)
    form = _form_dict(await request.form())
    try:
        message = await action(user, event, form)
    except Invalid as exc:
        context = await _setup_context(event_id, user)
        context.update(errors=exc.fields, form=form)
        return render(request, "visitors/setup.html", context, status_code=exc.status_code)
    flash(request, message)
    return RedirectResponse(request.url_for("visitor_setup", event_id=event_id), status_code=303)


async def _event_gate(event: Any, raw_id: str) -> Gate:
    gate_id = forms.integer(raw_id, "gate")
    gate = await Gate.filter(id=gate_id, event_id=event.id).select_related("event").first()
    if gate is None:  # a gate of another event: not this page's business
        raise HTTPException(403)
    return gate


async def add_gate(request: Request) -> Response:
    async def action(user: User, event: Any, form: dict[str, str]) -> str:
        gate = await gates.create_gate(user, event, form.get("name", ""), form.get("kind", ""))
        return _("Gate %(name)s added.") % {"name": gate.name}

    return await _setup_action(request, action)


async def assign(request: Request) -> Response:
    async def action(user: User, event: Any, form: dict[str, str]) -> str:
        gate = await _event_gate(event, form.get("gate", ""))
        staff_id = forms.integer(form.get("user"), "user")
        staff = await User.get_or_none(id=staff_id)
        if staff is None:
            raise Invalid({"user": _("Choose an active gate staff account.")})
        day = forms.date(form.get("day"), "day", required=False)
        await gates.assign_staff(user, gate, staff, day)
        return _("%(who)s assigned to %(gate)s.") % {"who": staff, "gate": gate.name}

    return await _setup_action(request, action)


async def unassign(request: Request) -> Response:
    async def action(user: User, event: Any, form: dict[str, str]) -> str:
        gate = await _event_gate(event, form.get("gate", ""))
        staff_id = forms.integer(form.get("user"), "user")
        day = forms.date(form.get("day"), "day", required=False)
        await gates.unassign_staff(user, gate, staff_id or 0, day)
        return _("Assignment removed.")

    return await _setup_action(request, action)


async def add_supervisor(request: Request) -> Response:
    if not STAFF.allows(request.state.user):
        raise HTTPException(403)

    async def action(user: User, event: Any, form: dict[str, str]) -> str:
        supervisor = await User.get_or_none(id=forms.integer(form.get("user"), "user"))
        if supervisor is None:
            raise Invalid({"user": _("Choose an active gate staff or organizer account.")})
        await gates.add_supervisor(user, event, supervisor)
        return _("%(who)s now supervises the gates of this event.") % {"who": supervisor}

    return await _setup_action(request, action)


async def save_registration_settings(request: Request) -> Response:
    async def action(user: User, event: Any, form: dict[str, str]) -> str:
        size = forms.integer(
            form.get("max_group_size") or "60", "max_group_size", minimum=1, maximum=500
        )
        await registrations.save_settings(
            event.id,
            forms.boolean(form.get("enabled")),
            size or 60,
            forms.text(form.get("note"), "note", max_length=1000),
        )
        return _("Registration settings saved.")

    return await _setup_action(request, action)


async def close_day(request: Request) -> Response:
    async def action(user: User, event: Any, form: dict[str, str]) -> str:
        day = forms.date(form.get("day"), "day")
        assert day is not None
        await counting.close_day(
            user, event.id, event.start_date, event.end_date, day, local_today()
        )
        return _("The counts of this day are closed; only corrections can change them now.")

    return await _setup_action(request, action)


async def reopen_day(request: Request) -> Response:
    """An administrator undoes a mistaken close, with the reason (the route is admin-only)."""

    async def action(user: User, event: Any, form: dict[str, str]) -> str:
        try:
            day = forms.date(form.get("reopen_day"), "day")
            assert day is not None
            await counting.reopen_day(user, event.id, day, form.get("reopen_reason", ""))
        except Invalid as exc:  # this form's fields have their own names on the shared page
            exc.fields = {f"reopen_{name}": text for name, text in exc.fields.items()}
            raise
        return _(
            "The day is open for counting again. On their tally pages, gate staff press "
            "“Send the refused taps again” to have that day's refused taps counted."
        )

    return await _setup_action(request, action)


async def _corrections_context(gate: Gate) -> dict[str, Any]:
    rows = await CountCorrection.filter(gate=gate).select_related("user").limit(200)
    event = gate.event  # type: ignore[attr-defined]
    return {
        "gate": gate,
        "corrections": rows,
        "days": event_days(*accepted_days(event.start_date, event.end_date)),
        "directions": sorted(counting.DIRECTIONS_OF_KIND[gate.kind]),
        "errors": {},
        "form": {"day": local_today().isoformat()},
    }


async def corrections(request: Request) -> Response:
    gate = await load_gate(request.path_params["gate_id"])
    await require_supervisor(request.state.user, gate.event_id)  # type: ignore[attr-defined]
    return render(request, "visitors/corrections.html", await _corrections_context(gate))


async def correction_submit(request: Request) -> Response:
    gate = await load_gate(request.path_params["gate_id"])
    user = request.state.user
    await require_supervisor(user, gate.event_id)  # type: ignore[attr-defined]
    form = _form_dict(await request.form())
    values: dict[str, Any] = {}
    try:
        forms.collect(
            lambda: values.__setitem__("day", forms.date(form.get("day"), "day")),
            lambda: values.__setitem__(
                "direction", forms.choice(form.get("direction"), "direction", Direction)
            ),
            lambda: values.__setitem__("delta", forms.integer(form.get("delta"), "delta")),
        )
        await counting.add_correction(
            user, gate, values["day"], values["direction"], values["delta"], form.get("reason", "")
        )
    except Invalid as exc:
        context = await _corrections_context(gate)
        context.update(errors=exc.fields, form=form)
        return render(request, "visitors/corrections.html", context, status_code=exc.status_code)
    flash(request, _("Correction saved."))
    return RedirectResponse(request.url_for("gate_corrections", gate_id=gate.id), status_code=303)


# --- Live figures -----------------------------------------------------------------------------


async def live_page(request: Request) -> Response:
    event = await load_event(request.path_params["event_id"])
    await require_reader_or_supervisor(request.state.user, event.id)
    figures = await live.event_figures(event.id, local_today())
    peak = max([max(h["in"], h["out"]) for h in figures.hours] or [0])
    return render(
        request,
        "visitors/live.html",
        {"event": event, "figures": figures, "peak": max(peak, 1)},
        fragment="figures",
    )


# --- Public registration and tickets ----------------------------------------------------------


async def register_form(request: Request) -> Response:
    event = await load_event(request.path_params["event_id"])
    settings = await registrations.settings_for(event.id)
    is_open = registrations.registration_open(event, settings, local_today())
    return render(
        request,
        "visitors/register.html",
        {
            "event": event,
            "settings": settings,
            "is_open": is_open,
            "form": {"group_size": "1"},
            "errors": {},
        },
        status_code=200 if is_open else 404,
    )


async def register_submit(request: Request) -> Response:
    event = await load_event(request.path_params["event_id"])
    form = _form_dict(await request.form())
    limits = registrations.limits_for(client_address(request), event.id, request.app.state.settings)
    try:
        row = await registrations.register(event, form, local_today(), limits)
    except (Invalid, TooMany) as exc:
        settings = await registrations.settings_for(event.id)
        context = {
            "event": event,
            "settings": settings,
            "form": form,
            "errors": {},
            "is_open": registrations.registration_open(event, settings, local_today()),
        }
        if isinstance(exc, TooMany):  # the form stays filled in, to send again later
            return render(
                request,
                "visitors/register.html",
                {**context, "too_many": registrations.too_many_message(exc)},
                status_code=429,
                headers={"Retry-After": str(exc.retry_after)},
            )
        return render(
            request,
            "visitors/register.html",
            {**context, "errors": exc.fields, "message": exc.message},
            status_code=exc.status_code,
        )
    return RedirectResponse(request.url_for("ticket", code=row.code), status_code=303)


async def _ticket(code: str) -> Registration:
    row = (
        await Registration.filter(code=code)
        .select_related("event", "checked_in_gate", "checked_in_by")
        .first()
    )
    if row is None:
        raise HTTPException(404)
    return row


async def ticket(request: Request) -> Response:
    row = await _ticket(request.path_params["code"])
    return render(
        request,
        "visitors/ticket.html",
        {"registration": row, "qr_svg": qr.svg_markup(row.code)},
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


async def ticket_svg(request: Request) -> Response:
    row = await _ticket(request.path_params["code"])
    return Response(
        qr.svg(row.code),
        media_type="image/svg+xml",
        headers={"Content-Disposition": f'inline; filename="ticket-{row.id}.svg"'},
    )


async def ticket_png(request: Request) -> Response:
    row = await _ticket(request.path_params["code"])
    return Response(
        qr.png(row.code),
        media_type="image/png",
        headers={"Content-Disposition": f'attachment; filename="ticket-{row.id}.png"'},
    )


# --- Benchmark ceiling (only when OCOPFAIR_BENCH_CEILING=1) -----------------------------------


async def bench_ceiling(request: Request) -> Response:
    """One raw single-row INSERT, no auth, no validation, no ORM: the benchmark's ceiling."""
    await request.body()
    conn = sql.connection()
    await sql.execute(
        conn,
        "INSERT INTO countbatch (client_key, body_hash, gate_id, device_id,"
        " taps, received_at) VALUES ($1, '', $2, '', '[]', $3)",
        [uuid.uuid4().hex, request.path_params["gate_id"], dt.datetime.now(dt.UTC)],
    )
    return JSONResponse({"stored": True}, status_code=201)


GATE_WORKERS = allow(Role.ADMIN, Role.ORGANIZER, Role.GATE_STAFF)

routes = [
    page("/gates", my_gates, access=GATE_WORKERS, name="my_gates"),
    page("/gates/{gate_id:int}/tally", tally, access=SIGNED_IN, name="gate_tally"),
    page("/gates/{gate_id:int}/scan", scan, access=SIGNED_IN, name="gate_scan"),
    page(
        "/gates/{gate_id:int}/scan",
        scan_submit,
        access=SIGNED_IN,
        methods=["POST"],
        name="gate_scan_submit",
    ),
    page(
        "/gates/{gate_id:int}/corrections", corrections, access=SIGNED_IN, name="gate_corrections"
    ),
    page(
        "/gates/{gate_id:int}/corrections",
        correction_submit,
        access=SIGNED_IN,
        methods=["POST"],
        name="gate_correction_submit",
    ),
    page("/events/{event_id:int}/gates", setup, access=SIGNED_IN, name="visitor_setup"),
    page(
        "/events/{event_id:int}/gates/add",
        add_gate,
        access=SIGNED_IN,
        methods=["POST"],
        name="visitor_gate_add",
    ),
    page(
        "/events/{event_id:int}/gates/assign",
        assign,
        access=SIGNED_IN,
        methods=["POST"],
        name="visitor_assign",
    ),
    page(
        "/events/{event_id:int}/gates/unassign",
        unassign,
        access=SIGNED_IN,
        methods=["POST"],
        name="visitor_unassign",
    ),
    page(
        "/events/{event_id:int}/gates/supervisors",
        add_supervisor,
        access=SIGNED_IN,
        methods=["POST"],
        name="visitor_supervisor_add",
    ),
    page(
        "/events/{event_id:int}/gates/registration",
        save_registration_settings,
        access=SIGNED_IN,
        methods=["POST"],
        name="visitor_registration_settings",
    ),
    page(
        "/events/{event_id:int}/gates/close-day",
        close_day,
        access=SIGNED_IN,
        methods=["POST"],
        name="visitor_close_day",
    ),
    page(
        "/events/{event_id:int}/gates/reopen-day",
        reopen_day,
        access=DAY_REOPENERS,
        methods=["POST"],
        name="visitor_reopen_day",
    ),
    page("/events/{event_id:int}/live", live_page, access=SIGNED_IN, name="event_live"),
    page("/events/{event_id:int}/register", register_form, access=ANYONE, name="register"),
    page(
        "/events/{event_id:int}/register",
        register_submit,
        access=ANYONE,
        methods=["POST"],
        name="register_submit",
    ),
    page("/tickets/{code:str}", ticket, access=ANYONE, name="ticket"),
    page("/tickets/{code:str}/qr.svg", ticket_svg, access=ANYONE, name="ticket_svg"),
    page("/tickets/{code:str}/qr.png", ticket_png, access=ANYONE, name="ticket_png"),
]

if os.environ.get("OCOPFAIR_BENCH_CEILING") == "1":
    routes.append(
        page(
            "/bench/ceiling/{gate_id:int}",
            bench_ceiling,
            access=ANYONE,
            methods=["POST"],
            name="bench_ceiling",
        )
    )

add_nav_item("My gates", "my_gates", GATE_WORKERS, order=30)
add_event_tab("gates", N_("Gates"), "visitor_setup", order=40, access=READERS)
