"""Storing a batch of taps exactly once, corrections, and closing a day.

A device sends taps in batches, each under a key it made itself. The batch row (unique key)
and the bucket increments are written in one transaction, so a batch is either counted whole
or not at all; a retry of a stored batch hits the unique key and is answered "already stored"
without counting again. A key reused with a different body is refused (409): it is a bug or
tampering, never a retry.

The usual batch is written by one guarded statement (visitors.batch_write) without reading
anything first; the gate, the sender's assignment and the closed days are read here only to
explain a refusal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from ocopfair import audit
from ocopfair.errors import BadRequest, Conflict, Invalid
from ocopfair.i18n import LOCAL_TZ, format_date
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User
from visitors import sql
from visitors.batch_write import Guard, write_batch
from visitors.buckets import MAX_CLOCK_AHEAD, accepted_days, bucket_start, local_day
from visitors.models import (
    CountBatch,
    CountCorrection,
    DayClosure,
    Direction,
    Gate,
    GateKind,
)

MAX_TAPS = 500
MAX_DELTA = 100
MAX_CORRECTION = 100_000
# How far back an undo may reach into the device's own earlier batches.
UNDO_LOOKBACK_BATCHES = 50
_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")

DIRECTIONS_OF_KIND = {
    GateKind.ENTRANCE: {Direction.IN},
    GateKind.EXIT: {Direction.OUT},
    GateKind.BOTH: {Direction.IN, Direction.OUT},
}


@dataclass(frozen=True)
class Tap:
    id: str
    at: dt.datetime
    direction: Direction
    delta: int
    undo_of: str | None = None


@dataclass
class Batch:
    key: str
    device: str
    taps: list[Tap]
    body_hash: str
    raw_taps: list[dict[str, Any]]
    event_id: int | None = None


@dataclass
class GateContext:
    gate_id: int
    event_id: int
    kind: GateKind
    start_date: dt.date
    end_date: dt.date
    supervisor: bool = False
    staff_every_day: bool = False
    shift_days: set[dt.date] = field(default_factory=set)
    closed_days: set[dt.date] = field(default_factory=set)

    def may_count_on(self, day: dt.date) -> bool:
        return self.supervisor or self.staff_every_day or day in self.shift_days


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


# --- Reading a batch --------------------------------------------------------------------------


def _tap_error(index: int, message: str) -> Invalid:
    return Invalid(
        {"taps": _("Tap %(n)d: %(problem)s") % {"n": index + 1, "problem": message}},
        message=_("The batch was refused; nothing was counted."),
    )


def _parse_time(value: Any, index: int) -> dt.datetime:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(value / 1000, dt.UTC)  # epoch milliseconds (JS)
        except (OverflowError, OSError, ValueError):
            raise _tap_error(index, _("the time is not a valid time.")) from None
    try:
        at = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise _tap_error(index, _("the time is not a valid time.")) from None
    if at.tzinfo is None:
        raise _tap_error(index, _("the time must carry its time zone (for example 'Z')."))
    try:  # year 1 or 9999 in a far zone has no UTC or local day: unreadable, not a 500
        at.astimezone(dt.UTC).astimezone(LOCAL_TZ)
    except OverflowError:
        raise _tap_error(index, _("the time is not a valid time.")) from None
    return at


def _parse_tap(raw: Any, index: int) -> Tap:
    if not isinstance(raw, dict):
        raise _tap_error(index, _("each tap must be a JSON object."))
    tap_id = str(raw.get("id", ""))
    if not _ID.match(tap_id):
        raise _tap_error(index, _("a tap needs an id of 1 to 64 letters, digits or -_.:"))
    delta = raw.get("delta")
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise _tap_error(index, _("the number of people must be a whole number."))
    if delta == 0 or abs(delta) > MAX_DELTA:
        raise _tap_error(index, _("a tap counts 1 to %(max)d people.") % {"max": MAX_DELTA})
    try:
        direction = Direction(raw.get("dir", raw.get("direction", "in")))
    except ValueError:
        raise _tap_error(index, _("the direction must be 'in' or 'out'.")) from None
    undo_of = raw.get("undo_of")
    if undo_of is not None and not _ID.match(str(undo_of)):
        raise _tap_error(index, _("undo_of must be the id of an earlier tap."))
    if delta < 0 and undo_of is None:
        raise _tap_error(
            index,
            _("a negative number is only accepted as the undo of this device's own earlier tap."),
        )
    if delta > 0 and undo_of is not None:
        raise _tap_error(index, _("an undo must have a negative number of people."))
    return Tap(
        tap_id,
        _parse_time(raw.get("at"), index),
        direction,
        delta,
        str(undo_of) if undo_of is not None else None,
    )


def body_hash(gate_id: int, device: str, raw_taps: list[Any]) -> str:
    canonical = json.dumps(
        {"gate": gate_id, "device": device, "taps": raw_taps},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def parse_batch(data: dict[str, Any], gate_id: int) -> Batch:
    """A batch from its JSON body, or the reason it cannot be read (nothing counted)."""
    key = data.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise BadRequest(
            {
                "key": _(
                    "A batch needs a key of 8 to 64 letters, digits or -_.: made on the device."
                )
            },
            message=_("The batch was refused; nothing was counted."),
        )
    device = data.get("device", "")
    if not isinstance(device, str) or len(device) > 64:
        raise BadRequest({"device": _("The device id has at most 64 characters.")})
    raw_taps = data.get("taps")
    if not isinstance(raw_taps, list) or not raw_taps:
        raise BadRequest({"taps": _("A batch needs a list of taps.")})
    if len(raw_taps) > MAX_TAPS:
        raise Invalid({"taps": _("At most %(n)d taps in one batch.") % {"n": MAX_TAPS}})
    taps = [_parse_tap(raw, i) for i, raw in enumerate(raw_taps)]
    if len({tap.id for tap in taps}) != len(taps):
        raise Invalid({"taps": _("Two taps in the batch have the same id.")})
    event_id = data.get("event_id")
    if event_id is not None and (isinstance(event_id, bool) or not isinstance(event_id, int)):
        raise BadRequest({"event_id": _("Enter a whole number.")})
    return Batch(key, device, taps, body_hash(gate_id, device, raw_taps), raw_taps, event_id)


# --- What the server knows about the gate and the sender --------------------------------------

# One round trip: the gate and its event's dates, the closed days, and every way the user may
# be entitled to count here. (The hot path of counting: keep it to one statement.)
_CONTEXT_SQL = """
SELECT 'gate' AS k, g.kind AS kind, e.start_date AS d, e.end_date AS d2, g.event_id AS n
  FROM gate g JOIN event e ON e.id = g.event_id WHERE g.id = $1
UNION ALL SELECT 'closed', NULL, c.day, NULL, NULL
  FROM dayclosure c JOIN gate g ON g.event_id = c.event_id WHERE g.id = $1
UNION ALL SELECT 'staff', NULL, NULL, NULL, NULL
  FROM gate_user gu WHERE gu.gate_id = $1 AND gu.user_id = $2
UNION ALL SELECT 'shift', NULL, s.day, NULL, NULL
  FROM gateshift s WHERE s.gate_id = $1 AND s.user_id = $2
UNION ALL SELECT 'super', NULL, NULL, NULL, NULL
  FROM eventsupervisor es JOIN gate g ON g.event_id = es.event_id
  WHERE g.id = $1 AND es.user_id = $2
"""


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


async def gate_context(gate_id: int, user: User) -> GateContext | None:
    """The gate with everything needed to judge a batch from `user`, or None if no such gate."""
    rows = await sql.fetch(sql.connection(), _CONTEXT_SQL, [gate_id, user.id])
    gate_row = next((r for r in rows if r["k"] == "gate"), None)
    if gate_row is None:
        return None
    context = GateContext(
        gate_id=gate_id,
        event_id=gate_row["n"],
        kind=GateKind(gate_row["kind"]),
        start_date=_as_date(gate_row["d"]),
        end_date=_as_date(gate_row["d2"]),
        supervisor=user.role in (Role.ADMIN, Role.ORGANIZER),
    )
    for row in rows:
        if row["k"] == "closed":
            context.closed_days.add(_as_date(row["d"]))
        elif row["k"] == "shift":
            context.shift_days.add(_as_date(row["d"]))
        elif row["k"] == "staff":
            context.staff_every_day = True
        elif row["k"] == "super":
            context.supervisor = True
    return context


# --- Judging and storing a batch --------------------------------------------------------------


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
        if not batch.device:
            raise Invalid({"taps": _("An undo needs the id of the device that made the tap.")})
        earlier = (
            await CountBatch.filter(gate_id=gate_id, device_id=batch.device)
            .order_by("-id")
            .limit(UNDO_LOOKBACK_BATCHES)
            .values_list("taps", flat=True)
        )
        for taps in earlier:
            for raw in taps or []:
                if raw.get("id") in wanted and int(raw.get("delta", 0)) > 0:
                    positives.setdefault(raw["id"], _parse_tap(raw, 0))
    targets: dict[str, Tap] = {}
    for index, tap in enumerate(batch.taps):
        if tap.undo_of is None:
            continue
        target = positives.get(tap.undo_of)
        if target is None:
            raise _tap_error(index, _("it undoes a tap this device did not send to this gate."))
        if target.direction != tap.direction or target.delta != -tap.delta:
            raise _tap_error(index, _("an undo must take back exactly the tap it names."))
        if tap.undo_of in targets:
            raise _tap_error(index, _("this tap was already undone."))
        targets[tap.undo_of] = target
    return targets


def _check_taps(
    batch: Batch, context: GateContext, undone: dict[str, Tap], now: dt.datetime
) -> None:
    """The reason the batch is refused, if any (the same rules as batch_write's guard)."""
    first_day, last_day = accepted_days(context.start_date, context.end_date)
    allowed = DIRECTIONS_OF_KIND[context.kind]
    for index, (tap, at) in enumerate(zip(batch.taps, _tap_times(batch, undone), strict=True)):
        day = local_day(at)
        if at > now + MAX_CLOCK_AHEAD:
            raise _tap_error(index, _("its time is in the future; check the phone's clock."))
        if not first_day <= day <= last_day:
            raise _tap_error(
                index,
                _("its time (%(day)s) is outside the days of the event (%(start)s–%(end)s).")
                % {
                    "day": format_date(day),
                    "start": format_date(context.start_date),
                    "end": format_date(context.end_date),
                },
            )
        if tap.direction not in allowed:
            raise _tap_error(index, _("this gate does not count people going that way."))
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


def _tap_times(batch: Batch, undone: dict[str, Tap]) -> list[dt.datetime]:
    """When each tap counts: an undo is filed where its tap was, so a bucket never goes below
    what it held."""
    return [undone[tap.undo_of].at if tap.undo_of else tap.at for tap in batch.taps]


def _increments(batch: Batch, times: list[dt.datetime]) -> dict[tuple[dt.datetime, Direction], int]:
    increments: dict[tuple[dt.datetime, Direction], int] = defaultdict(int)
    for tap, at in zip(batch.taps, times, strict=True):
        increments[(bucket_start(at), tap.direction)] += tap.delta
    return increments


async def write_if_allowed(
    user: User, gate_id: int, batch: Batch, undone: dict[str, Tap], now: dt.datetime
) -> int | None:
    """The batch written if the database still allows it (see batch_write.Guard), else None.
    Only what needs no database is assumed checked: the batch's form and its undos."""
    times = _tap_times(batch, undone)
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
            increments=_increments(batch, times),
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
    if undone is not None and max(_tap_times(batch, undone)) <= now + MAX_CLOCK_AHEAD:
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
        _check_taps(batch, context, undone, now)
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


# --- Corrections and closing a day ------------------------------------------------------------

# A correction or a reopened day needs a reason someone can act on later, not "x".
MIN_REASON = 5


async def add_correction(
    user: User, gate: Gate, day: dt.date, direction: Direction, delta: int, reason: str
) -> CountCorrection:
    """A supervisor's adjustment with its reason; allowed on closed days too (that is its use)."""
    errors: dict[str, str] = {}
    start, end = accepted_days(gate.event.start_date, gate.event.end_date)  # type: ignore[attr-defined]
    if not start <= day <= end:
        errors["day"] = _("Choose a day of the event.")
    if direction not in DIRECTIONS_OF_KIND[gate.kind]:
        errors["direction"] = _("This gate does not count people going that way.")
    if delta == 0 or abs(delta) > MAX_CORRECTION:
        errors["delta"] = _("A correction is a non-zero number of at most %(n)s people.") % {
            "n": f"{MAX_CORRECTION:,}".replace(",", ".")
        }
    if len(reason.strip()) < MIN_REASON:
        errors["reason"] = _("Say why the count is corrected (at least 5 characters).")
    if errors:
        raise Invalid(errors)
    async with in_transaction():
        correction = await CountCorrection.create(
            gate=gate, day=day, direction=direction, delta=delta, reason=reason.strip(), user=user
        )
        await audit.record(
            user,
            "count.correct",
            "Gate",
            gate.id,
            after={
                "correction": correction.id,
                "day": day,
                "direction": direction,
                "delta": delta,
            },
            reason=reason.strip(),
        )
    return correction


async def close_day(
    user: User, event_id: int, start_date: dt.date, end_date: dt.date, day: dt.date, today: dt.date
) -> DayClosure:
    first, last = accepted_days(start_date, end_date)
    if not first <= day <= last:
        raise Invalid({"day": _("Choose a day of the event.")})
    if day > today:
        raise Invalid({"day": _("A day can be closed once it has begun.")})
    try:
        async with in_transaction():
            closure = await DayClosure.create(event_id=event_id, day=day, closed_by=user)
            await audit.record(user, "count.close_day", "Event", event_id, after={"day": day})
    except IntegrityError:
        raise Conflict(
            {"day": _("The counts of %(day)s are already closed.") % {"day": format_date(day)}}
        ) from None
    return closure


async def reopen_day(user: User, event_id: int, day: dt.date, reason: str) -> None:
    """Undo a mistaken close: taps for the day are accepted again (a device's queued batches
    then go through on their next retry). The closure row goes; the audit log keeps who closed
    it and when, and who reopened it and why. Deciding who may do this is the route's job
    (administrators only)."""
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise Invalid({"reason": _("Say why the day is reopened (at least 5 characters).")})
    not_closed = Conflict(
        {"day": _("The counts of %(day)s are not closed.") % {"day": format_date(day)}}
    )
    async with in_transaction():
        closure = await DayClosure.filter(event_id=event_id, day=day).first()
        if closure is None:
            raise not_closed
        # Deleted by id: of two admins reopening at once, one deletes and the other is told.
        if not await DayClosure.filter(id=closure.id).delete():
            raise not_closed
        await audit.record(
            user,
            "count.reopen_day",
            "Event",
            event_id,
            before={
                "day": day,
                "closed_by": closure.closed_by_id,  # type: ignore[attr-defined]
                "closed_at": closure.closed_at,
            },
            reason=reason,
        )
