"""A recurring series' pages: the form that makes all its events, its page, its status button."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from events.access import may_edit_series, require_series_edit, require_series_read
from events.loaders import occurrences, series_or_404
from events.models import Event, EventKind, EventSeries, EventStatus
from events.page_forms import (
    choices,
    conflict_context,
    defaults_for,
    first_error,
    flash_saved,
    form_dict,
    options,
)
from events.series import change_series_status, create_series
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.templating import flash, redirect_after_post, render
from ocopfair.urls import url


async def series_new(request: Request) -> Response:
    form = {
        **defaults_for(request.state.user),
        "kind": EventKind.CONNECTION_WEEK,
        "frequency": "weekly",
        "interval": 1,
        "days": 7,
    }
    context = {"form": form, "errors": {}, "clashes": [], **await choices()}
    return render(request, "events/series_form.html", context)


async def series_create(request: Request) -> Response:
    data = form_dict(await request.form())
    try:
        saved = await create_series(request.state.user, data, today=local_today())
    except Invalid as exc:
        context = {
            "form": data,
            "errors": exc.fields,
            "message": exc.message,
            **conflict_context(exc),
            **await choices(),
        }
        return render(
            request,
            "events/series_form.html",
            context,
            status_code=exc.status_code,
            fragment="series_form",
        )
    flash_saved(
        request, saved, _("The series was created with %(n)d events.") % {"n": len(saved.events)}
    )
    return redirect_after_post(request, url("series_page", series_id=saved.event.series_id))


async def _load_series(request: Request) -> EventSeries:
    return await series_or_404(request.path_params["series_id"], "venue", "locality")


async def series_page(request: Request) -> Response:
    series = await _load_series(request)
    events = await occurrences(series)
    require_series_read(request.state.user, events)
    context = {
        "series": series,
        "events": events,
        "may_edit": may_edit_series(request.state.user, events),
        "statuses": options(EventStatus),
    }
    return render(request, "events/series.html", context)


async def series_status(request: Request) -> Response:
    series = await _load_series(request)
    user = request.state.user
    first = await Event.filter(series_id=series.id).order_by("series_index").limit(1)
    if not first:
        raise HTTPException(404)
    require_series_edit(user, first)
    form = await request.form()
    back = url("series_page", series_id=series.id)
    try:
        changed, skipped = await change_series_status(
            user,
            series,
            str(form.get("status", "")),
            today=local_today(),
            reason=str(form.get("reason", ""))[:1000],
        )
    except Invalid as exc:
        flash(request, first_error(exc), "error")
        return redirect_after_post(request, back)
    flash(
        request,
        _("%(changed)d occurrences changed, %(skipped)d left as they were.")
        % {"changed": len(changed), "skipped": len(skipped)},
    )
    return redirect_after_post(request, back)
