"""The office's JSON API (under /api/v1): localities and people."""

from __future__ import annotations

from typing import Any

from starlette.routing import BaseRoute

from ocopfair.api import LOCALITY_SCHEMA
from ocopfair.auth import api
from ocopfair.openapi import json_body
from office import api_localities, api_people
from office.access import INVITERS, LOCALITY_EDITORS, PEOPLE_MANAGERS

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

USER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "username": {"type": "string"},
        "full_name": {"type": "string"},
        "role": {"type": "string"},
        "locality_id": {"type": "integer", "nullable": True},
        "exhibitor_id": {"type": "integer", "nullable": True},
        "partner_id": {"type": "integer", "nullable": True},
        "is_active": {"type": "boolean"},
        "has_password": {"type": "boolean"},
    },
}
USER_INPUT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "username": {"type": "string", "maxLength": 64},
        "password": {"type": "string", "minLength": 8},
        "full_name": {"type": "string", "maxLength": 200},
        "role": {"type": "string"},
        "locality_id": {"type": "integer", "nullable": True},
        "exhibitor_id": {"type": "integer", "nullable": True},
        "partner_id": {
            "type": "integer",
            "nullable": True,
            "description": "the active partner organisation of a partner account (required)",
        },
    },
}
INVITE_INPUT: dict[str, Any] = {
    "type": "object",
    "required": ["exhibitor_ids"],
    "properties": {"exhibitor_ids": {"type": "array", "items": {"type": "integer"}}},
}
PERSON = "/users/{user_id:int}"


def _person_action(suffix: str, endpoint: Any, name: str, summary: str) -> BaseRoute:
    return api(
        PERSON + suffix,
        endpoint,
        access=PEOPLE_MANAGERS,
        method="POST",
        name=name,
        doc={"summary": summary, "tags": TAGS, "response": USER_SCHEMA},
    )


api_routes: list[BaseRoute] = [
    api(
        "/users",
        api_people.user_list,
        access=PEOPLE_MANAGERS,
        name="api_users",
        doc={
            "summary": "Accounts",
            "tags": TAGS,
            "response": {
                "type": "object",
                "properties": {"items": {"type": "array", "items": USER_SCHEMA}},
            },
        },
    ),
    api(
        "/users",
        api_people.user_create,
        access=PEOPLE_MANAGERS,
        method="POST",
        name="api_user_create",
        doc={
            "summary": "Create an account",
            "tags": TAGS,
            "requestBody": json_body(USER_INPUT),
            "response": USER_SCHEMA,
        },
    ),
    api(
        PERSON,
        api_people.user_update,
        access=PEOPLE_MANAGERS,
        method="PATCH",
        name="api_user_update",
        doc={
            "summary": "Change an account's role, name, locality or producer",
            "tags": TAGS,
            "requestBody": json_body(USER_INPUT),
            "response": USER_SCHEMA,
        },
    ),
    _person_action(
        "/deactivate",
        api_people.user_deactivate,
        "api_user_deactivate",
        "Deactivate an account (its sessions and tokens end at once)",
    ),
    _person_action(
        "/reactivate", api_people.user_reactivate, "api_user_reactivate", "Reactivate an account"
    ),
    _person_action(
        "/password-reset",
        api_people.user_reset,
        "api_user_reset",
        "A one-time code to choose a new password",
    ),
    api(
        "/invitations",
        api_people.invite,
        access=INVITERS,
        method="POST",
        name="api_invitations",
        doc={
            "summary": "Invite producers (one account and one-time code each)",
            "tags": TAGS,
            "requestBody": json_body(INVITE_INPUT),
            "response": {"type": "object"},
        },
    ),
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
