"""Benchmark: the counting API under 64 concurrent clients, next to a raw-INSERT ceiling.

For SQLite (a temp file) and PostgreSQL (a database bench_counting, created and dropped here):
build the schema, an event running today with 8 gates and one gate staff account with a bearer
token, start the app (uvicorn, one worker) with OCOPFAIR_BENCH_CEILING=1, then drive it with
wrk (Debian's wrk: C, one thread by default so that more of the 2 cores is left to the
server, 64 connections, a Lua script that makes every batch key unique) for a bounded time,
loopback only. Ceiling and counting run with the same settings, alternately (ceiling, counting,
counting, ceiling with --rounds 2), so that a change of the machine's load shifts both alike:

  * counting: POST /api/v1/gates/{id}/batches, a batch of 3 taps, bearer-token auth;
  * ceiling:  POST /bench/ceiling/{id}, one raw single-row INSERT through the same driver,
              no auth, no validation, no ORM (the route exists only with the env variable).

Prints batches/s and p99 per database and ends with one BENCH line per database.
Figures: the mean of the rounds' requests/s, the worst round's p99; the load average is printed
next to each database, since other work on the machine moves the absolute figures.
Run: .venv/bin/python benchmarks/counting.py [--seconds 10] [--rounds 2] [--threads 1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx2 as httpx
from harness import LoadResult, wrk  # puts the checkout on sys.path

from events.models import AllocationMode, EventStatus, VenueKind
from tests.databases import connected
from tests.factories import make_event, make_gate, make_user, make_venue
from tests.live_server import start_server, stop_server
from tests.login import CSRF_INPUT

PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/bench_counting")
GATES = 8
CONNECTIONS = 64

LUA = r"""
local counter = 0
local gates = {%(gates)s}
local token = "%(token)s"
local cookie = "%(cookie)s"
local csrf = "%(csrf)s"
local mode = "%(mode)s"
-- tid is a global (not a local upvalue): setup() sets it in each thread's own Lua state, so the
-- threads' keys differ; math.random is seeded per thread for the same reason.
tid = 0
setup = function(thread) tid = tid + 1; thread:set("tid", tid) end
init = function(args) math.randomseed(os.time() + (tid or 0) * 7919) end
request = function()
  counter = counter + 1
  local gate = gates[(counter %% #gates) + 1]
  local now = os.date("!%%Y-%%m-%%dT%%H:%%M:%%SZ")
  local key = string.format("b%%d-%%d-%%d-%%d", tid or 0, counter, math.random(1, 1e9), os.time())
  if mode == "ceiling" then
    return wrk.format("POST", "/bench/ceiling/" .. gate,
                      {["Content-Type"]="application/json", ["Cookie"]=cookie,
                       ["X-CSRFToken"]=csrf}, '{"key":"' .. key .. '"}')
  end
  local body = '{"key":"' .. key .. '","device":"' .. key .. '","taps":[' ..
    '{"id":"1","at":"' .. now .. '","dir":"in","delta":1},' ..
    '{"id":"2","at":"' .. now .. '","dir":"in","delta":5},' ..
    '{"id":"3","at":"' .. now .. '","dir":"out","delta":1}]}'
  return wrk.format("POST", "/api/v1/gates/" .. gate .. "/batches",
                    {["Content-Type"]="application/json", ["Authorization"]="Bearer " .. token},
                    body)
end
"""


async def prepare(url: str) -> tuple[list[int], str]:
    from ocopfair.accounts import create_token

    async with connected(url, create_schema=True):
        event = await make_event(
            "Bench fair",
            venue=await make_venue("Bench ground", address="", kind=VenueKind.EXHIBITION_GROUND),
            days_ahead=-1,
            status=EventStatus.RUNNING,
            mode=AllocationMode.APPLICATION,
        )
        staff = await make_user("gate_staff", "bench_gate")
        gates = [await make_gate(event, f"Gate {i + 1}", staff=[staff]) for i in range(GATES)]
        return [gate.id for gate in gates], await create_token(staff, "bench")


async def stored_batches(url: str) -> int:
    from visitors.models import CountBatch

    async with connected(url):
        return await CountBatch.exclude(body_hash="").count()


async def pg_database(create: bool) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN.replace("postgres://", "postgresql://"))
    try:
        await conn.execute("DROP DATABASE IF EXISTS bench_counting WITH (FORCE)")
        if create:
            await conn.execute("CREATE DATABASE bench_counting")
    finally:
        await conn.close()


def anonymous_session(base: str) -> tuple[str, str]:
    """A session cookie and its CSRF token: the ceiling's POST passes the CSRF middleware
    without a bearer token (which would cost a token lookup) and without a signed-in user."""
    page = httpx.get(base + "/login")
    csrf = CSRF_INPUT.search(page.text).group(1)
    cookie = "; ".join(f"{k}={v}" for k, v in page.cookies.items())
    return cookie, csrf


def run_wrk(
    base: str, mode: str, gate_ids: list[int], token: str, seconds: int, threads: int = 1
) -> LoadResult:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    cookie, csrf = anonymous_session(base)
    script.write_text(
        LUA
        % {
            "gates": ",".join(map(str, gate_ids)),
            "token": token,
            "mode": mode,
            "cookie": cookie,
            "csrf": csrf,
        }
    )
    try:
        return wrk(
            base, seconds=seconds, connections=CONNECTIONS, threads=threads, script=str(script)
        )
    finally:
        script.unlink()


def _combine(runs: list[LoadResult]) -> dict:
    return {
        "rps": sum(r.requests_per_s for r in runs) / len(runs),
        "p99": max(r.p99_ms for r in runs),
        "requests": sum(r.requests for r in runs),
        "non2xx": sum(r.non_2xx for r in runs),
        "socket_errors": "; ".join(sorted({r.socket_errors for r in runs})),
    }


def bench(name: str, url: str, seconds: int, rounds: int, threads: int) -> tuple[dict, dict]:
    gate_ids, token = asyncio.run(prepare(url))
    server = start_server(url, extra_env={"OCOPFAIR_BENCH_CEILING": "1"})
    base = server.url
    runs: dict[str, list[LoadResult]] = {"ceiling": [], "counting": []}
    try:
        warm = run_wrk(base, "counting", gate_ids, token, 2, threads)  # connections, caches
        time.sleep(2)  # let the server finish what the warm-up left queued
        for i in range(rounds):
            order = ("ceiling", "counting") if i % 2 == 0 else ("counting", "ceiling")
            for mode in order:
                runs[mode].append(run_wrk(base, mode, gate_ids, token, seconds, threads))
                time.sleep(1)
    finally:
        stop_server(server)
    counting, ceiling = _combine(runs["counting"]), _combine(runs["ceiling"])
    stored = asyncio.run(stored_batches(url))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{name}: load average {load}")
    print(
        f"{name}: counting {counting['rps']:.0f} batches/s, p99 {counting['p99']:.1f} ms, "
        f"non-2xx {counting['non2xx']}, socket errors {counting['socket_errors']}; "
        f"{counting['requests'] + warm.requests} batches answered, {stored} stored "
        "(warm-up included; every key is unique)"
    )
    print(
        f"{name}: ceiling  {ceiling['rps']:.0f} inserts/s, p99 {ceiling['p99']:.1f} ms "
        f"→ counting is {100 * counting['rps'] / max(ceiling['rps'], 1e-9):.0f}% of the ceiling; "
        f"ceiling non-2xx {ceiling['non2xx']}"
    )
    return counting, ceiling


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    args = parser.parse_args()
    print(
        f"wrk -t{args.threads} -c{CONNECTIONS} -d{args.seconds}s x {args.rounds} rounds, "
        f"one uvicorn worker, {GATES} gates, 3 taps per batch, bearer token"
    )
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = bench(
            "sqlite", f"sqlite://{tmp}/bench.sqlite3", args.seconds, args.rounds, args.threads
        )
    asyncio.run(pg_database(create=True))
    try:
        results["postgres"] = bench("postgres", PG_URL, args.seconds, args.rounds, args.threads)
    finally:
        asyncio.run(pg_database(create=False))
    for name, (counting, ceiling) in results.items():
        print(
            f"BENCH counting_{name} batches_per_s={counting['rps']:.0f} "
            f"p99_ms={counting['p99']:.1f} ceiling_per_s={ceiling['rps']:.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
