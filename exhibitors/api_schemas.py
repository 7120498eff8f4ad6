"""The OpenAPI description of the registry's API: its inputs, its answers and its filters."""

from __future__ import annotations

from typing import Any

from exhibitors import search
from exhibitors.models import ExhibitorKind, ExhibitorStatus, ProductGroup
from ocopfair.openapi import query_param

DATE: dict[str, Any] = {"type": "string", "format": "date", "nullable": True}
PRODUCER_INPUT: dict[str, Any] = {
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
PRODUCER: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        **PRODUCER_INPUT["properties"],
        "locality": {"type": "string", "nullable": True},
        "public_url": {"type": "string"},
    },
}
PRODUCT_INPUT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 255},
        "group": {"type": "string", "enum": [g.value for g in ProductGroup]},
        "stars": {"type": "integer", "enum": [3, 4, 5]},
        "certificate_number": {"type": "string", "maxLength": 64},
        "certificate_date": DATE,
        "certificate_expiry": {**DATE, "description": "default: certificate_date + 36 months"},
        "traceability_url": {"type": "string"},
    },
}
CHANGE: dict[str, Any] = {
    "type": "object",
    "nullable": True,
    "properties": {
        "id": {"type": "integer"},
        "status": {"type": "string"},
        "changes": {"type": "object"},
        "before": {"type": "object"},
    },
}
PRODUCT: dict[str, Any] = {
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


def listing_of(item: dict[str, Any]) -> dict[str, Any]:
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
TAGS = ["exhibitors"]
PRODUCT_CREATE_INPUT: dict[str, Any] = {
    **PRODUCT_INPUT,
    "properties": {"exhibitor_id": {"type": "integer"}, **PRODUCT_INPUT["properties"]},
}
WAITING_FOR_APPROVAL: dict[str, Any] = {
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
}
