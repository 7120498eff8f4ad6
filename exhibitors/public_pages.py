"""What anyone may open without an account: a product's and a producer's public page (where
their QR codes lead) and the QR codes themselves as SVG files."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from exhibitors import listings, qrcodes, search
from exhibitors.loaders import producer_or_404, product_or_404
from exhibitors.models import Exhibitor, Product
from ocopfair.i18n import local_today
from ocopfair.navigation import sections_for
from ocopfair.templating import render
from ocopfair.urls import absolute_url


async def public_product(request: Request) -> Response:
    product = await product_or_404(request.path_params["product_id"], "exhibitor__locality")
    public_url = absolute_url(qrcodes.product_path(product.id))
    context = {
        "product": product,
        "exhibitor": product.exhibitor,
        "today": local_today(),
        "qr": qrcodes.qr_svg(public_url),
        "public_url": public_url,
        "listings": (await listings.listings_of([product.id]))[product.id],
        # "On sale at ..." (the showrooms carrying it, from sales/) and anything else.
        "sections": await sections_for("public_product", product, request.state.user),
    }
    return render(request, "exhibitors/public_product.html", context)


async def public_producer(request: Request) -> Response:
    exhibitor = await producer_or_404(request.path_params["exhibitor_id"])
    products = (
        await Product.filter(exhibitor_id=exhibitor.id)
        .order_by("-stars", "name")
        .values(*search.PRODUCT_OWN_COLUMNS)
    )
    public_url = absolute_url(qrcodes.producer_path(exhibitor.id))
    context = {
        "exhibitor": exhibitor,
        "products": products,
        "today": local_today(),
        "qr": qrcodes.qr_svg(public_url),
        "public_url": public_url,
    }
    return render(request, "exhibitors/public_producer.html", context)


def _svg_file(request: Request, path: str) -> Response:
    svg = qrcodes.qr_svg(absolute_url(path))
    return Response('<?xml version="1.0" encoding="UTF-8"?>' + str(svg), media_type="image/svg+xml")


async def product_qr(request: Request) -> Response:
    product_id = request.path_params["pk"]
    if not await Product.exists(id=product_id):
        raise HTTPException(404)
    return _svg_file(request, qrcodes.product_path(product_id))


async def producer_qr(request: Request) -> Response:
    exhibitor_id = request.path_params["pk"]
    if not await Exhibitor.exists(id=exhibitor_id):
        raise HTTPException(404)
    return _svg_file(request, qrcodes.producer_path(exhibitor_id))
