"""Administrators keep the partner organisations: the list with a form to add one, and one
organisation's page (rename, deactivate or reactivate, its accounts, invite an account, whose
one-time code is shown once). Thin: office.partners decides and writes."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from exhibitors.qrcodes import qr_svg
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import PartnerOrganisation, User
from ocopfair.templating import flash, render
from ocopfair.urls import absolute_url, url
from office import invitations, partners

FIELDS = ("name", "description", "username", "full_name")


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: str(form.get(k, ""))[:300] for k in FIELDS}


async def _partner_or_404(request: Request) -> PartnerOrganisation:
    org = await PartnerOrganisation.get_or_none(id=request.path_params["partner_id"])
    if org is None:
        raise HTTPException(404)
    return org


async def _list_page(
    request: Request, form: dict[str, str], errors: dict[str, str], status: int = 200
) -> Response:
    context = {
        "partners": await partners.partners_with_counts(),
        "form": form,
        "errors": errors,
    }
    return render(request, "office/partners.html", context, status_code=status)


async def partner_list(request: Request) -> Response:
    return await _list_page(request, {}, {})


async def partner_create(request: Request) -> Response:
    data = await _form(request)
    try:
        org = await partners.create_partner(request.state.user, data)
    except Invalid as exc:
        return await _list_page(request, data, exc.fields, exc.status_code)
    flash(request, _("Partner organisation %(name)s added.") % {"name": org.name})
    return RedirectResponse(url("partner_page", partner_id=org.id), status_code=303)


async def _page(
    request: Request,
    org: PartnerOrganisation,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    accounts = await User.filter(partner_id=org.id).order_by("-is_active", "username")
    shown = form or {"name": org.name, "description": org.description}
    context: dict[str, Any] = {
        "org": org,
        "accounts": accounts,
        "form": shown,
        "errors": errors or {},
    }
    return render(request, "office/partner.html", context, status_code=status)


async def partner_page(request: Request) -> Response:
    return await _page(request, await _partner_or_404(request))


async def partner_rename(request: Request) -> Response:
    org = await _partner_or_404(request)
    data = await _form(request)
    try:
        await partners.rename_partner(request.state.user, org, data)
    except Invalid as exc:
        return await _page(request, org, errors=exc.fields, form=data, status=exc.status_code)
    flash(request, _("The organisation was saved."))
    return RedirectResponse(url("partner_page", partner_id=org.id), status_code=303)


async def partner_deactivate(request: Request) -> Response:
    org = await _partner_or_404(request)
    try:
        closed = await partners.deactivate_partner(request.state.user, org)
    except Invalid as exc:
        return await _page(request, org, errors=exc.fields, status=409)
    flash(
        request,
        _("The organisation was deactivated; %(n)d of its accounts were closed.") % {"n": closed},
    )
    return RedirectResponse(url("partner_page", partner_id=org.id), status_code=303)


async def partner_reactivate(request: Request) -> Response:
    org = await _partner_or_404(request)
    await partners.reactivate_partner(request.state.user, org)
    flash(request, _("The organisation was reactivated. Reopen its accounts one by one."))
    return RedirectResponse(url("partner_page", partner_id=org.id), status_code=303)


async def partner_invite(request: Request) -> Response:
    """A partner account and its one-time code, shown once with its link and QR code."""
    org = await _partner_or_404(request)
    data = await _form(request)
    try:
        person, code = await partners.invite_account(request.state.user, org, data)
    except Invalid as exc:
        errors = dict(exc.fields)
        if "partner_id" in errors:  # the organisation was deactivated: say it on the form
            errors["username"] = errors.pop("partner_id")
        return await _page(request, org, errors=errors, form=data, status=exc.status_code)
    link = absolute_url("welcome_code", code=code)
    qr = await anyio.to_thread.run_sync(qr_svg, link, person.username)
    context = {
        "person": person,
        "code": code,
        "link": link,
        "qr": qr,
        "heading": _("Invitation of %(name)s") % {"name": org.name},
        "intro": _(
            "Give this code to the person (it is shown only now). With it they choose their "
            "password; it works once, within %(days)d days."
        )
        % {"days": invitations.CODE_DAYS},
        "back": (url("partner_page", partner_id=org.id), org.name),
    }
    return render(request, "office/reset_code.html", context)
