"""Soak: gate counting, booking, sales entry and page views together on 2 workers, one killed.

    python benchmarks/soak.py [--seconds 180] [--concurrency 32]

Makes its own PostgreSQL database (soak_bench, dropped at the end), migrates it, loads the demo
data, serves it with `ocopfair serve --workers 2` on loopback and, for a bounded time, runs
together (32 client tasks by default):

- gate counting: batches of taps with unique keys, POSTed to the running week's gates; a batch
  whose answer was lost is re-sent with the same key and body, as the phone app does;
- booking: many producers competing to hold the 20 booths of the open local fair, and letting
  them go again (409 when someone was faster: expected);
- sales entry: daily revenue of the running week's booths, each booth-day written by one task;
- page views: the home page and event pages, anonymous.

Mid-run one uvicorn worker gets SIGKILL. Uvicorn's supervisor starts a new worker; if it does
not within 20 s the whole server is restarted on the same port (and the output says so).

Afterwards the database is checked: every acknowledged (2xx) batch, hold, release and sale is
stored exactly once, and the gate counters grew by exactly the taps of the stored batches. It
prints requests served, errors (non-2xx other than the expected 409s; connection errors inside
the kill window are counted apart), p99 latency and lost acknowledged writes, and ends with
`BENCH soak requests=… errors=… p99_ms=… lost_writes=…`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.databases import connected  # noqa: E402
from tests.environment import TEST_SECRET  # noqa: E402
from tests.live_server import (  # noqa: E402
    LiveServer,
    app_env,
    free_port,
    run_cli,
    start_server,
    stop_server,
)

PG_SERVER = os.environ.get("OCOPFAIR_SOAK_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "soak_bench"
DB_URL = f"{PG_SERVER}/{DB_NAME}"
RESTART_GRACE = 20.0  # seconds uvicorn gets to replace a killed worker
KILL_WINDOW_AFTER = 5.0  # connection errors this long after the restart still count as the kill's


# --- The database and the server -----------------------------------------------------------


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_SERVER.replace("postgres://", "postgresql://") + "/postgres")
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def recreate_database() -> None:
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
    asyncio.run(_admin(f'CREATE DATABASE "{DB_NAME}"'))


def drop_database() -> None:
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))


async def _migrations_are_stale() -> bool:
    """True when the models changed since the last migration (the lead regenerates them)."""
    from tortoise import Tortoise
    from tortoise.migrations.autodetector import MigrationAutodetector

    from composition.database import tortoise_config

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite://{tmp}/probe.sqlite3"
        async with connected(url):
            config = tortoise_config(url)
            changes = await MigrationAutodetector(Tortoise.apps, config["apps"]).changes()
    return any(writer.operations for writer in changes)


async def _generate_schema() -> None:
    async with connected(DB_URL, create_schema=True):
        pass


def build_schema(env: dict[str, str]) -> str:
    if asyncio.run(_migrations_are_stale()):
        asyncio.run(_generate_schema())
        return (
            "migrations are stale (models changed since the last migration): schema made "
            "with Tortoise generate_schemas instead of `ocopfair migrate`"
        )
    run_cli(env, "migrate")
    return "schema made with `ocopfair migrate`"


@dataclass
class Server:
    """The app on 2 workers (tests/live_server.py starts it), restartable on the same port."""

    port: int
    var_dir: Path
    live: LiveServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.var_dir / "server.log"

    def start(self) -> None:
        # Its own process group: SIGKILL to a worker must never reach this script.
        self.live = start_server(
            DB_URL,
            workers=2,
            var_dir=self.var_dir,
            port=self.port,
            timeout=30.0,
            ready=lambda live: len(_workers_of(live)) == 2,
            new_session=True,
        )

    def workers(self) -> list[int]:
        return _workers_of(self.live) if self.live else []

    def stop(self) -> None:
        if self.live is None:
            return
        orphans = self.workers()
        stop_server(self.live, timeout=15.0)
        for pid in orphans:  # a worker orphaned by a hard stop
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _workers_of(live: LiveServer) -> list[int]:
    """Pids of the uvicorn worker processes (children of the supervisor)."""
    pids = []
    for child in _children(live.process.pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing" in cmdline and b"resource_tracker" not in cmdline:
            pids.append(child)
    return pids


def cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


# --- What the load works on ------------------------------------------------------------------


@dataclass
class Plan:
    gate_ids: list[int]
    gate_token: str
    booking_event: int
    booth_ids: list[int]
    exhibitor_tokens: list[tuple[int, str]]  # (exhibitor id, token)
    sale_keys: list[tuple[int, str]]  # (assignment id, iso day) of the running week
    admin_token: str
    pages: list[tuple[str, str | None]]  # (path, bearer token or None for anonymous)


async def _prepare(exhibitors_wanted: int) -> Plan:
    """Tokens and ids for the load, read from the demo data (plus producer accounts)."""
    from booths.models import Booth, BoothAssignment
    from events.models import AllocationMode, Event, EventKind, EventStatus
    from exhibitors.models import Exhibitor, ExhibitorStatus, Product
    from ocopfair.accounts import create_token
    from ocopfair.i18n import local_today
    from ocopfair.models import Role, User
    from visitors.models import Gate

    async with connected(DB_URL):
        today = local_today()
        week = await Event.get(kind=EventKind.CONNECTION_WEEK, status=EventStatus.RUNNING)
        gate_user = await User.get(username="gate")
        gates = await Gate.filter(event=week, staff__id=gate_user.id).values_list("id", flat=True)
        fair = await Event.get(allocation_mode=AllocationMode.BOOKING, status=EventStatus.OPEN)
        booths = await Booth.filter(event=fair, blocked=False).values_list("id", flat=True)
        busy = await BoothAssignment.filter(
            booth__event_id=fair.id, active_booth__isnull=False
        ).values_list("exhibitor_id", flat=True)
        certified = await Product.filter(
            certificate_expiry__gte=fair.end_date,
            exhibitor__status=ExhibitorStatus.ACTIVE,
        ).values_list("exhibitor_id", flat=True)
        chosen = sorted(set(certified) - set(busy))[:exhibitors_wanted]
        tokens = []
        for exhibitor_id in chosen:
            # No password (an unusable hash): these accounts only ever use their token.
            user = await User.create(
                username=f"soak{exhibitor_id}",
                password_hash="!",
                role=Role.EXHIBITOR,
                exhibitor_id=exhibitor_id,
            )
            tokens.append((exhibitor_id, await create_token(user, "soak")))
        selling = await BoothAssignment.filter(
            booth__event_id=week.id, active_booth__isnull=False
        ).values_list("id", flat=True)
        days = [
            week.start_date + dt.timedelta(days=i)
            for i in range((min(today, week.end_date) - week.start_date).days + 1)
        ]
        admin = await User.get(username="admin")
        organizer_token = await create_token(await User.get(username="organizer"), "soak")
        upcoming = await Event.filter(
            kind=EventKind.PROVINCIAL_FAIR, status=EventStatus.OPEN
        ).first()
        assert await Exhibitor.filter(id__in=chosen).count() == len(chosen)
        return Plan(
            gate_ids=list(gates),
            gate_token=await create_token(gate_user, "soak"),
            booking_event=fair.id,
            booth_ids=list(booths),
            exhibitor_tokens=tokens,
            sale_keys=[(a, d.isoformat()) for a in sorted(selling) for d in days],
            admin_token=await create_token(admin, "soak"),
            # Visitors' public pages, and an organizer's working pages (the token signs in).
            pages=[
                ("/", None),
                ("/events", None),
                (f"/events/{fair.id}/public", None),
                (f"/events/{upcoming.id if upcoming else week.id}/public", None),
                ("/", organizer_token),
                (f"/events/{week.id}", organizer_token),
                (f"/events/{fair.id}/booths", organizer_token),
            ],
        )


# --- The load --------------------------------------------------------------------------------


@dataclass
class Stats:
    started: float = field(default_factory=time.monotonic)
    latencies: list[float] = field(default_factory=list)
    kind_latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    by_kind: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    kill_connection_errors: int = 0
    kill_window: tuple[float, float] | None = None  # (killed at, window ends), monotonic
    killed_at: float | None = None
    # Acknowledged writes, to find in the database afterwards.
    batches: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # key -> gate, in, out
    holds: dict[int, tuple[int, int]] = field(default_factory=dict)  # assignment -> booth, exh.
    releases: set[int] = field(default_factory=set)
    sales: dict[tuple[int, str], int] = field(default_factory=dict)  # (assignment, day) -> VND
    kill_note: str = ""

    def in_kill_window(self, at: float) -> bool:
        if self.killed_at is None or at < self.killed_at:
            return False
        return self.kill_window is None or at <= self.kill_window[1]


class Load:
    def __init__(self, url: str, plan: Plan, stats: Stats, deadline: float) -> None:
        self.plan, self.stats, self.deadline = plan, stats, deadline
        self.client = httpx.AsyncClient(
            base_url=url,
            timeout=httpx.Timeout(30.0),
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=64),
        )

    async def call(
        self,
        kind: str,
        method: str,
        path: str,
        token: str | None = None,
        body: Any = None,
        expected: tuple[int, ...] = (),
    ) -> httpx.Response | None:
        """One request; None when the connection failed (no answer: nothing acknowledged)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        started = time.monotonic()
        try:
            response = await self.client.request(method, path, headers=headers, json=body)
        except httpx.TransportError as error:
            if self.stats.in_kill_window(started) or self.stats.in_kill_window(time.monotonic()):
                self.stats.kill_connection_errors += 1
            else:
                self.stats.errors.append(f"{method} {path}: {type(error).__name__} {error}")
            await asyncio.sleep(0.05)
            return None
        self.stats.latencies.append(time.monotonic() - started)
        self.stats.kind_latencies[kind].append(time.monotonic() - started)
        self.stats.statuses[response.status_code] += 1
        self.stats.by_kind[kind] += 1
        if response.status_code == 409:
            self.stats.conflicts += 1
        elif not 200 <= response.status_code < 300 and response.status_code not in expected:
            self.stats.errors.append(
                f"{method} {path}: {response.status_code} {response.text[:200]}"
            )
        return response

    def running(self) -> bool:
        return time.monotonic() < self.deadline

    async def count_at_gate(self, n: int) -> None:
        gate = self.plan.gate_ids[n % len(self.plan.gate_ids)]
        while self.running():
            key = f"soak-{uuid.uuid4().hex}"
            now = dt.datetime.now(dt.UTC)
            taps = [
                {
                    "id": f"t{i}",
                    "at": (now - dt.timedelta(seconds=i)).isoformat(),
                    "dir": random.choice(["in", "in", "out"]),
                    "delta": random.randint(1, 4),
                }
                for i in range(random.randint(1, 12))
            ]
            body = {"key": key, "device": f"soak-phone-{n}", "taps": taps}
            # Re-send the same batch until it is acknowledged (the phone keeps it until then).
            while time.monotonic() < self.deadline + 30:
                response = await self.call(
                    "count", "POST", f"/api/v1/gates/{gate}/batches", self.plan.gate_token, body
                )
                if response is None:
                    continue
                if response.status_code in (200, 201):
                    self.stats.batches[key] = (
                        gate,
                        sum(t["delta"] for t in taps if t["dir"] == "in"),
                        sum(t["delta"] for t in taps if t["dir"] == "out"),
                    )
                break

    async def book(self, producers: list[tuple[int, str]]) -> None:
        held: dict[int, int | None] = {exhibitor: None for exhibitor, _token in producers}
        event = self.plan.booking_event
        while self.running():
            for exhibitor, token in producers:
                if not self.running():
                    return
                current = held[exhibitor]
                if current is None:
                    booth = random.choice(self.plan.booth_ids)
                    response = await self.call(
                        "book", "POST", f"/api/v1/events/{event}/booths/{booth}/hold", token
                    )
                    if response is None or response.status_code == 422:
                        # No answer (or "you already hold one"): learn what is really held.
                        held[exhibitor] = await self.own_hold(event, token)
                    elif response.status_code == 201:
                        hold = response.json()
                        self.stats.holds[hold["id"]] = (hold["booth_id"], exhibitor)
                        held[exhibitor] = hold["id"]
                else:
                    response = await self.call(
                        "book",
                        "POST",
                        f"/api/v1/assignments/{current}/cancel",
                        token,
                        {"reason": "soak"},
                    )
                    if response is not None and response.status_code == 200:
                        self.stats.releases.add(current)
                        held[exhibitor] = None
                    elif response is not None and response.status_code == 409:
                        held[exhibitor] = None  # already released (by our lost earlier try)

    async def own_hold(self, event: int, token: str) -> int | None:
        response = await self.call("book", "GET", f"/api/v1/events/{event}/assignments", token)
        if response is None or response.status_code != 200:
            return None
        items = response.json()["items"]
        return items[0]["id"] if items else None

    async def enter_sales(self, keys: list[tuple[int, str]]) -> None:
        while self.running() and keys:
            assignment, day = random.choice(keys)
            revenue = random.randint(1, 20_000) * 1_000
            body = {
                "assignment_id": assignment,
                "day": day,
                "revenue": revenue,
                "customers": random.randint(0, 300),
            }
            while time.monotonic() < self.deadline + 30:
                response = await self.call(
                    "sales", "POST", "/api/v1/sales", self.plan.admin_token, body
                )
                if response is None:
                    continue
                if response.status_code == 200:
                    self.stats.sales[(assignment, day)] = revenue
                break

    async def view_pages(self, n: int) -> None:
        pages = self.plan.pages
        i = n
        while self.running():
            path, token = pages[i % len(pages)]
            await self.call("page", "GET", path, token)
            i += 1

    async def close(self) -> None:
        await self.client.aclose()


async def kill_one_worker(server: Server, stats: Stats, at: float) -> None:
    await asyncio.sleep(max(0.0, at - time.monotonic()))
    workers = server.workers()
    if not workers:
        stats.kill_note = "no worker process found to kill"
        return
    # The busiest worker (most CPU time): the one holding the clients' connections, so the
    # kill cuts requests in flight rather than an idle process.
    victim = max(workers, key=cpu_ticks)
    stats.killed_at = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    waited = 0.0
    while waited < RESTART_GRACE:
        await asyncio.sleep(0.2)
        waited = time.monotonic() - stats.killed_at
        alive = [p for p in server.workers() if p != victim]
        if len(alive) >= 2:
            stats.kill_window = (stats.killed_at, time.monotonic() + KILL_WINDOW_AFTER)
            stats.kill_note = (
                f"killed worker pid {victim} with SIGKILL at "
                f"t={stats.killed_at - stats.started:.0f} s; uvicorn's supervisor "
                f"started a new worker in {waited:.1f} s"
            )
            return
    # Not replaced: restart the whole server on the same port (in a thread: it blocks).
    await asyncio.to_thread(server.stop)
    await asyncio.to_thread(server.start)
    stats.kill_window = (stats.killed_at, time.monotonic() + KILL_WINDOW_AFTER)
    stats.kill_note = (
        f"killed worker pid {victim}; uvicorn did not replace it within "
        f"{RESTART_GRACE:.0f} s, so the server was restarted on the same port"
    )


async def run_load(server: Server, plan: Plan, seconds: float, concurrency: int) -> Stats:
    stats = Stats()
    deadline = stats.started + seconds
    load = Load(server.url, plan, stats, deadline)
    # Share the tasks: counting is the hot path at a fair, then booking, pages and sales.
    n_count = max(1, concurrency * 3 // 8)
    n_book = max(1, concurrency // 4)
    n_sales = max(1, concurrency // 8)
    n_pages = max(1, concurrency - n_count - n_book - n_sales)
    producers = plan.exhibitor_tokens
    sale_keys = plan.sale_keys
    tasks = [load.count_at_gate(i) for i in range(n_count)]
    tasks += [load.book(producers[i::n_book]) for i in range(n_book) if producers[i::n_book]]
    # Each booth-day belongs to one task, so the last acknowledged value is the stored one.
    assignments = sorted({a for a, _d in sale_keys})
    for i in range(n_sales):
        mine = set(assignments[i::n_sales])
        tasks.append(load.enter_sales([k for k in sale_keys if k[0] in mine]))
    tasks += [load.view_pages(i) for i in range(n_pages)]
    killer = asyncio.create_task(kill_one_worker(server, stats, stats.started + seconds * 0.4))
    try:
        await asyncio.gather(*tasks)
        await killer
    finally:
        await load.close()
    stats.by_kind["tasks"] = len(tasks)
    return stats


# --- Checking the database afterwards ---------------------------------------------------------


async def verify(stats: Stats, baseline: dict[tuple[int, str], int]) -> dict[str, int]:
    """Lost and duplicated acknowledged writes, by kind."""
    conn = await asyncpg.connect(DB_URL.replace("postgres://", "postgresql://"))
    try:
        found: dict[str, int] = defaultdict(int)
        keys = list(stats.batches)
        rows = await conn.fetch(
            "SELECT client_key, gate_id, taps FROM countbatch WHERE client_key = ANY($1)", keys
        )
        stored = Counter(r["client_key"] for r in rows)
        for key in stats.batches:
            if stored[key] == 0:
                found["lost_batches"] += 1
            elif stored[key] > 1:
                found["duplicate_batches"] += 1
        for row in rows:
            taps = json.loads(row["taps"]) if isinstance(row["taps"], str) else row["taps"]
            gate, n_in, n_out = stats.batches[row["client_key"]]
            if (
                sum(t["delta"] for t in taps if t["dir"] == "in"),
                sum(t["delta"] for t in taps if t["dir"] == "out"),
            ) != (n_in, n_out):
                found["altered_batches"] += 1
        # The counters grew by exactly the taps of every stored soak batch (acknowledged or not):
        # a batch counted twice, or stored without its counts, shows here.
        soak_rows = await conn.fetch(
            "SELECT gate_id, taps FROM countbatch WHERE client_key LIKE 'soak-%'"
        )
        expected: Counter = Counter(baseline)
        for row in soak_rows:
            taps = json.loads(row["taps"]) if isinstance(row["taps"], str) else row["taps"]
            for t in taps:
                expected[(row["gate_id"], t["dir"])] += t["delta"]
        counted = await gate_totals(conn)
        gates = {g for g, _d in expected} | {g for g, _d in counted}
        for gate in gates:
            for direction in ("in", "out"):
                if counted.get((gate, direction), 0) != expected.get((gate, direction), 0):
                    found["counter_mismatches"] += 1
        found["unacknowledged_batches_stored"] = len(soak_rows) - len(rows)

        holds = await conn.fetch(
            "SELECT id, booth_id, exhibitor_id, active_booth, released_at FROM boothassignment "
            "WHERE id = ANY($1)",
            list(stats.holds),
        )
        by_id = {r["id"]: r for r in holds}
        for assignment, (booth, exhibitor) in stats.holds.items():
            row = by_id.get(assignment)
            if row is None or (row["booth_id"], row["exhibitor_id"]) != (booth, exhibitor):
                found["lost_holds"] += 1
            elif assignment in stats.releases and row["released_at"] is None:
                found["lost_releases"] += 1
            elif (
                assignment not in stats.releases
                and row["active_booth"] is None
                and (row["released_at"] is None)
            ):
                found["lost_holds"] += 1
        double = await conn.fetchval(
            "SELECT count(*) FROM (SELECT active_booth FROM boothassignment WHERE active_booth "
            "IS NOT NULL GROUP BY active_booth HAVING count(*) > 1) d"
        )
        found["double_booked_booths"] = double

        sales = await conn.fetch(
            "SELECT assignment_id, day, revenue FROM salesrecord WHERE assignment_id = ANY($1)",
            list({a for a, _d in stats.sales}),
        )
        stored_sales = Counter((r["assignment_id"], r["day"].isoformat()) for r in sales)
        revenue = {(r["assignment_id"], r["day"].isoformat()): r["revenue"] for r in sales}
        for key, amount in stats.sales.items():
            if stored_sales[key] == 0 or revenue[key] != amount:
                found["lost_sales"] += 1
            elif stored_sales[key] > 1:
                found["duplicate_sales"] += 1
        return dict(found)
    finally:
        await conn.close()


async def gate_totals(conn: asyncpg.Connection | None = None) -> dict[tuple[int, str], int]:
    own = conn is None
    conn = conn or await asyncpg.connect(DB_URL.replace("postgres://", "postgresql://"))
    try:
        rows = await conn.fetch(
            "SELECT gate_id, direction, sum(count) AS n FROM gatecount GROUP BY 1, 2"
        )
        return {(r["gate_id"], r["direction"]): int(r["n"]) for r in rows}
    finally:
        if own:
            await conn.close()


# --- Main ------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The q-quantile of seconds, in milliseconds (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--producers", type=int, default=48)
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("OCOPFAIR_SECRET_KEY", TEST_SECRET)

    var_dir = Path(tempfile.mkdtemp(prefix="ocopfair-soak-"))
    env = app_env(DB_URL, var_dir)
    os.environ["DATABASE_URL"] = DB_URL
    recreate_database()
    server = Server(free_port(), var_dir)
    try:
        schema_note = build_schema(env)
        started = time.monotonic()
        run_cli(env, "demo")
        print(f"soak: {schema_note}; demo data loaded in {time.monotonic() - started:.0f} s")
        plan = asyncio.run(_prepare(args.producers))
        print(
            f"soak: {len(plan.gate_ids)} gates counting, {len(plan.exhibitor_tokens)} producers "
            f"competing for {len(plan.booth_ids)} booths, {len(plan.sale_keys)} booth-days "
            f"of sales, {len(plan.pages)} pages"
        )
        server.start()
        baseline = asyncio.run(gate_totals())
        print(
            f"soak: {args.seconds:.0f} s on 2 workers (PostgreSQL {DB_NAME}), "
            f"{args.concurrency} client tasks, loopback {server.url}"
        )
        stats = asyncio.run(run_load(server, plan, args.seconds, args.concurrency))
        server.stop()
        found = asyncio.run(verify(stats, baseline))
    finally:
        server.stop()
        log = server.log.read_text(errors="replace") if server.log.exists() else ""
        if not args.keep_database:
            drop_database()

    served = sum(stats.statuses.values())
    latencies = sorted(stats.latencies)
    p99, p50 = percentile(latencies, 0.99), percentile(latencies, 0.5)
    lost = sum(
        found.get(k, 0)
        for k in ("lost_batches", "lost_holds", "lost_releases", "lost_sales", "altered_batches")
    )
    duplicates = sum(
        found.get(k, 0)
        for k in (
            "duplicate_batches",
            "duplicate_sales",
            "counter_mismatches",
            "double_booked_booths",
        )
    )
    errors = len(stats.errors)
    print(f"worker kill: {stats.kill_note}")
    print(f"requests served: {served} ({dict(stats.by_kind)}); {served / args.seconds:.0f} req/s")
    print(f"statuses: {dict(sorted(stats.statuses.items()))}")
    print(f"expected 409 conflicts (booth already taken / already released): {stats.conflicts}")
    print(f"connection errors during the kill window: {stats.kill_connection_errors}")
    print(f"errors: {errors}")
    for line in stats.errors[:10]:
        print(f"  {line}")
    print(f"server log: {log.count('Traceback')} tracebacks")
    print(
        f"latency: p50 {p50:.1f} ms, p99 {p99:.1f} ms; by kind (p50/p99 ms): "
        + ", ".join(
            f"{kind} {percentile(v, 0.5):.0f}/{percentile(v, 0.99):.0f}"
            for kind, v in sorted(stats.kind_latencies.items())
        )
    )
    print(
        f"acknowledged writes: {len(stats.batches)} count batches "
        f"({sum(i + o for _g, i, o in stats.batches.values())} people), "
        f"{len(stats.holds)} holds, {len(stats.releases)} releases, "
        f"{len(stats.sales)} booth-day sales (last value of each)"
    )
    print(f"database check: {found}")
    print(f"lost acknowledged writes: {lost}; duplicated or miscounted: {duplicates}")
    print(f"BENCH soak requests={served} errors={errors} p99_ms={p99:.0f} lost_writes={lost}")
    return 0 if lost + duplicates == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
