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
import datetime as dt
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


async def close_orm() -> None:
    """Close Tortoise and forget its cached SQL, which is keyed by connection name, not by
    dialect: the next database may be the other kind."""
    from tortoise import Tortoise
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    await Tortoise._reset_apps()
    await Tortoise.close_connections()
    EXECUTOR_CACHE.clear()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def prepare(url: str) -> tuple[list[int], str]:
    from tortoise import Tortoise

    from composition.database import tortoise_config
    from events.models import Event, EventKind, EventLevel, EventStatus, Venue, VenueKind
    from ocopfair.accounts import create_token, create_user
    from ocopfair.i18n import local_today
    from ocopfair.models import Role
    from visitors.models import Gate, GateKind

    await Tortoise.init(config=tortoise_config(url))
    await Tortoise.generate_schemas()
    try:
        venue = await Venue.create(name="Bench ground", kind=VenueKind.EXHIBITION_GROUND)
        today = local_today()
        event = await Event.create(
            name="Bench fair",
            kind=EventKind.PROVINCIAL_FAIR,
            level=EventLevel.PROVINCIAL,
            venue=venue,
            start_date=today - dt.timedelta(days=1),
            end_date=today + dt.timedelta(days=1),
            status=EventStatus.RUNNING,
        )
        staff = await create_user("bench_gate", "bench-password-1", Role.GATE_STAFF)
        gate_ids = []
        for i in range(GATES):
            gate = await Gate.create(event=event, name=f"Gate {i + 1}", kind=GateKind.BOTH)
            await gate.staff.add(staff)
            gate_ids.append(gate.id)
        token = await create_token(staff, "bench")
    finally:
        await close_orm()
    return gate_ids, token


async def stored_batches(url: str) -> int:
    from tortoise import Tortoise

    from composition.database import tortoise_config
    from visitors.models import CountBatch

    await Tortoise.init(config=tortoise_config(url))
    try:
        return await CountBatch.exclude(body_hash="").count()
    finally:
        await close_orm()


async def pg_database(create: bool) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN.replace("postgres://", "postgresql://"))
    try:
        await conn.execute("DROP DATABASE IF EXISTS bench_counting WITH (FORCE)")
        if create:
            await conn.execute("CREATE DATABASE bench_counting")
    finally:
        await conn.close()


def start_server(url: str) -> tuple[subprocess.Popen, str]:
    import httpx2 as httpx

    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "OCOPFAIR_BENCH_CEILING": "1",
        "OCOPFAIR_SECRET_KEY": "bench-secret",
        "OCOPFAIR_VAR_DIR": tempfile.mkdtemp(),
    }
    # The server's log goes to a file: an unread pipe fills up (a client that hangs up mid-request
    # logs a traceback) and would then block the server's event loop.
    log = open(Path(env["OCOPFAIR_VAR_DIR"]) / "server.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "composition.cli", "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/livez", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


def anonymous_session(base: str) -> tuple[str, str]:
    """A session cookie and its CSRF token: the ceiling's POST passes the CSRF middleware
    without a bearer token (which would cost a token lookup) and without a signed-in user."""
    import httpx2 as httpx

    page = httpx.get(base + "/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    cookie = "; ".join(f"{k}={v}" for k, v in page.cookies.items())
    return cookie, csrf


def run_wrk(
    base: str, mode: str, gate_ids: list[int], token: str, seconds: int, threads: int = 1
) -> dict:
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
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "5s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    script.unlink()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    p99_match = re.search(r"99%\s+([\d.]+\w+)", out)
    p99 = _ms(p99_match.group(1)) if p99_match else float("nan")
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if requests == 0 or rps == 0:
        print(out)
    return {
        "rps": rps,
        "p99": p99,
        "requests": requests,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(1) if errors else "none",
    }


def _ms(value: str) -> float:
    number = float(re.match(r"[\d.]+", value).group(0))
    unit = value[len(re.match(r"[\d.]+", value).group(0)) :]
    return number * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def _combine(runs: list[dict]) -> dict:
    return {
        "rps": sum(r["rps"] for r in runs) / len(runs),
        "p99": max(r["p99"] for r in runs),
        "requests": sum(r["requests"] for r in runs),
        "non2xx": sum(r["non2xx"] for r in runs),
        "socket_errors": "; ".join(sorted({r["socket_errors"] for r in runs})),
    }


def bench(name: str, url: str, seconds: int, rounds: int, threads: int) -> tuple[dict, dict]:
    gate_ids, token = asyncio.run(prepare(url))
    process, base = start_server(url)
    runs: dict[str, list[dict]] = {"ceiling": [], "counting": []}
    try:
        warm = run_wrk(base, "counting", gate_ids, token, 2, threads)  # connections, caches
        time.sleep(2)  # let the server finish what the warm-up left queued
        for i in range(rounds):
            order = ("ceiling", "counting") if i % 2 == 0 else ("counting", "ceiling")
            for mode in order:
                runs[mode].append(run_wrk(base, mode, gate_ids, token, seconds, threads))
                time.sleep(1)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    counting, ceiling = _combine(runs["counting"]), _combine(runs["ceiling"])
    stored = asyncio.run(stored_batches(url))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{name}: load average {load}")
    print(
        f"{name}: counting {counting['rps']:.0f} batches/s, p99 {counting['p99']:.1f} ms, "
        f"non-2xx {counting['non2xx']}, socket errors {counting['socket_errors']}; "
        f"{counting['requests'] + warm['requests']} batches answered, {stored} stored "
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
