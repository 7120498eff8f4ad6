"""The products API: list (with counts), read, add (an exhibitor's waits: 202), change."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from exhibitors import registry, search
from exhibitors.access import (
    own_producer_id,
    require_producer_edit,
    require_product_edit,
    require_product_view,
)
from exhibitors.api_json import change_json, listing_json, product_json
from exhibitors.api_producers import scoped_filters
from exhibitors.loaders import product_or_404
from exhibitors.models import ChangeStatus, Exhibitor, ProductChange
from ocopfair.api import read_json
from ocopfair.auth import MAX_ID
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _


async def products(request: Request) -> Response:
    f = scoped_filters(request, search.PRODUCT_SORTS)
    page = await search.product_page(f)
    items = [product_json(request, row) for row in page.items]
    return JSONResponse(listing_json(items, page, await search.summarize(f)))


async def _pending(product_id: int) -> ProductChange | None:
    return await ProductChange.filter(product_id=product_id, status=ChangeStatus.PENDING).first()


async def product_read(request: Request) -> Response:
    product = await product_or_404(request.path_params["product_id"])
    require_product_view(request.state.user, product)
    return JSONResponse(product_json(request, product, await _pending(product.id)))


def _producer_id(body: dict[str, Any], request: Request) -> int:
    """The producer a new product is for: given, or the exhibitor's own."""
    exhibitor_id = body.pop("exhibitor_id", None)
    if exhibitor_id is None:
        exhibitor_id = own_producer_id(request.state.user)
    if not isinstance(exhibitor_id, int) or isinstance(exhibitor_id, bool):
        raise Invalid({"exhibitor_id": _("Give the producer's id.")})
    return exhibitor_id


async def product_create(request: Request) -> Response:
    body = await read_json(request)
    user = request.state.user
    exhibitor_id = _producer_id(body, request)
    require_producer_edit(user, exhibitor_id)
    # An id beyond the column's range names no producer (and would fail in the database).
    exhibitor = await Exhibitor.get_or_none(id=exhibitor_id) if 0 < exhibitor_id <= MAX_ID else None
    if exhibitor is None:
        raise HTTPException(404)
    result = await registry.create_product(user, exhibitor, body)
    if isinstance(result, ProductChange):
        return JSONResponse({"pending_change": change_json(result)}, status_code=202)
    await result.fetch_related("exhibitor")
    return JSONResponse(product_json(request, result), status_code=201)


async def product_update(request: Request) -> Response:
    product = await product_or_404(request.path_params["product_id"])
    require_product_edit(request.state.user, product)
    change = await registry.update_product(request.state.user, product, await read_json(request))
    return JSONResponse(product_json(request, product, change or await _pending(product.id)))
