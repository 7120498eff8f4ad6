"""The core of the JSON API: who am I, reference data, and the OpenAPI document."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ocopfair.auth import ANYONE, SIGNED_IN, api
from ocopfair.errors import BadRequest
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality

MAX_JSON_BYTES = 1024 * 1024

USER_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "username": {"type": "string"},
        "full_name": {"type": "string"},
        "role": {"type": "string"},
        "exhibitor_id": {"type": "integer", "nullable": True},
        "locality_id": {"type": "integer", "nullable": True},
    },
}
LOCALITY_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"}, "code": {"type": "string"}, "name": {"type": "string"},
        "name_en": {"type": "string"}, "kind": {"type": "string"},
    },
}


async def read_json(request: Request) -> dict[str, Any]:
    """The request's JSON object, or a 400 that says what is wrong with it."""
    body = await request.body()
    if len(body) > MAX_JSON_BYTES:
        raise BadRequest(message=_("The request body is too large."))
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(message=_("The request body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise BadRequest(message=_("The request body must be a JSON object."))
    return data


async def me(request: Request) -> Response:
    user = request.state.user
    return JSONResponse({
        "id": user.id, "username": user.username, "full_name": user.full_name,
        "role": user.role.value, "exhibitor_id": user.exhibitor_id,
        "locality_id": user.locality_id,
    })


async def localities(request: Request) -> Response:
    rows = await Locality.all().values("id", "code", "name", "name_en", "kind")
    return JSONResponse({"items": rows})


async def openapi_document(request: Request) -> Response:
    from ocopfair.openapi import build_openapi

    return JSONResponse(build_openapi(request.app.routes))


api_routes = [
    api("/me", me, access=SIGNED_IN, name="api_me",
        doc={"summary": "The signed-in user", "tags": ["core"], "response": USER_SCHEMA}),
    api("/localities", localities, access=SIGNED_IN, name="api_localities",
        doc={"summary": "Localities of the province", "tags": ["core"],
             "response": {"type": "object", "properties": {
                 "items": {"type": "array", "items": LOCALITY_SCHEMA}}}}),
    api("/openapi.json", openapi_document, access=ANYONE, name="api_openapi",
        doc={"summary": "This document", "tags": ["core"], "response": {"type": "object"}}),
]
