"""The days of the hand-counted fair (tests/reports/conftest.py) and the province's clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
D1, D2, D3 = dt.date(2025, 3, 10), dt.date(2025, 3, 11), dt.date(2025, 3, 12)


def local(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    """A bucket start given on the province's clock, stored in UTC."""
    return dt.datetime.combine(day, dt.time(hh, mm), LOCAL).astimezone(dt.UTC)
