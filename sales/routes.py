"""Pages of a booth's daily sales: the exhibitor's phone form and the organizers' grid.

Routes stay thin: load and check who may act on the loaded object (sales.access), call
sales.figures / sales.entry, render. The phone form and the grid share one writer.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from booths.models import BoothAssignment
from events.access import may_plan
from events.models import Event
from ocopfair.auth import EVENT_MANAGERS, EVENT_READERS, READERS, allow, page
from ocopfair.errors import Invalid
from ocopfair.i18n import N_, format_number, local_today
from ocopfair.i18n import gettext as _
from ocopfair.inline_assets import render_inlined
from ocopfair.models import Role
from ocopfair.navigation import add_event_tab, add_nav_item, add_section, event_tabs
from ocopfair.offline import offline_shell
from ocopfair.templating import flash, is_htmx, render
from ocopfair.urls import url
from sales import access, appearances, figures, showroom_pages, showrooms
from sales.entry import save_day, save_revenues, save_settings
from sales.entry_keys import parse_client_key, save_day_once
from sales.entry_rules import day_of, parse_day_figures
from sales.models import SalesRecord
from sales.window import closes_on, entry_window

EXHIBITOR = allow(Role.EXHIBITOR)
WRITERS = allow(Role.ADMIN, Role.ORGANIZER, Role.EXHIBITOR)
EVERYONE_OF_SALES = allow(Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL, Role.EXHIBITOR)


def _form_dict(form: Any) -> dict[str, Any]:
    return {key: form.get(key) for key in form}


def _default_day(event: Event, today: dt.date) -> dt.date:
    """Today during the event; its last day after it; its first day before it."""
    return min(max(today, event.start_date), event.end_date)


# --- One booth's day: the exhibitor's phone form (and an organizer acting for it) ---------------


async def _booth_context(
    request: Request,
    assignment: BoothAssignment,
    day: dt.date,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    user = request.state.user
    event: Event = assignment.booth.event
    today = local_today()
    settings = await figures.settings_for(event)
    window = entry_window(event, settings, user, today)
    products = (await figures.shown_products([assignment], event))[assignment.id]
    records = await SalesRecord.filter(assignment_id=assignment.id).order_by("day")
    lines = await figures.lines_of([r.id for r in records])
    by_day = {r.day: r for r in records}
    current = by_day.get(day)
    if form is None:
        form = _form_of(current, products, lines)
    shown = {str(p.id) for p in products}
    days = [
        {"day": d, "record": by_day.get(d), "future": d > today} for d in figures.event_days(event)
    ]
    writable = window.writable and user.role != Role.OFFICIAL and day <= today
    return {
        "assignment": assignment,
        "event": event,
        "booth": assignment.booth,
        "exhibitor": assignment.exhibitor,
        "day": day,
        "days": days,
        "record": current,
        "products": products,
        "form": form,
        "errors": errors or {},
        "window": window,
        "writable": writable,
        "future": day > today,
        "settings": settings,
        "history": _history_items(await figures.history([r.id for r in records], limit=20)),
        "stray_errors": _stray_errors(errors or {}, shown),
        "total": sum(r.revenue for r in records),
        "may_manage": may_plan(user),
        "form_error": None,
    }


def _form_of(
    current: SalesRecord | None, products: list[Any], lines: dict[int, dict[int, int]]
) -> dict[str, Any]:
    """The phone form filled with the day's saved figures (empty fields for a new day)."""
    if current is None:
        return {
            "revenue": "",
            "customers": "",
            "units_total": "",
            **{f"units-{p.id}": "" for p in products},
        }
    units = lines.get(current.id, {})
    return {
        "revenue": format_number(current.revenue),
        "customers": current.customers if current.customers is not None else "",
        "units_total": current.units if not products else "",
        **{f"units-{p.id}": units.get(p.id) or "" for p in products},
    }


def _stray_errors(errors: dict[str, str], shown: set[str]) -> list[str]:
    """Messages about products this booth no longer shows (no field to put them under)."""
    return [m for name, m in errors.items() if name.startswith("units-") and name[6:] not in shown]


def _history_items(entries: list[Any]) -> list[dict[str, Any]]:
    items = []
    for entry in entries:
        after, before = entry.after or {}, entry.before or {}
        day = after.get("day") or before.get("day")
        items.append(
            {
                "entry": entry,
                "day": dt.date.fromisoformat(day) if day else None,
                "before": before.get("revenue") if entry.before else None,
                "after": after.get("revenue"),
            }
        )
    return items


def _chosen_day(request: Request, event: Event) -> dt.date:
    raw = request.query_params.get("day")
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    return _default_day(event, local_today())


async def booth_sales(request: Request) -> Response:
    assignment = await access.load_assignment(request.path_params["assignment_id"])
    access.require_read(request.state.user, assignment)
    day = _chosen_day(request, assignment.booth.event)
    if not assignment.booth.event.start_date <= day <= assignment.booth.event.end_date:
        day = _default_day(assignment.booth.event, local_today())
    context = await _booth_context(request, assignment, day)
    return offline_shell(render_inlined(request, "sales/entry.html", context))


async def booth_sales_save(request: Request) -> Response:
    user = request.state.user
    assignment = await access.load_assignment(request.path_params["assignment_id"])
    event = assignment.booth.event
    access.require_write(user, assignment, event)
    form = _form_dict(await request.form())
    day = _chosen_day(request, event)
    units = {key[6:]: value for key, value in form.items() if key.startswith("units-")}
    try:
        day = day_of(form.get("day"))
        day_figures = parse_day_figures(form, units)
        products = (await figures.shown_products([assignment], event))[assignment.id]
        key = parse_client_key(form.get("client_key"))
        save = functools.partial(save_day_once, key) if key else save_day
        await save(
            user,
            assignment,
            event,
            day,
            day_figures,
            products,
            await figures.settings_for(event),
            local_today(),
        )
    except Invalid as exc:
        if not event.start_date <= day <= min(event.end_date, local_today()):
            day = _default_day(event, local_today())
        context = await _booth_context(request, assignment, day, form, exc.fields)
        context["form_error"] = exc.fields.get("form") or exc.message
        return render(request, "sales/entry.html", context, status_code=exc.status_code)
    flash(request, _("The sales of %(day)s are saved.") % {"day": day.strftime("%d/%m/%Y")})
    return RedirectResponse(
        url("sales_booth", assignment_id=assignment.id) + f"?day={day.isoformat()}",
        status_code=303,
    )


async def _choose_or_enter(
    request: Request, assignments: list[BoothAssignment], title: str, event: Event | None = None
) -> Response:
    """One booth: its form straight away. Several or none: a list to choose from."""
    if len(assignments) == 1:
        assignment = assignments[0]
        day = _chosen_day(request, assignment.booth.event)
        return render(request, "sales/entry.html", await _booth_context(request, assignment, day))
    today = local_today()
    return render(
        request,
        "sales/choose.html",
        {
            "title": title,
            "event": event,
            "today": today,
            "items": [
                {
                    "assignment": a,
                    "event": a.booth.event,
                    "running": a.booth.event.start_date <= today <= a.booth.event.end_date,
                }
                for a in assignments
            ],
        },
    )


async def sales_today(request: Request) -> Response:
    """The exhibitor's phone: today's form when it has one booth at a fair today."""
    today = local_today()
    mine = await access.own_booths(request.state.user)
    running = [a for a in mine if a.booth.event.start_date <= today <= a.booth.event.end_date]
    recent = [a for a in mine if a.booth.event.end_date < today][:10]
    return await _choose_or_enter(request, running or recent, _("My sales"))


async def my_event_sales(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    mine = await access.load_own_booths_at(request.state.user, event)
    return await _choose_or_enter(request, mine, event.name, event)


# --- The organizers' grid ---------------------------------------------------------------------


async def _grid_context(request: Request, event: Event) -> dict[str, Any]:
    user = request.state.user
    today = local_today()
    settings = await figures.settings_for(event)
    window = entry_window(event, settings, user, today)
    rows, totals = await figures.grid(event)
    return {
        "event": event,
        "rows": rows,
        "totals": totals,
        "days": figures.event_days(event),
        "today": today,
        "window": window,
        "settings": settings,
        "editable": window.writable and access.may_enter_for_event(user, event),
        "closes_on": closes_on(event, settings),
        # An owning partner sees only the tabs its role may open.
        "tabs": event_tabs(event.id, user if user.role == Role.PARTNER else None),
        "current_tab": "sales",
        "settings_form": {},
        "settings_errors": {},
        "form_error": None,
    }


async def grid_page(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    access.require_read_event(request.state.user, event)  # a partner: its own events only
    return render(request, "sales/grid.html", await _grid_context(request, event))


async def grid_row_save(request: Request) -> Response:
    """Save one row of the grid: a fragment (row + totals) for htmx, a redirect without JS."""
    user = request.state.user
    event = await access.load_event(request.path_params["event_id"])
    assignment = await access.load_assignment(request.path_params["assignment_id"])
    access.require_of_event(assignment, event)
    access.require_write(user, assignment, event)
    form = _form_dict(await request.form())
    settings = await figures.settings_for(event)
    today = local_today()
    existing = (await figures.records_by_assignment(event.id, [assignment.id])).get(
        assignment.id, {}
    )
    days = figures.event_days(event)
    try:
        await save_revenues(user, assignment, event, form, settings, today, existing)
        status, errors, saved = 200, {}, True
    except Invalid as exc:
        status, errors, saved = exc.status_code, exc.fields, False
    records = (await figures.records_by_assignment(event.id, [assignment.id])).get(
        assignment.id, {}
    )
    row = figures.grid_row(assignment, days, records)
    row.saved, row.errors = saved, errors
    if errors:
        row.values = {
            k: str(v or "") for k, v in form.items() if k.startswith("d-") or k == "reason"
        }
    if is_htmx(request):
        window = entry_window(event, settings, user, today)
        return render(
            request,
            "sales/grid_row.html",
            {
                "event": event,
                "row": row,
                "days": days,
                "today": today,
                "window": window,
                "editable": window.writable,
                "totals": await figures.event_totals(event.id),
            },
            status_code=status,
        )
    if saved:
        flash(request, _("Booth %(code)s saved.") % {"code": assignment.booth.code})
        return RedirectResponse(
            url("sales_grid", event_id=event.id) + f"#row-{assignment.id}", status_code=303
        )
    context = await _grid_context(request, event)
    context["rows"] = [row if r.id == row.id else r for r in context["rows"]]
    context["form_error"] = errors.get("form")
    return render(request, "sales/grid.html", context, status_code=status)


async def settings_save(request: Request) -> Response:
    user = request.state.user
    event = await access.load_event(request.path_params["event_id"])
    access.require_settings_edit(user, event)
    form = _form_dict(await request.form())
    try:
        await save_settings(user, event, form)
    except Invalid as exc:
        context = await _grid_context(request, event)
        context.update(
            settings_form=form, settings_errors=exc.fields, form_error=exc.fields.get("form")
        )
        return render(request, "sales/grid.html", context, status_code=exc.status_code)
    flash(request, _("The sales settings are saved."))
    return RedirectResponse(url("sales_grid", event_id=event.id), status_code=303)


routes = [
    page("/sales/today", sales_today, access=EXHIBITOR, name="sales_today"),
    page(
        "/events/{event_id:int}/my-sales", my_event_sales, access=EXHIBITOR, name="sales_my_event"
    ),
    page(
        "/sales/booths/{assignment_id:int}",
        booth_sales,
        access=EVERYONE_OF_SALES,
        name="sales_booth",
    ),
    page(
        "/sales/booths/{assignment_id:int}",
        booth_sales_save,
        access=WRITERS,
        methods=["POST"],
        name="sales_booth_save",
    ),
    page("/events/{event_id:int}/sales", grid_page, access=EVENT_READERS, name="sales_grid"),
    page(
        "/events/{event_id:int}/sales/rows/{assignment_id:int}",
        grid_row_save,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="sales_grid_row",
    ),
    page(
        "/events/{event_id:int}/sales/settings",
        settings_save,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="sales_settings",
    ),
]

routes += showroom_pages.routes

add_nav_item(N_("My sales"), "sales_today", EXHIBITOR, order=45)
add_nav_item(N_("Showrooms"), "showroom_list", READERS, order=26)
add_section("public_product", "showrooms", "sales/_on_sale_at.html", showrooms.on_sale_at)
add_event_tab("sales", N_("Sales"), "sales_grid", order=50, access=EVENT_READERS)
add_section(
    "exhibitor_detail",
    "history",
    "sales/_producer_history.html",
    appearances.history_section,
    order=50,
)
