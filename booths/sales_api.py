"""JSON API for sales and trade deals, mounted under /api/v1 (filled in by its issue)."""

from __future__ import annotations

from starlette.routing import BaseRoute

api_routes: list[BaseRoute] = []
