"""Shared pieces of the benchmarks: a throwaway app server on loopback and a wrk load run.

Benchmarks print figures and never fail a build. Load goes only to 127.0.0.1, for a bounded
time. wrk (Debian package) generates the load from a separate process, with one thread by
default so the server keeps most of the second core. The server itself is started by
tests/live_server.py, the same code the tests use.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx2 as httpx  # noqa: E402

from composition.demo import DEMO_PASSWORD  # noqa: E402
from tests.live_server import app_env, run_cli, start_server, stop_server  # noqa: E402
from tests.login import CSRF_INPUT  # noqa: E402


@contextmanager
def app_server(
    database_url: str | None = None,
    workers: int = 1,
    demo: bool = True,
    extra_env: dict[str, str] | None = None,
) -> Iterator[tuple[str, dict[str, str]]]:
    """Migrate (and load demo data into) a fresh database, serve it, yield its base URL and
    the server's environment. Without a database URL: a SQLite file in a temporary folder."""
    var_dir = Path(tempfile.mkdtemp(prefix="ocopfair-bench-"))
    url = database_url or f"sqlite://{var_dir}/bench.sqlite3"
    try:
        env = app_env(url, var_dir, extra_env)
        run_cli(env, "migrate")
        if demo:
            run_cli(env, "demo")
        server = start_server(url, workers, extra_env, var_dir=var_dir)
        try:
            yield server.url, server.env
        finally:
            stop_server(server)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def session_cookie(url: str, username: str, password: str = DEMO_PASSWORD) -> str:
    """Log in like a browser and return the session cookie's value."""
    with httpx.Client(base_url=url) as client:
        page = client.get("/login")
        token = CSRF_INPUT.search(page.text).group(1)
        response = client.post(
            "/login", data={"username": username, "password": password, "csrf_token": token}
        )
        assert response.status_code == 303, response.text[:300]
        return client.cookies["session"]


@dataclass
class LoadResult:
    requests_per_s: float
    p99_ms: float
    non_2xx: int
    requests: int
    socket_errors: str  # wrk's own line, or "none"
    p50_ms: float = float("nan")
    p90_ms: float = float("nan")

    def tails(self) -> str:
        """p50/p90/p99, and p99 as a multiple of p50 (the goal: at most 5)."""
        return (
            f"p50 {self.p50_ms:.1f} ms, p90 {self.p90_ms:.1f} ms, p99 {self.p99_ms:.1f} ms "
            f"(p99/p50 {self.p99_ms / max(self.p50_ms, 1e-9):.1f})"
        )


def load_average() -> str:
    """The machine's load average: other people's work moves every absolute figure."""
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


@contextmanager
def pg_database(name: str) -> Iterator[str]:
    """A fresh PostgreSQL database `name` on this machine (dropped afterwards); its URL."""
    import asyncio
    import os

    import asyncpg

    admin = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")

    async def run(statement: str) -> None:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    asyncio.run(run(f"CREATE DATABASE {name}"))
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(
    url: str,
    *,
    seconds: int = 10,
    connections: int = 64,
    threads: int = 1,
    headers: dict[str, str] | None = None,
    script: str | None = None,
) -> LoadResult:
    """Load `url` with wrk for `seconds`; its figures, parsed."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "5s",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(
        command + [url], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s|m)\b", output)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s|m)\b", output)
    p90 = re.search(r"90%\s+([\d.]+)(us|ms|s|m)\b", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if requests == 0 or rps == 0:
        print(output)
    return LoadResult(
        requests_per_s=rps,
        p99_ms=_ms(*p99.groups()) if p99 else float("nan"),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        requests=requests,
        socket_errors=socket_errors.group(1) if socket_errors else "none",
        p50_ms=_ms(*p50.groups()) if p50 else float("nan"),
        p90_ms=_ms(*p90.groups()) if p90 else float("nan"),
    )
