"""What the booths API's JSON looks like: the OpenAPI schemas of its answers and request
bodies, and the functions that turn booths, assignments, applications and runs into it."""

from __future__ import annotations

from typing import Any

from booths.floorplan import PlanBooth
from booths.models import AllocationRun, BoothApplication, BoothAssignment
from booths.reasons import explain
from ocopfair.openapi import json_body

BOOTH = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "code": {"type": "string"},
        "zone": {"type": "string"},
        "booth_type": {"type": "string"},
        "fee": {"type": "integer"},
        "x": {"type": "integer"},
        "y": {"type": "integer"},
        "width": {"type": "integer"},
        "height": {"type": "integer"},
        "state": {"type": "string", "enum": ["free", "held", "assigned", "blocked"]},
        "exhibitor": {"type": "string", "nullable": True},
    },
}
ASSIGNMENT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "booth_id": {"type": "integer"},
        "exhibitor_id": {"type": "integer"},
        "kind": {"type": "string"},
        "expires_at": {"type": "string", "nullable": True},
        "fee": {"type": "integer"},
        "payment_status": {"type": "string"},
        "receipt_number": {"type": "string"},
        "active": {"type": "boolean"},
    },
}
APPLICATION = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "event_id": {"type": "integer"},
        "exhibitor_id": {"type": "integer"},
        "status": {"type": "string"},
        "booths_wanted": {"type": "integer"},
        "preferred_zones": {"type": "array"},
        "available_weeks": {"type": "array"},
        "waitlist_position": {"type": "integer", "nullable": True},
        "decision_rule": {"type": "string"},
        "decision_explained": {"type": "string"},
        "decision_reason": {"type": "string"},
        "booths": {"type": "array"},
    },
}
RUN = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "kind": {"type": "string"},
        "fingerprint": {"type": "string"},
        "committed": {"type": "boolean"},
        "result": {"type": "object"},
    },
}
REVIEW_BODY = json_body(
    {
        "type": "object",
        "required": ["step"],
        "properties": {
            "step": {"type": "string", "enum": ["endorse", "reject_locally", "approve", "reject"]},
            "reason": {"type": "string"},
        },
    }
)
APPLY_BODY = json_body(
    {
        "type": "object",
        "required": ["products"],
        "properties": {
            "products": {"type": "array", "items": {"type": "integer"}},
            "booths_wanted": {"type": "integer"},
            "preferred_zones": {"type": "array", "items": {"type": "string"}},
            "available_weeks": {"type": "array", "items": {"type": "integer"}},
        },
    }
)
BLOCK_BODY = json_body(
    {
        "type": "object",
        "required": ["rows", "columns"],
        "properties": {
            "rows": {"type": "integer"},
            "columns": {"type": "integer"},
            "zone": {"type": "string"},
            "booth_type": {"type": "string"},
            "prefix": {"type": "string"},
            "start_number": {"type": "integer"},
            "x": {"type": "integer"},
            "y": {"type": "integer"},
            "aisle": {"type": "integer"},
        },
    }
)
ACTION_BODY = json_body(
    {
        "type": "object",
        "properties": {
            "reason": {"type": "string"},
            "payment_status": {"type": "string"},
            "receipt_number": {"type": "string"},
            "booth_id": {"type": "integer"},
        },
    }
)


def list_of(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of a list answer: {"items": [schema, ...]}."""
    return {"type": "object", "properties": {"items": {"type": "array", "items": schema}}}


def booth_json(b: PlanBooth, show_exhibitor: bool) -> dict[str, Any]:
    return {
        "id": b.id,
        "code": b.code,
        "zone": b.zone,
        "booth_type": b.booth_type,
        "fee": b.fee,
        "x": b.x,
        "y": b.y,
        "width": b.width,
        "height": b.height,
        "state": b.state,
        "exhibitor": b.exhibitor if show_exhibitor else None,
    }


def assignment_json(a: BoothAssignment) -> dict[str, Any]:
    return {
        "id": a.id,
        "booth_id": a.booth_id,
        "exhibitor_id": a.exhibitor_id,
        "kind": str(a.kind),
        "expires_at": a.expires_at.isoformat() if a.expires_at else None,
        "fee": a.fee,
        "payment_status": str(a.payment_status),
        "receipt_number": a.receipt_number,
        "active": a.active_booth is not None,
    }


async def application_json(app: BoothApplication) -> dict[str, Any]:
    """One application with its active booths (one more query)."""
    rows = await BoothAssignment.filter(application_id=app.id, active_booth__isnull=False).values(
        "booth_id"
    )
    return application_dict(app, [row["booth_id"] for row in rows])


def application_dict(app: BoothApplication, booths: list[int]) -> dict[str, Any]:
    return {
        "id": app.id,
        "event_id": app.event_id,
        "exhibitor_id": app.exhibitor_id,
        "status": str(app.status),
        "booths_wanted": app.booths_wanted,
        "preferred_zones": app.preferred_zones,
        "available_weeks": app.available_weeks,
        "waitlist_position": app.waitlist_position,
        "decision_rule": app.decision_rule,
        "decision_explained": explain(app.decision_rule),
        "decision_reason": app.decision_reason,
        "booths": booths,
    }


def run_json(run: AllocationRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "kind": str(run.kind),
        "fingerprint": run.fingerprint,
        "committed": run.committed_at is not None,
        "result": run.result,
    }
