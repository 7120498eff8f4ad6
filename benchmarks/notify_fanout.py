"""The allocation result for 300 producers: notices and e-mails written in the commit's
transaction (the outbox), then every e-mail accepted by a local SMTP server (aiosmtpd in this
process). Also the outbox's extra time on the allocation commit: the same commit of 300
approved applications with notify() and with it switched off, alternately, ROUNDS times
each (ROUNDS=9 unless set in the environment; the first pair only warms up). Both the
fastest and the median commits are compared: on a shared 2-core machine the median moves by
more than the outbox costs, and the fastest of several runs is the one least disturbed (as
timeit advises), so commit_extra_pct compares the fastest and the median is printed beside it.

    python benchmarks/notify_fanout.py [postgres://user@host/db]

Without an argument: a fresh SQLite file. Targets: fan-out < 10 s; outbox extra < 10 %.
Last line: BENCH notify_fanout seconds=… mails=… commit_extra_pct=… commit_extra_median_pct=… db=…
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from booths import allocation  # noqa: E402
from booths import notices as booth_notices  # noqa: E402
from booths.models import ApplicationStatus, BoothApplication  # noqa: E402
from composition.app import create_app  # noqa: E402
from events.models import AllocationMode  # noqa: E402
from notices import delivery  # noqa: E402
from ocopfair.notice_models import Delivery, DeliveryStatus, Notice  # noqa: E402
from tests.databases import connected, reset_postgres  # noqa: E402
from tests.factories import make_event, make_producer_user  # noqa: E402
from tests.live_server import free_port  # noqa: E402

PRODUCERS = 300
ROUNDS = int(os.environ.get("ROUNDS", "9"))  # commits with and without the outbox


class Mailbox:
    def __init__(self) -> None:
        self.accepted = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        self.accepted += 1
        return "250 OK"


async def _event_with_applications(n: int, producers: list) -> object:
    event = await make_event(
        f"Hội chợ {n}", mode=AllocationMode.APPLICATION, booths=PRODUCERS, columns=20, max_booths=1
    )
    for _user, exhibitor, products in producers:
        app = await BoothApplication.create(
            event=event, exhibitor=exhibitor, status=ApplicationStatus.APPROVED, booths_wanted=1
        )
        await app.products.add(products[0])
    return event


async def _timed_commit(event, with_outbox: bool) -> float:
    run = await allocation.preview(event, None)
    real = booth_notices.allocation_result
    if not with_outbox:

        async def nothing(*args, **kwargs) -> None:
            return None

        booth_notices.allocation_result = nothing  # type: ignore[assignment]
    try:
        t0 = time.perf_counter()
        await allocation.commit(run, None)
        return time.perf_counter() - t0
    finally:
        booth_notices.allocation_result = real


async def run(url: str) -> tuple[float, int, tuple[float, float]]:
    from aiosmtpd.controller import Controller

    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    os.environ.update(
        {
            "OCOPFAIR_SMTP_HOST": "127.0.0.1",
            "OCOPFAIR_SMTP_PORT": str(port),
            "OCOPFAIR_SMTP_TLS": "none",
        }
    )
    create_app(manage_database=False)  # indexes the routes the e-mails link to
    try:
        async with connected(url, create_schema=True):
            producers = [
                await make_producer_user(f"HTX {i:03d}", email=f"htx{i}@example.vn")
                for i in range(PRODUCERS)
            ]
            plain, outbox = [], []
            fanout = 0.0
            for round_ in range(ROUNDS):
                plain.append(
                    await _timed_commit(
                        await _event_with_applications(2 * round_, producers), False
                    )
                )
                outbox.append(
                    await _timed_commit(
                        await _event_with_applications(2 * round_ + 1, producers), True
                    )
                )
                if round_ == 0:
                    t0 = time.perf_counter()
                    while await delivery.send_due("bench", limit=100):
                        pass
                    send = time.perf_counter() - t0
                    fanout = outbox[0] + send
                    sent = await Delivery.filter(status=DeliveryStatus.SENT).count()
                    print(
                        f"notices: {await Notice.all().count()}, e-mails sent: {sent}, "
                        f"accepted by the server: {box.accepted}"
                    )
                    print(f"commit with outbox {outbox[0]:.2f} s + sending {send:.2f} s")
            print("commit without outbox: " + ", ".join(f"{t:.3f}" for t in plain) + " s")
            print("commit with outbox:    " + ", ".join(f"{t:.3f}" for t in outbox) + " s")
            plain, outbox = plain[1:] or plain, outbox[1:] or outbox  # without the warm-up
            extra = (min(outbox) / min(plain) - 1) * 100
            extra_median = (statistics.median(outbox) / statistics.median(plain) - 1) * 100
            return fanout, box.accepted, (extra, extra_median)
    finally:
        controller.stop()


async def main() -> None:
    if len(sys.argv) > 1:
        url, name = sys.argv[1], "postgres"
        await reset_postgres(url)
        seconds, mails, (extra, median) = await run(url)
    else:
        name = "sqlite"
        with tempfile.TemporaryDirectory() as folder:
            seconds, mails, (extra, median) = await run(f"sqlite://{folder}/bench.sqlite3")
    print(
        f"fan-out {seconds:.2f} s (target < 10 s); outbox extra on commit {extra:.1f} % "
        f"fastest, {median:.1f} % median (target < 10 %); load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"BENCH notify_fanout seconds={seconds:.2f} mails={mails} "
        f"commit_extra_pct={extra:.1f} commit_extra_median_pct={median:.1f} db={name}"
    )


if __name__ == "__main__":
    asyncio.run(main())
