"""Invite every demo producer and render the printable sheet (a QR code each), timed.

An organizer of the demo (186 producers) posts "invite all": one account and one code per
producer not signed up yet, then the sheet. Timed from the browser's side (one request, as a
person waits for it), on a served app. Target: under 3 s on SQLite and on PostgreSQL.

python benchmarks/invite_186.py                       # SQLite file in a temporary folder
python benchmarks/invite_186.py --postgres URL        # that PostgreSQL database, emptied first
Last line: BENCH invite_186 seconds=… invitations=… db=…
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import time

import httpx2 as httpx
from harness import app_server

from composition.demo import DEMO_PASSWORD
from tests.databases import reset_postgres
from tests.login import CSRF_INPUT


def invite_all(url: str) -> tuple[float, int]:
    with httpx.Client(base_url=url, timeout=60) as client:
        token = CSRF_INPUT.search(client.get("/login").text).group(1)
        client.post(
            "/login",
            data={"username": "organizer", "password": DEMO_PASSWORD, "csrf_token": token},
        )
        token = CSRF_INPUT.search(client.get("/invitations").text).group(1)
        started = time.perf_counter()
        sheet = client.post("/invitations", data={"all": "1", "csrf_token": token})
        seconds = time.perf_counter() - started
    assert sheet.status_code == 200, sheet.text[:300]
    codes = re.findall(r'<span class="code">', sheet.text)
    assert sheet.text.count("<svg") == len(codes)
    return seconds, len(codes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL whose tables may be dropped")
    parser.add_argument("--runs", type=int, default=3, help="invite all again this many times")
    args = parser.parse_args()
    if args.postgres:
        asyncio.run(reset_postgres(args.postgres))
    with app_server(args.postgres) as (url, _env):
        # Each run invites every producer again (their codes not used yet are replaced).
        results = [invite_all(url) for _ in range(args.runs)]
    times = [t for t, _n in results]
    count = results[0][1]
    db = "postgres" if args.postgres else "sqlite"
    print(f"invite all ({db}, demo data): {count} invitations with QR codes per run")
    print("runs (s): " + ", ".join(f"{t:.2f}" for t in times))
    print(f"BENCH invite_186 seconds={statistics.median(times):.2f} invitations={count} db={db}")


if __name__ == "__main__":
    main()
