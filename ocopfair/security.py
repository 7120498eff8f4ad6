"""Transport-level protections as plain ASGI middleware: session cookie, CSRF, headers.

Plain ASGI (not BaseHTTPMiddleware) because Tortoise and our language setting live in
context variables, which BaseHTTPMiddleware does not propagate.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from typing import Any
from urllib.parse import parse_qs

from starlette.datastructures import Headers
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request, cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ocopfair.body_limit import body_limit

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrftoken"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
SESSION_COOKIE = "session"  # SessionMiddleware's default name

# Paths of the routes that need no session (ocopfair.auth.page(..., sessionless=True)).
_SESSIONLESS: list[Any] = []


def skip_session(path_regex: Any) -> None:
    """Serve the route at `path_regex` without reading or writing the session cookie."""
    _SESSIONLESS.append(path_regex)


def sessionless(path: str) -> bool:
    return any(regex.match(path) for regex in _SESSIONLESS)


class SchemeAwareSessionMiddleware:
    """A signed, HttpOnly, SameSite=Lax session cookie, marked Secure when served over https,
    and always when the site's public address is https (`always_secure`): then a request that
    reached the app over plain http (a proxy not trusted for X-Forwarded-Proto) still gets a
    cookie the browser will only send back over https.

    A route that needs no session (a public calendar feed, polled by subscribers' calendars)
    gets an empty one: its cookie, if a browser sends one, is not even verified."""

    def __init__(
        self, app: ASGIApp, secret_key: str, max_age: int, always_secure: bool = False
    ) -> None:
        self.app = app
        common: dict[str, Any] = {"secret_key": secret_key, "max_age": max_age, "same_site": "lax"}
        self.plain = SessionMiddleware(app, https_only=False, **common)
        self.secure = SessionMiddleware(app, https_only=True, **common)
        self.always_secure = always_secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and sessionless(scope["path"]):
            scope["session"], scope["sessionless"] = {}, True
            await self.app(scope, receive, send)
            return
        https = self.always_secure or scope.get("scheme") in ("https", "wss")
        handler = self.secure if https else self.plain
        await handler(scope, receive, send)


def csrf_token(session: dict) -> str:
    """The session's CSRF token for a page, made on first use (synchronizer-token pattern).

    Pages are gzipped, and a secret that sits in every compressed page next to text an
    attacker can reflect can be guessed from the pages' sizes (BREACH). So a page never carries
    the secret itself: each rendering gets it XORed with a fresh random pad, pad included."""
    secret = session.get("csrf")
    if not secret:
        secret = session["csrf"] = secrets.token_urlsafe(32)
    raw = secret.encode()
    pad = secrets.token_bytes(len(raw))
    return base64.urlsafe_b64encode(
        pad + bytes(a ^ b for a, b in zip(pad, raw, strict=True))
    ).decode()


def _unmasked(supplied: str) -> str:
    """The secret behind a token of csrf_token() (or the value itself, if it is not one)."""
    try:
        data = base64.urlsafe_b64decode(supplied.encode())
    except (ValueError, UnicodeError):
        return supplied
    half = len(data) // 2
    if len(data) != 2 * half or half == 0:
        return supplied
    raw = bytes(a ^ b for a, b in zip(data[:half], data[half:], strict=True))
    return raw.decode("latin-1")


class CSRFMiddleware:
    """Refuses every state-changing request whose token does not match the session's.

    The token may come in the X-CSRFToken header (htmx, fetch, API clients with a session) or in
    a `csrf_token` form field (plain forms that work without JavaScript). Requests that
    authenticate with a bearer token carry no ambient credentials, so they need no CSRF token;
    the auth layer ignores the session cookie on such requests.
    """

    def __init__(self, app: ASGIApp, on_failure: ASGIApp, max_body_size: int) -> None:
        self.app = app
        self.on_failure = on_failure
        self.max_body_size = max_body_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if headers.get("authorization", "").lower().startswith("bearer ") or _cookieless_json_api(
            scope, headers
        ):
            await self.app(scope, receive, send)
            return
        expected = scope.get("session", {}).get("csrf", "")
        supplied = headers.get(CSRF_HEADER)
        body_messages: list[Message] = []
        if supplied is None:
            supplied, body_messages = await self._token_from_form(scope, receive, headers)
        if not expected or not supplied or not _matches(supplied, expected):
            scope["csrf_failed"] = True
            await self.on_failure(scope, receive, send)
            return
        await self.app(scope, _replay(body_messages, receive) if body_messages else receive, send)

    async def _token_from_form(
        self, scope: Scope, receive: Receive, headers: Headers
    ) -> tuple[str | None, list[Message]]:
        """Read the body (bounded), find the form field, and keep the body to replay it."""
        content_type = headers.get("content-type", "")
        if not content_type.startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            return None, []
        messages: list[Message] = []
        size = 0
        limit = body_limit(scope.get("path", ""), self.max_body_size)
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > limit:
                scope["body_too_large"] = True
                return None, []
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        body = b"".join(m.get("body", b"") for m in messages)
        if content_type.startswith("application/x-www-form-urlencoded"):
            values = parse_qs(body.decode("latin-1")).get(CSRF_FIELD)
            return (values[0] if values else None), messages
        request = Request(scope, _replay(messages, receive))
        try:
            async with request.form(max_files=50, max_fields=2000) as form:
                value = form.get(CSRF_FIELD)
        except Exception:  # a malformed multipart body: treat as no token
            value = None
        return (value if isinstance(value, str) else None), messages


def _matches(supplied: str, expected: str) -> bool:
    """A page's masked token, or the secret itself (a client that read it from its session)."""
    return hmac.compare_digest(
        _unmasked(supplied).encode("latin-1", "replace"), expected.encode()
    ) or (hmac.compare_digest(supplied.encode("utf-8", "replace"), expected.encode()))


def _cookieless_json_api(scope: Scope, headers: Headers) -> bool:
    """A JSON API call that carries no session cookie has no ambient credentials to abuse, so
    it needs no CSRF token: an outside app can use the public API operations (registrations)
    as documented. A browser sends its cookies with any cross-site request, so such a request
    is still checked; and a cross-site page cannot send application/json without a CORS
    preflight, which this app never grants."""
    return (
        scope.get("path", "").startswith("/api/")
        and headers.get("content-type", "").split(";")[0].strip() == "application/json"
        and SESSION_COOKIE not in cookie_parser(headers.get("cookie", ""))
    )


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    """Headers that close whole classes of attack: no inline script, no framing, no sniffing."""

    HEADERS = [
        (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
    ]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.HEADERS if k not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)
