"""What a gate phone sends: taps, their times, and batch keys."""

from __future__ import annotations

import datetime as dt
import uuid


def now_iso(offset: dt.timedelta = dt.timedelta(0)) -> str:
    return (dt.datetime.now(dt.UTC) + offset).isoformat()


def new_key() -> str:
    return uuid.uuid4().hex


def tap(delta: int = 1, direction: str = "in", at: str | None = None, **extra) -> dict:
    return {
        "id": uuid.uuid4().hex[:16],
        "at": at or now_iso(),
        "dir": direction,
        "delta": delta,
        **extra,
    }
