"""No request can hold the event loop (issue 17, item 2): /livez stays under 100 ms on a real
server while the hostile workbook is imported and while 16 bad logins run in parallel."""

from __future__ import annotations

from ocopfair.models import LoginThrottle
from tests.factories import PASSWORD, make_user
from tests.loop_probe import (
    bad_login,
    hostile_workbook,
    signed_in,
    upload_workbook,
    while_sampling,
)

LIMIT_MS = 100
# This machine is shared (other test runs, other services): the OS may pause any process for
# a moment whatever it does. So each measurement is tried up to ATTEMPTS times and the best run
# must stay under the limit. A loop really blocked by the work (argon2 on the loop: 16 × ~60 ms;
# the workbook parsed on the loop: seconds) can never give one clean run.
ATTEMPTS = 3


async def test_livez_stays_fast_while_16_bad_logins_run(db, live_server) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def storm() -> list[int]:
        with ThreadPoolExecutor(16) as pool:
            return list(pool.map(lambda n: bad_login(live_server.url, f"ghost{n}"), range(16)))

    bad_login(live_server.url, "warm-up")  # first-use costs (a thread pool, query plans) once
    worst = []
    for _attempt in range(ATTEMPTS):
        times, statuses = while_sampling(live_server.url, storm)
        assert statuses == [400] * 16  # every one verified a password (none throttled yet)
        assert len(times) >= 5
        worst.append(max(times))
        if worst[-1] < LIMIT_MS:
            break
        await LoginThrottle.all().delete()  # the next attempt starts unthrottled
    assert min(worst) < LIMIT_MS, worst


async def test_livez_stays_fast_while_the_hostile_workbook_is_imported(db, live_server) -> None:
    await make_user("organizer", "organizer")
    client = signed_in(live_server.url, "organizer", PASSWORD)
    data = hostile_workbook()
    assert len(data) < 400_000
    worst = []
    try:
        for _attempt in range(ATTEMPTS):
            times, answer = while_sampling(live_server.url, lambda: upload_workbook(client, data))
            assert answer.status_code == 400, answer.status_code
            assert "nhiều ô hoặc chữ hơn" in answer.text  # refused with a sentence
            worst.append(max(times))
            if worst[-1] < LIMIT_MS:
                break
    finally:
        client.close()
    assert min(worst) < LIMIT_MS, worst
