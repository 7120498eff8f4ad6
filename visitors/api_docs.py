"""The OpenAPI description of the visitors API: its schemas and what each route does."""

from __future__ import annotations

from typing import Any

from ocopfair.openapi import ERROR_REF, json_body

GATE_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "event_id": {"type": "integer"},
        "name": {"type": "string"},
        "kind": {"type": "string", "enum": ["entrance", "exit", "both"]},
    },
}
TAP_SCHEMA = {
    "type": "object",
    "required": ["id", "at", "delta"],
    "properties": {
        "id": {"type": "string", "description": "Unique per device; an undo names it"},
        "at": {
            "type": "string",
            "format": "date-time",
            "description": "The device's time of the tap, with its zone (or epoch ms)",
        },
        "dir": {"type": "string", "enum": ["in", "out"], "default": "in"},
        "delta": {
            "type": "integer",
            "minimum": -100,
            "maximum": 100,
            "description": "People; negative only with undo_of",
        },
        "undo_of": {"type": "string", "nullable": True},
    },
}
BATCH_SCHEMA = {
    "type": "object",
    "required": ["key", "taps"],
    "properties": {
        "key": {
            "type": "string",
            "minLength": 8,
            "maxLength": 64,
            "description": "Made on the device; a retry sends the same key and body",
        },
        "device": {"type": "string", "maxLength": 64},
        "event_id": {
            "type": "integer",
            "description": "Optional check that the gate is this event's",
        },
        "taps": {"type": "array", "items": TAP_SCHEMA, "maxItems": 500},
    },
}
BATCH_RESULT = {
    "type": "object",
    "properties": {
        "stored": {"type": "boolean"},
        "duplicate": {"type": "boolean"},
        "batch_id": {"type": "integer"},
        "counted": {"type": "object", "additionalProperties": {"type": "integer"}},
    },
}
CORRECTION_SCHEMA = {
    "type": "object",
    "required": ["day", "direction", "delta", "reason"],
    "properties": {
        "day": {"type": "string", "format": "date"},
        "direction": {"type": "string"},
        "delta": {"type": "integer"},
        "reason": {"type": "string"},
    },
}
REOPEN_SCHEMA = {
    "type": "object",
    "required": ["day", "reason"],
    "properties": {
        "day": {"type": "string", "format": "date", "description": "The closed day (yyyy-mm-dd)"},
        "reason": {"type": "string", "minLength": 5, "description": "Why (kept in the audit log)"},
    },
}
CLOSE_SCHEMA = {
    "type": "object",
    "required": ["day"],
    "properties": {
        "day": {"type": "string", "format": "date", "description": "A day of the event, begun"}
    },
}
DAY_STATE_RESULT = {
    "type": "object",
    "properties": {
        "event_id": {"type": "integer"},
        "day": {"type": "string", "format": "date"},
        "closed": {"type": "boolean"},
    },
}
REGISTRATION_IN = {
    "type": "object",
    "required": ["name", "phone", "group_size"],
    "properties": {
        "name": {"type": "string"},
        "phone": {"type": "string"},
        "organization": {"type": "string"},
        "group_size": {"type": "integer", "minimum": 1},
    },
}
REGISTRATION_OUT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "group_size": {"type": "integer"},
        "organization": {"type": "string"},
        "code": {"type": "string"},
        "ticket_url": {"type": "string"},
        "checked_in_at": {"type": "string", "format": "date-time", "nullable": True},
    },
}
CHECKIN_SCHEMA = {
    "type": "object",
    "required": ["code"],
    "properties": {"code": {"type": "string", "description": "The ticket code, or a ticket link"}},
}
FIGURES_SCHEMA = {
    "type": "object",
    "properties": {
        "day": {"type": "string"},
        "today_in": {"type": "integer"},
        "today_out": {"type": "integer"},
        "occupancy": {"type": "integer"},
        "total_in": {"type": "integer"},
        "gates": {"type": "array", "items": {"type": "object"}},
        "hours": {"type": "array", "items": {"type": "object"}},
    },
}

GATES_DOC: dict[str, Any] = {
    "summary": "Gates of an event",
    "tags": ["visitors"],
    "response": {
        "type": "object",
        "properties": {"items": {"type": "array", "items": GATE_SCHEMA}},
    },
}

GATE_CREATE_DOC: dict[str, Any] = {
    "summary": "Add a gate (supervisors)",
    "tags": ["visitors"],
    "requestBody": json_body(
        {
            "type": "object",
            "properties": {"name": {"type": "string"}, "kind": {"type": "string"}},
        }
    ),
    "response": GATE_SCHEMA,
}

GATE_DOC: dict[str, Any] = {
    "summary": "A gate with today's counts, the event's total and occupancy",
    "tags": ["visitors"],
    "response": {"type": "object"},
}

COUNT_BATCH_DOC: dict[str, Any] = {
    "summary": "Count a batch of taps exactly once (phones, turnstiles)",
    "description": "201 when counted; 200 with duplicate=true when the same key and "
    "body were already stored; 409 when the key was used for another "
    "body or the day is closed; 422 for a refused tap; nothing is "
    "counted unless the whole batch is.",
    "tags": ["visitors"],
    "requestBody": json_body(BATCH_SCHEMA),
    "response": BATCH_RESULT,
}

CORRECTIONS_DOC: dict[str, Any] = {
    "summary": "Corrections of a gate's counts",
    "tags": ["visitors"],
    "response": {
        "type": "object",
        "properties": {"items": {"type": "array", "items": CORRECTION_SCHEMA}},
    },
}

CORRECTION_CREATE_DOC: dict[str, Any] = {
    "summary": "Correct a day's count with a reason (supervisors; audit-logged)",
    "tags": ["visitors"],
    "requestBody": json_body(CORRECTION_SCHEMA),
    "response": CORRECTION_SCHEMA,
}

CLOSE_DAY_DOC: dict[str, Any] = {
    "summary": "Close a day's counts (supervisors; audit-logged)",
    "description": "After this, batches for the day are refused (409) and only "
    "corrections change its figures. 409 when already closed; 422 for "
    "a day outside the event or not begun.",
    "tags": ["visitors"],
    "requestBody": json_body(CLOSE_SCHEMA),
    "response": DAY_STATE_RESULT,
}

REOPEN_DAY_DOC: dict[str, Any] = {
    "summary": "Reopen a day closed by mistake (administrators; audit-logged)",
    "description": "Taps for the day are accepted again, so batches the devices "
    "retry are counted. 409 when the day is not closed; 422 without "
    "a reason of at least 5 characters.",
    "tags": ["visitors"],
    "requestBody": json_body(REOPEN_SCHEMA),
    "response": DAY_STATE_RESULT,
}

REGISTRATION_CREATE_DOC: dict[str, Any] = {
    "summary": "Register a visitor or a group; answers the ticket code",
    "description": "Public: needs neither a token nor a session. Send JSON without a "
    "session cookie (a call that carries one is a browser's and must also "
    "send its X-CSRFToken). Answers 201 with the ticket. Rate-limited: 429 "
    "with Retry-After (seconds) once a client address, or the event, has "
    "sent its number of registrations in the window; 409 when the phone "
    "already holds an unused ticket for this event; 422 for a missing or "
    "wrong field or an event that takes no registrations; 404 when the "
    "event does not exist. Nothing is saved when refused.",
    "tags": ["visitors"],
    "requestBody": json_body(REGISTRATION_IN),
    "response": REGISTRATION_OUT,
    "success": ["201"],
    "responses": {
        "409": {
            "description": "The phone already holds an unused ticket for this event",
            "content": {"application/json": {"schema": ERROR_REF}},
        },
        "422": {
            "description": "A field is missing or wrong (see fields)",
            "content": {"application/json": {"schema": ERROR_REF}},
        },
        "429": {
            "description": "Too many registrations: try again after Retry-After seconds",
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
            "content": {"application/json": {"schema": ERROR_REF}},
        },
    },
}

REGISTRATIONS_DOC: dict[str, Any] = {
    "summary": "Registrations of an event (supervisors)",
    "tags": ["visitors"],
    "response": {
        "type": "object",
        "properties": {"items": {"type": "array", "items": REGISTRATION_OUT}},
    },
}

CHECKIN_DOC: dict[str, Any] = {
    "summary": "Check a ticket in once at this gate (adds its group to the count)",
    "tags": ["visitors"],
    "requestBody": json_body(CHECKIN_SCHEMA),
    "response": REGISTRATION_OUT,
}

EVENT_LIVE_DOC: dict[str, Any] = {
    "summary": "Live figures: by gate, by hour, occupancy",
    "tags": ["visitors"],
    "response": FIGURES_SCHEMA,
}
