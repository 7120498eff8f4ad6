"""JSON API of trade deals and the buyer registry, mounted under /api/v1. Who may:
deals.access; the rules and the writing: deals.recording and deals.buyers."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from deals import access, buyers, recording
from deals.models import Buyer
from ocopfair.api import read_json
from ocopfair.auth import READERS, STAFF, allow, api
from ocopfair.errors import BadRequest
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.models import Role
from ocopfair.openapi import json_body

WRITERS = allow(Role.ADMIN, Role.ORGANIZER, Role.EXHIBITOR)
READERS_AND_EXHIBITORS = allow(Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL, Role.EXHIBITOR)
STATUSES = ["contact", "memorandum", "first_order", "regular_supply"]

BUYER_KIND = {"type": "string", "enum": ["supermarket", "distributor", "exporter", "ecommerce"]}
BUYER_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "kind": BUYER_KIND,
        "source": {"type": "string"},
    },
}
DEAL_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "event_id": {"type": "integer"},
        "exhibitor": {"type": "object"},
        "buyer": {"type": "object"},
        "products": {"type": "array", "items": {"type": "object"}},
        "expected_volume": {"type": "string"},
        "value": {"type": "integer"},
        "status": {"type": "string", "enum": STATUSES},
        "status_dates": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "step -> yyyy-mm-dd",
        },
    },
}
DEAL_INPUT = {
    "type": "object",
    "required": ["buyer_id"],
    "properties": {
        "exhibitor_id": {"type": "integer", "description": "ignored for an exhibitor (its own)"},
        "buyer_id": {"type": "integer"},
        "products": {"type": "array", "items": {"type": "integer"}},
        "expected_volume": {"type": "string"},
        "value": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
        "status": {"type": "string", "enum": STATUSES},
        "status_date": {"type": "string", "description": "yyyy-mm-dd or dd/mm/yyyy"},
    },
}
DEAL_UPDATE = {
    "type": "object",
    "properties": {
        "status": {"type": "string", "enum": STATUSES, "description": "only forward"},
        "status_date": {"type": "string"},
        "expected_volume": {"type": "string"},
        "value": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
        "reason": {"type": "string"},
    },
}


def buyer_json(buyer: Buyer) -> dict[str, Any]:
    return {"id": buyer.id, "name": buyer.name, "kind": buyer.kind.value, "source": buyer.source}


async def list_deals(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    own = access.own_exhibitor(request.state.user)
    items, summary = await recording.event_deals(event.id, own)
    return JSONResponse(
        {
            "event_id": event.id,
            "count": summary.count,
            "value": summary.value,
            "by_status": summary.by_status,
            "items": [recording.deal_json(d) for d in items],
        }
    )


async def create_deal(request: Request) -> Response:
    user = request.state.user
    event = await access.load_event(request.path_params["event_id"])
    data = await read_json(request)
    products = data.get("products") or []
    if not isinstance(products, list):
        raise BadRequest({"products": _("Give products as a list of product ids.")})
    deal_input = recording.parse_deal(data, products, local_today(), access.own_exhibitor(user))
    access.require_deal_write(user, event, deal_input.exhibitor_id)
    deal = await recording.create_deal(user, event, deal_input)
    return JSONResponse(recording.deal_json(await access.load_deal(deal.id)))


async def update_deal(request: Request) -> Response:
    deal = await access.load_deal(request.path_params["deal_id"])
    access.require_deal_change(request.state.user, deal)
    data = await read_json(request)
    await recording.update_deal(request.state.user, deal, data, local_today())
    return JSONResponse(recording.deal_json(await access.load_deal(deal.id)))


async def list_buyers(request: Request) -> Response:
    rows = await buyers.buyers_with_counts()
    return JSONResponse(
        {
            "items": [
                {**buyer_json(r["buyer"]), "deals": r["deals"], "value": r["value"]} for r in rows
            ]
        }
    )


async def create_buyer(request: Request) -> Response:
    buyer = await buyers.create_buyer(request.state.user, await read_json(request))
    return JSONResponse(buyer_json(buyer))


api_routes = [
    api(
        "/events/{event_id:int}/deals",
        list_deals,
        access=READERS_AND_EXHIBITORS,
        name="api_deals_event",
        doc={
            "summary": "Trade deals of an event (an exhibitor sees its own)",
            "tags": ["deals"],
            "response": {
                "type": "object",
                "properties": {
                    "event_id": {"type": "integer"},
                    "count": {"type": "integer"},
                    "value": {"type": "integer"},
                    "by_status": {"type": "object"},
                    "items": {"type": "array", "items": DEAL_SCHEMA},
                },
            },
        },
    ),
    api(
        "/events/{event_id:int}/deals",
        create_deal,
        access=WRITERS,
        method="POST",
        name="api_deals_create",
        doc={
            "summary": "Record a trade deal made at an event",
            "tags": ["deals"],
            "requestBody": json_body(DEAL_INPUT),
            "response": DEAL_SCHEMA,
        },
    ),
    api(
        "/deals/{deal_id:int}",
        update_deal,
        access=WRITERS,
        method="PATCH",
        name="api_deals_update",
        doc={
            "summary": "Move a deal to a later step (dated) or change its volume and value",
            "tags": ["deals"],
            "requestBody": json_body(DEAL_UPDATE),
            "response": DEAL_SCHEMA,
        },
    ),
    api(
        "/buyers",
        list_buyers,
        access=READERS,
        name="api_buyers",
        doc={
            "summary": "The buyer registry with deal counts",
            "tags": ["deals"],
            "response": {
                "type": "object",
                "properties": {"items": {"type": "array", "items": BUYER_SCHEMA}},
            },
        },
    ),
    api(
        "/buyers",
        create_buyer,
        access=STAFF,
        method="POST",
        name="api_buyers_create",
        doc={
            "summary": "Add a buyer to the registry",
            "tags": ["deals"],
            "requestBody": json_body(
                {
                    "type": "object",
                    "required": ["name", "kind"],
                    "properties": {
                        "name": {"type": "string"},
                        "kind": BUYER_KIND,
                        "source": {"type": "string"},
                    },
                }
            ),
            "response": BUYER_SCHEMA,
        },
    ),
]
