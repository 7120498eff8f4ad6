"""Sending queued deliveries: claim with a lease, send, mark sent only once the server accepted.

Why no job library: procrastinate runs on PostgreSQL only, and the app's default is SQLite.
The claim is one conditional UPDATE per row, guarded by the attempt count read just before
(a version): of two workers claiming one row exactly one changes it, on both databases. A
worker killed while sending leaves its lease; when the lease expires another worker claims the
row again. Sent rows are never claimed again; a message accepted by the server but not yet
marked (a kill in that instant) is sent again with the same Message-ID, which mail systems use
to recognise a repeat.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from email.errors import MessageError
from typing import Any

import aiosmtplib
from tortoise.expressions import Q

from notices.mail import SmtpSettings, compose, connect
from ocopfair.models import User
from ocopfair.notice_models import Delivery, DeliveryStatus, Notice

log = logging.getLogger("ocopfair.notices")

LEASE = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 6
FIRST_RETRY = dt.timedelta(minutes=1)


def next_try(attempts: int, now: dt.datetime) -> dt.datetime:
    """Growing delays: 1, 4, 16, 64, 256 minutes after the 1st…5th failed attempt."""
    return now + FIRST_RETRY * (4 ** (attempts - 1))


async def claim(worker: str, now: dt.datetime, limit: int = 50) -> list[int]:
    """Claim up to `limit` deliveries due now (queued, or sending under an expired lease)."""
    due = (
        await Delivery.filter(
            Q(status=DeliveryStatus.QUEUED, next_attempt_at__lte=now)
            | Q(status=DeliveryStatus.SENDING, lease_until__lt=now)
        )
        .order_by("id")
        .limit(limit)
        .values("id", "status", "attempts")
    )
    won = []
    for row in due:
        changed = await Delivery.filter(
            id=row["id"], status=row["status"], attempts=row["attempts"]
        ).update(
            status=DeliveryStatus.SENDING,
            claimed_by=worker,
            lease_until=now + LEASE,
            attempts=row["attempts"] + 1,
        )
        if changed:
            won.append(row["id"])
    return won


async def mark_sent(delivery_id: int, worker: str) -> None:
    await Delivery.filter(id=delivery_id, claimed_by=worker, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT,
        sent_at=dt.datetime.now(dt.UTC),
        lease_until=None,
        last_error="",
    )


async def mark_failed(
    delivery_id: int, worker: str, error: str, now: dt.datetime, *, final: bool = False
) -> None:
    """Try again later with a longer delay, or give up after MAX_ATTEMPTS (visible to admins);
    `final` gives up at once (a message that can never be sent, such as a bad address)."""
    row = await Delivery.get(id=delivery_id)
    final = final or row.attempts >= MAX_ATTEMPTS
    await Delivery.filter(id=delivery_id, claimed_by=worker, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.FAILED if final else DeliveryStatus.QUEUED,
        next_attempt_at=now if final else next_try(row.attempts, now),
        lease_until=None,
        last_error=error[:2000],
    )


async def _load(ids: list[int]) -> list[dict[str, Any]]:
    rows = await Delivery.filter(id__in=ids).values("id", "notice_id", "address", "channel")
    notices = {
        n["id"]: n
        for n in await Notice.filter(id__in=[r["notice_id"] for r in rows]).values(
            "id", "user_id", "kind", "message", "params", "route", "route_params"
        )
    }
    names = {
        u["id"]: u["full_name"] or u["username"]
        for u in await User.filter(id__in=[n["user_id"] for n in notices.values()]).values(
            "id", "full_name", "username"
        )
    }
    return [
        {**r, "notice": notices[r["notice_id"]], "name": names[notices[r["notice_id"]]["user_id"]]}
        for r in rows
    ]


# One place where a channel plugs in: channel name -> sender of a batch. Only e-mail exists; a
# delivery of another channel stays queued (nothing pretends to send it).
Sender = Callable[[str, list[dict[str, Any]], dt.datetime], Awaitable[None]]


async def send_email(worker: str, batch: list[dict[str, Any]], now: dt.datetime) -> None:
    """Send a batch over one SMTP connection; each message is marked sent or failed alone."""
    settings = SmtpSettings()
    try:
        smtp = connect(settings)
        await smtp.connect()
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        for item in batch:
            await mark_failed(item["id"], worker, f"connect: {exc}", now)
        return
    try:
        for item in batch:
            await _send_one(smtp, worker, item, settings, now)
    finally:
        with contextlib.suppress(aiosmtplib.SMTPException, OSError, TimeoutError):
            await smtp.quit()


async def _send_one(
    smtp: aiosmtplib.SMTP, worker: str, item: dict[str, Any], settings: SmtpSettings, now: Any
) -> None:
    try:
        message = compose(item["notice"], item["address"], item["name"], settings)
    except (ValueError, TypeError, MessageError) as exc:  # an address the mail format refuses
        await mark_failed(item["id"], worker, f"message: {exc}", now, final=True)
        return
    try:
        await smtp.send_message(message)
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        await mark_failed(item["id"], worker, str(exc) or type(exc).__name__, now)
        if not smtp.is_connected:  # a refused message may end the session: open a new one
            with contextlib.suppress(aiosmtplib.SMTPException, OSError, TimeoutError):
                await smtp.connect()
        return
    await mark_sent(item["id"], worker)


CHANNELS: dict[str, Sender] = {"email": send_email}


async def send_due(worker: str, now: dt.datetime | None = None, limit: int = 50) -> int:
    """Claim and send one batch of due deliveries; how many were claimed."""
    now = now or dt.datetime.now(dt.UTC)
    if not SmtpSettings().configured:
        return 0  # no mail server set: e-mails wait, the in-app notices are there already
    ids = await claim(worker, now, limit)
    if not ids:
        return 0
    items = await _load(ids)
    for channel, sender in CHANNELS.items():
        mine = [i for i in items if i["channel"] == channel]
        if mine:
            await sender(worker, mine, now)
    return len(ids)


async def retry(delivery_id: int) -> bool:
    """An administrator's retry of a failed delivery: queued again, due now."""
    changed = await Delivery.filter(id=delivery_id, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.QUEUED, next_attempt_at=dt.datetime.now(dt.UTC), attempts=0
    )
    return bool(changed)
