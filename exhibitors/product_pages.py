"""A product's pages: the new-product and edit forms (with its QR code), and its photo."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from exhibitors import photos, qrcodes, registry
from exhibitors import validation as rules
from exhibitors.access import is_staff, require_producer_edit, require_product_edit
from exhibitors.loaders import producer_or_404, product_or_404
from exhibitors.models import ChangeStatus, Exhibitor, Product, ProductChange, ProductGroup
from exhibitors.page_forms import read_form
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.templating import flash, render
from ocopfair.urls import absolute_url, url


async def _product_form(
    request: Request,
    exhibitor: Exhibitor,
    product: Product | None,
    form: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    pending = None
    public_url = ""
    if product is not None:
        pending = await ProductChange.filter(
            product_id=product.id, status=ChangeStatus.PENDING
        ).first()
        public_url = absolute_url(qrcodes.product_path(product.id))
    context = {
        "exhibitor": exhibitor,
        "product": product,
        "form": form,
        "errors": errors,
        "pending": pending,
        "staff": is_staff(request.state.user),
        "groups": list(ProductGroup),
        "stars": rules.STARS,
        "qr": qrcodes.qr_svg(public_url) if product else None,
        "public_url": public_url,
        "photo_max_bytes": photos.MAX_BYTES,
    }
    return render(request, "exhibitors/product_form.html", context, status_code=status_code)


def _form_values(product: Product) -> dict[str, Any]:
    form = registry.product_raw(product)
    for key in ("certificate_date", "certificate_expiry"):
        form[key] = form[key].isoformat() if form[key] else ""
    form["group"] = product.group.value
    return form


async def _editable_product(request: Request) -> Product:
    product = await product_or_404(request.path_params["product_id"])
    require_product_edit(request.state.user, product)
    return product


async def _editable_producer(request: Request) -> Exhibitor:
    exhibitor_id = request.path_params["exhibitor_id"]
    require_producer_edit(request.state.user, exhibitor_id)
    return await producer_or_404(exhibitor_id)


async def _posted_product(request: Request) -> tuple[dict[str, Any], bytes | None]:
    data, photo = await read_form(request)
    return {k: v for k, v in data.items() if k in rules.PRODUCT_FIELDS}, photo


def _back_to(exhibitor: Exhibitor) -> Response:
    return RedirectResponse(url("exhibitor_detail", exhibitor_id=exhibitor.id), status_code=303)


async def product_new(request: Request) -> Response:
    exhibitor = await _editable_producer(request)
    return await _product_form(request, exhibitor, None, {}, {})


async def product_edit(request: Request) -> Response:
    product = await _editable_product(request)
    return await _product_form(request, product.exhibitor, product, _form_values(product), {})


async def product_create(request: Request) -> Response:
    data, photo = await _posted_product(request)
    exhibitor = await _editable_producer(request)
    try:
        result = await registry.create_product(request.state.user, exhibitor, data, photo)
    except Invalid as exc:
        return await _product_form(request, exhibitor, None, data, exc.fields, exc.status_code)
    if isinstance(result, ProductChange):
        flash(request, _("The new product was sent to the organizers for approval."))
    else:
        flash(request, _("The product was added."))
    return _back_to(exhibitor)


async def product_update(request: Request) -> Response:
    data, photo = await _posted_product(request)
    product = await _editable_product(request)
    try:
        change = await registry.update_product(request.state.user, product, data, photo)
    except Invalid as exc:
        return await _product_form(
            request, product.exhibitor, product, data, exc.fields, exc.status_code
        )
    if change:
        message = _("Saved. The new rating or certificate waits for an organizer's approval.")
        flash(request, message, "warning")
    else:
        flash(request, _("The changes were saved."), "success")
    return _back_to(product.exhibitor)


async def photo_delete(request: Request) -> Response:
    product = await product_or_404(request.path_params["product_id"])
    await registry.remove_photo(request.state.user, product)
    flash(request, _("The photo was removed."))
    return RedirectResponse(url("product_edit", product_id=product.id), status_code=303)


async def product_photo(request: Request) -> Response:
    """The stored photo; `?size=thumb` its thumbnail (lists, phones)."""
    column = "photo_thumb" if request.query_params.get("size") == "thumb" else "photo"
    row = (
        await Product.filter(id=request.path_params["product_id"])
        .first()
        .values(column, "photo_type")
    )
    if not row or not row[column]:
        raise HTTPException(404)
    return Response(
        bytes(row[column]),
        media_type=row["photo_type"],
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
