"""Pages for what happens at the booth: daily sales and trade deals (filled in by its issue)."""

from __future__ import annotations

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
