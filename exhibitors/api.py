"""JSON API of the registry under /api/v1: every path, its name, who may call it and its
OpenAPI description, in one table.

The handlers (api_producers, api_products) follow the same rules as the pages
(exhibitors/access.py, exhibitors.validation through exhibitors.registry). An exhibitor's token
sees and changes only its own producer; its rating changes come back as pending.
"""

from __future__ import annotations

from exhibitors import api_producers, api_products
from exhibitors.api_schemas import (
    FILTER_PARAMS,
    PRODUCER,
    PRODUCER_INPUT,
    PRODUCT,
    PRODUCT_CREATE_INPUT,
    PRODUCT_INPUT,
    TAGS,
    WAITING_FOR_APPROVAL,
    listing_of,
)
from ocopfair.auth import STAFF, GuardedRoute, allow, api
from ocopfair.models import Role
from ocopfair.openapi import json_body

VIEWERS = allow(Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL, Role.EXHIBITOR)
EDITORS = allow(Role.ADMIN, Role.ORGANIZER, Role.EXHIBITOR)

api_routes: list[GuardedRoute] = [
    api(
        "/producers",
        api_producers.producers,
        access=VIEWERS,
        name="api_producers",
        doc={
            "summary": "List and filter producers, with counts",
            "tags": TAGS,
            "parameters": FILTER_PARAMS,
            "response": listing_of(PRODUCER),
        },
    ),
    api(
        "/producers",
        api_producers.producer_create,
        access=STAFF,
        method="POST",
        name="api_producer_create",
        doc={
            "summary": "Add a producer",
            "tags": TAGS,
            "requestBody": json_body(PRODUCER_INPUT),
            "response": PRODUCER,
        },
    ),
    api(
        "/producers/{exhibitor_id:int}",
        api_producers.producer_read,
        access=VIEWERS,
        name="api_producer",
        doc={"summary": "One producer", "tags": TAGS, "response": PRODUCER},
    ),
    api(
        "/producers/{exhibitor_id:int}",
        api_producers.producer_update,
        access=EDITORS,
        method="PATCH",
        name="api_producer_update",
        doc={
            "summary": "Change a producer (an exhibitor: its contact details only)",
            "tags": TAGS,
            "requestBody": json_body(PRODUCER_INPUT),
            "response": PRODUCER,
        },
    ),
    api(
        "/products",
        api_products.products,
        access=VIEWERS,
        name="api_products",
        doc={
            "summary": "List and filter products, with counts",
            "tags": TAGS,
            "parameters": FILTER_PARAMS,
            "response": listing_of(PRODUCT),
        },
    ),
    api(
        "/products",
        api_products.product_create,
        access=EDITORS,
        method="POST",
        name="api_product_create",
        doc={
            "summary": "Add a product (an exhibitor's waits for approval: 202)",
            "tags": TAGS,
            "requestBody": json_body(PRODUCT_CREATE_INPUT),
            "response": PRODUCT,
            "responses": WAITING_FOR_APPROVAL,
        },
    ),
    api(
        "/products/{product_id:int}",
        api_products.product_read,
        access=VIEWERS,
        name="api_product",
        doc={"summary": "One product", "tags": TAGS, "response": PRODUCT},
    ),
    api(
        "/products/{product_id:int}",
        api_products.product_update,
        access=EDITORS,
        method="PATCH",
        name="api_product_update",
        doc={
            "summary": "Change a product (an exhibitor's rating change becomes pending)",
            "tags": TAGS,
            "requestBody": json_body(PRODUCT_INPUT),
            "response": PRODUCT,
        },
    ),
]
