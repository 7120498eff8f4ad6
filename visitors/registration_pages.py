"""Public pages: an event's registration form, and the ticket it gives (with its QR code)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ocopfair.errors import Invalid
from ocopfair.i18n import local_today
from ocopfair.templating import render
from ocopfair.throttle import TooMany, client_address
from ocopfair.urls import url
from visitors import access, qr, registrations
from visitors.models import Registration


async def register_form(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
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
    event = await access.load_event(request.path_params["event_id"])
    form = {k: str(v) for k, v in (await request.form()).items() if isinstance(v, str)}
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
    return RedirectResponse(url("ticket", code=row.code), status_code=303)


async def _ticket(code: str) -> Registration:
    """A ticket by its code: the code alone is the ticket (unguessable), so anyone holding it
    may see it."""
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
