"""Is the event loop free? Sample /livez of a live server while something heavy runs there.

Used by tests/core/test_event_loop.py and by benchmarks/login_storm.py and
benchmarks/hostile_xlsx.py, so the figures and the test measure the same way.
"""

from __future__ import annotations

import io
import multiprocessing
import re
import statistics
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx2 as httpx

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def sample_livez(url: str, stop: Any, interval: float = 0.05) -> list[float]:
    """Milliseconds each /livez took, asked every `interval` seconds until `stop` is set."""
    times: list[float] = []
    with httpx.Client(base_url=url, timeout=30) as client:
        while not stop.is_set():
            started = time.perf_counter()
            assert client.get("/livez").status_code == 200
            times.append((time.perf_counter() - started) * 1000)
            time.sleep(max(0.0, interval - (time.perf_counter() - started)))
    return times


def _sampler_process(url: str, stop: Any, out: Any) -> None:
    out.put(sample_livez(url, stop))


def while_sampling(url: str, work: Callable[[], object]) -> tuple[list[float], object]:
    """Run `work()` while sampling /livez; returns the samples and what work returned.

    The sampler is a process of its own: in this one it would wait for the GIL behind the
    threads that make the load, and measure them instead of the server."""
    context = multiprocessing.get_context("spawn")
    stop, out = context.Event(), context.Queue()
    sampler = context.Process(target=_sampler_process, args=(url, stop, out))
    sampler.start()
    try:
        time.sleep(1.0)  # the process starts, then some samples before, as a baseline
        result = work()
        time.sleep(0.1)
    finally:
        stop.set()
    times = out.get(timeout=60)
    sampler.join(timeout=10)
    return times, result


def p99(times: list[float]) -> float:
    return statistics.quantiles(times, n=100)[98] if len(times) >= 2 else max(times)


def signed_in(url: str, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=60)
    token = CSRF.search(client.get("/login").text)
    assert token
    answer = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
    )
    assert answer.status_code == 303, answer.status_code
    client.headers["X-CSRFToken"] = CSRF.search(client.get("/").text).group(1)  # type: ignore[union-attr]
    return client


def bad_login(url: str, username: str) -> int:
    """One wrong password from a fresh browser; the answer's status (400, or 429 when slowed)."""
    with httpx.Client(base_url=url, timeout=60) as client:
        token = CSRF.search(client.get("/login").text)
        assert token
        data = {"username": username, "password": "wrong-password", "csrf_token": token.group(1)}
        return client.post("/login", data=data).status_code


def login_storm(url: str, seconds: float, parallel: int = 16) -> list[int]:
    """`parallel` browsers posting wrong passwords for `seconds` (distinct usernames)."""
    deadline = time.monotonic() + seconds
    statuses: list[int] = []

    def one(worker: int) -> None:
        n = 0
        while time.monotonic() < deadline:
            statuses.append(bad_login(url, f"nobody{worker}-{n}"))
            n += 1

    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(one, range(parallel)))
    return statuses


def hostile_workbook(strings: int = 5_480_000) -> bytes:
    """The issue's workbook: some 280 KB that unzips to ~99 MB of tiny shared strings."""
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
        "xl/workbook.xml": (
            b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheets><sheet name="S" sheetId="1"/></sheets></workbook>'
        ),
        "xl/worksheets/sheet1.xml": (
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
        ),
        "xl/sharedStrings.xml": (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"<si><t>a</t></si>" * strings
            + b"</sst>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload_workbook(client: httpx.Client, data: bytes) -> httpx.Response:
    token = client.headers["X-CSRFToken"]
    return client.post(
        "/exhibitors/import",
        data={"csrf_token": token},
        files={"file": ("hostile.xlsx", data, "application/octet-stream")},
    )
