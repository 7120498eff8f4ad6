"""Reading a batch of taps as a device sends it: its key, its device and each tap.

Only the form is judged here (nothing is read from the database): a batch that cannot be read
is refused whole, with the number of the tap at fault, and nothing is counted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, replace
from typing import Any

from ocopfair.errors import BadRequest, Invalid
from ocopfair.i18n import LOCAL_TZ
from ocopfair.i18n import gettext as _
from visitors.models import Direction

MAX_TAPS = 500
MAX_DELTA = 100
MAX_SKEW = dt.timedelta(minutes=2)
_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


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


def tap_error(index: int, message: str) -> Invalid:
    """The refusal of a whole batch because of its tap number `index` (from 0)."""
    return Invalid(
        {"taps": _("Tap %(n)d: %(problem)s") % {"n": index + 1, "problem": message}},
        message=_("The batch was refused; nothing was counted."),
    )


def _parse_time(value: Any, index: int) -> dt.datetime:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(value / 1000, dt.UTC)  # epoch milliseconds (JS)
        except (OverflowError, OSError, ValueError):
            raise tap_error(index, _("the time is not a valid time.")) from None
    try:
        at = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise tap_error(index, _("the time is not a valid time.")) from None
    if at.tzinfo is None:
        raise tap_error(index, _("the time must carry its time zone (for example 'Z')."))
    try:  # year 1 or 9999 in a far zone has no UTC or local day: unreadable, not a 500
        at.astimezone(dt.UTC).astimezone(LOCAL_TZ)
    except OverflowError:
        raise tap_error(index, _("the time is not a valid time.")) from None
    return at


def _parse_direction(raw: dict[str, Any], index: int) -> Direction:
    try:
        return Direction(str(raw.get("dir", raw.get("direction", "in"))))
    except ValueError:
        raise tap_error(index, _("the direction must be 'in' or 'out'.")) from None


def parse_tap(raw: Any, index: int) -> Tap:
    """One tap of a batch (number `index`, from 0), or the refusal of the batch."""
    if not isinstance(raw, dict):
        raise tap_error(index, _("each tap must be a JSON object."))
    tap_id = str(raw.get("id", ""))
    if not _ID.match(tap_id):
        raise tap_error(index, _("a tap needs an id of 1 to 64 letters, digits or -_.:"))
    delta = raw.get("delta")
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise tap_error(index, _("the number of people must be a whole number."))
    if delta == 0 or abs(delta) > MAX_DELTA:
        raise tap_error(index, _("a tap counts 1 to %(max)d people.") % {"max": MAX_DELTA})
    direction = _parse_direction(raw, index)
    undo_of = raw.get("undo_of")
    if undo_of is not None and not _ID.match(str(undo_of)):
        raise tap_error(index, _("undo_of must be the id of an earlier tap."))
    if delta < 0 and undo_of is None:
        raise tap_error(
            index,
            _("a negative number is only accepted as the undo of this device's own earlier tap."),
        )
    if delta > 0 and undo_of is not None:
        raise tap_error(index, _("an undo must have a negative number of people."))
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
    taps = [parse_tap(raw, i) for i, raw in enumerate(raw_taps)]
    if len({tap.id for tap in taps}) != len(taps):
        raise Invalid({"taps": _("Two taps in the batch have the same id.")})
    event_id = data.get("event_id")
    if event_id is not None and (isinstance(event_id, bool) or not isinstance(event_id, int)):
        raise BadRequest({"event_id": _("Enter a whole number.")})
    batch = Batch(key, device, taps, body_hash(gate_id, device, raw_taps), raw_taps, event_id)
    return on_server_clock(batch, data.get("sent_at"))


def on_server_clock(batch: Batch, sent_at: Any) -> Batch:
    """The batch with its taps moved onto the server's clock when the phone's is far off. The
    body hash stays the one of the body as sent, so a retry still matches it; the moved times
    are what is stored, so an undo sent later finds its tap's bucket."""
    skew = clock_skew(sent_at, dt.datetime.now(dt.UTC))
    if not skew:
        return batch
    try:
        taps = [replace(tap, at=tap.at + skew) for tap in batch.taps]
    except OverflowError:
        raise BadRequest({"sent_at": _("The phone's clock is not a valid time.")}) from None
    raw = [{**r, "at": t.at.isoformat()} for r, t in zip(batch.raw_taps, taps, strict=True)]
    return replace(batch, taps=taps, raw_taps=raw)


def clock_skew(sent_at: Any, now: dt.datetime) -> dt.timedelta | None:
    """How far the phone's clock is behind the server's, when it is off by more than
    MAX_SKEW: the phone said when it sent the batch (`sent_at`, its own clock), so each tap is
    filed at its own time on the server's clock ("as now" for a tap just made), and the rules
    (event days, closed days, the future) judge that time. None when the clock is close enough
    (a slow network) or the sender gave no time (turnstiles, scripts)."""
    if not isinstance(sent_at, str):
        return None
    try:
        sent = dt.datetime.fromisoformat(sent_at)
        skew = now - sent
    except (ValueError, TypeError, OverflowError):
        return None  # unreadable or without a zone: the taps' own times stand
    return skew if abs(skew) > MAX_SKEW else None


# A scan kept on a phone longer than this is filed as now: its own time is no longer trusted.
MAX_KEPT_SCAN_AGE = dt.timedelta(hours=48)


def kept_scan_time(scanned_at: Any, sent_at: Any, now: dt.datetime) -> dt.datetime:
    """When a ticket scanned with no network was really scanned, on the server's clock.

    The scanner keeps a code typed offline with the phone's time (`scanned_at`) and says when it
    sends it (`sent_at`), both on the phone's clock, so the check-in lands in the hour it
    happened even when the phone's clock is far off. Anything unreadable, in the future or
    older than MAX_KEPT_SCAN_AGE is filed as now, like a scan sent at once."""
    if not isinstance(scanned_at, str) or not scanned_at:
        return now
    try:
        made = dt.datetime.fromisoformat(scanned_at)
        at = made + (clock_skew(sent_at, now) or dt.timedelta(0))
        if at.tzinfo is None or not now - MAX_KEPT_SCAN_AGE <= at <= now:
            return now
    except (ValueError, TypeError, OverflowError):
        return now
    return at
