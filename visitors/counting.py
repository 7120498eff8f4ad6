"""Judging a batch of taps and storing it exactly once.

A device sends taps in batches, each under a key it made itself. The batch row (unique key)
and the bucket increments are written in one transaction, so a batch is either counted whole
or not at all; a retry of a stored batch hits the unique key and is answered "already stored"
without counting again. A key reused with a different body is refused (409): it is a bug or
tampering, never a retry.

The usual batch is written by one guarded statement (visitors.batch_write) without reading
anything first; the gate, the sender's assignment and the closed days are read here
(visitors.gate_context) only to explain a refusal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError

from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import format_date
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User
from visitors.batch_write import Guard, Increments, write_batch
from visitors.buckets import MAX_CLOCK_AHEAD, accepted_days, bucket_start, local_day
from visitors.gate_context import GateContext, gate_context
from visitors.models import DIRECTIONS_OF_KIND, CountBatch, Direction
from visitors.taps import Batch, Tap, parse_tap, tap_error

# How far back an undo may reach into the device's own earlier batches.
UNDO_LOOKBACK_BATCHES = 50


@dataclass
class StoreResult:
    batch_id: int
    duplicate: bool
    counted: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return {
            "stored": True,
            "duplicate": self.duplicate,
            "batch_id": self.batch_id,
            "counted": self.counted,
        }


class NotAllowed(Exception):
    """The sender may not count at this gate (a 403 for the route)."""


async def _find_undone(batch: Batch, gate_id: int) -> dict[str, Tap]:
    """The taps each undo takes back: from this batch, or the device's own earlier batches."""
    undos = [tap for tap in batch.taps if tap.undo_of is not None]
    if not undos:
        return {}
    positives = {tap.id: tap for tap in batch.taps if tap.delta > 0}
    wanted = {tap.undo_of for tap in undos} - set(positives)
    if wanted:
        positives.update(await _earlier_taps(batch, gate_id, wanted, set(positives)))
    return _match_undos(batch, positives)


async def _earlier_taps(
    batch: Batch, gate_id: int, wanted: set[str | None], known: set[str]
) -> dict[str, Tap]:
    """The device's own positive taps named by undos, from its recent batches at this gate."""
    if not batch.device:
        raise Invalid({"taps": _("An undo needs the id of the device that made the tap.")})
    earlier = (
        await CountBatch.filter(gate_id=gate_id, device_id=batch.device)
        .order_by("-id")
        .limit(UNDO_LOOKBACK_BATCHES)
        .values_list("taps", flat=True)
    )
    found: dict[str, Tap] = {}
    for taps in earlier:
        for raw in taps or []:
            tap_id = raw.get("id")
            if tap_id in wanted and tap_id not in known and int(raw.get("delta", 0)) > 0:
                found.setdefault(tap_id, parse_tap(raw, 0))
    return found


def _match_undos(batch: Batch, positives: dict[str, Tap]) -> dict[str, Tap]:
    """Each undo's target, refused unless it takes back exactly one tap, once."""
    targets: dict[str, Tap] = {}
    for index, tap in enumerate(batch.taps):
        if tap.undo_of is None:
            continue
        target = positives.get(tap.undo_of)
        if target is None:
            raise tap_error(index, _("it undoes a tap this device did not send to this gate."))
        if target.direction != tap.direction or target.delta != -tap.delta:
            raise tap_error(index, _("an undo must take back exactly the tap it names."))
        if tap.undo_of in targets:
            raise tap_error(index, _("this tap was already undone."))
        targets[tap.undo_of] = target
    return targets


def check_taps(
    batch: Batch, context: GateContext, undone: dict[str, Tap], now: dt.datetime
) -> None:
    """The reason the batch is refused, if any (the same rules as batch_write's guard)."""
    if not context.may_count_here():
        raise NotAllowed()  # 403 first: a stranger to the gate learns nothing of the event
    first_day, last_day = accepted_days(context.start_date, context.end_date)
    allowed = DIRECTIONS_OF_KIND[context.kind]
    for index, (tap, at) in enumerate(zip(batch.taps, tap_times(batch, undone), strict=True)):
        day = local_day(at)
        if at > now + MAX_CLOCK_AHEAD:
            raise tap_error(index, _("its time is in the future; check the phone's clock."))
        if not first_day <= day <= last_day:
            raise tap_error(
                index,
                _("its time (%(day)s) is outside the days of the event (%(start)s–%(end)s).")
                % {
                    "day": format_date(day),
                    "start": format_date(context.start_date),
                    "end": format_date(context.end_date),
                },
            )
        if tap.direction not in allowed:
            raise tap_error(index, _("this gate does not count people going that way."))
        if not context.may_count_on(day):
            raise NotAllowed()
        if day in context.closed_days:
            raise Conflict(
                {
                    "taps": _(
                        "The counts of %(day)s are closed; "
                        "only a supervisor's correction can change them."
                    )
                    % {"day": format_date(day)}
                },
                message=_("This day is closed for counting."),
            )


async def _already_stored(batch: Batch) -> StoreResult | None:
    """A stored batch under the same key: the same body is a retry, another body a conflict."""
    existing = await CountBatch.filter(client_key=batch.key).first()
    if existing is None:
        return None
    if existing.body_hash != batch.body_hash:
        raise Conflict(
            {"key": _("This key was already used for a different batch.")},
            message=_("A different batch was already stored under this key; nothing was counted."),
        )
    return StoreResult(existing.id, True, _counted(batch.taps))


def _counted(taps: list[Tap]) -> dict[str, int]:
    totals = {Direction.IN.value: 0, Direction.OUT.value: 0}
    for tap in taps:
        totals[tap.direction.value] += tap.delta
    return totals


def tap_times(batch: Batch, undone: dict[str, Tap]) -> list[dt.datetime]:
    """When each tap counts: an undo is filed where its tap was, so a bucket never goes below
    what it held."""
    return [undone[tap.undo_of].at if tap.undo_of else tap.at for tap in batch.taps]


def bucket_increments(batch: Batch, times: list[dt.datetime]) -> Increments:
    """What the batch adds to each 15-minute bucket and direction (taps at `times`)."""
    result: Increments = defaultdict(int)
    for tap, at in zip(batch.taps, times, strict=True):
        result[(bucket_start(at), tap.direction)] += tap.delta
    return result


async def write_if_allowed(
    user: User, gate_id: int, batch: Batch, undone: dict[str, Tap], now: dt.datetime
) -> int | None:
    """The batch written if the database still allows it (see batch_write.Guard), else None.
    Only what needs no database is assumed checked: the batch's form and its undos."""
    times = tap_times(batch, undone)
    guard = Guard(
        user_id=user.id,
        all_events=user.role in (Role.ADMIN, Role.ORGANIZER),
        event_id=batch.event_id,
        days=frozenset(local_day(at) for at in times),
        directions=frozenset(tap.direction for tap in batch.taps),
    )
    try:
        return await write_batch(
            key=batch.key,
            body_hash=batch.body_hash,
            gate_id=gate_id,
            device=batch.device,
            raw_taps=batch.raw_taps,
            undone=undone,
            increments=bucket_increments(batch, times),
            now=now,
            guard=guard,
        )
    except IntegrityError:
        raise Conflict(
            {"taps": _("A tap in this batch was already undone.")},
            message=_("The batch was refused; nothing was counted."),
        ) from None


async def store_batch(
    user: User, gate_id: int, batch: Batch, now: dt.datetime | None = None
) -> StoreResult:
    """Count a batch once. Raises LookupError (no gate), NotAllowed, Invalid or Conflict.

    The usual batch costs one statement: it is written under a guard that re-checks the gate,
    the days, the assignment and the closed days in the database (batch_write). Only when that
    statement writes nothing (a retry, or a refusal) are the gate and the sender read here to
    answer why, with the reason the device shows.
    """
    now = now or dt.datetime.now(dt.UTC)
    try:
        undone = await _find_undone(batch, gate_id)
    except Invalid:
        undone = None  # the checked path below says why
    if undone is not None and max(tap_times(batch, undone)) <= now + MAX_CLOCK_AHEAD:
        batch_id = await write_if_allowed(user, gate_id, batch, undone, now)
        if batch_id is not None:
            return StoreResult(batch_id, False, _counted(batch.taps))
    return await _store_checked(user, gate_id, batch, now)


async def _store_checked(
    user: User, gate_id: int, batch: Batch, now: dt.datetime, attempts: int = 3
) -> StoreResult:
    """Judge the batch against what the database holds, refusing it with the reason; store it
    if nothing is wrong (a refusal of the guard, then, was a change that has since passed)."""
    context = await gate_context(gate_id, user)
    if context is None:
        raise LookupError(gate_id)
    if batch.event_id is not None and batch.event_id != context.event_id:
        raise NotAllowed()
    try:
        undone = await _find_undone(batch, gate_id)
        check_taps(batch, context, undone, now)
    except (Invalid, NotAllowed):
        # A retry of a batch stored before the day was closed (or before a rule changed) is
        # still "already stored", never a refusal that would make the device doubt it.
        if (stored := await _already_stored(batch)) is not None:
            return stored
        raise
    if (stored := await _already_stored(batch)) is not None:
        return stored
    batch_id = await write_if_allowed(user, gate_id, batch, undone, now)
    if batch_id is not None:
        return StoreResult(batch_id, False, _counted(batch.taps))
    # Stored by a concurrent retry, or the gate's rules changed between reading and writing:
    # judge again, which answers either.
    if attempts <= 1:
        raise Conflict({}, message=_("The batch was refused; nothing was counted."))
    return await _store_checked(user, gate_id, batch, now, attempts - 1)
