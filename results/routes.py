"""Pages of a past fair's results: the template to download, the upload, the preview row by row,
the confirmation. Thin: results.access says who may, results.importing does the work. The
event's "Results" tab (ocopfair.navigation) leads here."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute

from ocopfair.auth import EVENT_MANAGERS, page
from ocopfair.errors import Invalid
from ocopfair.i18n import N_, local_today
from ocopfair.i18n import gettext as _
from ocopfair.navigation import add_event_tab, event_tabs
from ocopfair.templating import flash, render
from ocopfair.urls import url
from results import access, importing, workbook
from results.models import ResultsUpload
from results.plan import ERROR

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 300  # rows shown; errors always first


async def _page(
    request: Request,
    event: Any,
    *,
    kept: ResultsUpload | None = None,
    error: str = "",
    status_code: int = 200,
) -> Response:
    window = await importing.window_of(event, request.state.user, local_today())
    rows = kept.summary.get("rows_plan", []) if kept else []
    rows = sorted(rows, key=lambda r: (r["a"] != ERROR,))[:PREVIEW_ROWS]
    context = {
        "event": event,
        "tabs": event_tabs(event.id),
        "current_tab": "results",
        "kept": kept,
        "summary": kept.summary if kept else {},
        "rows": rows,
        "error": error,
        "needs_reason": window.needs_reason,
        "window_message": window.message,
        "max_mb": workbook.MAX_BYTES // (1024 * 1024),
    }
    return render(request, "results/import.html", context, status_code=status_code)


async def results_page(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    access.require_import(request.state.user, event)
    return await _page(request, event)


async def results_template(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    access.require_import(request.state.user, event)
    body = workbook.template(event)
    return Response(
        body,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="ket-qua-su-kien-{event.id}.xlsx"'},
    )


async def results_upload(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    access.require_import(request.state.user, event)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return await _page(request, event, error=_("Choose a file to upload."), status_code=422)
    data = await upload.read(workbook.MAX_BYTES + 1)
    try:
        kept, _plan = await importing.upload(event, request.state.user, upload.filename, data)
    except Invalid as exc:
        return await _page(request, event, error=exc.message, status_code=exc.status_code)
    return RedirectResponse(url("results_preview", upload_id=kept.id), status_code=303)


async def results_preview(request: Request) -> Response:
    kept = await access.load_upload(request.path_params["upload_id"], request.state.user)
    return await _page(request, kept.event, kept=kept)


async def results_confirm(request: Request) -> Response:
    kept = await access.load_upload(request.path_params["upload_id"], request.state.user)
    form = await request.form()
    try:
        await importing.confirm(kept, request.state.user, form.get("reason"), today=local_today())
    except Invalid as exc:
        message = " ".join([exc.message, *exc.fields.values()])
        return await _page(
            request, kept.event, kept=kept, error=message, status_code=exc.status_code
        )
    flash(request, _("The results were imported."))
    return RedirectResponse(url("event_report", event_id=kept.event_id), status_code=303)


routes: list[BaseRoute] = [
    page(
        "/events/{event_id:int}/results", results_page, access=EVENT_MANAGERS, name="results_import"
    ),
    page(
        "/events/{event_id:int}/results/template.xlsx",
        results_template,
        access=EVENT_MANAGERS,
        name="results_template",
    ),
    page(
        "/events/{event_id:int}/results",
        results_upload,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="results_upload",
    ),
    page(
        "/results/{upload_id:int}", results_preview, access=EVENT_MANAGERS, name="results_preview"
    ),
    page(
        "/results/{upload_id:int}/confirm",
        results_confirm,
        access=EVENT_MANAGERS,
        methods=["POST"],
        name="results_confirm",
    ),
]

add_event_tab("results", N_("Results"), "results_import", order=65, access=EVENT_MANAGERS)
