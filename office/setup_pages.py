"""The first-run page, the next steps after it, the province profile page, and the logo."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ocopfair import province
from ocopfair.auth import log_in
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import ProvinceProfile
from ocopfair.templating import flash, render
from ocopfair.urls import url
from office import profile as profiles
from office import setup

ADMIN_FIELDS = ("username", "full_name")


def _setup_page(
    request: Request,
    form: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
    message: str = "",
) -> Response:
    context = {"form": form, "errors": errors, "message": message}
    return render(request, "office/setup.html", context, status_code=status)


async def setup_form(request: Request) -> Response:
    if not await setup.needs_setup():
        return RedirectResponse(url("home"), status_code=303)
    return _setup_page(request, {}, {})


async def setup_submit(request: Request) -> Response:
    form = await request.form()
    data = {k: str(v)[:1000] for k, v in form.items() if isinstance(v, str)}
    shown = {k: v for k, v in data.items() if "password" not in k}
    try:
        profile, admin = setup.parse_setup({"password_again": "", **data})
        user = await setup.run_setup(profile, admin)
    except Invalid as exc:
        return _setup_page(request, shown, exc.fields, exc.status_code, exc.message)
    await log_in(request, user)
    flash(request, _("The province is set up. Here is what to do next."))
    return RedirectResponse(url("setup_next"), status_code=303)


async def next_steps(request: Request) -> Response:
    return render(request, "office/next_steps.html", {})


async def profile_form(request: Request) -> Response:
    row = await ProvinceProfile.get_or_none(singleton=1)
    form = profiles.ProfileInput(**{k: getattr(row, k) for k in profiles.AUDITED}) if row else None
    context = {
        "form": form.as_dict() if form else {},
        "errors": {},
        "has_logo": bool(row and row.logo),
    }
    return render(request, "office/profile.html", context)


async def profile_submit(request: Request) -> Response:
    form = await request.form()
    data = {k: str(v)[:1000] for k, v in form.items() if isinstance(v, str)}
    upload = form.get("logo")
    try:
        logo = (
            await upload.read(profiles.MAX_LOGO_BYTES + 1)
            if isinstance(upload, UploadFile)
            else b""
        )
        profile = profiles.ProfileInput.parse(data)
        await profiles.update_profile(
            request.state.user, profile, logo or None, remove_logo=data.get("remove_logo") == "1"
        )
    except Invalid as exc:
        context = {"form": data, "errors": exc.fields, "has_logo": province.current().has_logo}
        return render(request, "office/profile.html", context, status_code=exc.status_code)
    flash(request, _("The province profile was saved."))
    return RedirectResponse(url("province_profile"), status_code=303)


async def logo(request: Request) -> Response:
    row = await ProvinceProfile.get_or_none(singleton=1)
    if row is None or not row.logo:
        raise HTTPException(404)
    headers = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}
    return Response(bytes(row.logo), media_type=row.logo_type, headers=headers)
