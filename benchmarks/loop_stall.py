"""Can a request stall the event loop? /livez sampled every 50 ms on a live server while
(1) 16 browsers post wrong passwords for 10 s, and (2) the issue's hostile workbook (280 KB
that unzips to ~99 MB of tiny shared strings) is imported. One app worker.

    python benchmarks/loop_stall.py [--database sqlite|postgres] [--seconds 10]

PostgreSQL: BENCH_PG_URL (default: the local test_h3 database, emptied first).
Last lines: BENCH login_storm livez_p99_ms=… logins=…  and  BENCH hostile_xlsx livez_max_ms=…
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import app_server  # noqa: E402
from tests.databases import reset_postgres  # noqa: E402
from tests.live_server import run_cli  # noqa: E402
from tests.loop_probe import (  # noqa: E402
    hostile_workbook,
    login_storm,
    p99,
    signed_in,
    upload_workbook,
    while_sampling,
)

PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/test_h3")
PASSWORD = "benchmark-password-1"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    url = None
    if args.database == "postgres":
        asyncio.run(reset_postgres(PG_URL))
        url = PG_URL
    with app_server(url, demo=False) as (base, env):
        run_cli(env, "create-user", "boss", "--role", "organizer", "--password", PASSWORD)
        # Signed in first: the storm comes from this address too, and it will be slowed.
        client = signed_in(base, "boss", PASSWORD)
        times, statuses = while_sampling(base, lambda: login_storm(base, args.seconds))
        codes = {c: statuses.count(c) for c in sorted(set(statuses))}
        storm_p99, storm_max = p99(times), max(times)
        print(
            f"login storm ({args.database}): {len(statuses)} logins {codes}, "
            f"{len(times)} livez samples, p99 {storm_p99:.1f} ms, max {storm_max:.1f} ms"
        )
        data = hostile_workbook()
        times, answer = while_sampling(base, lambda: upload_workbook(client, data))
        client.close()
        print(
            f"hostile workbook ({args.database}): {len(data)} bytes, answer "
            f"{answer.status_code}, {len(times)} livez samples, max {max(times):.1f} ms"
        )
    print(f"BENCH login_storm livez_p99_ms={storm_p99:.1f} logins={len(statuses)}")
    print(f"BENCH hostile_xlsx livez_max_ms={max(times):.1f}")


if __name__ == "__main__":
    main()
