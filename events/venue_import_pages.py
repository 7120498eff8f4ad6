"""Importing venues from a file: the upload, the preview of every row, the confirm."""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from events import venue_import
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.tables import MAX_BYTES, read_table_off_loop
from ocopfair.templating import flash, render
from ocopfair.urls import url


def _page(request: Request, status: int = 200, **context: Any) -> Response:
    base: dict[str, Any] = {
        "plan": None,
        "rows_json": "",
        "errors": {},
        "max_mb": MAX_BYTES // (1024 * 1024),
    }
    return render(request, "events/venue_import.html", {**base, **context}, status_code=status)


async def import_form(request: Request) -> Response:
    return _page(request)


async def import_preview(request: Request) -> Response:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(request, 422, errors={"file": _("Choose a file to upload.")})
    try:
        table = await read_table_off_loop(
            await upload.read(MAX_BYTES + 1), venue_import.HEADERS, "name"
        )
    except Invalid as exc:
        return _page(request, exc.status_code, errors={"file": exc.message})
    plan = await venue_import.plan_rows(request.state.user, table.rows)
    rows_json = json.dumps(table.rows, ensure_ascii=False)
    return _page(request, 422 if plan.error_count else 200, plan=plan, rows_json=rows_json)


async def import_confirm(request: Request) -> Response:
    form = await request.form()
    try:
        rows = json.loads(str(form.get("rows", "")))
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ValueError
    except ValueError:
        return _page(request, 400, errors={"file": _("Upload the file again.")})
    try:
        added = await venue_import.apply_rows(request.state.user, rows)
    except Invalid as exc:
        plan = await venue_import.plan_rows(request.state.user, rows)
        return _page(
            request,
            exc.status_code,
            plan=plan,
            rows_json=json.dumps(rows),
            errors={"file": exc.message},
        )
    flash(request, _("%(n)s venues were added.") % {"n": added})
    return RedirectResponse(url("venues"), status_code=303)
