"""A bare ASGI app for benchmarks/counting_honest.py: the counting batch's own SQL, no framework.

POST /.../gates/{gate_id}/batches with the counting API's JSON body: it reads the body, works
out the same parameters as visitors.batch_write (the gate, the taps' 15-minute buckets, the
guard of a gate staff member) and sends the same single PostgreSQL statement (_PG_WRITE) through
asyncpg directly: no Starlette, no middleware, no session or token, no ORM, no validation.
The difference between this and the app is the framework's and the app's cost per batch.

Served by uvicorn (`uvicorn bare_counting:app --workers 2`); env BENCH_PG_URL (the database),
BENCH_USER_ID (the gate staff member whose assignment the guard checks).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg  # noqa: E402

from visitors.batch_write import _PG_WRITE, Guard, _buckets, _params  # noqa: E402
from visitors.buckets import bucket_start, local_day  # noqa: E402
from visitors.models import Direction  # noqa: E402

_pool: asyncpg.Pool | None = None


async def _startup() -> None:
    global _pool
    url = os.environ["BENCH_PG_URL"].replace("postgres://", "postgresql://")
    _pool = await asyncpg.create_pool(url, min_size=2, max_size=20)


def statement_params(gate_id: int, body: bytes, user_id: int, now: dt.datetime) -> list[Any]:
    """The parameters visitors.batch_write sends for this batch (no undos in the benchmark)."""
    data = json.loads(body)
    increments: dict[tuple[dt.datetime, Direction], int] = {}
    days = set()
    for tap in data["taps"]:
        at = dt.datetime.fromisoformat(tap["at"].replace("Z", "+00:00"))
        key = (bucket_start(at), Direction(tap["dir"]))
        increments[key] = increments.get(key, 0) + int(tap["delta"])
        days.add(local_day(at))
    guard = Guard(
        user_id=user_id,
        all_events=False,
        event_id=None,
        days=frozenset(days),
        directions=frozenset(d for _b, d in increments),
    )
    taps = json.dumps(data["taps"], ensure_ascii=False, separators=(",", ":"))
    return _params(
        data["key"],
        hashlib.sha256(body).hexdigest(),
        gate_id,
        str(data.get("device") or ""),
        taps,
        now,
        [],
        _buckets(increments),
        guard,
    )


async def app(scope: dict, receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await _startup()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if _pool:
                    await _pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    status, answer = 404, b'{"error": "not found"}'
    parts = scope["path"].strip("/").split("/")
    if scope["method"] == "POST" and len(parts) >= 2 and parts[-1] == "batches":
        params = statement_params(
            int(parts[-2]), body, int(os.environ["BENCH_USER_ID"]), dt.datetime.now(dt.UTC)
        )
        assert _pool is not None
        rows = await _pool.fetch(_PG_WRITE, *params)
        status = 201 if rows else 200
        answer = json.dumps({"id": rows[0]["id"] if rows else None}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": answer})
