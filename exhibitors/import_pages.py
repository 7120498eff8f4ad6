"""Importing the registry from a file: the upload form, the preview of every row, the confirm."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from exhibitors import importing, search
from exhibitors.date_order import ORDERS
from exhibitors.models import ImportStatus
from exhibitors.sheet import HEADER_OF, HEADERS, MAX_BYTES, MAX_ROWS
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.templating import flash, render
from ocopfair.urls import url

PREVIEW_PAGE = 200  # rows shown per page of the preview


def _form_page(request: Request, error: str | None = None, status_code: int = 200) -> Response:
    context: dict[str, Any] = {
        "headers": HEADERS,
        "max_mb": MAX_BYTES // (1024 * 1024),
        "max_rows": MAX_ROWS,
        "errors": {"file": error} if error else {},
    }
    return render(request, "exhibitors/import.html", context, status_code=status_code)


async def import_form(request: Request) -> Response:
    return _form_page(request)


async def import_upload(request: Request) -> Response:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _form_page(request, _("Choose a file to upload."), 422)
    data = await upload.read(MAX_BYTES + 1)
    try:
        order = str(form.get("date_order", ""))
        batch = await importing.start_import(
            request.state.user, upload.filename, data, order if order in ORDERS else None
        )
    except Invalid as exc:
        return _form_page(request, exc.message, exc.status_code)
    return RedirectResponse(url("exhibitor_import_preview", batch_id=batch.id), status_code=303)


async def import_preview(request: Request) -> Response:
    batch = await importing.get_batch(request.state.user, request.path_params["batch_id"])
    only_errors = request.query_params.get("show") == "errors"
    rows = [r for r in batch.rows if r["e"]] if only_errors else batch.rows
    number = search.whole_number(request.query_params.get("page"), 1) or 1
    pages = max(1, -(-len(rows) // PREVIEW_PAGE))
    number = min(number, pages)
    context = {
        "batch": batch,
        "summary": batch.summary,
        "only_errors": only_errors,
        "rows": rows[(number - 1) * PREVIEW_PAGE : number * PREVIEW_PAGE],
        "page_number": number,
        "pages": pages,
        "applied": batch.status == ImportStatus.APPLIED,
        "header_of": HEADER_OF,
    }
    return render(request, "exhibitors/import_preview.html", context, fragment="rows")


def _imported_message(summary: dict[str, int]) -> str:
    return _(
        "Imported: %(pc)s producers added, %(pu)s updated; %(tc)s products added, "
        "%(tu)s updated; %(same)s rows unchanged."
    ) % {
        "pc": summary["producers_created"],
        "pu": summary["producers_updated"],
        "tc": summary["products_created"],
        "tu": summary["products_updated"],
        "same": summary["unchanged"],
    }


async def import_confirm(request: Request) -> Response:
    batch_id = request.path_params["batch_id"]
    try:
        summary = await importing.confirm_import(request.state.user, batch_id)
    except Invalid as exc:
        flash(request, exc.message, "error")
        return RedirectResponse(url("exhibitor_import_preview", batch_id=batch_id), status_code=303)
    flash(request, _imported_message(summary))
    return RedirectResponse(url("exhibitor_list"), status_code=303)
