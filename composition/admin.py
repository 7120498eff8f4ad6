"""Administrators manage accounts: list users, create one, deactivate one."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from exhibitors.models import Exhibitor
from ocopfair import accounts
from ocopfair.auth import allow, page
from ocopfair.errors import Invalid
from ocopfair.i18n import N_
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality, Role, User
from ocopfair.navigation import add_nav_item
from ocopfair.templating import flash, redirect_after_post, render
from ocopfair.urls import url

ADMINS = allow(Role.ADMIN)


async def _form_context() -> dict:
    return {
        "roles": [(r.value, r) for r in Role],
        "exhibitors": await Exhibitor.all().values_list("id", "name"),
        "localities": await Locality.all().values_list("id", "name"),
    }


async def user_list(request: Request) -> Response:
    users = await User.all().select_related("exhibitor", "locality").order_by("username")
    context = {"users": users, "form": {}, "errors": {}, **await _form_context()}
    return render(request, "home/users.html", context)


def _optional_int(value: object) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    # ASCII and short: "²" passes isdigit() but not int(); no id has more than 10 digits.
    if not (text.isascii() and text.isdigit()) or len(text) > 10 or int(text) > 2**31 - 1:
        raise Invalid({"exhibitor_id": _("Choose from the list.")})
    return int(text)


async def user_create(request: Request) -> Response:
    form = await request.form()
    data = {
        k: str(form.get(k, ""))[:300]
        for k in ("username", "full_name", "role", "password", "exhibitor_id", "locality_id")
    }
    try:
        if data["role"] not in {r.value for r in Role}:
            raise Invalid({"role": _("Choose a role from the list.")})
        exhibitor_id = _optional_int(data["exhibitor_id"])
        locality_id = _optional_int(data["locality_id"])
        if exhibitor_id is not None and not await Exhibitor.exists(id=exhibitor_id):
            raise Invalid({"exhibitor_id": _("Choose from the list.")})
        if locality_id is not None and not await Locality.exists(id=locality_id):
            raise Invalid({"locality_id": _("Choose from the list.")})
        user = await accounts.create_user(
            data["username"],
            data["password"],
            Role(data["role"]),
            full_name=data["full_name"],
            exhibitor_id=exhibitor_id if data["role"] == Role.EXHIBITOR else None,
            locality_id=locality_id,
        )
    except Invalid as exc:
        users = await User.all().select_related("exhibitor", "locality").order_by("username")
        data.pop("password")
        context = {"users": users, "form": data, "errors": exc.fields, **await _form_context()}
        return render(request, "home/users.html", context, status_code=422, fragment="user_form")
    flash(request, _("User %(name)s created.") % {"name": user.username})
    return redirect_after_post(request, url("admin_users"))


async def user_deactivate(request: Request) -> Response:
    user_id = request.path_params["user_id"]
    if user_id == request.state.user.id:
        raise HTTPException(409, _("You cannot deactivate your own account."))
    if not await accounts.deactivate(request.state.user, user_id):
        raise HTTPException(404)
    flash(request, _("The account was deactivated."))
    return RedirectResponse(url("admin_users"), status_code=303)


routes = [
    page("/admin/users", user_list, access=ADMINS, name="admin_users"),
    page("/admin/users", user_create, access=ADMINS, methods=["POST"], name="admin_user_create"),
    page(
        "/admin/users/{user_id:int}/deactivate",
        user_deactivate,
        access=ADMINS,
        methods=["POST"],
        name="admin_user_deactivate",
    ),
]

add_nav_item(N_("Users"), "admin_users", ADMINS, order=90)
