"""The installable, offline-capable side of the phone pages: the web app manifest, the service
worker served at a stable root URL, and the mark a page sets to be kept for offline use.

A page opts in with `offline_shell(response)` (the gate tally, the ticket scanner, the
exhibitor's sales form, the public event guide); the service worker (static/sw/
service-worker.js) keeps only responses carrying that mark, so an admin page or a form with
someone's data is never stored on the phone. The worker's text carries the version of the static
files, so every deployment that changes a file installs a new worker, which drops the old caches.
"""

from __future__ import annotations

import json
from functools import lru_cache

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ocopfair import province
from ocopfair.auth import ANYONE, page
from ocopfair.i18n import gettext as _
from ocopfair.static_files import fingerprints, static_dir, version
from ocopfair.urls import static_url, url

SHELL_HEADER = "X-Offline-Shell"
# Kept on the phone at install: what the four shells load (not the licences or big icons).
PRECACHED_SUFFIXES = (".css", ".js", ".svg")


def offline_shell(response: Response) -> Response:
    """Mark a page the service worker may keep for offline use (it revalidates it on each visit).
    Only for pages whose HTML holds nothing another person on the same phone must not see
    after sign-out: the worker drops them all at sign-out anyway."""
    context = getattr(response, "context", None) or {}
    if context.get("flashes"):
        # This copy shows a one-time message ("saved"); kept, it would say so again offline.
        return response
    response.headers[SHELL_HEADER] = "1"
    return response


def precached() -> list[str]:
    return [
        static_url(name)
        for name in fingerprints()
        if name.endswith(PRECACHED_SUFFIXES) and not name.startswith("sw/")
    ]


@lru_cache(maxsize=1)
def worker_source() -> str:
    """The worker's text with this deployment's version and file list filled in (built once)."""
    source = (static_dir() / "sw" / "service-worker.js").read_text(encoding="utf-8")
    return source.replace('"__VERSION__"', json.dumps(version())).replace(
        "[] /*__PRECACHE__*/", json.dumps(precached())
    )


async def service_worker(request: Request) -> Response:
    # At the root so its scope covers every page; never cached, so a deployment is seen at the
    # next visit (browsers also re-check it at least daily).
    return Response(
        worker_source(),
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


async def manifest(request: Request) -> Response:
    icons = [
        {"src": static_url("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static_url("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static_url("icons/icon-512-maskable.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    body = {
        "name": " · ".join(n for n in (_("OCOP fair manager"), province.current().name) if n),
        "short_name": "OCOP",
        "lang": "vi",
        "start_url": url("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b6e3f",
        "icons": icons,
    }
    return JSONResponse(
        body, media_type="application/manifest+json", headers={"Cache-Control": "no-cache"}
    )


routes = [
    page("/sw.js", service_worker, access=ANYONE, name="service_worker"),
    page("/manifest.webmanifest", manifest, access=ANYONE, name="web_manifest"),
]
