"""Who is asking, and may they? Deny by default.

Every route of the app is made with `page()` or `api()` below, and each must say who may use it
(`access=`). There is no default: a route without a rule cannot be built. The permission
matrix test walks the router and checks every route against tests/permissions.csv.
"""

from __future__ import annotations

import asyncio
import datetime as dt
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

from ocopfair.models import ApiToken, Role, User
from ocopfair.settings import get_settings

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
    auth_at = session.get("auth_at", 0)
    if dt.datetime.now(dt.UTC).timestamp() - auth_at > get_settings().session_max_age:
        session.pop("uid", None)
        request.state.session_expired = True
        return None
    user = await User.filter(id=session["uid"], is_active=True).select_related("exhibitor").first()
    if user is None:
        # Deactivated (or deleted) since signing in: signed out now, and told so (a phone page
        # kept offline then drops what it queued for this account, see static/js/).
        session.pop("uid", None)
        request.state.account_closed = True
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


def log_in(request: Request, user: User) -> None:
    """Start a fresh session (a new CSRF token too, so a planted one is useless)."""
    language = request.session.get("lang")
    request.session.clear()
    request.session["uid"] = user.id
    request.session["auth_at"] = int(dt.datetime.now(dt.UTC).timestamp())
    if language:
        request.session["lang"] = language


def log_out(request: Request) -> None:
    request.session.clear()


# --- Routes with their access rule ------------------------------------------------------------

ACCOUNT_CLOSED_HEADER = "X-Account-Closed"
MAX_ID = 2**31 - 1  # the largest id an IntField primary key can hold on PostgreSQL


class GuardedRoute(Route):
    """A Starlette route that knows who may call it, and (for the API) its OpenAPI operation."""

    access: Access
    openapi: dict[str, Any] | None


def _guard(endpoint: Endpoint, access: Access) -> Endpoint:
    async def guarded(request: Request) -> Response:
        user = await current_user_or_none(request)
        request.state.user = user
        if not access.allows(user):
            closed = getattr(request.state, "account_closed", False)
            headers = {ACCOUNT_CLOSED_HEADER: "1"} if closed else None
            raise HTTPException(401 if user is None else 403, headers=headers)
        if any(isinstance(v, int) and v > MAX_ID for v in request.path_params.values()):
            # No row has such an id, and the database would refuse the number (a 500).
            raise HTTPException(404)
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
) -> GuardedRoute:
    route = GuardedRoute(path, _guard(endpoint, access), methods=list(methods), name=name)
    route.access = access
    route.openapi = None
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
