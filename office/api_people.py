"""The people API: accounts (list, create, edit, deactivate, reactivate, password reset) and
producer invitations. The same logic and rules as the pages."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ocopfair import forms
from ocopfair.api import read_json
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from ocopfair.urls import absolute_url
from office import invitations, people
from office.access import managed_user_or_404


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role.value,
        "locality_id": user.locality_id,
        "exhibitor_id": user.exhibitor_id,
        "partner_id": user.partner_id,
        "is_active": user.is_active,
        "has_password": user.password_hash != invitations.NO_PASSWORD,
    }


async def user_list(request: Request) -> Response:
    users = await User.all().order_by("id")
    return JSONResponse({"items": [user_json(u) for u in users]})


async def user_create(request: Request) -> Response:
    user = await people.create_person(request.state.user, await read_json(request))
    return JSONResponse(user_json(user), status_code=201)


async def user_update(request: Request) -> Response:
    """PATCH: fields left out keep their value."""
    person = await managed_user_or_404(request.path_params["user_id"])
    current = {
        "role": person.role.value,
        "full_name": person.full_name,
        "locality_id": person.locality_id,
        "exhibitor_id": person.exhibitor_id,
        "partner_id": person.partner_id,
    }
    person = await people.edit_person(
        request.state.user, person, {**current, **await read_json(request)}
    )
    return JSONResponse(user_json(person))


async def user_deactivate(request: Request) -> Response:
    person = await managed_user_or_404(request.path_params["user_id"])
    await people.deactivate_person(request.state.user, person)
    return JSONResponse(user_json(await User.get(id=person.id)))


async def user_reactivate(request: Request) -> Response:
    person = await managed_user_or_404(request.path_params["user_id"])
    await people.reactivate_person(request.state.user, person)
    return JSONResponse(user_json(await User.get(id=person.id)))


async def user_reset(request: Request) -> Response:
    person = await managed_user_or_404(request.path_params["user_id"])
    code = await invitations.reset_code(request.state.user, person)
    link = absolute_url("welcome_code", code=code)
    return JSONResponse({"code": code, "link": link}, status_code=201)


async def invite(request: Request) -> Response:
    """{"exhibitor_ids": [...]}: an account and a code per producer not signed up yet."""
    data = await read_json(request)
    raw = data.get("exhibitor_ids")
    if not isinstance(raw, list) or not raw:
        raise Invalid({"exhibitor_ids": _("Choose at least one producer.")})
    ids = [i for i in (forms.optional_id(v) for v in raw) if i]
    made = await invitations.invite_producers(request.state.user, ids)
    items = [
        {
            "exhibitor_id": m.exhibitor_id,
            "username": m.username,
            "code": m.code,
            "link": absolute_url("welcome_code", code=m.code),
        }
        for m in made
    ]
    return JSONResponse({"items": items}, status_code=201)
