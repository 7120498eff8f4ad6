"""Import a past fair's results workbook: 300 booths × 5 days, 8 gates (the issue-15 test's
workbook), into an empty finished event; preview (read + plan) then confirm (plan again + write
in one transaction). Then the same file again (everything unchanged, nothing written).

    python benchmarks/results_import.py [postgres://user@host/db]

Without an argument: a fresh SQLite file. Target: preview + confirm under 5 s.
Last line: BENCH results_import_300x5 seconds=… db=…
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ocopfair.i18n import local_today  # noqa: E402
from results import importing  # noqa: E402
from sales.models import SalesRecord  # noqa: E402
from tests.databases import connected, reset_postgres  # noqa: E402
from tests.factories import make_user  # noqa: E402
from tests.results.fair import make_past_fair, workbook_of  # noqa: E402
from visitors.models import GateCount  # noqa: E402


async def run(url: str) -> float:
    async with connected(url, create_schema=True):
        fair = await make_past_fair(booths=300, gates=8, days=5)
        user = await make_user("organizer")
        data = workbook_of(fair)
        print(f"workbook: {len(data) / 1024:.0f} KiB")
        t0 = time.perf_counter()
        kept, plan = await importing.upload(fair.event, user, "ket-qua.xlsx", data)
        t1 = time.perf_counter()
        await importing.confirm(kept, user, "benchmark", today=local_today())
        t2 = time.perf_counter()
        assert plan.error_count == 0
        print(f"preview (read in a thread + plan {len(plan.rows)} rows): {t1 - t0:.2f} s")
        print(f"confirm (read + plan again + write in one transaction): {t2 - t1:.2f} s")
        print(
            f"written: {await SalesRecord.all().count()} sales records, "
            f"{await GateCount.all().count()} gate counts"
        )
        again, _plan = await importing.upload(fair.event, user, "ket-qua.xlsx", data)
        await importing.confirm(again, user, "benchmark", today=local_today())
        t4 = time.perf_counter()
        print(f"same file again (preview + confirm, nothing written): {t4 - t2:.2f} s")
        return t2 - t0


async def main() -> None:
    if len(sys.argv) > 1:
        url, name = sys.argv[1], "postgres"
        await reset_postgres(url)
        seconds = await run(url)
    else:
        name = "sqlite"
        with tempfile.TemporaryDirectory() as folder:
            seconds = await run(f"sqlite://{folder}/bench.sqlite3")
    print(f"preview + confirm: {seconds:.2f} s (target < 5 s)")
    print(f"BENCH results_import_300x5 seconds={seconds:.2f} db={name}")


if __name__ == "__main__":
    asyncio.run(main())
