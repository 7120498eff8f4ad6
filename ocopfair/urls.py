"""Links from route names: `url("event_page", event_id=3)` → "/events/3".

Every route has a name; templates and Python build links from it instead of writing paths, so
a path changes in one place and a wrong link fails loudly (NoMatchFound) instead of sending
people to a 404. `url()` gives paths only. An absolute URL (a QR code, a calendar link, a
ticket link in the API, an e-mail) comes from `absolute_url()` alone, which starts from the
configured public base URL (OCOPFAIR_BASE_URL), never from the Host header a request carried:
anyone can send any Host, and a link built from it would point printed QR codes and cached
calendars at their site.

The names are indexed once when the app is built (`index_routes`), so a link costs a dictionary
lookup and a string substitution, not a walk through some two hundred routes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from starlette.routing import BaseRoute, Mount, NoMatchFound, Route

from ocopfair.static_files import hashed_name

_ROUTES: dict[str, tuple[str, Route]] = {}
_BASE_URL = ["http://localhost:8000"]  # set from the settings when the app is built


def set_base_url(base_url: str) -> None:
    _BASE_URL[0] = base_url.rstrip("/")


def absolute_url(path_or_route: str, /, **params: Any) -> str:
    """The public address of a path ("/p/3") or of a named route with its parameters
    (`absolute_url("ticket", code="AB12")`), on the configured base URL."""
    path = path_or_route if path_or_route.startswith("/") else url(path_or_route, **params)
    return _BASE_URL[0] + path


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
