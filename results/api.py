"""JSON API of past fairs' results under /api/v1: bulk sales and bulk visitor totals.

For machine clients that hold a fair's figures (a cash-register export, a turnstile vendor's
totals). The same rules as the workbook (results.plan), the same window and reason rule as
hand corrections (sales.window), all items or none in one transaction; errors name the item:
{"error": ..., "fields": {"items.3.revenue": "..."}}.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ocopfair.api import read_json
from ocopfair.auth import EVENT_MANAGERS, api
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.i18n import local_today
from ocopfair.openapi import json_body
from results import access, importing, lookups
from results.plan import make_plan
from results.workbook import HEADER_OF, SALES, VISITORS, ResultsFile, Row

MAX_ITEMS = 1000
# JSON names of the items' fields -> the plan's column keys
SALES_FIELDS = {
    "booth": "code",
    "day": "day",
    "revenue": "revenue",
    "customers": "customers",
    "units": "units",
}
VISITOR_FIELDS = {
    "day": "day",
    "gate": "gate",
    "hour": "hour",
    "in": "people_in",
    "out": "people_out",
}

SALES_ITEM = {
    "type": "object",
    "required": ["booth", "day", "revenue"],
    "properties": {
        "booth": {"type": "string", "description": "booth code, e.g. A01"},
        "day": {"type": "string", "description": "yyyy-mm-dd or dd/mm/yyyy"},
        "revenue": {
            "oneOf": [{"type": "integer"}, {"type": "string"}],
            "description": "whole đồng; '1.250.000' and '1,250,000' both mean 1,250,000",
        },
        "customers": {"type": "integer", "nullable": True},
        "units": {
            "type": "object",
            "additionalProperties": {"type": "integer"},
            "description": "product id -> units; products of the booth's producer only",
        },
    },
}
VISITOR_ITEM = {
    "type": "object",
    "required": ["day", "gate"],
    "properties": {
        "day": {"type": "string", "description": "yyyy-mm-dd or dd/mm/yyyy"},
        "gate": {"type": "string", "description": "gate name (made when the event has none)"},
        "hour": {"type": "integer", "nullable": True, "description": "0–23; null: whole day"},
        "in": {"type": "integer", "description": "people in"},
        "out": {"type": "integer", "description": "people out"},
    },
}
RESULT = {
    "type": "object",
    "properties": {
        "items": {"type": "integer"},
        "new": {"type": "integer"},
        "changed": {"type": "integer"},
        "unchanged": {"type": "integer"},
    },
}


def _body(item_schema: dict[str, Any]) -> dict[str, Any]:
    return json_body(
        {
            "type": "object",
            "required": ["items"],
            "properties": {
                "items": {"type": "array", "maxItems": MAX_ITEMS, "items": item_schema},
                "reason": {"type": "string", "description": "required after entry has closed"},
            },
        }
    )


def _rows(data: dict[str, Any], fields: dict[str, str]) -> list[Row]:
    items = data.get("items")
    if not isinstance(items, list) or not items:
        raise Invalid({"items": _("Send the items as a non-empty list.")})
    if len(items) > MAX_ITEMS:
        raise Invalid(
            {
                "items": _("At most %(n)d items per request: split the rest into more requests.")
                % {"n": MAX_ITEMS}
            }
        )
    rows = []
    for number, item in enumerate(items):
        if not isinstance(item, dict):
            raise Invalid({f"items.{number}": _("Each item is an object.")})
        rows.append(Row(number, {key: _plain(item.get(name)) for name, key in fields.items()}))
    return rows


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value


async def _bulk(request: Request, sheet: str, fields: dict[str, str]) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    user = request.state.user
    access.require_import(user, event)
    data = await read_json(request)
    rows = _rows(data, fields)
    now = dt.datetime.now(dt.UTC)
    why = await importing.check_may_write(event, user, data.get("reason"), local_today())
    parsed = ResultsFile(event_id=event.id, event_name=event.name, sheets={sheet: rows})
    plan = make_plan(parsed, await lookups.load(event, parsed, now))
    if plan.error_count:
        json_name = {key: name for name, key in fields.items()}
        errors = {
            f"items.{r.number}.{_json_field(column, sheet, json_name)}": message
            for r in plan.rows
            for column, message in r.errors.items()
        }
        message = _("Nothing was saved: %(n)d items have errors.") % {"n": plan.error_count}
        raise Invalid(errors, message)
    await importing.write_plan(event, plan, user, why, now=now, action=f"results.api_{sheet}")
    statuses = [r.status for r in plan.rows]
    return JSONResponse(
        {
            "items": len(statuses),
            "new": statuses.count("new"),
            "changed": statuses.count("changed"),
            "unchanged": statuses.count("unchanged"),
        }
    )


def _json_field(column: str, sheet: str, json_name: dict[str, str]) -> str:
    """The item's field an error is about (the plan names the sheet's column)."""
    for (s, key), header in HEADER_OF.items():
        if s == sheet and header == column:
            return json_name.get(key, key)
    return column


async def bulk_sales(request: Request) -> Response:
    return await _bulk(request, SALES, SALES_FIELDS)


async def bulk_visitors(request: Request) -> Response:
    return await _bulk(request, VISITORS, VISITOR_FIELDS)


_RULES = (
    "All items are saved in one transaction, or none; up to 1,000 items. Refused with 422 "
    "and a sentence per item and field (items.N.field): a day outside the event, a negative "
    "or non-numeric figure, a fraction of đồng, a product not the booth's producer's, the same "
    "item twice, a reported event; after the sales entry window, a missing reason. Sending the "
    "same items again changes nothing."
)

api_routes = [
    api(
        "/events/{event_id:int}/results/sales",
        bulk_sales,
        access=EVENT_MANAGERS,
        method="POST",
        name="api_results_sales",
        doc={
            "summary": "Save many booth-days of sales at once (a past fair, a cash export)",
            "tags": ["results"],
            "description": _RULES,
            "requestBody": _body(SALES_ITEM),
            "response": RESULT,
        },
    ),
    api(
        "/events/{event_id:int}/results/visitors",
        bulk_visitors,
        access=EVENT_MANAGERS,
        method="POST",
        name="api_results_visitors",
        doc={
            "summary": "Save visitor totals per day, gate and hour (or whole day) at once",
            "tags": ["results"],
            "description": _RULES
            + " Totals are filed as imported counts, which the reports count like tallied ones.",
            "requestBody": _body(VISITOR_ITEM),
            "response": RESULT,
        },
    ),
]
