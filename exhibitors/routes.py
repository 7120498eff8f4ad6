"""Pages of the producer registry: lists, forms, import/export, approvals, QR codes, print sheets.

Routes parse input, check who may act on which object, call the logic modules and render.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from exhibitors import exporting, importing, placards, qrcodes, registry, search
from exhibitors import validation as rules
from exhibitors.models import (
    ChangeStatus,
    Exhibitor,
    ExhibitorKind,
    ExhibitorStatus,
    ImportStatus,
    Product,
    ProductChange,
    ProductGroup,
)
from exhibitors.sheet import HEADERS, MAX_BYTES, MAX_ROWS
from ocopfair.auth import ANYONE, READERS, STAFF, allow, page, require_exhibitor_access
from ocopfair.errors import Invalid
from ocopfair.i18n import N_, local_today
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality, Role
from ocopfair.navigation import add_nav_item, sections_for
from ocopfair.templating import flash, render

EDITORS = allow(Role.ADMIN, Role.ORGANIZER, Role.EXHIBITOR)
VIEWERS = allow(Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL, Role.EXHIBITOR)
PREVIEW_PAGE = 200


def _see(user: Any, exhibitor_id: int) -> None:
    """Readers see every producer; an exhibitor only its own."""
    if user.role in (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL):
        return
    require_exhibitor_access(user, exhibitor_id)


async def _choices() -> dict[str, Any]:
    return {
        "localities": await Locality.all().values_list("id", "name"),
        "kinds": list(ExhibitorKind),
        "groups": list(ProductGroup),
        "statuses": list(ExhibitorStatus),
        "flag_keys": search.FLAGS,
    }


async def _form_data(request: Request) -> tuple[dict[str, Any], bytes | None]:
    """The posted fields as text, and an uploaded photo's bytes (read up to the cap + 1)."""
    form = await request.form()
    data: dict[str, Any] = {}
    photo = None
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            if key == "photo" and value.filename:
                photo = await value.read(rules.PHOTO_MAX_BYTES + 1)
        else:
            data[key] = value[:5000]
    return data, photo


# --- Lists ------------------------------------------------------------------------------------


async def _list_context(request: Request, sorts: dict[str, str]) -> dict[str, Any]:
    f = search.Filters.from_query(request.query_params, sorts)
    return {
        "f": f,
        "summary": await search.summarize(f),
        "query": urlencode(f.query_items()),
        "today": local_today(),
        **await _choices(),
    }


async def producer_list(request: Request) -> Response:
    context = await _list_context(request, search.PRODUCER_SORTS)
    context["page"] = await search.producer_page(context["f"])
    context["pending"] = await ProductChange.filter(status=ChangeStatus.PENDING).count()
    return render(
        request,
        "exhibitors/list.html",
        {**context, "tab": "producers", "base": "/exhibitors"},
        fragment="results",
    )


async def product_list(request: Request) -> Response:
    context = await _list_context(request, search.PRODUCT_SORTS)
    context["page"] = await search.product_page(context["f"])
    context["pending"] = await ProductChange.filter(status=ChangeStatus.PENDING).count()
    return render(
        request,
        "exhibitors/list.html",
        {**context, "tab": "products", "base": "/exhibitors/products"},
        fragment="results",
    )


async def export(request: Request) -> Response:
    fmt = request.url.path.rsplit(".", 1)[1]
    f = search.Filters.from_query(request.query_params, search.PRODUCT_SORTS)
    rows = await exporting.export_rows(f)
    if fmt == "csv":
        body, media = exporting.to_csv(rows), "text/csv; charset=utf-8"
    else:
        body, media = exporting.to_xlsx(rows), exporting.XLSX_TYPE
    name = exporting.filename(fmt, local_today())
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


async def template_file(request: Request) -> Response:
    return Response(
        exporting.to_xlsx([]),
        media_type=exporting.XLSX_TYPE,
        headers={"Content-Disposition": 'attachment; filename="mau-chu-the-ocop.xlsx"'},
    )


# --- One producer -----------------------------------------------------------------------------


async def _producer_or_404(exhibitor_id: int) -> Exhibitor:
    exhibitor = await Exhibitor.get_or_none(id=exhibitor_id).select_related("locality")
    if exhibitor is None:
        raise HTTPException(404)
    return exhibitor


async def my_producer(request: Request) -> Response:
    user = request.state.user
    if not user.exhibitor_id:
        raise HTTPException(404, _("Your account is not linked to a producer yet."))
    return RedirectResponse(f"/exhibitors/{user.exhibitor_id}", status_code=303)


async def producer_detail(request: Request) -> Response:
    exhibitor_id = request.path_params["exhibitor_id"]
    _see(request.state.user, exhibitor_id)
    exhibitor = await _producer_or_404(exhibitor_id)
    products = (
        await Product.filter(exhibitor_id=exhibitor_id)
        .order_by("-stars", "name")
        .values(*search.PRODUCT_COLUMNS[:9])
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
        "sections": await sections_for("exhibitor_detail", exhibitor, request.state.user),
        "today": local_today(),
        "can_edit": registry.is_staff(request.state.user)
        or request.state.user.exhibitor_id == exhibitor_id,
        "public_url": qrcodes.absolute(request, qrcodes.producer_path(exhibitor_id)),
    }
    return render(request, "exhibitors/detail.html", context)


async def producer_form(request: Request) -> Response:
    exhibitor_id = request.path_params.get("exhibitor_id")
    exhibitor = None
    form: dict[str, Any] = {"status": ExhibitorStatus.ACTIVE.value}
    if exhibitor_id is not None:
        require_exhibitor_access(request.state.user, exhibitor_id)
        exhibitor = await _producer_or_404(exhibitor_id)
        form = registry.producer_raw(exhibitor)
    return await _render_producer_form(request, exhibitor, form, {})


async def _render_producer_form(
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
        "staff": registry.is_staff(request.state.user),
        **await _choices(),
    }
    return render(request, "exhibitors/producer_form.html", context, status_code=status_code)


async def producer_save(request: Request) -> Response:
    user = request.state.user
    data, _photo = await _form_data(request)
    exhibitor_id = request.path_params.get("exhibitor_id")
    exhibitor = None
    if not registry.is_staff(user):  # an exhibitor's form has only its contact fields
        data = {k: v for k, v in data.items() if k in rules.CONTACT_FIELDS}
    else:
        for name in search.FLAGS:
            data[name] = data.get(name, "")
    try:
        if exhibitor_id is None:
            exhibitor = await registry.create_producer(user, data)
            flash(request, _("The producer was added."))
        else:
            require_exhibitor_access(user, exhibitor_id)
            exhibitor = await _producer_or_404(exhibitor_id)
            await registry.update_producer(user, exhibitor, data)
            flash(request, _("The changes were saved."))
    except Invalid as exc:
        form = {**(registry.producer_raw(exhibitor) if exhibitor else {}), **data}
        return await _render_producer_form(request, exhibitor, form, exc.fields, 422)
    return RedirectResponse(f"/exhibitors/{exhibitor.id}", status_code=303)


# --- Products ---------------------------------------------------------------------------------


async def _product_or_404(product_id: int) -> Product:
    product = await Product.get_or_none(id=product_id).select_related("exhibitor")
    if product is None:
        raise HTTPException(404)
    return product


async def _render_product_form(
    request: Request,
    exhibitor: Exhibitor,
    product: Product | None,
    form: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    pending = None
    if product is not None:
        pending = await ProductChange.filter(
            product_id=product.id, status=ChangeStatus.PENDING
        ).first()
    context = {
        "exhibitor": exhibitor,
        "product": product,
        "form": form,
        "errors": errors,
        "pending": pending,
        "staff": registry.is_staff(request.state.user),
        "groups": list(ProductGroup),
        "stars": rules.STARS,
        "qr": qrcodes.qr_svg(qrcodes.absolute(request, qrcodes.product_path(product.id)))
        if product
        else None,
        "public_url": qrcodes.absolute(request, qrcodes.product_path(product.id))
        if product
        else "",
    }
    return render(request, "exhibitors/product_form.html", context, status_code=status_code)


def _product_form_values(product: Product) -> dict[str, Any]:
    form = registry.product_raw(product)
    for key in ("certificate_date", "certificate_expiry"):
        form[key] = form[key].isoformat() if form[key] else ""
    form["group"] = product.group.value
    return form


async def product_form(request: Request) -> Response:
    user = request.state.user
    if "product_id" in request.path_params:
        product = await _product_or_404(request.path_params["product_id"])
        require_exhibitor_access(user, product.exhibitor_id)  # type: ignore[attr-defined]
        return await _render_product_form(
            request, product.exhibitor, product, _product_form_values(product), {}
        )
    exhibitor_id = request.path_params["exhibitor_id"]
    require_exhibitor_access(user, exhibitor_id)
    exhibitor = await _producer_or_404(exhibitor_id)
    return await _render_product_form(request, exhibitor, None, {}, {})


async def product_save(request: Request) -> Response:
    user = request.state.user
    data, photo = await _form_data(request)
    product = None
    if "product_id" in request.path_params:
        product = await _product_or_404(request.path_params["product_id"])
        require_exhibitor_access(user, product.exhibitor_id)  # type: ignore[attr-defined]
        exhibitor = product.exhibitor
    else:
        require_exhibitor_access(user, request.path_params["exhibitor_id"])
        exhibitor = await _producer_or_404(request.path_params["exhibitor_id"])
    data = {k: v for k, v in data.items() if k in rules.PRODUCT_FIELDS}
    try:
        if product is None:
            result = await registry.create_product(user, exhibitor, data, photo)
            waiting = isinstance(result, ProductChange)
            flash(
                request,
                _("The new product was sent to the organizers for approval.")
                if waiting
                else _("The product was added."),
            )
        else:
            change = await registry.update_product(user, product, data, photo)
            flash(
                request,
                _("Saved. The new rating or certificate waits for an organizer's approval.")
                if change
                else _("The changes were saved."),
                "warning" if change else "success",
            )
    except Invalid as exc:
        return await _render_product_form(request, exhibitor, product, data, exc.fields, 422)
    return RedirectResponse(f"/exhibitors/{exhibitor.id}", status_code=303)


async def photo_delete(request: Request) -> Response:
    product = await _product_or_404(request.path_params["product_id"])
    await registry.remove_photo(request.state.user, product)
    flash(request, _("The photo was removed."))
    return RedirectResponse(f"/exhibitors/products/{product.id}/edit", status_code=303)


async def product_photo(request: Request) -> Response:
    row = (
        await Product.filter(id=request.path_params["product_id"])
        .first()
        .values("photo", "photo_type")
    )
    if not row or not row["photo"]:
        raise HTTPException(404)
    return Response(
        bytes(row["photo"]),
        media_type=row["photo_type"],
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )


# --- Approvals --------------------------------------------------------------------------------


async def change_list(request: Request) -> Response:
    changes = (
        await ProductChange.filter(status=ChangeStatus.PENDING)
        .select_related("product", "exhibitor", "requested_by")
        .order_by("created_at")
    )
    recent = (
        await ProductChange.exclude(status=ChangeStatus.PENDING)
        .select_related("product", "exhibitor", "decided_by")
        .order_by("-decided_at")
        .limit(20)
    )
    return render(
        request, "exhibitors/changes.html", {"changes": changes, "recent": recent, "errors": {}}
    )


async def change_decide(request: Request) -> Response:
    form = await request.form()
    approve = request.url.path.endswith("/approve")
    try:
        await registry.decide_change(
            request.state.user,
            request.path_params["change_id"],
            approve=approve,
            reason=str(form.get("reason", "")),
        )
    except Invalid as exc:
        flash(request, next(iter(exc.fields.values()), exc.message), "error")
        return RedirectResponse("/exhibitors/changes", status_code=303)
    flash(request, _("The change was approved.") if approve else _("The change was rejected."))
    return RedirectResponse("/exhibitors/changes", status_code=303)


# --- Import -----------------------------------------------------------------------------------


def _import_context(errors: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "headers": HEADERS,
        "max_mb": MAX_BYTES // (1024 * 1024),
        "max_rows": MAX_ROWS,
        "errors": errors or {},
    }


async def import_form(request: Request) -> Response:
    return render(request, "exhibitors/import.html", _import_context())


async def import_upload(request: Request) -> Response:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return render(
            request,
            "exhibitors/import.html",
            _import_context({"file": _("Choose a file to upload.")}),
            status_code=422,
        )
    data = await upload.read(MAX_BYTES + 1)
    try:
        batch = await importing.start_import(request.state.user, upload.filename, data)
    except Invalid as exc:
        return render(
            request,
            "exhibitors/import.html",
            _import_context({"file": exc.message}),
            status_code=exc.status_code,
        )
    return RedirectResponse(f"/exhibitors/import/{batch.id}", status_code=303)


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
        "header_of": importing.HEADER_OF,
    }
    return render(request, "exhibitors/import_preview.html", context, fragment="rows")


async def import_confirm(request: Request) -> Response:
    batch_id = request.path_params["batch_id"]
    try:
        summary = await importing.confirm_import(request.state.user, batch_id)
    except Invalid as exc:
        flash(request, exc.message, "error")
        return RedirectResponse(f"/exhibitors/import/{batch_id}", status_code=303)
    flash(
        request,
        _(
            "Imported: %(pc)s producers added, %(pu)s updated; %(tc)s products added, "
            "%(tu)s updated; %(same)s rows unchanged."
        )
        % {
            "pc": summary["producers_created"],
            "pu": summary["producers_updated"],
            "tc": summary["products_created"],
            "tu": summary["products_updated"],
            "same": summary["unchanged"],
        },
    )
    return RedirectResponse("/exhibitors", status_code=303)


# --- Public pages and QR codes ----------------------------------------------------------------


async def public_product(request: Request) -> Response:
    product = await Product.get_or_none(id=request.path_params["product_id"]).select_related(
        "exhibitor__locality"
    )
    if product is None:
        raise HTTPException(404)
    url = qrcodes.absolute(request, qrcodes.product_path(product.id))
    return render(
        request,
        "exhibitors/public_product.html",
        {
            "product": product,
            "exhibitor": product.exhibitor,
            "today": local_today(),
            "qr": qrcodes.qr_svg(url),
            "public_url": url,
        },
    )


async def public_producer(request: Request) -> Response:
    exhibitor = await _producer_or_404(request.path_params["exhibitor_id"])
    products = (
        await Product.filter(exhibitor_id=exhibitor.id)
        .order_by("-stars", "name")
        .values(*search.PRODUCT_COLUMNS[:9])
    )
    url = qrcodes.absolute(request, qrcodes.producer_path(exhibitor.id))
    return render(
        request,
        "exhibitors/public_producer.html",
        {
            "exhibitor": exhibitor,
            "products": products,
            "today": local_today(),
            "qr": qrcodes.qr_svg(url),
            "public_url": url,
        },
    )


async def qr_image(request: Request) -> Response:
    pk = request.path_params["pk"]
    model, path = (
        (Product, qrcodes.product_path)
        if request.url.path.startswith("/p/")
        else (Exhibitor, qrcodes.producer_path)
    )
    if not await model.exists(id=pk):
        raise HTTPException(404)
    svg = qrcodes.qr_svg(qrcodes.absolute(request, path(pk)))
    return Response('<?xml version="1.0" encoding="UTF-8"?>' + str(svg), media_type="image/svg+xml")


async def producer_badge(request: Request) -> Response:
    exhibitor_id = request.path_params["exhibitor_id"]
    require_exhibitor_access(request.state.user, exhibitor_id)
    exhibitor = await _producer_or_404(exhibitor_id)
    exhibits = placards.with_codes([placards.Exhibit(exhibitor)], qrcodes.absolute(request, ""))
    return render(request, "exhibitors/badges.html", {"event": None, "exhibits": exhibits})


routes = [
    page("/exhibitors", producer_list, access=READERS, name="exhibitor_list"),
    page("/exhibitors/products", product_list, access=READERS, name="product_list"),
    page("/exhibitors/export.xlsx", export, access=READERS, name="exhibitor_export_xlsx"),
    page("/exhibitors/export.csv", export, access=READERS, name="exhibitor_export_csv"),
    page("/exhibitors/template.xlsx", template_file, access=STAFF, name="exhibitor_template"),
    page("/exhibitors/new", producer_form, access=STAFF, name="exhibitor_new"),
    page("/exhibitors/new", producer_save, access=STAFF, methods=["POST"], name="exhibitor_create"),
    page("/exhibitors/mine", my_producer, access=allow(Role.EXHIBITOR), name="exhibitor_mine"),
    page("/exhibitors/changes", change_list, access=STAFF, name="exhibitor_changes"),
    page(
        "/exhibitors/changes/{change_id:int}/approve",
        change_decide,
        access=STAFF,
        methods=["POST"],
        name="exhibitor_change_approve",
    ),
    page(
        "/exhibitors/changes/{change_id:int}/reject",
        change_decide,
        access=STAFF,
        methods=["POST"],
        name="exhibitor_change_reject",
    ),
    page("/exhibitors/import", import_form, access=STAFF, name="exhibitor_import"),
    page(
        "/exhibitors/import",
        import_upload,
        access=STAFF,
        methods=["POST"],
        name="exhibitor_import_upload",
    ),
    page(
        "/exhibitors/import/{batch_id:int}",
        import_preview,
        access=STAFF,
        name="exhibitor_import_preview",
    ),
    page(
        "/exhibitors/import/{batch_id:int}/confirm",
        import_confirm,
        access=STAFF,
        methods=["POST"],
        name="exhibitor_import_confirm",
    ),
    page(
        "/exhibitors/{exhibitor_id:int}", producer_detail, access=VIEWERS, name="exhibitor_detail"
    ),
    page(
        "/exhibitors/{exhibitor_id:int}/edit", producer_form, access=EDITORS, name="exhibitor_edit"
    ),
    page(
        "/exhibitors/{exhibitor_id:int}/edit",
        producer_save,
        access=EDITORS,
        methods=["POST"],
        name="exhibitor_update",
    ),
    page(
        "/exhibitors/{exhibitor_id:int}/badge",
        producer_badge,
        access=EDITORS,
        name="exhibitor_badge",
    ),
    page(
        "/exhibitors/{exhibitor_id:int}/products/new",
        product_form,
        access=EDITORS,
        name="product_new",
    ),
    page(
        "/exhibitors/{exhibitor_id:int}/products/new",
        product_save,
        access=EDITORS,
        methods=["POST"],
        name="product_create",
    ),
    page(
        "/exhibitors/products/{product_id:int}/edit",
        product_form,
        access=EDITORS,
        name="product_edit",
    ),
    page(
        "/exhibitors/products/{product_id:int}/edit",
        product_save,
        access=EDITORS,
        methods=["POST"],
        name="product_update",
    ),
    page(
        "/exhibitors/products/{product_id:int}/photo/delete",
        photo_delete,
        access=EDITORS,
        methods=["POST"],
        name="product_photo_delete",
    ),
    page(
        "/exhibitors/products/{product_id:int}/photo",
        product_photo,
        access=ANYONE,
        name="product_photo",
    ),
    page("/p/{product_id:int}", public_product, access=ANYONE, name="public_product"),
    page("/e/{exhibitor_id:int}", public_producer, access=ANYONE, name="public_producer"),
    page("/p/{pk:int}/qr.svg", qr_image, access=ANYONE, name="product_qr"),
    page("/e/{pk:int}/qr.svg", qr_image, access=ANYONE, name="producer_qr"),
]

add_nav_item(N_("Producers"), "exhibitor_list", READERS, order=20)
add_nav_item(N_("My producer"), "exhibitor_mine", allow(Role.EXHIBITOR), order=20)
