"""Who is asking, and may they? Deny by default.

Every route of the app is made with `page()` or `api()` below, and each must say who may use it
(`access=`). There is no default: a route without a rule cannot be built. The permission
matrix test walks the router and checks every route against tests/permissions.csv.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ocopfair import body_limit, province, sessions
from ocopfair.errors import BadRequest
from ocopfair.i18n import gettext as _
from ocopfair.models import ApiToken, Role, User
from ocopfair.security import skip_session
from ocopfair.throttle import client_address

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class Access:
    """Who may call a route: anyone, or signed-in users with one of `roles`."""

    public: bool = False
    roles: frozenset[Role] = frozenset()

    def allows(self, user: User | None) -> bool:
        if self.public:
            return True
        return user is not None and user.role in self.roles

    def describe(self) -> str:
        return "public" if self.public else " ".join(sorted(r.value for r in self.roles))


ANYONE = Access(public=True)
SIGNED_IN = Access(roles=frozenset(Role))
STAFF = Access(roles=frozenset({Role.ADMIN, Role.ORGANIZER}))
READERS = Access(roles=frozenset({Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL}))
# A partner runs the events of its confirmed programmes with organizer rights on them only:
# these let it reach an event's working pages, whose handlers then check that it owns the
# event (events.access.owns_event, after loading it) and answer 403 for any other.
EVENT_MANAGERS = Access(roles=frozenset({Role.ADMIN, Role.ORGANIZER, Role.PARTNER}))
EVENT_READERS = Access(roles=frozenset({Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL, Role.PARTNER}))


def allow(*roles: Role) -> Access:
    return Access(roles=frozenset(roles))


# --- Authentication ---------------------------------------------------------------------------

TOKEN_PREFIX = "ocf_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def bearer_token(request: Request) -> str | None:
    scheme, _sep, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


async def current_user_or_none(request: Request) -> User | None:
    """The user behind a bearer token, or else behind the session cookie; None if neither.

    A request with a bearer token is judged by the token alone: its session cookie is ignored,
    which is what lets the CSRF check skip token requests safely.
    """
    token = bearer_token(request)
    if token is not None:
        return await _token_user(hash_token(token))

    session = request.scope.get("session")
    if not session or "uid" not in session:
        return None
    key = session.get("sid")
    user = await sessions.user_of(key) if isinstance(key, str) else None
    if user is None or user.id != session["uid"]:
        # Logged out, ended elsewhere, expired, or the account deactivated: this copy of the
        # cookie is dead, whoever holds it.
        uid = session.pop("uid", None)
        session.pop("sid", None)
        request.state.session_expired = True
        # A closed account is told so (a phone page kept offline then drops what it queued
        # for this account, see static/js/); a plain logout or expiry is not.
        request.state.account_closed = not await User.filter(id=uid, is_active=True).exists()
        return None
    return user


# Bearer token -> its user, remembered by this process for at most TOKEN_CACHE_SECONDS. A
# turnstile or a counting phone posts several times a second, and this lookup (token, user and
# producer joined, built by the ORM) was a fifth of the counting API's time. The price is bounded:
# a token revoked, or a user deactivated or given another role, keeps working for at most these
# seconds (counted from the lookup's start) in each worker; every worker forgets on its own clock
# and nothing is shared. Unknown or revoked tokens are never remembered, so a new token works at
# once and a wrong one costs a query. Requests that miss together share one lookup (otherwise
# every request in flight queries at each expiry, a latency spike every few seconds).
TOKEN_CACHE_SECONDS = 5.0
TOKEN_CACHE_SIZE = 1024
_token_users: dict[str, tuple[float, asyncio.Future[User | None]]] = {}


async def _lookup_token_user(token_hash: str) -> User | None:
    row = (
        await ApiToken.filter(token_hash=token_hash, revoked_at=None, user__is_active=True)
        .select_related("user__exhibitor")
        .first()
    )
    return row.user if row else None


async def _token_user(token_hash: str) -> User | None:
    now = time.monotonic()
    entry = _token_users.get(token_hash)
    if (
        entry is None
        or now - entry[0] >= TOKEN_CACHE_SECONDS
        or entry[1].get_loop() is not asyncio.get_running_loop()
    ):
        if len(_token_users) >= TOKEN_CACHE_SIZE:
            _token_users.clear()  # many tokens at once: start over rather than grow
        entry = (now, asyncio.ensure_future(_lookup_token_user(token_hash)))
        _token_users[token_hash] = entry
    try:
        # shield: a client hanging up must not cancel the lookup others are waiting for.
        user = await asyncio.shield(entry[1])
    except Exception:
        if _token_users.get(token_hash) is entry:
            del _token_users[token_hash]
        raise
    if user is None and _token_users.get(token_hash) is entry:
        del _token_users[token_hash]
    return user


def forget_cached_tokens() -> None:
    """Drop this worker's remembered token users at once (after a deactivation or role change):
    other workers forget theirs within TOKEN_CACHE_SECONDS."""
    _token_users.clear()


async def log_in(request: Request, user: User) -> None:
    """Start a fresh session (a new CSRF token too, so a planted one is useless), recorded on
    the server so that it can be ended (ocopfair.sessions)."""
    language = request.session.get("lang")
    request.session.clear()
    key = await sessions.start(
        user,
        request.app.state.settings.session_max_age,
        user_agent=request.headers.get("user-agent", ""),
        client=client_address(request),
    )
    request.session["uid"] = user.id
    request.session["sid"] = key
    if language:
        request.session["lang"] = language


async def log_out(request: Request) -> None:
    key = request.session.get("sid")
    if isinstance(key, str):
        await sessions.end(key)
    request.session.clear()


# --- Routes with their access rule ------------------------------------------------------------

ACCOUNT_CLOSED_HEADER = "X-Account-Closed"
MAX_ID = 2**31 - 1  # the largest id an IntField primary key can hold on PostgreSQL


MAX_PATH_TEXT = 64  # no code or name in a path is longer (ticket codes are 43 characters)


def _plausible(value: object) -> bool:
    """A path value some row could have: an id the database can hold, or short printable text
    (PostgreSQL refuses NUL in text, and Tortoise refuses a filter longer than the column)."""
    if isinstance(value, int):
        return 0 <= value <= MAX_ID
    if isinstance(value, str):
        return len(value) <= MAX_PATH_TEXT and value.isprintable()
    return True


async def _refuse_nul_in_form(request: Request) -> None:
    """A posted form field with a NUL character cannot be stored (PostgreSQL text refuses it,
    a 500 deep in a handler): refuse the whole form here, once for every route. Starlette keeps
    the parsed form on the request, so the handler reads it again at no cost."""
    if request.method in ("GET", "HEAD") or not request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        return
    form = await request.form()
    if any(isinstance(value, str) and "\x00" in value for _key, value in form.multi_items()):
        raise BadRequest(
            message=_("The form holds a character that cannot be saved. Remove it and try again.")
        )


class GuardedRoute(Route):
    """A Starlette route that knows who may call it, and (for the API) its OpenAPI operation."""

    access: Access
    openapi: dict[str, Any] | None
    polled: bool  # asked for again and again by machines: matched before the other pages


def _guard(endpoint: Endpoint, access: Access, *, sessionless: bool = False) -> Endpoint:
    async def guarded(request: Request) -> Response:
        await province.refresh_if_stale()
        # A sessionless route answers everyone alike: who asks is not even looked up.
        user = None if sessionless else await current_user_or_none(request)
        request.state.user = user
        if not access.allows(user):
            closed = getattr(request.state, "account_closed", False)
            headers = {ACCOUNT_CLOSED_HEADER: "1"} if closed else None
            raise HTTPException(401 if user is None else 403, headers=headers)
        if not all(_plausible(v) for v in request.path_params.values()):
            # No row has such an id or code, and the database would refuse the value (a 500).
            raise HTTPException(404)
        await _refuse_nul_in_form(request)
        return await endpoint(request)

    guarded.__name__ = endpoint.__name__
    guarded.__doc__ = endpoint.__doc__
    return guarded


def page(
    path: str,
    endpoint: Endpoint,
    *,
    access: Access,
    methods: Sequence[str] = ("GET",),
    name: str | None = None,
    max_body_size: int | None = None,
    too_large: str | None = None,
    polled: bool = False,
    sessionless: bool = False,
) -> GuardedRoute:
    """A page route. `max_body_size` raises the app's body limit for this route only (a form
    that uploads a phone photo); `too_large` is the message id said when even that is passed.

    `polled`: machines ask for it again and again (subscribed calendars), so the router tries
    it before the two hundred other pages. `sessionless` (public GET routes only): the session
    cookie is neither verified nor written and the user is not looked up, since the answer is
    the same for everyone."""
    if sessionless and (not access.public or list(methods) != ["GET"]):
        raise ValueError(f"{path}: only a public GET route can do without the session")
    route = GuardedRoute(
        path,
        _guard(endpoint, access, sessionless=sessionless),
        methods=list(methods),
        name=name,
        max_body_size=max_body_size,
    )
    if max_body_size is not None:
        body_limit.allow_large_body(route.path_regex, max_body_size, too_large)
    if sessionless:
        skip_session(route.path_regex)
    route.access = access
    route.openapi = None
    route.polled = polled
    return route


def api(
    path: str,
    endpoint: Endpoint,
    *,
    access: Access,
    method: str = "GET",
    doc: dict[str, Any],
    name: str | None = None,
) -> GuardedRoute:
    """A JSON API route under /api/v1; `doc` is its OpenAPI operation (summary, schemas...)."""
    route = GuardedRoute(path, _guard(endpoint, access), methods=[method], name=name)
    route.access = access
    route.openapi = doc
    route.polled = False
    return route


# --- Ownership --------------------------------------------------------------------------------


def require_exhibitor_access(user: User, exhibitor_id: int) -> None:
    """Organizers and admins act for any producer; an exhibitor only for its own."""
    if user.role in (Role.ADMIN, Role.ORGANIZER):
        return
    if user.role == Role.EXHIBITOR and user.exhibitor_id == exhibitor_id:
        return
    raise HTTPException(403)


def user_roles(roles: Iterable[str]) -> frozenset[Role]:
    return frozenset(Role(r) for r in roles)
