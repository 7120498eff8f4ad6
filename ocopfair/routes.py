"""Core pages: home, login and logout, language switch, health checks."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from tortoise import connections

from ocopfair import accounts
from ocopfair.auth import ANYONE, SIGNED_IN, log_in, log_out, page
from ocopfair.errors import Invalid
from ocopfair.i18n import LANGUAGE_COOKIE, pick_language
from ocopfair.i18n import gettext as _
from ocopfair.templating import flash, render
from ocopfair.throttle import client_address
from ocopfair.urls import url

ONE_YEAR = 365 * 24 * 3600


def safe_next(target: str | None) -> str:
    """Only same-site paths: a login link must not send people to another site. Anything else
    goes to the home page (the route named "home", whichever layer serves it)."""
    if not target:
        return url("home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url("home")
    return target


async def login_form(request: Request) -> Response:
    if request.state.user is not None:
        return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    context = {"next": safe_next(request.query_params.get("next")), "form": {}, "errors": {}}
    return render(request, "core/login.html", context)


async def login_submit(request: Request) -> Response:
    form = await request.form()
    username = str(form.get("username", ""))[:200]
    password = str(form.get("password", ""))[:1000]
    next_path = safe_next(str(form.get("next", "")))
    context = {"next": next_path, "form": {"username": username}}
    try:
        user = await accounts.check_credentials(username, password, client_address(request))
    except accounts.TooManyAttempts as exc:
        message = _("Too many wrong passwords. Please wait %(seconds)s seconds and try again.") % {
            "seconds": exc.wait_seconds
        }
        return render(
            request,
            "core/login.html",
            {**context, "errors": {"password": message}},
            status_code=429,
            headers={"Retry-After": str(exc.wait_seconds)},
        )
    except Invalid as exc:
        return render(
            request, "core/login.html", {**context, "errors": exc.fields}, status_code=400
        )
    await log_in(request, user)
    return RedirectResponse(next_path, status_code=303)


async def logout(request: Request) -> Response:
    await log_out(request)
    flash(request, _("You have logged out."))
    return RedirectResponse(url("home"), status_code=303)


async def set_language(request: Request) -> Response:
    form = await request.form()
    code = str(form.get("lang", ""))
    if pick_language(code) != code:
        raise HTTPException(400)
    response = RedirectResponse(safe_next(str(form.get("next", ""))), status_code=303)
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


async def healthz(request: Request) -> Response:
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


async def livez(request: Request) -> Response:
    """The process is up; touches no database (also the benchmarks' ceiling)."""
    return PlainTextResponse("ok")


routes = [
    page("/login", login_form, access=ANYONE, name="login"),
    page("/login", login_submit, access=ANYONE, methods=["POST"], name="login_submit"),
    page("/logout", logout, access=SIGNED_IN, methods=["POST"], name="logout"),
    page("/language", set_language, access=ANYONE, methods=["POST"], name="set_language"),
    page("/healthz", healthz, access=ANYONE, name="healthz"),
    page("/livez", livez, access=ANYONE, name="livez"),
]
