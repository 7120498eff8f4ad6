"""Applying for booths, and the applications' review: the producer's form, the list an
office reviews, one application's page, its review steps and its withdrawal."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from booths import access, applications
from booths.eligibility import certified_products
from booths.models import ApplicationStatus, Booth, BoothApplication, BoothAssignment
from booths.page_helpers import as_list, event_tabs_for, form_data, reason_of, redirect_to
from booths.reasons import explain
from events.models import Event
from exhibitors.models import Exhibitor
from ocopfair import forms
from ocopfair.auth import EVENT_MANAGERS, EVENT_READERS, SIGNED_IN, page
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.templating import flash, render
from ocopfair.urls import url


async def _apply_context(event: Event, exhibitor: Exhibitor) -> dict[str, Any]:
    existing = await BoothApplication.get_or_none(event_id=event.id, exhibitor_id=exhibitor.id)
    weeks = (
        await Event.filter(series_id=event.series_id).order_by("start_date")
        if event.series_id
        else []
    )
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
    event = await access.load_event(request.path_params["event_id"])
    exhibitor = await access.exhibitor_of(request.state.user)
    return render(request, "booths/apply.html", await _apply_context(event, exhibitor))


async def apply_submit(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    exhibitor = await access.exhibitor_of(request.state.user)
    form = await form_data(request)
    for key in ("products", "preferred_zones", "available_weeks"):
        form[key] = as_list(form.get(key))
    try:
        application = await applications.apply(
            event, exhibitor, form, request.state.user, today=local_today()
        )
    except Invalid as exc:
        context = await _apply_context(event, exhibitor)
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
    return redirect_to("application_page", application_id=application.id)


async def application_list(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    user = request.state.user
    access.require_read_event(user, event)  # a partner: the events it owns only
    query = BoothApplication.filter(event_id=event.id)
    is_local = access.reviews_locally(user)
    if is_local:  # a local office reviews the producers of its locality
        query = query.filter(exhibitor__locality_id=user.locality_id)
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
        "tabs": event_tabs_for(event, user),
        "current_tab": "applications",
        "statuses": list(ApplicationStatus),
        "status": status,
        "is_local": is_local,
        "is_provincial": access.decides_for(user, event),
        "rule_text": explain,
    }
    return render(request, "booths/applications.html", context)


async def _application_page(
    request: Request, application: BoothApplication, exc: Invalid | None = None
) -> Response:
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
        "steps": access.review_steps(user, application),
        "own": access.is_exhibitor(user),
        "errors": exc.fields if exc else {},
        "error_message": exc.message if exc else "",
    }
    return render(
        request, "booths/application.html", context, status_code=exc.status_code if exc else 200
    )


async def application_detail(request: Request) -> Response:
    application = await access.load_application(
        request.path_params["application_id"], request.state.user
    )
    return await _application_page(request, application)


async def application_review(request: Request) -> Response:
    application = await access.load_application(
        request.path_params["application_id"], request.state.user
    )
    form = await form_data(request)
    try:
        await applications.review(
            application, form.get("step"), str(form.get("reason") or ""), request.state.user
        )
    except Invalid as exc:
        return await _application_page(request, application, exc)
    flash(request, _("The review step was saved."))
    # Reviewed from the event's list of applications: back to that list.
    back = url("booths_applications", event_id=application.event_id)
    if form.get("back") == back:
        return redirect_to("booths_applications", event_id=application.event_id)
    return redirect_to("application_page", application_id=application.id)


async def application_withdraw(request: Request) -> Response:
    application = await access.load_application(
        request.path_params["application_id"], request.state.user
    )
    access.require_withdraw(request.state.user, application)
    form = await form_data(request)
    try:
        await applications.withdraw(application, request.state.user, reason_of(form))
    except Invalid as exc:
        return await _application_page(request, application, exc)
    flash(request, _("Your application was withdrawn."))
    return redirect_to("application_page", application_id=application.id)


routes = [
    page("/events/{event_id:int}/apply", apply_form, access=access.EXHIBITOR, name="booths_apply"),
    page(
        "/events/{event_id:int}/apply",
        apply_submit,
        access=access.EXHIBITOR,
        methods=["POST"],
        name="booths_apply_submit",
    ),
    page(
        "/events/{event_id:int}/applications",
        application_list,
        access=EVENT_READERS,
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
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="application_review",
    ),
    page(
        "/applications/{application_id:int}/withdraw",
        application_withdraw,
        access=access.EXHIBITOR,
        methods=["POST"],
        name="application_withdraw",
    ),
]
