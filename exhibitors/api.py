"""JSON API of the registry under /api/v1: producers and products (list, read, create, update).

The same rules as the pages (exhibitors.validation through exhibitors.registry). An exhibitor's
token sees and changes only its own producer; its rating changes come back as pending.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from exhibitors import qrcodes, registry, search
from exhibitors.models import (
    ChangeStatus,
    Exhibitor,
    ExhibitorKind,
    ExhibitorStatus,
    Product,
    ProductChange,
    ProductGroup,
)
from ocopfair.api import read_json
from ocopfair.auth import MAX_ID, STAFF, allow, api, require_exhibitor_access
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User
from ocopfair.openapi import json_body, query_param

VIEWERS = allow(Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL, Role.EXHIBITOR)
EDITORS = allow(Role.ADMIN, Role.ORGANIZER, Role.EXHIBITOR)

_DATE = {"type": "string", "format": "date", "nullable": True}
PRODUCER_INPUT = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 255},
        "kind": {"type": "string", "enum": [k.value for k in ExhibitorKind]},
        "tax_code": {
            "type": "string",
            "nullable": True,
            "description": "10 digits, or 10 digits-3 digits",
        },
        "locality_id": {
            "type": "integer",
            "nullable": True,
            "description": "id, or the locality's code or name",
        },
        "address": {"type": "string"},
        "contact_person": {"type": "string"},
        "phone": {"type": "string", "description": "0xxxxxxxxx or +84…"},
        "email": {"type": "string"},
        "ethnic_minority": {"type": "boolean"},
        "remote_area": {"type": "boolean"},
        "island": {"type": "boolean"},
        "status": {"type": "string", "enum": [s.value for s in ExhibitorStatus]},
    },
}
PRODUCER = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        **PRODUCER_INPUT["properties"],
        "locality": {"type": "string", "nullable": True},
        "public_url": {"type": "string"},
    },
}
PRODUCT_INPUT = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 255},
        "group": {"type": "string", "enum": [g.value for g in ProductGroup]},
        "stars": {"type": "integer", "enum": [3, 4, 5]},
        "certificate_number": {"type": "string", "maxLength": 64},
        "certificate_date": _DATE,
        "certificate_expiry": {**_DATE, "description": "default: certificate_date + 36 months"},
        "traceability_url": {"type": "string"},
    },
}
CHANGE = {
    "type": "object",
    "nullable": True,
    "properties": {
        "id": {"type": "integer"},
        "status": {"type": "string"},
        "changes": {"type": "object"},
        "before": {"type": "object"},
    },
}
PRODUCT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "exhibitor_id": {"type": "integer"},
        "producer": {"type": "string"},
        **PRODUCT_INPUT["properties"],
        "has_photo": {"type": "boolean"},
        "public_url": {"type": "string"},
        "pending_change": CHANGE,
    },
}


def _listing(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": item},
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "counts": {"type": "object"},
        },
    }


FILTER_PARAMS = [
    query_param("q", {"type": "string"}, "search, with or without diacritics"),
    query_param("locality", {"type": "integer"}),
    query_param("kind", {"type": "string"}),
    query_param("group", {"type": "string"}),
    query_param("stars", {"type": "integer"}),
    query_param(
        "flag",
        {"type": "string", "enum": list(search.FLAGS)},
        "ethnic_minority, remote_area or island (repeatable)",
    ),
    query_param("expiring", {"type": "integer"}, "certificates expiring within N days"),
    query_param("sort", {"type": "string"}),
    query_param("page", {"type": "integer"}),
]


def producer_json(request: Request, e: Exhibitor) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "kind": e.kind.value,
        "tax_code": e.tax_code,
        "locality_id": e.locality_id,  # type: ignore[attr-defined]
        "locality": e.locality.name if e.locality else None,
        "address": e.address,
        "contact_person": e.contact_person,
        "phone": e.phone,
        "email": e.email,
        "ethnic_minority": e.ethnic_minority,
        "remote_area": e.remote_area,
        "island": e.island,
        "status": e.status.value,
        "public_url": qrcodes.absolute(request, qrcodes.producer_path(e.id)),
    }


def change_json(change: ProductChange | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {
        "id": change.id,
        "status": change.status.value,
        "changes": change.changes,
        "before": change.before,
    }


def product_json(
    request: Request, p: dict[str, Any] | Product, pending: ProductChange | None = None
) -> dict[str, Any]:
    row = (
        p
        if isinstance(p, dict)
        else {
            **{
                k: getattr(p, k)
                for k in (
                    "id",
                    "name",
                    "group",
                    "stars",
                    "certificate_number",
                    "certificate_date",
                    "certificate_expiry",
                    "traceability_url",
                    "photo_type",
                )
            },
            "exhibitor_id": p.exhibitor_id,  # type: ignore[attr-defined]
            "exhibitor__name": p.exhibitor.name,
        }
    )
    return {
        "id": row["id"],
        "exhibitor_id": row["exhibitor_id"],
        "producer": row["exhibitor__name"],
        "name": row["name"],
        "group": str(row["group"]),
        "stars": row["stars"],
        "certificate_number": row["certificate_number"],
        "certificate_date": row["certificate_date"].isoformat()
        if row["certificate_date"]
        else None,
        "certificate_expiry": row["certificate_expiry"].isoformat()
        if row["certificate_expiry"]
        else None,
        "traceability_url": row["traceability_url"],
        "has_photo": bool(row["photo_type"]),
        "public_url": qrcodes.absolute(request, qrcodes.product_path(row["id"])),
        "pending_change": change_json(pending),
    }


def _filters(request: Request, sorts: dict[str, str]) -> search.Filters:
    f = search.Filters.from_query(request.query_params, sorts)
    user: User = request.state.user
    if user.role == Role.EXHIBITOR:
        f.exhibitor = user.exhibitor_id or -1  # type: ignore[attr-defined]
    return f


def _counts(summary: search.Summary) -> dict[str, Any]:
    return {
        "producers": summary.producers,
        "products": summary.products,
        "by_stars": {str(k): v for k, v in summary.by_stars.items()},
        "by_group": summary.by_group,
        "by_kind": summary.by_kind,
        "by_locality": {name or "": n for _pk, name, n in summary.by_locality},
    }


async def producers(request: Request) -> Response:
    f = _filters(request, search.PRODUCER_SORTS)
    page = await search.producer_page(f)
    return JSONResponse(
        {
            "items": [
                {**producer_json(request, e), "product_count": e.product_count} for e in page.items
            ],
            "total": page.total,
            "page": page.number,
            "pages": page.pages,
            "counts": _counts(await search.summarize(f)),
        }
    )


async def _producer(request: Request) -> Exhibitor:
    exhibitor_id = request.path_params["exhibitor_id"]
    user = request.state.user
    if user.role != Role.OFFICIAL:
        require_exhibitor_access(user, exhibitor_id)
    exhibitor = await Exhibitor.get_or_none(id=exhibitor_id).select_related("locality")
    if exhibitor is None:
        raise HTTPException(404)
    return exhibitor


async def producer_read(request: Request) -> Response:
    return JSONResponse(producer_json(request, await _producer(request)))


async def producer_create(request: Request) -> Response:
    exhibitor = await registry.create_producer(request.state.user, await read_json(request))
    await exhibitor.fetch_related("locality")
    return JSONResponse(producer_json(request, exhibitor), status_code=201)


async def producer_update(request: Request) -> Response:
    exhibitor = await _producer(request)
    await registry.update_producer(request.state.user, exhibitor, await read_json(request))
    await exhibitor.fetch_related("locality")
    return JSONResponse(producer_json(request, exhibitor))


async def products(request: Request) -> Response:
    f = _filters(request, search.PRODUCT_SORTS)
    page = await search.product_page(f)
    return JSONResponse(
        {
            "items": [product_json(request, row) for row in page.items],
            "total": page.total,
            "page": page.number,
            "pages": page.pages,
            "counts": _counts(await search.summarize(f)),
        }
    )


async def _product(request: Request) -> Product:
    product = await Product.get_or_none(id=request.path_params["product_id"]).select_related(
        "exhibitor"
    )
    if product is None:
        raise HTTPException(404)
    user = request.state.user
    if user.role != Role.OFFICIAL:
        require_exhibitor_access(user, product.exhibitor_id)  # type: ignore[attr-defined]
    return product


async def _pending(product_id: int) -> ProductChange | None:
    return await ProductChange.filter(product_id=product_id, status=ChangeStatus.PENDING).first()


async def product_read(request: Request) -> Response:
    product = await _product(request)
    return JSONResponse(product_json(request, product, await _pending(product.id)))


async def product_create(request: Request) -> Response:
    body = await read_json(request)
    exhibitor_id = body.pop("exhibitor_id", None)
    user = request.state.user
    if exhibitor_id is None and user.role == Role.EXHIBITOR:
        exhibitor_id = user.exhibitor_id
    if not isinstance(exhibitor_id, int) or isinstance(exhibitor_id, bool):
        raise Invalid({"exhibitor_id": _("Give the producer's id.")})
    require_exhibitor_access(user, exhibitor_id)
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
    product = await _product(request)
    change = await registry.update_product(request.state.user, product, await read_json(request))
    return JSONResponse(product_json(request, product, change or await _pending(product.id)))


_TAGS = ["exhibitors"]
api_routes = [
    api(
        "/producers",
        producers,
        access=VIEWERS,
        name="api_producers",
        doc={
            "summary": "List and filter producers, with counts",
            "tags": _TAGS,
            "parameters": FILTER_PARAMS,
            "response": _listing(PRODUCER),
        },
    ),
    api(
        "/producers",
        producer_create,
        access=STAFF,
        method="POST",
        name="api_producer_create",
        doc={
            "summary": "Add a producer",
            "tags": _TAGS,
            "requestBody": json_body(PRODUCER_INPUT),
            "response": PRODUCER,
        },
    ),
    api(
        "/producers/{exhibitor_id:int}",
        producer_read,
        access=VIEWERS,
        name="api_producer",
        doc={"summary": "One producer", "tags": _TAGS, "response": PRODUCER},
    ),
    api(
        "/producers/{exhibitor_id:int}",
        producer_update,
        access=EDITORS,
        method="PATCH",
        name="api_producer_update",
        doc={
            "summary": "Change a producer (an exhibitor: its contact details only)",
            "tags": _TAGS,
            "requestBody": json_body(PRODUCER_INPUT),
            "response": PRODUCER,
        },
    ),
    api(
        "/products",
        products,
        access=VIEWERS,
        name="api_products",
        doc={
            "summary": "List and filter products, with counts",
            "tags": _TAGS,
            "parameters": FILTER_PARAMS,
            "response": _listing(PRODUCT),
        },
    ),
    api(
        "/products",
        product_create,
        access=EDITORS,
        method="POST",
        name="api_product_create",
        doc={
            "summary": "Add a product (an exhibitor's waits for approval: 202)",
            "tags": _TAGS,
            "requestBody": json_body(
                {
                    **PRODUCT_INPUT,
                    "properties": {
                        "exhibitor_id": {"type": "integer"},
                        **PRODUCT_INPUT["properties"],
                    },
                }
            ),
            "response": PRODUCT,
            "responses": {
                "202": {
                    "description": "Waiting for approval",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["pending_change"],
                                "properties": {"pending_change": CHANGE},
                            }
                        }
                    },
                }
            },
        },
    ),
    api(
        "/products/{product_id:int}",
        product_read,
        access=VIEWERS,
        name="api_product",
        doc={"summary": "One product", "tags": _TAGS, "response": PRODUCT},
    ),
    api(
        "/products/{product_id:int}",
        product_update,
        access=EDITORS,
        method="PATCH",
        name="api_product_update",
        doc={
            "summary": "Change a product (an exhibitor's rating change becomes pending)",
            "tags": _TAGS,
            "requestBody": json_body(PRODUCT_INPUT),
            "response": PRODUCT,
        },
    ),
]
