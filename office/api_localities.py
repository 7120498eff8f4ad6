"""The localities API: add, rename, retire, merge, import (the list is the core's /localities)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ocopfair import forms
from ocopfair.api import read_json
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality
from office import locality_import, merging
from office.access import locality_or_404
from office.localities import add_locality, rename_locality, retire_locality


def locality_json(loc: Locality) -> dict[str, Any]:
    return {
        "id": loc.id,
        "code": loc.code,
        "name": loc.name,
        "name_en": loc.name_en,
        "kind": loc.kind,
        "retired_on": loc.retired_on.isoformat() if loc.retired_on else None,
        "merged_into_id": loc.merged_into_id,
    }


async def create(request: Request) -> Response:
    locality = await add_locality(request.state.user, await read_json(request))
    return JSONResponse(locality_json(locality), status_code=201)


async def rename(request: Request) -> Response:
    locality = await locality_or_404(request.path_params["locality_id"])
    locality = await rename_locality(request.state.user, locality, await read_json(request))
    return JSONResponse(locality_json(locality))


async def retire(request: Request) -> Response:
    locality = await locality_or_404(request.path_params["locality_id"])
    return JSONResponse(locality_json(await retire_locality(request.state.user, locality)))


def _ids(value: Any) -> list[int]:
    if not isinstance(value, list):
        raise Invalid({"sources": _("Choose the units to merge.")})
    ids = [forms.optional_id(v) for v in value]
    if not all(ids):
        raise Invalid({"sources": _("Choose the units to merge from the list.")})
    return [i for i in ids if i]


async def merge(request: Request) -> Response:
    data = await read_json(request)
    merged = await merging.merge_localities(
        request.state.user, _ids(data.get("sources")), forms.optional_id(data.get("target"))
    )
    return JSONResponse(
        {
            "target": locality_json(merged.target),
            "merged": [locality_json(s) for s in merged.sources],
            "moved": merged.moved,
        }
    )


async def import_rows(request: Request) -> Response:
    """{"rows": [{"code", "name", "name_en", "kind"}...], "dry_run": bool}: all or nothing."""
    data = await read_json(request)
    rows = data.get("rows")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise Invalid({"rows": _("Send a list of rows.")})
    rows = [{**r, "_n": i} for i, r in enumerate(rows, start=1)]
    plan = await locality_import.plan_rows(rows)
    report = [
        {
            "row": r.number,
            "errors": r.errors,
            "action": "error" if r.errors else "skip" if r.skip else "add",
        }
        for r in plan.rows
    ]
    if plan.error_count:
        message = _("The list has %(n)s rows with errors; nothing was imported.") % {
            "n": plan.error_count
        }
        body = {"error": message, "fields": {"rows": message}, "rows": report}
        return JSONResponse(body, status_code=422)
    if data.get("dry_run"):
        return JSONResponse({"added": 0, "rows": report})
    added = await locality_import.apply_rows(request.state.user, rows)
    return JSONResponse({"added": added, "rows": report}, status_code=201)
