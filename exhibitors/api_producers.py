"""The producers API: list (with counts), read, add, change."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from exhibitors import registry, search
from exhibitors.access import listing_scope, require_producer_edit, require_producer_view
from exhibitors.api_json import listing_json, producer_json
from exhibitors.loaders import producer_or_404
from exhibitors.models import Exhibitor
from ocopfair.api import read_json


def scoped_filters(request: Request, sorts: dict[str, str]) -> search.Filters:
    """The query's filters, narrowed to the one producer an exhibitor may list."""
    f = search.Filters.from_query(request.query_params, sorts)
    scope = listing_scope(request.state.user)
    if scope is not None:
        f.exhibitor = scope
    return f


async def producers(request: Request) -> Response:
    f = scoped_filters(request, search.PRODUCER_SORTS)
    page = await search.producer_page(f)
    items = [{**producer_json(request, e), "product_count": e.product_count} for e in page.items]
    return JSONResponse(listing_json(items, page, await search.summarize(f)))


async def producer_read(request: Request) -> Response:
    exhibitor_id = request.path_params["exhibitor_id"]
    require_producer_view(request.state.user, exhibitor_id)
    return JSONResponse(producer_json(request, await producer_or_404(exhibitor_id)))


async def producer_create(request: Request) -> Response:
    exhibitor = await registry.create_producer(request.state.user, await read_json(request))
    await exhibitor.fetch_related("locality")
    return JSONResponse(producer_json(request, exhibitor), status_code=201)


async def producer_update(request: Request) -> Response:
    exhibitor_id = request.path_params["exhibitor_id"]
    require_producer_edit(request.state.user, exhibitor_id)
    exhibitor: Exhibitor = await producer_or_404(exhibitor_id)
    await registry.update_producer(request.state.user, exhibitor, await read_json(request))
    await exhibitor.fetch_related("locality")
    return JSONResponse(producer_json(request, exhibitor))
