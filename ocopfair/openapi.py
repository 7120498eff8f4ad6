"""The OpenAPI document, built from the API routes themselves so it cannot drift from them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from starlette.routing import BaseRoute, Mount

from ocopfair.auth import GuardedRoute

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "fields"],
    "properties": {
        "error": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}

ERROR_REF = {"$ref": "#/components/schemas/Error"}
_PARAM = re.compile(r"{([^}:]+)(?::([^}]+))?}")


def walk_routes(routes: Iterable[BaseRoute], prefix: str = "") -> Iterable[tuple[str, BaseRoute]]:
    for route in routes:
        if isinstance(route, Mount):
            yield from walk_routes(route.routes, prefix + route.path)
        else:
            yield prefix + getattr(route, "path", ""), route


def openapi_path(path: str) -> str:
    """Starlette's '/events/{id:int}' -> OpenAPI's '/events/{id}'."""
    return _PARAM.sub(lambda m: "{" + m.group(1) + "}", path)


def _path_parameters(path: str) -> list[dict[str, Any]]:
    params = []
    for name, convertor in _PARAM.findall(path):
        schema = {"type": "integer"} if convertor == "int" else {"type": "string"}
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    return params


def build_openapi(routes: Iterable[BaseRoute]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for full_path, route in walk_routes(routes):
        # Only routes made with ocopfair.auth.api() carry an operation.
        if not isinstance(route, GuardedRoute) or route.openapi is None:
            continue
        doc = route.openapi
        for method in sorted((route.methods or set()) - {"HEAD"}):
            operation = {
                k: v for k, v in doc.items() if k not in ("response", "responses", "success")
            }
            operation.setdefault("operationId", route.name)
            parameters = _path_parameters(full_path) + list(doc.get("parameters", []))
            if parameters:
                operation["parameters"] = parameters
            success = {"application/json": {"schema": doc.get("response", {})}}
            # A POST that makes something answers 201 with the same body; a route that only
            # ever answers one of them says which ("success").
            codes = doc.get("success") or (["200", "201"] if method == "POST" else ["200"])
            names = {"200": "OK", "201": "Created"}
            operation["responses"] = {
                **{c: {"description": names[c], "content": success} for c in codes},
                # Other answers a route documents itself, e.g. 202 for a change left pending.
                **doc.get("responses", {}),
                "default": {
                    "description": "Error",
                    "content": {"application/json": {"schema": ERROR_REF}},
                },
            }
            if not route.access.public:
                operation["security"] = [{"bearer": []}, {"session": []}]
            paths.setdefault(openapi_path(full_path), {})[method.lower()] = operation
    return {
        "openapi": "3.0.3",
        "info": {"title": "OCOP fair manager API", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": {"Error": ERROR_SCHEMA},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI requestBody for a JSON object."""
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def query_param(name: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }
