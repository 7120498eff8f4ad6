"""Telling people about a change: notify() writes notices (and their e-mail deliveries) in
the caller's transaction — the transactional outbox of issue 18.

Domains register the kinds they cause (`add_kind`) and call notify() inside the transaction of
the change. Sending is done later by a worker (notices/delivery.py), so a slow or absent mail
server never slows or fails the change itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ocopfair import outbox_sql
from ocopfair.models import Role, User
from ocopfair.notice_models import Notice


@dataclass(frozen=True)
class NoticeKind:
    key: str
    label: str  # an English message id: the name people see on their e-mail choices
    order: int = 50


_KINDS: dict[str, NoticeKind] = {}


def add_kind(key: str, label: str, order: int = 50) -> None:
    _KINDS.setdefault(key, NoticeKind(key, label, order))


def kinds() -> list[NoticeKind]:
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.key))


def is_kind(key: str) -> bool:
    return key in _KINDS


@dataclass
class Message:
    """What one group of people is told: an English message id (marked with N_) formatted
    with `params` when shown; parameters whose name ends in `_msg` are message ids too."""

    user_ids: Iterable[int]
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    route: str = ""
    route_params: dict[str, Any] = field(default_factory=dict)
    # Reminders carry a key: a second notice with the same key for a person is refused by the
    # database (unique per person), so a reminder is made once whoever schedules it.
    dedupe_key: str | None = None


async def notify(
    user_ids: Iterable[int],
    kind: str,
    message: str,
    params: dict[str, Any] | None = None,
    *,
    route: str = "",
    route_params: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> int:
    """One notice per person, and one queued e-mail for each who has an address and wants
    this kind by e-mail. Call it inside the transaction of the change it tells about."""
    item = Message(user_ids, message, params or {}, route, route_params or {}, dedupe_key)
    return await notify_each(kind, [item])


async def notify_each(kind: str, messages: list[Message]) -> int:
    """Several messages of one kind (an allocation's result to each producer) in two
    statements whatever their number: one insert of notices, one insert of e-mails."""
    if kind not in _KINDS:
        raise ValueError(f"Unknown notice kind {kind!r}: register it with add_kind()")
    rows: list[outbox_sql.NoticeRow] = [
        (user_id, m.message, m.params, m.route, m.route_params, m.dedupe_key)
        for m in messages
        for user_id in sorted(set(m.user_ids))
    ]
    if not rows:
        return 0
    batch = uuid.uuid4().hex
    await outbox_sql.insert_notices(kind, batch, rows)
    await outbox_sql.queue_emails(batch)
    return len(rows)


# --- Who to tell ---------------------------------------------------------------------------------


async def users_of_exhibitors(exhibitor_ids: Iterable[int]) -> dict[int, list[int]]:
    """Producer id -> the ids of its active accounts."""
    found: dict[int, list[int]] = {}
    for row in await User.filter(
        exhibitor_id__in=list(set(exhibitor_ids)), role=Role.EXHIBITOR, is_active=True
    ).values("id", "exhibitor_id"):
        found.setdefault(row["exhibitor_id"], []).append(row["id"])
    return found


async def organizers(locality_id: int | None = None) -> list[int]:
    """Provincial organizers, and the local office of `locality_id` when one is given."""
    query = User.filter(role=Role.ORGANIZER, is_active=True)
    rows = await query.values("id", "locality_id")
    return [r["id"] for r in rows if r["locality_id"] is None or r["locality_id"] == locality_id]


async def users_with_role(role: Role) -> list[int]:
    return [r["id"] for r in await User.filter(role=role, is_active=True).values("id")]


async def unread_count(user: User) -> int:
    return await Notice.filter(user_id=user.id, read_at__isnull=True).count()
