"""The limit on a request's body: the app's (settings.max_body_size) for every route, except
those given a larger one with `ocopfair.auth.page(max_body_size=...)` (a phone photo's form).

Starlette's own limit (`Starlette(max_body_size=...)`) sits outside every middleware, so the
CSRF check, which reads a form's body before routing, would meet the app's limit even on a
route allowed more; and it answers in plain English text. This middleware sits just outside
the CSRF check, knows each route's limit by its path, and answers with the error page, in the
reader's language, naming the limit when the route gave a sentence.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# (path regex, bytes, message id said when the body is larger).
_LARGE_BODIES: list[tuple[Any, int, str | None]] = []


def allow_large_body(path_regex: Any, max_body_size: int, message: str | None = None) -> None:
    _LARGE_BODIES.append((path_regex, max_body_size, message))


def _rule(path: str, default: int) -> tuple[int, str | None]:
    for regex, size, message in _LARGE_BODIES:
        if regex.match(path):
            return max(size, default), message
    return default, None


def body_limit(path: str, default: int) -> int:
    """The body limit of the route at `path`: its own when it has one, else the app's."""
    return _rule(path, default)[0]


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_body_size: int) -> None:
        self.app = app
        self.max_body_size = max_body_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, message = _rule(scope.get("path", ""), self.max_body_size)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(scope, receive, send, message)
            return
        total = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal total
            received = await receive()
            if received["type"] == "http.request":
                total += len(received.get("body", b""))
                if total > limit:
                    raise _TooLarge
            return received

        async def watched_send(sent: Message) -> None:
            nonlocal started
            if sent["type"] == "http.response.start":
                started = True
            await send(sent)

        try:
            await self.app(scope, limited_receive, watched_send)
        except _TooLarge:
            if started:
                raise
            await _refuse(scope, receive, send, message)


async def _refuse(scope: Scope, receive: Receive, send: Send, message: str | None) -> None:
    from ocopfair.errors import error_page
    from ocopfair.i18n import gettext

    scope["body_too_large"] = True
    request = Request(scope, receive)
    response = await error_page(request, 413, gettext(message) if message else None)
    await response(scope, receive, send)
