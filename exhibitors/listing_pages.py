"""A product's e-commerce listings page: the list, the add form and the remove buttons."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from exhibitors import listings
from exhibitors.access import require_product_edit
from exhibitors.loaders import product_or_404
from exhibitors.models import ListingFloor, Product, ProductListing
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.templating import flash, render
from ocopfair.urls import url


async def _product(request: Request) -> Product:
    product = await product_or_404(request.path_params["product_id"])
    require_product_edit(request.state.user, product)
    return product


async def _page(
    request: Request,
    product: Product,
    form: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    context = {
        "product": product,
        "exhibitor": product.exhibitor,
        "listings": await ProductListing.filter(product_id=product.id),
        "floors": list(ListingFloor),
        "domains": listings.FLOOR_DOMAINS,
        "form": form,
        "errors": errors,
    }
    return render(request, "exhibitors/listings.html", context, status_code=status_code)


async def listing_page(request: Request) -> Response:
    return await _page(request, await _product(request), {}, {})


async def listing_add(request: Request) -> Response:
    form = dict((await request.form()).items())
    product = await _product(request)
    data = {"floor": form.get("floor", ""), "link": form.get("link", "")}
    try:
        await listings.add_listing(request.state.user, product, data)
    except Invalid as exc:
        return await _page(request, product, data, exc.fields, exc.status_code)
    flash(request, _("The listing was added."), "success")
    return RedirectResponse(url("product_listings", product_id=product.id), status_code=303)


async def listing_remove(request: Request) -> Response:
    product = await _product(request)
    if await listings.remove_listing(
        request.state.user, product, request.path_params["listing_id"]
    ):
        flash(request, _("The listing was removed."))
    return RedirectResponse(url("product_listings", product_id=product.id), status_code=303)
