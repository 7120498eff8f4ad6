"""Links from route names: `url("event_page", event_id=3)` → "/events/3".

Every route has a name; templates and Python build links from it instead of writing paths, so
a path changes in one place and a wrong link fails loudly (NoMatchFound) instead of sending
people to a 404. Paths only, never host names: an absolute URL is made from the configured
base URL, not from whatever Host header a request carried.

The names are indexed once when the app is built (`index_routes`), so a link costs a dictionary
lookup and a string substitution, not a walk through some two hundred routes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from starlette.routing import BaseRoute, Mount, NoMatchFound, Route

from ocopfair.static_files import hashed_name

_ROUTES: dict[str, tuple[str, Route]] = {}


def index_routes(routes: Iterable[BaseRoute], prefix: str = "", namespace: str = "") -> None:
    """Remember every named route (API routes under their mount: "api:event_list")."""
    for route in routes:
        if isinstance(route, Mount) and route.routes:
            inner = f"{namespace}{route.name}:" if route.name else namespace
            index_routes(route.routes, prefix + route.path, inner)
        elif isinstance(route, Route) and route.name:
            _ROUTES.setdefault(namespace + route.name, (prefix, route))


def url(name: str, /, **params: Any) -> str:
    """The path of the route called `name`, with its path parameters filled in."""
    try:
        prefix, route = _ROUTES[name]
    except KeyError:
        raise NoMatchFound(name, params) from None
    return prefix + str(route.url_path_for(route.name, **params))


def static_url(path: str) -> str:
    """A file under static/ by its fingerprinted name ("app.css" → "/static/app.3f9c0a1b2d.css"),
    so it can be cached for a year (ocopfair.static_files)."""
    return "/static/" + hashed_name(path)
