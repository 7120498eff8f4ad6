"""The app served for real: `ocopfair serve` (uvicorn) in a child process on loopback.

Used by the tests (the live_server fixture, concurrency tests) and by the benchmarks, so there
is one way to start, wait for and stop a server. Only 127.0.0.1, on a free port.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx

from tests.environment import ROOT, TEST_SECRET


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen
    env: dict[str, str]  # what the server runs with (DATABASE_URL, OCOPFAIR_VAR_DIR...)
    log: Path  # the server's stderr

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(
    database_url: str, var_dir: Path | None = None, extra_env: dict[str, str] | None = None
) -> dict[str, str]:
    """The environment of an app process: its database, the test secret, a var dir of its own."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "OCOPFAIR_SECRET_KEY": TEST_SECRET,
        "OCOPFAIR_VAR_DIR": str(var_dir or tempfile.mkdtemp(prefix="ocopfair-var-")),
        # The notice jobs stay out of served test apps (tests run them by hand, with a clock).
        "OCOPFAIR_WORKER": "external",
        **(extra_env or {}),
    }


def run_cli(env: dict[str, str], *args: str) -> None:
    """Run an `ocopfair` command (migrate, demo...) with `env`; fail if it fails."""
    subprocess.run(
        [sys.executable, "-m", "composition.cli", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def start_server(
    database_url: str,
    workers: int = 1,
    extra_env: dict[str, str] | None = None,
    *,
    var_dir: Path | None = None,
    port: int | None = None,
    timeout: float = 60.0,  # a shared, loaded machine imports the app (OR-Tools...) slowly
    ready: Callable[[LiveServer], bool] = lambda server: True,
    new_session: bool = False,
) -> LiveServer:
    """Serve the app on `database_url` and return once /livez answers and `ready` holds.

    The schema must exist already. `new_session` puts the server in a process group of its
    own (a benchmark that kills workers must not hit itself).
    """
    env = app_env(database_url, var_dir, extra_env)
    port = port or free_port()
    # The server's public address is its loopback one (Host headers of other names get 400).
    if "OCOPFAIR_BASE_URL" not in (extra_env or {}):
        env["OCOPFAIR_BASE_URL"] = f"http://127.0.0.1:{port}"
    log = Path(env["OCOPFAIR_VAR_DIR"]) / "server.log"
    # The server's log goes to a file: an unread pipe fills up (a client that hangs up
    # mid-request logs a traceback) and then freezes the server's event loop.
    with log.open("ab") as log_file:
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
            stderr=log_file,
            start_new_session=new_session,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, env, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(server.url + "/livez", timeout=1).status_code == 200 and ready(server):
                return server
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            raise RuntimeError("the live server exited: " + log.read_text(errors="replace")[-2000:])
        time.sleep(0.1)
    process.kill()
    process.wait()
    raise RuntimeError(f"the live server did not start in {timeout:.0f} s")


def stop_server(server: LiveServer, timeout: float = 10.0) -> None:
    """Ask the server to stop; kill it if it has not within `timeout` seconds."""
    server.process.terminate()
    try:
        server.process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=5)
