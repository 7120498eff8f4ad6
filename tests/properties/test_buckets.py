"""Bucket filing of gate taps: every tap lands in the 15-minute bucket that holds it, on the
quarter hour in UTC and on the province's clock alike, and taps outside the event's accepted
days (or with a clock far ahead) are refused, never filed and never a crash.

The refusal rules are visitors.counting.check_taps (what a device is told); the fast path's
SQL guard (visitors/batch_write.py) applies the same rules in the database, which the visitors
tests exercise on both databases."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import assume, example, given
from hypothesis import strategies as st

from ocopfair.errors import Invalid
from ocopfair.i18n import LOCAL_TZ
from visitors.buckets import MAX_CLOCK_AHEAD, accepted_days, bucket_start, local_day
from visitors.counting import bucket_increments, check_taps, tap_times
from visitors.gate_context import GateContext
from visitors.models import Direction, GateKind
from visitors.taps import Batch, Tap, parse_tap

ZONES = st.sampled_from(
    [
        dt.UTC,
        LOCAL_TZ,
        ZoneInfo("Asia/Kolkata"),
        ZoneInfo("America/New_York"),
        dt.timezone(dt.timedelta(hours=5, minutes=45)),
        dt.timezone(dt.timedelta(hours=-9, minutes=-30)),
    ]
)
MOMENTS = st.datetimes(
    min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2090, 1, 1), timezones=ZONES
)
QUARTER = dt.timedelta(minutes=15)


@given(at=MOMENTS)
def test_a_tap_is_filed_in_the_quarter_hour_that_holds_it(at):
    bucket = bucket_start(at)
    assert bucket.utcoffset() == dt.timedelta(0)
    assert bucket.minute in (0, 15, 30, 45) and bucket.second == bucket.microsecond == 0
    assert bucket <= at < bucket + QUARTER
    # Vietnam is UTC+7, so the bucket is a quarter hour on the local clock too.
    local = bucket.astimezone(LOCAL_TZ)
    assert local.minute in (0, 15, 30, 45) and local.second == 0


@given(at=MOMENTS, zone=ZONES)
def test_the_bucket_does_not_depend_on_the_senders_time_zone(at, zone):
    assert bucket_start(at.astimezone(zone)) == bucket_start(at)


@given(at=MOMENTS, micros=st.integers(min_value=0, max_value=15 * 60 * 10**6 - 1))
def test_every_moment_of_a_quarter_hour_shares_its_bucket(at, micros):
    bucket = bucket_start(at)
    assert bucket_start(bucket + dt.timedelta(microseconds=micros)) == bucket


def context(start: dt.date, days: int) -> GateContext:
    return GateContext(
        gate_id=1,
        event_id=1,
        kind=GateKind.BOTH,
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
        staff_every_day=True,
    )


def batch_of(taps: list[Tap]) -> Batch:
    return Batch("k" * 16, "phone-1", taps, "", [], None)


EVENT_START = dt.date(2026, 3, 10)
NOW = dt.datetime(2026, 3, 12, 5, 0, tzinfo=dt.UTC)


@given(
    times=st.lists(MOMENTS, min_size=1, max_size=20),
    deltas=st.lists(st.integers(1, 100), min_size=20, max_size=20),
    directions=st.lists(st.sampled_from(list(Direction)), min_size=20, max_size=20),
    days=st.integers(1, 10),
)
def test_a_batch_is_filed_whole_or_refused_whole(times, deltas, directions, days):
    ctx = context(EVENT_START, days)
    taps = [Tap(f"t{i}", at, directions[i], deltas[i]) for i, at in enumerate(times)]
    first, last = accepted_days(ctx.start_date, ctx.end_date)
    inside = [first <= local_day(t.at) <= last and t.at <= NOW + MAX_CLOCK_AHEAD for t in taps]
    batch = batch_of(taps)
    try:
        check_taps(batch, ctx, {}, NOW)
    except Invalid as error:
        assert not all(inside), "a batch of acceptable taps was refused"
        assert "taps" in error.fields
        return
    assert all(inside), "a tap outside the event's days (or from the future) was accepted"
    increments = bucket_increments(batch, tap_times(batch, {}))
    assert sum(increments.values()) == sum(t.delta for t in taps)
    for (bucket, direction), n in increments.items():
        assert bucket.minute % 15 == 0 and n > 0
        assert any(bucket_start(t.at) == bucket and t.direction == direction for t in taps)


@given(at=MOMENTS, days=st.integers(1, 10))
def test_taps_of_the_event_days_are_accepted_and_the_rest_refused(at, days):
    ctx = context(EVENT_START, days)
    assume(at <= NOW + MAX_CLOCK_AHEAD)
    first, last = accepted_days(ctx.start_date, ctx.end_date)
    tap = Tap("t1", at, Direction.IN, 1)
    if first <= local_day(at) <= last:
        check_taps(batch_of([tap]), ctx, {}, NOW)  # accepted: no exception
        assert bucket_increments(batch_of([tap]), [at]) == {(bucket_start(at), Direction.IN): 1}
    else:
        try:
            check_taps(batch_of([tap]), ctx, {}, NOW)
        except Invalid:
            return
        raise AssertionError(f"a tap on {local_day(at)} was filed for {first}..{last}")


@given(
    raw_time=st.one_of(
        st.datetimes(
            timezones=st.sampled_from(
                [dt.UTC, dt.timezone(dt.timedelta(hours=14)), dt.timezone(dt.timedelta(hours=-12))]
            )
        ).map(lambda d: d.isoformat()),
        st.integers(),
        st.floats(allow_nan=True),
        st.text(max_size=30),
    )
)
@example(raw_time="0001-01-01T00:00:00+14:00")  # no UTC day before year 1
@example(raw_time="9999-12-31T23:59:59-12:00")  # no local day after year 9999
@example(raw_time=1e300)
def test_any_tap_time_is_filed_or_refused_never_a_crash(raw_time):
    """Year 1 and year 9999 times, epoch numbers of any size: an Invalid at worst."""
    ctx = context(EVENT_START, 3)
    try:
        tap = parse_tap({"id": "t1", "at": raw_time, "dir": "in", "delta": 1}, 0)
        check_taps(batch_of([tap]), ctx, {}, NOW)
    except Invalid:
        pass
