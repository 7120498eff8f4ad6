"""Inviting producers (the choice, then the printable sheet of codes) and redeeming a code."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from exhibitors.models import Exhibitor
from exhibitors.qrcodes import qr_svg
from ocopfair import forms
from ocopfair.auth import log_in
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User
from ocopfair.templating import flash, render
from ocopfair.throttle import TooMany, client_address, hit
from ocopfair.urls import absolute_url, url
from office import invitations


async def _producers() -> list[dict[str, Any]]:
    """Every producer, with whether its account has signed up (chosen a password)."""
    producers = await Exhibitor.all().order_by("name").values("id", "name")
    signed_up = set(
        await User.filter(role=Role.EXHIBITOR, exhibitor_id__isnull=False)
        .exclude(password_hash=invitations.NO_PASSWORD)
        .values_list("exhibitor_id", flat=True)
    )
    return [{**p, "signed_up": p["id"] in signed_up} for p in producers]


async def choose(
    request: Request, errors: dict[str, str] | None = None, status: int = 200
) -> Response:
    producers = await _producers()
    waiting = sum(1 for p in producers if not p["signed_up"])
    context = {"producers": producers, "waiting": waiting, "errors": errors or {}}
    return render(request, "office/invitations.html", context, status_code=status)


def _sheet_rows(invites: list[invitations.Invite]) -> list[dict[str, Any]]:
    """Each invitation with its link and QR code (CPU work: run it in a worker thread)."""
    rows = []
    for invite in invites:
        link = absolute_url("welcome_code", code=invite.code)
        qr = qr_svg(link, invite.exhibitor_name, quick=True)
        rows.append({"invite": invite, "link": link, "qr": qr})
    return rows


async def create(request: Request) -> Response:
    form = await request.form()
    ids = [i for i in (forms.optional_id(v) for v in form.getlist("exhibitors")) if i]
    if form.get("all") == "1":
        ids = [p["id"] for p in await _producers() if not p["signed_up"]]
    try:
        invites = await invitations.invite_producers(request.state.user, ids)
    except Invalid as exc:
        return await choose(request, exc.fields or {"exhibitors": exc.message}, exc.status_code)
    rows = await anyio.to_thread.run_sync(_sheet_rows, invites)
    context = {
        "rows": rows,
        "days": invitations.CODE_DAYS,
        "welcome": absolute_url("welcome"),
    }
    return render(request, "office/invitation_sheet.html", context)


# --- Redeeming (anyone with a code) -----------------------------------------------------------


def _welcome(
    request: Request,
    code: str = "",
    errors: dict[str, str] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    context = {"code": code, "errors": errors or {}}
    return render(request, "office/welcome.html", context, status_code=status, headers=headers)


async def welcome(request: Request) -> Response:
    return _welcome(request)


async def welcome_code(request: Request) -> Response:
    # The code is not looked up here: a page that said "valid" or "not" would let anyone test
    # guesses without the redemption's limit. Only its shape is checked (no secret in that).
    code = request.path_params["code"]
    if not invitations.looks_like_code(code):
        raise HTTPException(404)
    return _welcome(request, code)


async def redeem(request: Request) -> Response:
    form = await request.form()
    code = str(form.get("code", "")).strip()[:100]
    password = str(form.get("password", ""))[:1000]
    try:
        await hit(invitations.redeem_limit(client_address(request)))
    except TooMany as exc:
        message = _("Too many tries. Please wait %(minutes)s minutes and try again.") % {
            "minutes": max(1, exc.retry_after // 60)
        }
        return _welcome(
            request, code, {"code": message}, 429, {"Retry-After": str(exc.retry_after)}
        )
    try:
        if password != str(form.get("password_again", ""))[:1000]:
            raise Invalid({"password_again": _("The two passwords are not the same.")})
        user = await invitations.redeem(code, password)
    except Invalid as exc:
        return _welcome(request, code, exc.fields, 422)
    await log_in(request, user)
    flash(
        request,
        _("Welcome! Your password is set; your login name is %(name)s.") % {"name": user.username},
    )
    return RedirectResponse(url("home"), status_code=303)
