"""Administrators manage accounts: the list, a new account, one account (edit, deactivate,
reactivate, password reset)."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from exhibitors.models import Exhibitor
from exhibitors.qrcodes import qr_svg
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality, PartnerOrganisation, Role, User
from ocopfair.templating import flash, label, redirect_after_post, render
from ocopfair.urls import absolute_url, url
from office import invitations, people
from office.access import managed_user_or_404

FIELDS = (
    "username",
    "full_name",
    "role",
    "password",
    "exhibitor_id",
    "locality_id",
    "partner_id",
)


async def _choices() -> dict[str, Any]:
    return {
        "roles": [(r.value, label(r)) for r in Role],
        "exhibitors": await Exhibitor.all().order_by("name").values_list("id", "name"),
        "localities": await Locality.filter(retired_on=None).values_list("id", "name"),
        "partners": await PartnerOrganisation.filter(is_active=True).values_list("id", "name"),
    }


async def _list_page(
    request: Request, form: dict[str, str], errors: dict[str, str], status: int = 200
) -> Response:
    users = (
        await User.all()
        .select_related("exhibitor", "locality", "partner")
        .order_by("role", "username")
    )
    context = {"users": users, "form": form, "errors": errors, **await _choices()}
    fragment = "user_form" if status != 200 else None
    return render(request, "office/people.html", context, status_code=status, fragment=fragment)


async def user_list(request: Request) -> Response:
    return await _list_page(request, {}, {})


async def _form_data(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: str(form.get(k, ""))[:300] for k in FIELDS}


async def user_create(request: Request) -> Response:
    data = await _form_data(request)
    try:
        user = await people.create_person(request.state.user, data)
    except Invalid as exc:
        data.pop("password")
        return await _list_page(request, data, exc.fields, 422)
    flash(request, _("User %(name)s created.") % {"name": user.username})
    return redirect_after_post(request, url("admin_users"))


async def _person_page(
    request: Request,
    person: User,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    shown = form or {
        "role": person.role.value,
        "full_name": person.full_name,
        "locality_id": str(person.locality_id or ""),
        "exhibitor_id": str(person.exhibitor_id or ""),
        "partner_id": str(person.partner_id or ""),
    }
    context = {"person": person, "form": shown, "errors": errors or {}, **await _choices()}
    return render(request, "office/person.html", context, status_code=status)


async def person_page(request: Request) -> Response:
    return await _person_page(request, await managed_user_or_404(request.path_params["user_id"]))


async def person_update(request: Request) -> Response:
    person = await managed_user_or_404(request.path_params["user_id"])
    data = await _form_data(request)
    try:
        await people.edit_person(request.state.user, person, data)
    except Invalid as exc:
        return await _person_page(request, person, exc.fields, data, 422)
    flash(request, _("The account was saved."))
    return RedirectResponse(url("person_page", user_id=person.id), status_code=303)


async def user_deactivate(request: Request) -> Response:
    person = await managed_user_or_404(request.path_params["user_id"])
    try:
        await people.deactivate_person(request.state.user, person)
    except Invalid as exc:
        return await _person_page(request, person, exc.fields, status=409)
    flash(request, _("The account was deactivated."))
    return RedirectResponse(url("admin_users"), status_code=303)


async def person_reactivate(request: Request) -> Response:
    person = await managed_user_or_404(request.path_params["user_id"])
    try:
        await people.reactivate_person(request.state.user, person)
    except Invalid as exc:
        return await _person_page(request, person, exc.fields, status=409)
    flash(request, _("The account was reactivated."))
    return RedirectResponse(url("person_page", user_id=person.id), status_code=303)


async def person_reset(request: Request) -> Response:
    """A one-time code (shown once, with its link and QR code) to choose a new password."""
    person = await managed_user_or_404(request.path_params["user_id"])
    try:
        code = await invitations.reset_code(request.state.user, person)
    except Invalid as exc:
        return await _person_page(request, person, exc.fields, status=409)
    link = absolute_url("welcome_code", code=code)
    qr = await anyio.to_thread.run_sync(qr_svg, link, person.username)
    context = {"person": person, "code": code, "link": link, "qr": qr}
    return render(request, "office/reset_code.html", context)
