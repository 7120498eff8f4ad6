"""Errors people see: a sentence in their language, the right status, never a stack trace.

Business logic raises `Invalid` (with a message per field) or `Conflict`; routes and the API
turn them into a form shown again with the messages next to the fields, or a JSON error
{"error": ..., "fields": {...}}.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from ocopfair.i18n import gettext as _

log = logging.getLogger("ocopfair")


class Invalid(Exception):
    """Input that breaks a rule. `fields` maps a field name to a translated sentence."""

    status_code = 422

    def __init__(self, fields: dict[str, str] | None = None, message: str | None = None) -> None:
        self.fields = fields or {}
        self.message = message or _("Please correct the highlighted fields.")
        super().__init__(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a worker process (ocopfair.offload), it must come back whole.
        return (type(self), (self.fields, self.message))


class BadRequest(Invalid):
    """Input that cannot be read at all (malformed JSON, a wrong kind of file)."""

    status_code = 400


class TooLarge(Invalid):
    """An upload over its size limit: 413, with a sentence saying the limit."""

    status_code = 413


class Conflict(Invalid):
    """The request was valid but the world changed under it (a booth taken, a stale preview)."""

    status_code = 409


def status_message(status_code: int, request: Request | None = None) -> str:
    if (
        status_code == 401
        and request is not None
        and getattr(request.state, "session_expired", False)
    ):
        return _("Your session has expired. Please log in again.")
    if status_code == 403 and request is not None and request.scope.get("csrf_failed"):
        return _(
            "This form has expired or did not come from this site. Reload the page and try again."
        )
    messages = {
        400: _("The request could not be understood. Please check what you entered."),
        401: _("Please log in to see this page."),
        403: _("You do not have permission to see or change this."),
        404: _("The page you asked for does not exist."),
        405: _("This action is not allowed here."),
        409: _("This was changed by someone else. Reload and try again."),
        413: _("The file or form is too large."),
        422: _("Please correct the highlighted fields."),
        429: _("Too many attempts. Please wait a moment and try again."),
        503: _("The service is temporarily unavailable. Please try again shortly."),
    }
    return messages.get(status_code, _("Something went wrong on our side. Please try again."))


def wants_json(request: Request) -> bool:
    return (
        request.url.path.startswith("/api/")
        or "application/json" in request.headers.get("accept", "").split(",")[0]
    )


def json_error(
    message: str,
    status_code: int,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        {"error": message, "fields": fields or {}}, status_code=status_code, headers=headers
    )


async def error_page(
    request: Request,
    status_code: int,
    message: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    message = message or status_message(status_code, request)
    if wants_json(request):
        return json_error(message, status_code, headers=headers)
    if request.scope.get("sessionless"):
        # Served without the session (a public calendar feed): a page would not know who reads
        # it (its header would offer a signed-in person to log in, its forms would carry a
        # token of no session), so the sentence alone, as text.
        return PlainTextResponse(message, status_code=status_code, headers=headers)
    from ocopfair.auth import current_user_or_none
    from ocopfair.templating import render

    if not hasattr(request.state, "user"):
        request.state.user = await current_user_or_none(request)
    template = "core/login.html" if status_code == 401 else "core/error.html"
    context = {
        "status_code": status_code,
        "message": message,
        "next": request.url.path,
        "form": {},
        "errors": {},
    }
    return render(request, template, context, status_code=status_code, headers=headers)


async def http_exception_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != _http_phrase(exc) else None
    headers = dict(exc.headers) if exc.headers else None
    return await error_page(request, exc.status_code, detail, headers=headers)


def _http_phrase(exc: HTTPException) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(exc.status_code).phrase
    except ValueError:
        return ""


async def invalid_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Invalid)
    if wants_json(request):
        return json_error(exc.message, exc.status_code, exc.fields)
    return await error_page(request, exc.status_code, exc.message)


async def server_error_handler(request: Request, exc: Exception) -> Response:
    # The path only up to a length: a hostile one must not fill the log.
    path = request.url.path[:200]
    log.exception("Unhandled error on %s %s", request.method, path, exc_info=exc)
    return await error_page(request, 500)


async def csrf_failure_app(scope: Scope, receive: Receive, send: Send) -> None:
    request = Request(scope, receive)
    status = 413 if scope.get("body_too_large") else 403
    scope.setdefault("csrf_failed", status == 403)
    response = await error_page(request, status)
    await response(scope, receive, send)


async def busy_handler(request: Request, exc: Exception) -> Response:
    """Heavy work queued beyond its bound (ocopfair.offload.Busy): 503, try again shortly."""
    return await error_page(request, 503, headers={"Retry-After": "5"})
