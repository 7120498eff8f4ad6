"""A worker process killed while sending loses nothing and sends nothing twice."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys

import booths.notices  # noqa: F401  (registers the kinds used here)
from notices import delivery
from ocopfair.notice_models import Delivery, DeliveryStatus
from ocopfair.notices import notify
from tests.environment import ROOT
from tests.factories import make_producer_user
from tests.live_server import app_env
from tests.notices.smtp import smtp_server

MESSAGE = "Your booth %(old)s was moved to booth %(new)s. %(reason)s"


async def _wait_for(condition, seconds: float = 60) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while not condition():
        assert loop.time() < end, "timed out"
        await asyncio.sleep(0.1)


async def test_a_killed_worker_is_replaced_without_loss_or_duplicate(db, app, monkeypatch):
    user, _exhibitor, _products = await make_producer_user("HTX Bị ngắt", email="htx@example.vn")
    await notify([user.id], "booth_changed", MESSAGE, {"old": "A01", "new": "B02", "reason": ""})
    with smtp_server(monkeypatch, rcpt_delay=120) as box:
        env = app_env(db.url, extra_env={"OCOPFAIR_WORKER_POLL": "0.2"})
        env.update({k: v for k, v in os.environ.items() if k.startswith("OCOPFAIR_SMTP_")})
        worker = subprocess.Popen(
            [sys.executable, "-m", "composition.cli", "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            await _wait_for(lambda: box.recipients_seen >= 1)  # in the middle of sending
            row = await Delivery.get()
            assert row.status == DeliveryStatus.SENDING and row.claimed_by
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
        box.rcpt_delay = 0
        # Before the lease ends nobody takes it; after, another worker sends it once.
        assert await delivery.send_due("replacement") == 0
        later = dt.datetime.now(dt.UTC) + delivery.LEASE + dt.timedelta(seconds=1)
        assert await delivery.send_due("replacement", later) == 1
        assert await delivery.send_due("replacement", later + delivery.LEASE) == 0
    assert len(box.messages) == 1
    row = await Delivery.get()
    assert row.status == DeliveryStatus.SENT and row.attempts == 2
    assert row.claimed_by == "replacement"
