"""The counting batch against two honest ceilings that do the same work, on PostgreSQL.

One database (bench_honest, created and dropped here), a fair running today with 8 gates and a
gate staff member. Three ways to store the same batches (3 taps, a new key each), interleaved,
at 16 and 64 concurrent clients, `--seconds` each:
  * app:  POST /api/v1/gates/{id}/batches on the app (uvicorn, 2 workers): bearer token,
          middleware, validation, the guard and the one-statement write (visitors.batch_write);
  * bare: the same statement with the same parameters from a bare ASGI app on the raw driver
          (benchmarks/bare_counting.py, uvicorn, 2 workers): no framework, no middleware, no
          token, no ORM. app / bare is the framework's and the app's cost (goal: ≥ 60 %);
  * db:   the same statement in a loop of asyncpg connections from this process, and from
          pgbench (C): no HTTP at all, the database's own limit on this machine (the better of
          the two; at most 16 connections, since the machine's PostgreSQL is shared).
wrk loads the two servers from loopback (one thread). Prints p50/p90/p99 for each, the ratios
and the load average; the machine is shared, so only the ratios of one run mean much.

Run: .venv/bin/python benchmarks/counting_honest.py [--seconds 5]   (about 90 s)
Last line: BENCH counting_honest batches_per_s=… bare_per_s=… db_per_s=… p50_ms=… p99_ms=…
(the 16-connection figures; the 64-connection ones are printed above it.)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx2 as httpx
from counting import LUA, prepare  # noqa: I001 - harness first: it sets sys.path
from harness import ROOT, LoadResult, load_average, pg_database, wrk

from tests.live_server import free_port, start_server, stop_server

HERE = Path(__file__).resolve().parent
DB_CLIENTS = 16


def start_bare(url: str, user_id: int, workers: int = 2) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "BENCH_PG_URL": url, "BENCH_USER_ID": str(user_id)}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bare_counting:app", "--port", str(port)]
        + ["--workers", str(workers), "--log-level", "warning", "--no-access-log"],
        cwd=HERE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/", timeout=1)
            return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the bare ASGI server did not start")


def load(base: str, gate_ids: list[int], token: str, seconds: int, connections: int) -> LoadResult:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        LUA
        % {
            "gates": ",".join(map(str, gate_ids)),
            "token": token,
            "mode": "counting",
            "cookie": "",
            "csrf": "",
        }
    )
    try:
        return wrk(base, seconds=seconds, connections=connections, script=str(script))
    finally:
        script.unlink()


async def db_loop(
    url: str, gate_ids: list[int], user_id: int, seconds: int, clients: int
) -> tuple[float, list[float]]:
    """The same statement from `clients` connections at once for `seconds`: rate, latencies."""
    import asyncpg
    from bare_counting import statement_params

    from visitors.batch_write import _PG_WRITE

    pool = await asyncpg.create_pool(
        url.replace("postgres://", "postgresql://"), min_size=clients, max_size=clients
    )
    latencies: list[float] = []
    deadline = time.monotonic() + seconds

    async def client(n: int) -> None:
        i = 0
        while time.monotonic() < deadline:
            i += 1
            now = dt.datetime.now(dt.UTC)
            at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
            taps = [
                {"id": "1", "at": at, "dir": "in", "delta": 1},
                {"id": "2", "at": at, "dir": "in", "delta": 5},
                {"id": "3", "at": at, "dir": "out", "delta": 1},
            ]
            body = json.dumps({"key": uuid.uuid4().hex, "device": f"d{n}", "taps": taps}).encode()
            params = statement_params(gate_ids[(n + i) % len(gate_ids)], body, user_id, now)
            started = time.perf_counter()
            await pool.fetch(_PG_WRITE, *params)
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.monotonic()
    await asyncio.gather(*(client(n) for n in range(clients)))
    elapsed = time.monotonic() - started
    await pool.close()
    return len(latencies) / elapsed, latencies


def _literal(value: Any) -> str:
    """A parameter as SQL text for pgbench (the statement's own casts give the types)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        items = ",".join('"' + str(v).replace('"', '\\"') + '"' for v in value)
        return "'{" + items + "}'"
    return "'" + str(value).replace("'", "''") + "'"


def pgbench(
    url: str, gate_ids: list[int], user_id: int, seconds: int, clients: int
) -> tuple[float, float]:
    """The same statement from pgbench (C, no Python in the way): statements/s, mean ms. Each
    client writes to one gate, with a new key per statement."""
    from bare_counting import statement_params

    from visitors.batch_write import _PG_WRITE

    now = dt.datetime.now(dt.UTC)
    at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    taps = [
        {"id": "1", "at": at, "dir": "in", "delta": 1},
        {"id": "2", "at": at, "dir": "out", "delta": 1},
    ]
    body = json.dumps({"key": "k", "device": "pgbench", "taps": taps}).encode()
    params = [_literal(p) for p in statement_params(gate_ids[0], body, user_id, now)]
    params[0] = "'pgb-' || :client_id || '-' || :k || '-' || :n"
    params[2] = ":gate"
    sql_text = re.sub(r"\$(\d+)", lambda m: params[int(m.group(1)) - 1], _PG_WRITE)
    script = Path(tempfile.mkstemp(suffix=".sql")[1])
    script.write_text(
        f"\\set gate {gate_ids[0]} + :client_id % {len(gate_ids)}\n"
        "\\set k random(1, 2000000000)\n\\set n random(1, 2000000000)\n"
        + " ".join(sql_text.split())
        + ";\n"
    )
    try:
        out = subprocess.run(
            [
                "pgbench",
                "-n",
                "-c",
                str(clients),
                "-j",
                "2",
                "-T",
                str(seconds),
                "-f",
                str(script),
                url.replace("postgres://", "postgresql://"),
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
    finally:
        script.unlink()
    tps = re.search(r"tps = ([\d.]+)", out.stdout)
    latency = re.search(r"latency average = ([\d.]+) ms", out.stdout)
    if not tps:
        print(out.stdout[-800:], out.stderr[-800:])
        return float("nan"), float("nan")
    return float(tps.group(1)), float(latency.group(1)) if latency else float("nan")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def staff_id(url: str) -> int:
    from ocopfair.models import User
    from tests.databases import connected

    async with connected(url):
        return (await User.get(username="bench_gate")).id


async def kept_triggers_on(url: str, on: bool) -> None:
    from tortoise import connections as databases

    from reports.figures import kept_triggers
    from tests.databases import connected

    async with connected(url):
        conn = databases.get("default")
        await (kept_triggers.install(conn) if on else kept_triggers.uninstall(conn))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="of each run")
    args = parser.parse_args()
    print(f"load average at start {load_average()}; wrk -t1, {args.seconds} s per run")
    figures: dict[tuple[str, int], tuple[float, float, float]] = {}
    with pg_database("bench_honest") as url:
        gate_ids, token = asyncio.run(prepare(url))
        user_id = asyncio.run(staff_id(url))
        app = start_server(url, 2, timeout=240)
        bare, bare_url = start_bare(url, user_id)
        try:
            for base in (app.url, bare_url):
                load(base, gate_ids, token, 1, 16)  # warm-up
            for connections in (16, 64):
                for name, base in (("app", app.url), ("bare", bare_url)):
                    r = load(base, gate_ids, token, args.seconds, connections)
                    figures[(name, connections)] = (r.requests_per_s, r.p50_ms, r.p99_ms)
                    print(
                        f"{name:<4} c={connections:<2}: {r.requests_per_s:6.0f} batches/s, "
                        f"{r.tails()}, non-2xx {r.non_2xx}"
                    )
                # At most 16 connections: the machine's PostgreSQL is shared (max_connections),
                # and the two servers hold their pools meanwhile.
                db_clients = min(connections, DB_CLIENTS)
                rate, lat = asyncio.run(db_loop(url, gate_ids, user_id, args.seconds, db_clients))
                p50, p90, p99 = (_pct(lat, q) for q in (0.5, 0.9, 0.99))
                figures[("db", connections)] = (rate, p50, p99)
                print(
                    f"db   c={connections:<2}: {rate:6.0f} statements/s, p50 {p50:.1f} ms, "
                    f"p90 {p90:.1f} ms, p99 {p99:.1f} ms (median {statistics.median(lat):.1f}; "
                    "one Python process: its own CPU limits it)"
                )
                tps, mean = pgbench(url, gate_ids, user_id, args.seconds, db_clients)
                figures[("pgbench", connections)] = (tps, mean, float("nan"))
                print(f"pgbench c={connections:<2}: {tps:6.0f} statements/s, mean {mean:.1f} ms")
            # What the kept figures' triggers (reports/figures/kept_triggers.py) cost the
            # counting statement: pgbench at 16 connections without them, then with them again.
            asyncio.run(kept_triggers_on(url, False))
            bare_tps, _mean = pgbench(url, gate_ids, user_id, args.seconds, DB_CLIENTS)
            asyncio.run(kept_triggers_on(url, True))
            with_tps, _mean = pgbench(url, gate_ids, user_id, args.seconds, DB_CLIENTS)
            trigger_cost = 100 * (1 - with_tps / bare_tps)
            print(
                f"pgbench c={DB_CLIENTS} without the kept figures' triggers: {bare_tps:6.0f} "
                f"statements/s, with them: {with_tps:6.0f} (cost {trigger_cost:.1f} %)"
            )
        finally:
            stop_server(app)
            bare.terminate()
            bare.wait(timeout=10)
    for connections in (16, 64):
        app_rps, bare_rps = figures[("app", connections)][0], figures[("bare", connections)][0]
        db_rps = max(figures[("db", connections)][0], figures[("pgbench", connections)][0])
        print(
            f"c={connections}: app is {100 * app_rps / bare_rps:.0f}% of the bare endpoint "
            f"(goal ≥ 60%) and {100 * app_rps / db_rps:.0f}% of the database alone"
        )
    print(f"load average at end {load_average()}")
    app16, bare16 = figures[("app", 16)], figures[("bare", 16)]
    db16 = max(figures[("db", 16)], figures[("pgbench", 16)])
    print(
        f"BENCH counting_honest batches_per_s={app16[0]:.0f} bare_per_s={bare16[0]:.0f} "
        f"db_per_s={db16[0]:.0f} p50_ms={app16[1]:.1f} p99_ms={app16[2]:.1f} "
        f"bare_ratio={app16[0] / bare16[0]:.2f} db_ratio={app16[0] / db16[0]:.2f} "
        f"trigger_cost_pct={trigger_cost:.1f}"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
