"""The localities pages: the list (add, merge), one unit (rename, retire), the import."""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from tortoise.functions import Count

from exhibitors.models import Exhibitor
from ocopfair import forms
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import DISTRICT_LEVEL, Locality, LocalityKind
from ocopfair.tables import MAX_BYTES, read_table_off_loop
from ocopfair.templating import flash, label, render
from ocopfair.urls import url
from office import locality_import, merging
from office.access import locality_or_404
from office.localities import add_locality, rename_locality, retire_locality


async def _list_context(**extra: Any) -> dict[str, Any]:
    rows = await Locality.all().select_related("merged_into").order_by("retired_on", "name")
    counts = (
        await Exhibitor.filter(locality_id__isnull=False)
        .annotate(n=Count("id"))
        .group_by("locality_id")
        .values("locality_id", "n")
    )
    producers = {c["locality_id"]: c["n"] for c in counts}
    in_use = [(loc.id, f"{loc.name} ({loc.code})") for loc in rows if not loc.retired_on]
    return {
        "localities": rows,
        "producers": producers,
        "in_use": in_use,
        "kinds": [(k.value, label(k)) for k in LocalityKind],
        "district_level": DISTRICT_LEVEL,
        "form": {},
        "merge_form": {},
        "errors": {},
        "merge_errors": {},
        **extra,
    }


async def locality_list(request: Request) -> Response:
    return render(request, "office/localities.html", await _list_context())


async def _form_data(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: str(v)[:300] for k, v in form.items() if isinstance(v, str)}


async def locality_create(request: Request) -> Response:
    data = await _form_data(request)
    try:
        locality = await add_locality(request.state.user, data)
    except Invalid as exc:
        context = await _list_context(form=data, errors=exc.fields)
        return render(request, "office/localities.html", context, status_code=422)
    flash(request, _("%(name)s was added.") % {"name": locality.name})
    return RedirectResponse(url("locality_list"), status_code=303)


async def locality_merge(request: Request) -> Response:
    form = await request.form()
    sources = [i for i in (forms.optional_id(v) for v in form.getlist("sources")) if i]
    target = forms.optional_id(form.get("target"))
    try:
        merged = await merging.merge_localities(request.state.user, sources, target)
    except Invalid as exc:
        shown = {"sources": [str(s) for s in sources], "target": str(target or "")}
        context = await _list_context(merge_form=shown, merge_errors=exc.fields)
        return render(request, "office/localities.html", context, status_code=exc.status_code)
    flash(
        request,
        _(
            "%(names)s merged into %(target)s: %(producers)s producers, %(users)s users and "
            "%(events)s future events moved."
        )
        % {
            "names": ", ".join(s.name for s in merged.sources),
            "target": merged.target.name,
            "producers": merged.moved["producers"],
            "users": merged.moved["users"],
            "events": merged.moved["future_events"],
        },
    )
    return RedirectResponse(url("locality_list"), status_code=303)


async def locality_edit(request: Request) -> Response:
    locality = await locality_or_404(request.path_params["locality_id"])
    context = {
        "locality": locality,
        "form": {"name": locality.name, "name_en": locality.name_en},
        "errors": {},
    }
    return render(request, "office/locality_edit.html", context)


async def locality_rename(request: Request) -> Response:
    locality = await locality_or_404(request.path_params["locality_id"])
    data = await _form_data(request)
    try:
        await rename_locality(request.state.user, locality, data)
    except Invalid as exc:
        context = {"locality": locality, "form": data, "errors": exc.fields}
        return render(request, "office/locality_edit.html", context, status_code=422)
    flash(request, _("The unit was renamed."))
    return RedirectResponse(url("locality_list"), status_code=303)


async def locality_retire(request: Request) -> Response:
    locality = await locality_or_404(request.path_params["locality_id"])
    try:
        await retire_locality(request.state.user, locality)
    except Invalid as exc:
        context = {
            "locality": locality,
            "form": {"name": locality.name, "name_en": locality.name_en},
            "errors": exc.fields,
        }
        return render(request, "office/locality_edit.html", context, status_code=exc.status_code)
    flash(request, _("%(name)s was retired.") % {"name": locality.name})
    return RedirectResponse(url("locality_list"), status_code=303)


# --- Import -----------------------------------------------------------------------------------


def _import_page(request: Request, status: int = 200, **context: Any) -> Response:
    base: dict[str, Any] = {
        "plan": None,
        "rows_json": "",
        "errors": {},
        "max_mb": MAX_BYTES // (1024 * 1024),
    }
    return render(request, "office/locality_import.html", {**base, **context}, status_code=status)


async def import_form(request: Request) -> Response:
    return _import_page(request)


async def import_preview(request: Request) -> Response:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _import_page(request, 422, errors={"file": _("Choose a file to upload.")})
    try:
        table = await read_table_off_loop(
            await upload.read(MAX_BYTES + 1), locality_import.HEADERS, "name"
        )
    except Invalid as exc:
        return _import_page(request, exc.status_code, errors={"file": exc.message})
    plan = await locality_import.plan_rows(table.rows)
    rows_json = json.dumps(table.rows, ensure_ascii=False)
    status = 422 if plan.error_count else 200
    return _import_page(request, status, plan=plan, rows_json=rows_json)


async def import_confirm(request: Request) -> Response:
    form = await request.form()
    try:
        rows = json.loads(str(form.get("rows", "")))
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ValueError
    except ValueError:
        return _import_page(request, 400, errors={"file": _("Upload the file again.")})
    try:
        added = await locality_import.apply_rows(request.state.user, rows)
    except Invalid as exc:
        plan = await locality_import.plan_rows(rows)
        return _import_page(
            request,
            exc.status_code,
            plan=plan,
            rows_json=json.dumps(rows),
            errors={"file": exc.message},
        )
    flash(request, _("%(n)s units were added.") % {"n": added})
    return RedirectResponse(url("locality_list"), status_code=303)
