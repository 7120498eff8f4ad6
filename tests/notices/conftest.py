"""The cause and reminder tests check who hears what; `every_notice_mailed_once` also checks,
after each of them, that every notice went out as exactly one e-mail to its person's address
(none for a person without one or who turned that kind off) and that the mail server received
exactly those e-mails (issue 18, item 6).

While it is on, everyone those tests make has an address: organizers and officials their own
(as chosen on the notices page), producers their producer's, unless the test gives one."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from email.utils import getaddresses
from typing import Any

import pytest_asyncio

from notices import delivery
from ocopfair.models import User
from ocopfair.notice_models import Delivery, Notice, NoticeSettings
from tests import factories
from tests.notices.smtp import smtp_server


def _with_addresses(monkeypatch: Any, module: Any) -> None:
    make_user, make_exhibitor = factories.make_user, factories.make_exhibitor

    async def user_with_address(role: str, username: str | None = None, **fields: Any) -> User:
        user = await make_user(role, username, **fields)
        if not fields.get("exhibitor_id"):  # a producer's account uses the producer's address
            await NoticeSettings.create(user_id=user.id, email=f"{user.username}@example.vn")
        return user

    async def exhibitor_with_address(*args: Any, **fields: Any) -> Any:
        exhibitor = await make_exhibitor(*args, **fields)
        if not exhibitor.email:
            exhibitor.email = f"producer{exhibitor.id}@example.vn"
            await exhibitor.save(update_fields=["email"])
        return exhibitor

    for target in (factories, module):
        if hasattr(target, "make_user"):
            monkeypatch.setattr(target, "make_user", user_with_address)
        if hasattr(target, "make_exhibitor"):
            monkeypatch.setattr(target, "make_exhibitor", exhibitor_with_address)


async def email_addresses(user_ids: list[int]) -> dict[int, tuple[str, list[str]]]:
    """The rule of who gets an e-mail, said again in Python, to check the SQL that applies it
    (ocopfair/outbox_sql.py): user id -> (address, kinds not wanted by e-mail). A person's own
    address first, else its producer's; active accounts only."""
    rows = await User.filter(id__in=user_ids, is_active=True).values("id", "exhibitor__email")
    chosen = {
        s["user_id"]: s
        for s in await NoticeSettings.filter(user_id__in=user_ids).values(
            "user_id", "email", "email_off"
        )
    }
    found = {}
    for row in rows:
        mine = chosen.get(row["id"], {})
        address = mine.get("email") or row["exhibitor__email"] or ""
        found[row["id"]] = (address.strip(), list(mine.get("email_off") or []))
    return found


async def _expected_mail() -> dict[int, list[str]]:
    """Notice id -> the one address it must be mailed to (or none)."""
    notices = await Notice.all().values("id", "user_id", "kind")
    addresses = await email_addresses(sorted({n["user_id"] for n in notices}))
    expected = {}
    for n in notices:
        address, off = addresses.get(n["user_id"], ("", []))
        expected[n["id"]] = [address] if address and n["kind"] not in off else []
    return expected


@pytest_asyncio.fixture
async def every_notice_mailed_once(db: Any, request: Any, monkeypatch: Any) -> AsyncIterator[None]:
    _with_addresses(monkeypatch, request.module)
    yield
    expected = await _expected_mail()
    queued: dict[int, list[str]] = {n: [] for n in expected}
    for row in await Delivery.all().values("notice_id", "address"):
        queued.setdefault(row["notice_id"], []).append(row["address"])
    assert queued == expected
    with smtp_server(monkeypatch) as box:
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=400)  # reminders' clocks run ahead
        while await delivery.send_due("check", later):
            pass
    received = sorted(a for m in box.messages for _name, a in getaddresses([str(m["To"])]))
    assert received == sorted(a for addresses in expected.values() for a in addresses)
