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


def test_only_a_public_get_route_can_do_without_the_session(app):
    import pytest

    from ocopfair.auth import ANYONE, STAFF, page
    from ocopfair.security import sessionless

    async def endpoint(request):  # never called
        raise AssertionError

    for access, methods in ((STAFF, ("GET",)), (ANYONE, ("POST",))):
        with pytest.raises(ValueError):
            page("/never-sessionless", endpoint, access=access, methods=methods, sessionless=True)
    assert not sessionless("/never-sessionless")
    assert sessionless("/calendar.ics") and not sessionless("/events/1/calendar.ics")
