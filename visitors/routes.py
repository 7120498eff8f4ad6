"""Pages of visitors/: my gates, the tally, ticket scanning, corrections and live figures here;
the gate set-up (setup_pages) and the public registration and tickets (registration_pages).
This module holds the route table of them all."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from ocopfair import forms, sql
from ocopfair.auth import ANYONE, EVENT_READERS, SIGNED_IN, page
from ocopfair.errors import Invalid
from ocopfair.i18n import N_, local_today
from ocopfair.i18n import gettext as _
from ocopfair.inline_assets import render_inlined
from ocopfair.models import User
from ocopfair.navigation import add_event_tab, add_nav_item
from ocopfair.offline import offline_shell
from ocopfair.templating import flash, render
from ocopfair.urls import url
from visitors import access, checkin, corrections, live, taps
from visitors.access import DAY_REOPENERS, GATE_WORKERS
from visitors.buckets import accepted_days, event_days
from visitors.models import DIRECTIONS_OF_KIND, CountCorrection, Direction, Gate
from visitors.registration_pages import (
    register_form,
    register_submit,
    ticket,
    ticket_png,
    ticket_svg,
)
from visitors.setup_pages import (
    add_gate,
    add_supervisor,
    assign,
    close_day,
    reopen_day,
    save_registration_settings,
    setup,
    unassign,
)


def _form_dict(form: Any) -> dict[str, str]:
    return {k: str(v) for k, v in form.items() if isinstance(v, str)}


# --- Gate staff: my gates, tally, scanning ----------------------------------------------------


async def my_gates(request: Request) -> Response:
    """The gates this user may work at today (and the events they supervise)."""
    user: User = request.state.user
    today = local_today()
    rows = (
        await access.gates_to_work(user, today)
        .select_related("event")
        .order_by("event__start_date", "name")
        .limit(200)
    )
    return render(request, "visitors/my_gates.html", {"gates": rows, "today": today})


async def tally(request: Request) -> Response:
    gate = await access.load_gate(request.path_params["gate_id"])
    await access.require_gate_work(request.state.user, gate, local_today())
    directions = sorted(DIRECTIONS_OF_KIND[gate.kind])
    context = {"gate": gate, "directions": directions}
    return offline_shell(render_inlined(request, "visitors/tally.html", context))


async def scan(request: Request) -> Response:
    gate = await access.load_gate(request.path_params["gate_id"])
    await access.require_gate_work(request.state.user, gate, local_today())
    context = {"gate": gate, "result": None, "error": None}
    return offline_shell(render(request, "visitors/scan.html", context))


async def scan_submit(request: Request) -> Response:
    """One scan: the gate, the right to work there and the ticket are read together
    (visitors.checkin), so a first scan costs two statements and a repeated one a single one."""
    gate_id = request.path_params["gate_id"]
    form = await request.form()
    context: dict[str, Any] = {"gate": None, "result": None, "error": None}
    status = 200
    # A code kept on the phone while offline carries when it was scanned (static/js/scan.js).
    when = taps.kept_scan_time(form.get("scanned_at"), form.get("sent_at"), dt.datetime.now(dt.UTC))
    try:
        result = await checkin.check_in(
            request.state.user, gate_id, str(form.get("code") or ""), when
        )
        context["result"], context["gate"] = result, result.gate
        if result.already:
            context["error"] = checkin.already_message(result.registration)
            status = 409
    except Invalid as exc:
        # Raised after the gate and the right to work there were checked.
        context["gate"] = await access.load_gate(gate_id)
        context["error"] = next(iter(exc.fields.values()), exc.message)
        status = exc.status_code
    return render(request, "visitors/scan.html", context, status_code=status, fragment="result")


# --- Supervisors: corrections of a gate's counts ----------------------------------------------


async def _corrections_context(gate: Gate) -> dict[str, Any]:
    rows = await CountCorrection.filter(gate=gate).select_related("user").limit(200)
    event = gate.event
    return {
        "gate": gate,
        "corrections": rows,
        "days": event_days(*accepted_days(event.start_date, event.end_date)),
        "directions": sorted(DIRECTIONS_OF_KIND[gate.kind]),
        "errors": {},
        "form": {"day": local_today().isoformat()},
    }


async def corrections_page(request: Request) -> Response:
    gate = await access.load_gate(request.path_params["gate_id"])
    await access.require_supervisor(request.state.user, gate.event_id)
    return render(request, "visitors/corrections.html", await _corrections_context(gate))


async def correction_submit(request: Request) -> Response:
    gate = await access.load_gate(request.path_params["gate_id"])
    user = request.state.user
    await access.require_supervisor(user, gate.event_id)
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
        await corrections.add_correction(
            user, gate, values["day"], values["direction"], values["delta"], form.get("reason", "")
        )
    except Invalid as exc:
        context = await _corrections_context(gate)
        context.update(errors=exc.fields, form=form)
        return render(request, "visitors/corrections.html", context, status_code=exc.status_code)
    flash(request, _("Correction saved."))
    return RedirectResponse(url("gate_corrections", gate_id=gate.id), status_code=303)


# --- Live figures -----------------------------------------------------------------------------


async def live_page(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    await access.require_reader_or_supervisor(request.state.user, event.id)
    figures = await live.event_figures(event.id, local_today())
    peak = max([max(h["in"], h["out"]) for h in figures.hours] or [0])
    return render(
        request,
        "visitors/live.html",
        {"event": event, "figures": figures, "peak": max(peak, 1)},
        fragment="figures",
    )


# --- Benchmark ceiling (only when OCOPFAIR_BENCH_CEILING=1) -----------------------------------


async def bench_ceiling(request: Request) -> Response:
    """One raw single-row INSERT, no auth, no validation, no ORM: the benchmark's ceiling."""
    await request.body()
    await sql.execute(
        sql.connection(),
        "INSERT INTO countbatch (client_key, body_hash, gate_id, device_id,"
        " taps, received_at) VALUES ($1, '', $2, '', '[]', $3)",
        [uuid.uuid4().hex, request.path_params["gate_id"], dt.datetime.now(dt.UTC)],
    )
    return JSONResponse({"stored": True}, status_code=201)


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
        "/gates/{gate_id:int}/corrections",
        corrections_page,
        access=SIGNED_IN,
        name="gate_corrections",
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

add_nav_item(N_("My gates"), "my_gates", GATE_WORKERS, order=30)
add_event_tab("gates", N_("Gates"), "visitor_setup", order=40, access=EVENT_READERS)
