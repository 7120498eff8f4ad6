"""The office's JSON API (under /api/v1): localities and people."""

from __future__ import annotations

from typing import Any

from starlette.routing import BaseRoute

from ocopfair.api import LOCALITY_SCHEMA
from ocopfair.auth import api
from ocopfair.openapi import json_body
from office import api_localities
from office.access import LOCALITY_EDITORS

TAGS = ["office"]
LOCALITY_INPUT: dict[str, Any] = {
    "type": "object",
    "required": ["code", "name", "kind"],
    "properties": {
        "code": {"type": "string", "maxLength": 8},
        "name": {"type": "string", "maxLength": 100},
        "name_en": {"type": "string", "maxLength": 100},
        "kind": {"type": "string"},
    },
}
MERGE_INPUT: dict[str, Any] = {
    "type": "object",
    "required": ["sources", "target"],
    "properties": {
        "sources": {"type": "array", "items": {"type": "integer"}},
        "target": {"type": "integer"},
    },
}
IMPORT_INPUT: dict[str, Any] = {
    "type": "object",
    "required": ["rows"],
    "properties": {
        "rows": {"type": "array", "items": LOCALITY_INPUT},
        "dry_run": {"type": "boolean"},
    },
}

api_routes: list[BaseRoute] = [
    api(
        "/localities",
        api_localities.create,
        access=LOCALITY_EDITORS,
        method="POST",
        name="api_locality_create",
        doc={
            "summary": "Add a locality",
            "tags": TAGS,
            "requestBody": json_body(LOCALITY_INPUT),
            "response": LOCALITY_SCHEMA,
        },
    ),
    api(
        "/localities/{locality_id:int}",
        api_localities.rename,
        access=LOCALITY_EDITORS,
        method="PATCH",
        name="api_locality_rename",
        doc={
            "summary": "Rename a locality",
            "tags": TAGS,
            "requestBody": json_body(LOCALITY_INPUT),
            "response": LOCALITY_SCHEMA,
        },
    ),
    api(
        "/localities/{locality_id:int}/retire",
        api_localities.retire,
        access=LOCALITY_EDITORS,
        method="POST",
        name="api_locality_retire",
        doc={
            "summary": "Retire a locality nobody is bound to",
            "tags": TAGS,
            "response": LOCALITY_SCHEMA,
        },
    ),
    api(
        "/localities/merge",
        api_localities.merge,
        access=LOCALITY_EDITORS,
        method="POST",
        name="api_locality_merge",
        doc={
            "summary": "Merge localities into one",
            "tags": TAGS,
            "requestBody": json_body(MERGE_INPUT),
            "response": {"type": "object"},
        },
    ),
    api(
        "/localities/import",
        api_localities.import_rows,
        access=LOCALITY_EDITORS,
        method="POST",
        name="api_locality_import",
        doc={
            "summary": "Import localities (all or nothing; dry_run previews)",
            "tags": TAGS,
            "requestBody": json_body(IMPORT_INPUT),
            "response": {"type": "object"},
        },
    ),
]
