"""JSON API of past fairs' results under /api/v1 (the bulk endpoints)."""

from __future__ import annotations

from starlette.routing import BaseRoute

api_routes: list[BaseRoute] = []
