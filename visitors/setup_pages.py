"""Pages of an event's gate set-up, for its supervisors: gates, staff per gate and day,
supervisors, registration settings, closing (and reopening) a day's counts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from tortoise.functions import Count, Sum

from events.models import Event
from ocopfair import forms
from ocopfair.auth import STAFF
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.models import Role, User
from ocopfair.templating import flash, render
from ocopfair.urls import url
from visitors import access, corrections, gates, live, registrations
from visitors.access import DAY_REOPENERS
from visitors.buckets import accepted_days, event_days
from visitors.models import DayClosure, EventSupervisor, Gate, GateKind, GateShift, Registration

# One set-up action: given the user, the event and the form, do it; the sentence to flash.
Action = Callable[[User, Event, dict[str, str]], Awaitable[str]]


def _form_dict(form: Any) -> dict[str, str]:
    """A submitted form's text fields (files dropped)."""
    return {k: str(v) for k, v in form.items() if isinstance(v, str)}


async def _setup_context(event_id: int, user: User) -> dict[str, Any]:
    event = await access.load_event(event_id)
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
        "can_appoint": STAFF.allows(user) or await access.owns_event_id(user, event.id),
        "can_reopen": DAY_REOPENERS.allows(user),
        "first_day": first,
        "last_day": last,
        "errors": {},
        "form": {},
    }


async def setup(request: Request) -> Response:
    event_id = request.path_params["event_id"]
    await access.load_event(event_id)
    await access.require_supervisor(request.state.user, event_id)
    return render(
        request, "visitors/setup.html", await _setup_context(event_id, request.state.user)
    )


async def _setup_action(request: Request, action: Action) -> Response:
    """Run one set-up action; show the page again with the error next to its field."""
    event_id = request.path_params["event_id"]
    event = await access.load_event(event_id)
    user = request.state.user
    await access.require_supervisor(user, event_id)
    form = _form_dict(await request.form())
    try:
        message = await action(user, event, form)
    except Invalid as exc:
        context = await _setup_context(event_id, user)
        context.update(errors=exc.fields, form=form)
        return render(request, "visitors/setup.html", context, status_code=exc.status_code)
    flash(request, message)
    return RedirectResponse(url("visitor_setup", event_id=event_id), status_code=303)


async def _form_gate(event: Event, form: dict[str, str]) -> Gate:
    return await access.load_event_gate(event, forms.integer(form.get("gate", ""), "gate"))


async def add_gate(request: Request) -> Response:
    async def action(user: User, event: Event, form: dict[str, str]) -> str:
        gate = await gates.create_gate(user, event, form.get("name", ""), form.get("kind", ""))
        return _("Gate %(name)s added.") % {"name": gate.name}

    return await _setup_action(request, action)


async def assign(request: Request) -> Response:
    async def action(user: User, event: Event, form: dict[str, str]) -> str:
        gate = await _form_gate(event, form)
        staff_id = forms.integer(form.get("user"), "user")
        staff = await User.get_or_none(id=staff_id)
        if staff is None:
            raise Invalid({"user": _("Choose an active gate staff account.")})
        day = forms.date(form.get("day"), "day", required=False)
        await gates.assign_staff(user, gate, staff, day)
        return _("%(who)s assigned to %(gate)s.") % {"who": staff, "gate": gate.name}

    return await _setup_action(request, action)


async def unassign(request: Request) -> Response:
    async def action(user: User, event: Event, form: dict[str, str]) -> str:
        gate = await _form_gate(event, form)
        staff_id = forms.integer(form.get("user"), "user")
        day = forms.date(form.get("day"), "day", required=False)
        await gates.unassign_staff(user, gate, staff_id or 0, day)
        return _("Assignment removed.")

    return await _setup_action(request, action)


async def add_supervisor(request: Request) -> Response:
    await access.require_appointer(request.state.user, request.path_params["event_id"])

    async def action(user: User, event: Event, form: dict[str, str]) -> str:
        supervisor = await User.get_or_none(id=forms.integer(form.get("user"), "user"))
        if supervisor is None:
            raise Invalid({"user": _("Choose an active gate staff or organizer account.")})
        await gates.add_supervisor(user, event, supervisor)
        return _("%(who)s now supervises the gates of this event.") % {"who": supervisor}

    return await _setup_action(request, action)


async def save_registration_settings(request: Request) -> Response:
    async def action(user: User, event: Event, form: dict[str, str]) -> str:
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
    async def action(user: User, event: Event, form: dict[str, str]) -> str:
        day = forms.date(form.get("day"), "day")
        assert day is not None
        await corrections.close_day(
            user, event.id, event.start_date, event.end_date, day, local_today()
        )
        return _("The counts of this day are closed; only corrections can change them now.")

    return await _setup_action(request, action)


async def reopen_day(request: Request) -> Response:
    """An administrator undoes a mistaken close, with the reason (the route is admin-only)."""

    async def action(user: User, event: Event, form: dict[str, str]) -> str:
        try:
            day = forms.date(form.get("reopen_day"), "day")
            assert day is not None
            await corrections.reopen_day(user, event.id, day, form.get("reopen_reason", ""))
        except Invalid as exc:  # this form's fields have their own names on the shared page
            exc.fields = {f"reopen_{name}": text for name, text in exc.fields.items()}
            raise
        return _(
            "The day is open for counting again. On their tally pages, gate staff press "
            "“Send the refused taps again” to have that day's refused taps counted."
        )

    return await _setup_action(request, action)
