"""The registry's pages: the lists of producers and products (with their exports), a producer's
page, its form, its badge, and the exhibitor's shortcut to its own producer."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from exhibitors import exporting, placards, qrcodes, registry, search
from exhibitors.access import (
    is_staff,
    may_edit_producer,
    producer_fields_for,
    require_producer_edit,
    require_producer_view,
)
from exhibitors.loaders import producer_or_404
from exhibitors.models import ChangeStatus, Exhibitor, ExhibitorStatus, Product, ProductChange
from exhibitors.page_forms import choices, read_form
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.navigation import sections_for
from ocopfair.templating import flash, render
from ocopfair.urls import absolute_url, url

# --- Lists and exports ------------------------------------------------------------------------


async def _list_page(
    request: Request, tab: str, sorts: dict[str, str], list_route: str
) -> Response:
    f = search.Filters.from_query(request.query_params, sorts)
    page = await search.producer_page(f) if tab == "producers" else await search.product_page(f)
    context = {
        "f": f,
        "summary": await search.summarize(f),
        "query": urlencode(f.query_items()),
        "today": local_today(),
        **await choices(),
        "page": page,
        "pending": await ProductChange.filter(status=ChangeStatus.PENDING).count(),
        "tab": tab,
        "base": url(list_route),
    }
    return render(request, "exhibitors/list.html", context, fragment="results")


async def producer_list(request: Request) -> Response:
    return await _list_page(request, "producers", search.PRODUCER_SORTS, "exhibitor_list")


async def product_list(request: Request) -> Response:
    return await _list_page(request, "products", search.PRODUCT_SORTS, "product_list")


def _download(body: bytes, media_type: str, filename: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def _export_rows(request: Request) -> list[list[Any]]:
    f = search.Filters.from_query(request.query_params, search.PRODUCT_SORTS)
    return await exporting.export_rows(f)


async def export_xlsx(request: Request) -> Response:
    body = exporting.to_xlsx(await _export_rows(request))
    return _download(body, exporting.XLSX_TYPE, exporting.filename("xlsx", local_today()))


async def export_csv(request: Request) -> Response:
    body = exporting.to_csv(await _export_rows(request))
    name = exporting.filename("csv", local_today())
    return _download(body, "text/csv; charset=utf-8", name)


async def template_file(request: Request) -> Response:
    return _download(exporting.to_xlsx([]), exporting.XLSX_TYPE, "mau-chu-the-ocop.xlsx")


# --- One producer -----------------------------------------------------------------------------


async def my_producer(request: Request) -> Response:
    user = request.state.user
    if not user.exhibitor_id:
        raise HTTPException(404, _("Your account is not linked to a producer yet."))
    return RedirectResponse(
        url("exhibitor_detail", exhibitor_id=user.exhibitor_id), status_code=303
    )


async def producer_detail(request: Request) -> Response:
    exhibitor_id = request.path_params["exhibitor_id"]
    user = request.state.user
    require_producer_view(user, exhibitor_id)
    exhibitor = await producer_or_404(exhibitor_id)
    products = (
        await Product.filter(exhibitor_id=exhibitor_id)
        .order_by("-stars", "name")
        .values(*search.PRODUCT_OWN_COLUMNS)
    )
    changes = (
        await ProductChange.filter(exhibitor_id=exhibitor_id)
        .select_related("product", "decided_by")
        .limit(30)
    )
    context = {
        "exhibitor": exhibitor,
        "products": products,
        "changes": changes,
        "sections": await sections_for("exhibitor_detail", exhibitor, user),
        "today": local_today(),
        "can_edit": may_edit_producer(user, exhibitor_id),
        "public_url": absolute_url(qrcodes.producer_path(exhibitor_id)),
    }
    return render(request, "exhibitors/detail.html", context)


async def _producer_form(
    request: Request,
    exhibitor: Exhibitor | None,
    form: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    context = {
        "exhibitor": exhibitor,
        "form": form,
        "errors": errors,
        "staff": is_staff(request.state.user),
        **await choices(),
    }
    return render(request, "exhibitors/producer_form.html", context, status_code=status_code)


async def producer_new(request: Request) -> Response:
    return await _producer_form(request, None, {"status": ExhibitorStatus.ACTIVE.value}, {})


async def producer_edit(request: Request) -> Response:
    exhibitor_id = request.path_params["exhibitor_id"]
    require_producer_edit(request.state.user, exhibitor_id)
    exhibitor = await producer_or_404(exhibitor_id)
    return await _producer_form(request, exhibitor, registry.producer_raw(exhibitor), {})


async def _posted_producer(request: Request) -> dict[str, Any]:
    """The posted fields this user may change (an unticked box is posted as nothing)."""
    data, _photo = await read_form(request)
    user = request.state.user
    if is_staff(user):
        return {**data, **{name: data.get(name, "") for name in search.FLAGS}}
    allowed = producer_fields_for(user)  # an exhibitor's form has only its contact fields
    return {k: v for k, v in data.items() if k in allowed}


async def producer_create(request: Request) -> Response:
    data = await _posted_producer(request)
    try:
        exhibitor = await registry.create_producer(request.state.user, data)
    except Invalid as exc:
        return await _producer_form(request, None, data, exc.fields, 422)
    flash(request, _("The producer was added."))
    return RedirectResponse(url("exhibitor_detail", exhibitor_id=exhibitor.id), status_code=303)


async def producer_update(request: Request) -> Response:
    user = request.state.user
    data = await _posted_producer(request)
    exhibitor_id = request.path_params["exhibitor_id"]
    require_producer_edit(user, exhibitor_id)
    exhibitor = await producer_or_404(exhibitor_id)
    try:
        await registry.update_producer(user, exhibitor, data)
    except Invalid as exc:
        form = {**registry.producer_raw(exhibitor), **data}
        return await _producer_form(request, exhibitor, form, exc.fields, 422)
    flash(request, _("The changes were saved."))
    return RedirectResponse(url("exhibitor_detail", exhibitor_id=exhibitor.id), status_code=303)


async def producer_badge(request: Request) -> Response:
    exhibitor_id = request.path_params["exhibitor_id"]
    require_producer_edit(request.state.user, exhibitor_id)
    exhibitor = await producer_or_404(exhibitor_id)
    exhibits = placards.with_codes(
        [placards.Exhibit(exhibitor)],
    )
    return render(request, "exhibitors/badges.html", {"event": None, "exhibits": exhibits})
