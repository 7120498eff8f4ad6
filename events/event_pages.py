"""An event's pages: the new-event and edit forms, the status buttons, the organizer's page with
its tabs, and the public page."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from events.access import is_publicly_visible, may_edit_event, require_event_edit, require_visible
from events.editing import create_event, update_event
from events.event_fields import event_input
from events.lifecycle import allowed_next, change_status, is_read_only
from events.loaders import event_or_404
from events.models import Event
from events.page_forms import (
    choices,
    conflict_context,
    defaults_for,
    first_error,
    flash_saved,
    form_dict,
)
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.models import AuditEntry, Role
from ocopfair.navigation import event_tabs, sections_for
from ocopfair.offline import offline_shell
from ocopfair.templating import flash, label, redirect_after_post, render
from ocopfair.urls import url


async def _load_event(request: Request) -> Event:
    return await event_or_404(request.path_params["event_id"], "venue", "locality", "series")


async def _form_again(
    request: Request, event: Event | None, data: dict[str, Any], exc: Invalid
) -> Response:
    """The form with the sentences under the fields (only the form, when htmx asks)."""
    context = {
        "form": data,
        "errors": exc.fields,
        "event": event,
        "message": exc.message,
        **conflict_context(exc),
        **await choices(),
    }
    return render(
        request, "events/form.html", context, status_code=exc.status_code, fragment="event_form"
    )


async def event_new(request: Request) -> Response:
    context = {
        "form": defaults_for(request.state.user),
        "errors": {},
        "event": None,
        "clashes": [],
        **await choices(),
    }
    return render(request, "events/form.html", context)


async def event_create(request: Request) -> Response:
    data = form_dict(await request.form())
    try:
        saved = await create_event(request.state.user, data, today=local_today())
    except Invalid as exc:
        return await _form_again(request, None, data, exc)
    flash_saved(request, saved, _("The event “%(name)s” was saved.") % {"name": saved.event.name})
    return redirect_after_post(request, url("event_page", event_id=saved.event.id))


async def event_edit(request: Request) -> Response:
    event = await _load_event(request)
    require_event_edit(request.state.user, event)
    form = {**event_input(event), "sequence": event.sequence}
    context = {"form": form, "errors": {}, "event": event, "clashes": [], **await choices()}
    return render(request, "events/form.html", context)


async def event_update(request: Request) -> Response:
    event = await _load_event(request)
    user = request.state.user
    require_event_edit(user, event)
    data = form_dict(await request.form())
    try:
        saved = await update_event(
            user, event, data, today=local_today(), scope=str(data.get("scope") or "this")
        )
    except Invalid as exc:
        return await _form_again(request, event, data, exc)
    if len(saved.events) > 1:
        message = _("%(n)d occurrences were updated.") % {"n": len(saved.events)}
    else:
        message = _("The event “%(name)s” was saved.") % {"name": saved.event.name}
    flash_saved(request, saved, message)
    return redirect_after_post(request, url("event_page", event_id=event.id))


async def event_status(request: Request) -> Response:
    event = await _load_event(request)
    user = request.state.user
    require_event_edit(user, event)
    form = await request.form()
    reason = str(form.get("reason", ""))[:1000].strip()
    back = url("event_page", event_id=event.id)
    try:
        await change_status(
            event, str(form.get("status", "")), user, today=local_today(), reason=reason
        )
    except Invalid as exc:
        flash(request, first_error(exc), "error")
        return redirect_after_post(request, back)
    flash(request, _("The status is now “%(status)s”.") % {"status": label(event.status)})
    return redirect_after_post(request, back)


async def event_page(request: Request) -> Response:
    """The organizer's page of one event: details, status buttons, history, and the tabs."""
    event = await _load_event(request)
    user = request.state.user
    if user.role == Role.PARTNER:
        require_event_edit(user, event)  # a partner sees only the events it owns
    history = (
        await AuditEntry.filter(object_type="Event", object_id=str(event.id))
        .select_related("user")
        .limit(30)
    )
    siblings: list[Event] = []
    if event.series_id:
        siblings = await Event.filter(series_id=event.series_id).order_by("series_index")
    may_edit = may_edit_event(user, event)
    context = {
        "event": event,
        # A partner (owning this event) sees only the tabs its role may open.
        "tabs": event_tabs(event.id, user if user.role == Role.PARTNER else None),
        "current_tab": "overview",
        "history": history,
        "siblings": siblings,
        "next_statuses": allowed_next(event, user, local_today()) if may_edit else [],
        "may_edit": may_edit and not is_read_only(event, user),
        "public": is_publicly_visible(event),
    }
    return render(request, "events/detail.html", context)


async def public_page(request: Request) -> Response:
    event = await _load_event(request)
    user = request.state.user
    require_visible(user, event)
    context = {
        "event": event,
        "sections": await sections_for("event_public", event, user),
        "preview": not is_publicly_visible(event),
    }
    return offline_shell(render(request, "events/public.html", context))
