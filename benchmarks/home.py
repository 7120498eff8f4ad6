"""Home page of a logged-in organizer on SQLite, next to a no-database endpoint (the ceiling).

python benchmarks/home.py [seconds]
"""

from __future__ import annotations

import argparse

from harness import app_server, session_cookie, wrk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seconds", type=int, nargs="?", default=10, help="of each wrk run")
    seconds = parser.parse_args().seconds
    with app_server() as (url, _env):
        cookie = {"Cookie": f"session={session_cookie(url, 'organizer')}"}
        wrk(url + "/", seconds=2, headers=cookie)  # warm up
        home = wrk(url + "/", seconds=seconds, headers=cookie)
        ceiling = wrk(url + "/livez", seconds=seconds)
    print(
        f"home page (organizer, SQLite, demo data): {home.requests_per_s:,.0f} req/s, "
        f"p99 {home.p99_ms:.1f} ms, non-2xx {home.non_2xx}"
    )
    print(
        f"ceiling (/livez, no database):           {ceiling.requests_per_s:,.0f} req/s, "
        f"p99 {ceiling.p99_ms:.1f} ms"
    )
    print(
        f"BENCH home rps={home.requests_per_s:.0f} p99_ms={home.p99_ms:.1f} "
        f"ceiling_rps={ceiling.requests_per_s:.0f}"
    )


if __name__ == "__main__":
    main()
