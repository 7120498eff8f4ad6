"""The application factory: wires settings, database, middleware and every domain's routes."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import BaseRoute, Mount
from tortoise.contrib.starlette import RegisterTortoise

import booths.api
import booths.routes
import deals.api
import deals.routes
import events.api
import events.routes
import exhibitors.api
import exhibitors.routes
import notices.routes
import office.api
import office.routes
import reports.api
import reports.routes
import results.api
import results.routes
import sales.api
import sales.routes
import visitors.api
import visitors.routes
from composition import account
from composition import routes as home_routes
from composition.database import tortoise_config
from notices import worker
from ocopfair import api as core_api
from ocopfair import audit_routes, offline, urls
from ocopfair import routes as core_routes
from ocopfair.body_limit import BodyLimitMiddleware
from ocopfair.errors import (
    Invalid,
    busy_handler,
    csrf_failure_app,
    http_exception_handler,
    invalid_handler,
    server_error_handler,
)
from ocopfair.i18n import LanguageMiddleware
from ocopfair.offload import Busy
from ocopfair.security import (
    CSRFMiddleware,
    SchemeAwareSessionMiddleware,
    SecurityHeadersMiddleware,
)
from ocopfair.settings import Settings, get_settings
from ocopfair.static_files import FingerprintedStaticFiles

# (pages, JSON API) of each domain, in menu order.
DOMAIN_ROUTES = [
    (exhibitors.routes, exhibitors.api),
    (events.routes, events.api),
    (booths.routes, booths.api),
    (sales.routes, sales.api),
    (deals.routes, deals.api),
    (visitors.routes, visitors.api),
    (results.routes, results.api),
    (reports.routes, reports.api),
    (office.routes, office.api),
]


def all_routes() -> list[BaseRoute]:
    pages: list[BaseRoute] = [
        *home_routes.routes,
        *core_routes.routes,
        *account.routes,
        *offline.routes,
        *audit_routes.routes,
        *notices.routes.routes,
    ]
    api_routes: list[BaseRoute] = list(core_api.api_routes)
    for page_module, api_module in DOMAIN_ROUTES:
        pages += page_module.routes
        api_routes += api_module.api_routes
    # The API first: machines post counts many times a second, and no page path starts
    # with /api/v1, so matching it before some two hundred page routes changes nothing else.
    # Likewise the pages machines poll (calendar feeds) come before the other pages: the
    # router tries routes in order, and reaching the feed's place cost it a fifth of its time.
    pages.sort(key=lambda route: not getattr(route, "polled", False))
    return [
        Mount("/api/v1", routes=api_routes, name="api"),
        *pages,
        Mount("/static", FingerprintedStaticFiles(), name="static"),
    ]


def freeze_startup_objects() -> None:
    """Keep what start-up built (modules, models, catalogs, templates: some hundred thousand
    objects that live as long as the process) out of the garbage collector's full passes.

    Without this, each full pass walked them all: under load the counting API stalled for
    60–80 ms about three times a second, which was most of its p99 (86 ms → 24 ms on SQLite in
    benchmarks/counting.py). Objects made while serving are collected as before."""
    gc.collect()
    gc.freeze()


@asynccontextmanager
async def notice_worker() -> AsyncIterator[None]:
    """The notice jobs (e-mails, reminders) inside the served process, unless they run as
    `ocopfair worker` (OCOPFAIR_WORKER=external)."""
    if not worker.in_process():
        yield
        return
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        yield
    finally:
        stop.set()
        await task


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """Build the ASGI app. Tests that manage the database themselves pass manage_database=False."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not manage_database:
            yield
            return
        async with RegisterTortoise(app, config=tortoise_config(settings.database_url)):
            freeze_startup_objects()
            async with notice_worker():
                yield

    middleware = [
        # Outermost: a Host header that is not ours is refused before anything reads it.
        Middleware(
            TrustedHostMiddleware, allowed_hosts=settings.trusted_hosts(), www_redirect=False
        ),
        # Pages and static files gzipped (htmx: 52 KB → 16 KB on a 50 KB/s line); Starlette
        # leaves event streams alone. Brotli would save a little more but needs a C library.
        Middleware(GZipMiddleware, minimum_size=500),
        Middleware(SecurityHeadersMiddleware),
        Middleware(LanguageMiddleware),
        Middleware(
            SchemeAwareSessionMiddleware,
            secret_key=settings.secret_key,
            max_age=settings.session_max_age,  # the cookie lives no longer than the login
            always_secure=settings.base_url.startswith("https://"),
        ),
        # Each route's body limit (a phone photo's form may be larger than the rest), answered
        # with the error page; inside the session (the page knows who reads it), outside CSRF.
        Middleware(BodyLimitMiddleware, max_body_size=settings.max_body_size),
        Middleware(
            CSRFMiddleware, on_failure=csrf_failure_app, max_body_size=settings.max_body_size
        ),
    ]
    app = Starlette(
        debug=settings.debug,
        routes=all_routes(),
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={
            HTTPException: http_exception_handler,
            Invalid: invalid_handler,
            Busy: busy_handler,
            Exception: server_error_handler,
        },
    )
    app.state.settings = settings
    # Starlette's trailing-slash redirect writes an absolute Location from the Host header;
    # links here come from route names, so a path with a stray slash is simply not found.
    app.router.redirect_slashes = False
    urls.index_routes(app.routes)
    urls.set_base_url(settings.base_url)
    return app
