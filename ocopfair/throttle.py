"""Fixed-window rate limits, counted in the database so that every app worker sees the same hits.

A limit is a key ("register:<client address>"), a number of hits and a window in seconds. Each
hit is one INSERT ... ON CONFLICT DO UPDATE that starts a new window when the old one is over,
or adds one to it, and returns the count: the row is locked by the statement itself (PostgreSQL)
or the database is (SQLite), so concurrent requests, in one worker or several, cannot both see
room for one more. Nothing is kept in a worker's memory.

A fixed window lets up to twice the limit through around a window's end; for limits meant to stop
floods rather than meter use, that is the price of one row and one statement per key.
"""

from __future__ import annotations

import ipaddress
import random
import time
from dataclasses import dataclass

from starlette.requests import Request

from ocopfair import sql

# No window is longer than a day, so a row older than that is dead and may be pruned.
MAX_WINDOW = 24 * 3600
PRUNE_EVERY = 500  # on average, one hit in this many also deletes dead rows


@dataclass(frozen=True)
class Limit:
    key: str
    hits: int
    window: int  # seconds


class TooMany(Exception):
    """The limit named by `key` is used up; try again in `retry_after` seconds."""

    def __init__(self, key: str, retry_after: int) -> None:
        self.key = key
        self.retry_after = retry_after
        super().__init__(key, retry_after)


# $1 key, $2 now, $3 window (seconds), $4 hits allowed (ocopfair.sql runs it on both databases).
# A new window starts (hits = 1) once the old one is over; otherwise one more hit, kept at most
# one above the limit so the number stays bounded under a flood.
_HIT = """
INSERT INTO throttle ("key", hits, window_start) VALUES ($1, 1, $2)
ON CONFLICT ("key") DO UPDATE SET
  hits = CASE WHEN throttle.window_start <= excluded.window_start - $3 THEN 1
              WHEN throttle.hits > $4 THEN throttle.hits
              ELSE throttle.hits + 1 END,
  window_start = CASE WHEN throttle.window_start <= excluded.window_start - $3
                      THEN excluded.window_start ELSE throttle.window_start END
RETURNING hits, window_start
"""
_PRUNE = "DELETE FROM throttle WHERE window_start < $1"


async def hit(limit: Limit, now: float | None = None) -> None:
    """Count one hit against `limit`; raise TooMany if it is over (the hit is still counted)."""
    if not 0 < limit.window <= MAX_WINDOW or len(limit.key) > 128:
        raise ValueError(f"unusable limit {limit!r}")
    at = int(time.time() if now is None else now)
    conn = sql.connection()
    rows = await sql.fetch(conn, _HIT, [limit.key, at, limit.window, limit.hits])
    hits, started = int(rows[0]["hits"]), int(rows[0]["window_start"])
    if random.randrange(PRUNE_EVERY) == 0:
        await sql.execute(conn, _PRUNE, [at - MAX_WINDOW])
    if hits > limit.hits:
        raise TooMany(limit.key, max(1, started + limit.window - at))


async def hit_all(limits: list[Limit], now: float | None = None) -> None:
    """Count a hit against each limit in turn, stopping at the first one that is over (so a
    client over its own limit does not use up a shared one, such as an event's)."""
    for limit in limits:
        await hit(limit, now)


def client_address(request: Request) -> str:
    """Who is asking, for per-client limits: the connection's address, as uvicorn reports it.

    Behind a reverse proxy this is the visitor's address only when uvicorn trusts the proxy's
    X-Forwarded-For (--proxy-headers --forwarded-allow-ips=<proxy>; see SECURITY.md), otherwise
    every visitor would share the proxy's address and its limit. An IPv6 client is counted by
    its /64 network: one home or phone is given a whole /64, so single addresses are free.
    """
    host = request.client.host if request.client else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:64] or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:  # ::ffff:1.2.3.4 is the IPv4 client 1.2.3.4
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)
