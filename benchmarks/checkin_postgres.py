"""Ticket check-in over HTTP, next to the counting batch, in the same run on the same server.

For PostgreSQL (two uvicorn workers, a database bench_checkin created and dropped here) and
SQLite (one worker): a fair running today with 8 gates, a gate staff account with a bearer
token, 8,000 tickets per measured run; then wrk on loopback at 16 and 64 connections,
`--seconds` each, interleaved per connection count:
  * checkin:  POST /api/v1/gates/{id}/checkins, every request a ticket not scanned yet (200);
  * repeat:   the same, always one ticket scanned already (409 with when, where and by whom);
  * counting: POST /api/v1/gates/{id}/batches, 3 taps, a new key each (the one-tap path).
The statements of one scan are counted in-process (tests.queries.count_queries) on the same
database, first and repeated. Afterwards the stored check-ins are compared with the 200s and
the gates' counts with the groups (each ticket a group of 2): once each.

Run: .venv/bin/python benchmarks/checkin_postgres.py [--seconds 5]   (about 2 minutes)
Last line: BENCH checkin_postgres scans_per_s=… p50_ms=… p99_ms=… statements=… batch_ratio=…
(PostgreSQL, 2 workers, 16 connections, the issue's setting; the other figures are printed.)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import tempfile
from pathlib import Path

from counting import LUA as COUNTING_LUA  # noqa: I001 - harness first: it sets sys.path
from harness import LoadResult, load_average, pg_database, wrk

from events.models import AllocationMode, EventStatus, VenueKind
from tests.databases import connected
from tests.factories import make_event, make_gate, make_user, make_venue
from tests.live_server import start_server, stop_server
from tests.queries import count_queries

GATES = 8
PER_RUN = 8000
PREFIX = "bench-ticket-" + "x" * 23  # 36 characters; with 7 digits a 43-character code

CHECKIN_LUA = r"""
local counter = 0
local gates = {%(gates)s}
local token = "%(token)s"
local first = %(first)d
local repeat_code = "%(repeat_code)s"
request = function()
  counter = counter + 1
  local gate = gates[(counter %% #gates) + 1]
  local code = repeat_code
  if code == "" then code = string.format("%(prefix)s%%07d", first + counter) end
  return wrk.format("POST", "/api/v1/gates/" .. gate .. "/checkins",
                    {["Content-Type"]="application/json", ["Authorization"]="Bearer " .. token},
                    '{"code":"' .. code .. '"}')
end
"""


def code(n: int) -> str:
    return f"{PREFIX}{n:07d}"


async def prepare(url: str, tickets: int) -> tuple[list[int], str, dict[str, int]]:
    from ocopfair.accounts import create_token
    from visitors import checkin
    from visitors.models import Registration

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
        rows = [
            Registration(event=event, name=f"Khách {i}", group_size=2, code=code(i))
            for i in range(tickets)
        ]
        await Registration.bulk_create(rows, batch_size=2000)
        now = dt.datetime.now(dt.UTC)
        with count_queries() as first:
            await checkin.check_in(staff, gates[0].id, code(0), now)
        with count_queries() as again:
            await checkin.check_in(staff, gates[1].id, code(0), now)
        statements = {"first": first.count, "repeat": again.count}
        return [g.id for g in gates], await create_token(staff, "bench"), statements


async def stored(url: str, gate_ids: list[int]) -> tuple[int, int]:
    from tortoise.functions import Sum

    from visitors.models import GateCount, Registration

    async with connected(url):
        used = await Registration.exclude(checked_in_at=None).count()
        total = (
            await GateCount.filter(gate_id__in=gate_ids, direction="in")
            .annotate(n=Sum("count"))
            .values_list("n", flat=True)
        )
        return used, sum(n or 0 for n in total)


def run(base: str, lua: str, seconds: int, connections: int) -> LoadResult:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(lua)
    try:
        return wrk(base, seconds=seconds, connections=connections, script=str(script))
    finally:
        script.unlink()


def bench(name: str, url: str, workers: int, seconds: int) -> dict:
    runs = 3  # a warm-up and one run per connection count
    gate_ids, token, statements = asyncio.run(prepare(url, PER_RUN * runs + 1))
    server = start_server(url, workers, timeout=240)
    gates = ",".join(map(str, gate_ids))
    common = {"gates": gates, "token": token, "prefix": PREFIX}
    counting_lua = COUNTING_LUA % {**common, "mode": "counting", "cookie": "", "csrf": ""}
    checkins = 0
    results: dict[tuple[str, int], LoadResult] = {}
    try:
        for i, connections in enumerate((16, 16, 64)):
            first = 1 + i * PER_RUN
            scripts = {
                "checkin": CHECKIN_LUA % {**common, "first": first, "repeat_code": ""},
                "repeat": CHECKIN_LUA % {**common, "first": 0, "repeat_code": code(0)},
                "counting": counting_lua,
            }
            for route, lua in scripts.items():
                result = run(server.url, lua, 1 if i == 0 else seconds, connections)
                if route == "checkin":
                    checkins += result.requests - result.non_2xx
                if i == 0:
                    continue  # the warm-up
                results[(route, connections)] = result
                print(
                    f"{name} ({workers}w) {route:<8} c={connections:<2}: "
                    f"{result.requests_per_s:7.0f} req/s, {result.tails()}, "
                    f"non-2xx {result.non_2xx} of {result.requests}"
                )
    finally:
        stop_server(server)
    used, counted = asyncio.run(stored(url, gate_ids))
    print(
        f"{name}: statements per scan: first {statements['first']}, repeated "
        f"{statements['repeat']}; tickets checked in {used}: the 200s wrk saw ({checkins}) + 1 "
        "in-process + those still in flight when a wrk run stopped (at most its connections); "
        f"gates counted {counted} in (2 per ticket, plus the counting batches' taps)"
    )
    print(f"{name}: load average {load_average()}")
    return {"results": results, "statements": statements}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="of each wrk run")
    args = parser.parse_args()
    print(f"load average at start {load_average()}; wrk -t1, {args.seconds} s per run")
    with pg_database("bench_checkin") as url:
        pg = bench("postgres", url, 2, args.seconds)
    with tempfile.TemporaryDirectory() as folder:
        bench("sqlite", f"sqlite://{folder}/bench.sqlite3", 1, args.seconds)
    for connections in (16, 64):
        scan, batch = (
            pg["results"][("checkin", connections)],
            pg["results"][("counting", connections)],
        )
        print(
            f"postgres c={connections}: check-in is "
            f"{100 * scan.requests_per_s / max(batch.requests_per_s, 1e-9):.0f}% of the counting "
            "batch (goal ≥ 50%)"
        )
    scan, batch = pg["results"][("checkin", 16)], pg["results"][("counting", 16)]
    print(f"load average at end {load_average()}")
    print(
        f"BENCH checkin_postgres scans_per_s={scan.requests_per_s:.0f} p50_ms={scan.p50_ms:.1f} "
        f"p99_ms={scan.p99_ms:.1f} statements={pg['statements']['first']} "
        f"repeat_statements={pg['statements']['repeat']} "
        f"batch_ratio={scan.requests_per_s / max(batch.requests_per_s, 1e-9):.2f}"
    )


if __name__ == "__main__":
    main()
