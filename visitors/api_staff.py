"""Gate staff by API: who works a gate (every day, or by shifts of one day), assign, remove.

The same rules as the gate set-up page (visitors/gates.py): an event's supervisors and staff
assign, only active gate staff accounts, only days of the event; every change audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ocopfair import forms
from ocopfair.api import read_json
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from visitors import access, gates
from visitors.models import Gate, GateShift

STAFF_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "every_day": {"type": "array", "items": {"type": "integer"}},
        "shifts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"user_id": {"type": "integer"}, "day": {"type": "string"}},
            },
        },
    },
}
ASSIGN_INPUT: dict[str, Any] = {
    "type": "object",
    "required": ["user_id"],
    "properties": {
        "user_id": {"type": "integer"},
        "day": {"type": "string", "nullable": True, "description": "yyyy-mm-dd; null: every day"},
    },
}


async def _gate(request: Request) -> Gate:
    gate = await access.load_gate(request.path_params["gate_id"])
    await access.require_supervisor(request.state.user, gate.event_id)
    return gate


async def _staff_json(gate: Gate) -> dict[str, Any]:
    every_day = await gate.staff.all().values_list("id", flat=True)
    shifts = (
        await GateShift.filter(gate_id=gate.id).order_by("day", "user_id").values("user_id", "day")
    )
    return {
        "every_day": sorted(every_day),
        "shifts": [{"user_id": s["user_id"], "day": s["day"].isoformat()} for s in shifts],
    }


def _day(data: dict[str, Any]) -> dt.date | None:
    return forms.date(data.get("day"), "day", required=False)


async def staff_list(request: Request) -> Response:
    return JSONResponse(await _staff_json(await _gate(request)))


async def staff_assign(request: Request) -> Response:
    gate = await _gate(request)
    data = await read_json(request)
    staff_id = forms.optional_id(data.get("user_id"))
    staff = await User.get_or_none(id=staff_id) if staff_id else None
    if staff is None:
        raise Invalid({"user_id": _("Choose an active gate staff account.")})
    await gates.assign_staff(request.state.user, gate, staff, _day(data))
    return JSONResponse(await _staff_json(gate), status_code=201)


async def staff_remove(request: Request) -> Response:
    gate = await _gate(request)
    data = await read_json(request)
    staff_id = forms.optional_id(data.get("user_id"))
    if staff_id is None:
        raise Invalid({"user_id": _("Choose an active gate staff account.")})
    await gates.unassign_staff(request.state.user, gate, staff_id, _day(data))
    return JSONResponse(await _staff_json(gate))
