"""Server-side login sessions: a signed cookie is only a key, and the key works only while its
row is live.

A signed cookie alone cannot be taken back: a copy saved before logging out stays valid until
it expires. So the cookie holds a random key and the database holds the key's SHA-256 with
when it ends. Logging out ends this row; changing the password, "sign out everywhere" and
deactivation end every row of the user; each request finds its row in the same query that
loads the user, so all of these take effect at once, in every app worker.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from ocopfair.models import LoginSession, User

# last_seen_at is written at most this often per session (a write per request would double
# the cost of every page for a figure nobody needs to the second).
SEEN_EVERY = dt.timedelta(minutes=5)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def start(user: User, lifetime: int, *, user_agent: str = "", client: str = "") -> str:
    """A new session of `user` lasting `lifetime` seconds; returns the key for the cookie."""
    key = secrets.token_urlsafe(32)
    now = _now()
    await LoginSession.create(
        user=user,
        key_hash=_hash(key),
        last_seen_at=now,
        expires_at=now + dt.timedelta(seconds=lifetime),
        user_agent=user_agent[:200],
        client=client[:64],
    )
    return key


async def user_of(key: str) -> User | None:
    """The active user of a live session, or None (ended, expired, unknown, deactivated)."""
    now = _now()
    row = (
        await LoginSession.filter(
            key_hash=_hash(key), ended_at=None, expires_at__gt=now, user__is_active=True
        )
        .select_related("user__exhibitor")
        .first()
    )
    if row is None:
        return None
    if now - row.last_seen_at > SEEN_EVERY:
        await LoginSession.filter(id=row.id).update(last_seen_at=now)
    return row.user


async def end(key: str) -> None:
    await LoginSession.filter(key_hash=_hash(key), ended_at=None).update(ended_at=_now())


async def end_all(user_id: int) -> int:
    """End every session of a user (password changed, signed out everywhere, deactivated)."""
    return await LoginSession.filter(user_id=user_id, ended_at=None).update(ended_at=_now())


async def end_one(user_id: int, session_id: int) -> bool:
    """End one session of this user; False if it is not theirs or already over."""
    changed = await LoginSession.filter(id=session_id, user_id=user_id, ended_at=None).update(
        ended_at=_now()
    )
    return bool(changed)


_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS", "macOS"),
    ("Linux", "Linux"),
)


def device_label(user_agent: str) -> str:
    """ "Chrome · Android" from a User-Agent header, enough for a person to recognise a device;
    "" when nothing is recognised (the page then says the device is unknown)."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return " · ".join(part for part in (browser, system) if part)


@dataclass(frozen=True)
class LiveSession:
    id: int
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime
    device: str
    client: str
    current: bool


async def live_sessions(user_id: int, current_key: str | None) -> list[LiveSession]:
    """The user's sessions that still work, newest first; `current` marks this browser's."""
    current_hash = _hash(current_key) if current_key else ""
    rows = await LoginSession.filter(
        user_id=user_id, ended_at=None, expires_at__gt=_now()
    ).order_by("-created_at")
    return [
        LiveSession(
            r.id,
            r.created_at,
            r.last_seen_at,
            r.expires_at,
            device_label(r.user_agent),
            r.client,
            r.key_hash == current_hash,
        )
        for r in rows
    ]
