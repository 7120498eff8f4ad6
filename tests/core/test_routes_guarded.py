"""Deny by default: every route of the app states who may call it."""

from __future__ import annotations

from starlette.routing import Mount

from ocopfair.auth import GuardedRoute
from ocopfair.openapi import walk_routes


def test_every_route_is_guarded_with_an_explicit_rule(app):
    unguarded = []
    for path, route in walk_routes(app.routes):
        if isinstance(route, Mount):  # only the static files mount has no routes of its own
            continue
        if not isinstance(route, GuardedRoute) or not hasattr(route, "access"):
            unguarded.append(path)
    assert unguarded == []
    static = [r for r in app.routes if isinstance(r, Mount) and r.path == "/static"]
    assert len(static) == 1
