"""The office's JSON API (under /api/v1): localities and people."""

from __future__ import annotations

from starlette.routing import BaseRoute

api_routes: list[BaseRoute] = []
