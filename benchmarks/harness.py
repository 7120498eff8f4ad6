"""Shared pieces of the benchmarks: a throwaway app server on loopback and a wrk load run.

Benchmarks print figures and never fail a build. Load goes only to 127.0.0.1, for a bounded
time. wrk (Debian package) generates the load from a separate process, with one thread so
the server keeps most of the second core.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_cli(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "composition.cli", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextmanager
def app_server(
    database_url: str | None = None,
    workers: int = 1,
    demo: bool = True,
    extra_env: dict[str, str] | None = None,
) -> Iterator[tuple[str, dict[str, str]]]:
    """Migrate (and load demo data into) a fresh database, serve it, yield its base URL."""
    var_dir = tempfile.mkdtemp(prefix="ocopfair-bench-")
    env = {
        **os.environ,
        "OCOPFAIR_VAR_DIR": var_dir,
        "OCOPFAIR_SECRET_KEY": "bench-secret",
        "DATABASE_URL": database_url or f"sqlite://{var_dir}/bench.sqlite3",
        **(extra_env or {}),
    }
    run_cli(env, "migrate")
    if demo:
        run_cli(env, "demo")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "composition.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(url + "/livez", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url, env
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(var_dir, ignore_errors=True)


def session_cookie(url: str, username: str, password: str = "demo1234") -> str:
    """Log in like a browser and return the session cookie's value."""
    with httpx.Client(base_url=url) as client:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
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


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(
    url: str,
    *,
    seconds: int = 10,
    connections: int = 64,
    headers: dict[str, str] | None = None,
    script: str | None = None,
) -> LoadResult:
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return LoadResult(rps, _ms(*p99.groups()), int(non_2xx.group(1)) if non_2xx else 0)
