"""The core of the JSON API: who am I, reference data, and the OpenAPI document."""

from __future__ import annotations

import json
import math
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
        "id": {"type": "integer"},
        "code": {"type": "string"},
        "name": {"type": "string"},
        "name_en": {"type": "string"},
        "kind": {"type": "string"},
        "retired_on": {"type": "string", "format": "date", "nullable": True},
        "merged_into_id": {"type": "integer", "nullable": True},
    },
}


async def read_json(request: Request) -> dict[str, Any]:
    """The request's JSON object, or a 400 that says what is wrong with it."""
    body = await request.body()
    if len(body) > MAX_JSON_BYTES:
        raise BadRequest(message=_("The request body is too large."))
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):  # too deep is unreadable too
        raise BadRequest(message=_("The request body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise BadRequest(message=_("The request body must be a JSON object."))
    if _unstorable(data):
        raise BadRequest(
            message=_("The request could not be understood. Please check what you entered.")
        )
    return data


MAX_JSON_INT = 2**53 - 1  # the largest integer every JSON reader keeps exactly (I-JSON)


def _unstorable(data: Any) -> bool:
    """True if the body holds what no column can store: a huge or infinite number, a NUL,
    half a surrogate pair.

    Without this, an id such as 10**22, a 1e999 or a "\\u0000" reaches the database driver
    and fails there (a 500): PostgreSQL text cannot hold NUL, SQLite integers stop at 2**63.
    A loop, not recursion: the body may nest as deep as the JSON reader allows.
    """
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int) and abs(value) > MAX_JSON_INT:
            return True
        if isinstance(value, float) and not math.isfinite(value):
            return True
        if isinstance(value, str):
            if "\x00" in value:
                return True
            try:
                value.encode()
            except UnicodeEncodeError:  # a lone surrogate such as "\ud800": not storable text
                return True
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


async def me(request: Request) -> Response:
    user = request.state.user
    return JSONResponse(
        {
            "id": user.id,
            "username": user.username,
            "full_name": user.full_name,
            "role": user.role.value,
            "exhibitor_id": user.exhibitor_id,
            "locality_id": user.locality_id,
        }
    )


async def localities(request: Request) -> Response:
    rows = await Locality.all().values(
        "id", "code", "name", "name_en", "kind", "retired_on", "merged_into_id"
    )
    for row in rows:
        row["retired_on"] = row["retired_on"].isoformat() if row["retired_on"] else None
    return JSONResponse({"items": rows})


async def openapi_document(request: Request) -> Response:
    from ocopfair.openapi import build_openapi

    return JSONResponse(build_openapi(request.app.routes))


api_routes = [
    api(
        "/me",
        me,
        access=SIGNED_IN,
        name="api_me",
        doc={"summary": "The signed-in user", "tags": ["core"], "response": USER_SCHEMA},
    ),
    api(
        "/localities",
        localities,
        access=SIGNED_IN,
        name="api_localities",
        doc={
            "summary": "Localities of the province",
            "tags": ["core"],
            "response": {
                "type": "object",
                "properties": {"items": {"type": "array", "items": LOCALITY_SCHEMA}},
            },
        },
    ),
    api(
        "/openapi.json",
        openapi_document,
        access=ANYONE,
        name="api_openapi",
        doc={"summary": "This document", "tags": ["core"], "response": {"type": "object"}},
    ),
]
