"""Series expansion: the right number of occurrences, on the rule's dates, inside the range."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from events.models import SeriesFrequency
from events.series import MAX_OCCURRENCES, PERIOD_DAYS, _occurrences, occurrence_starts, parse_rule
from ocopfair.errors import Invalid

STARTS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
COUNTS = st.integers(min_value=1, max_value=MAX_OCCURRENCES)
INTERVALS = st.integers(min_value=1, max_value=12)


@given(start=STARTS, count=COUNTS, interval=INTERVALS)
def test_weekly_occurrences_fall_every_interval_weeks_on_the_same_weekday(start, count, interval):
    starts = occurrence_starts(start, SeriesFrequency.WEEKLY, interval, count)
    assert len(starts) == count
    assert starts[0] == start
    assert all(day.weekday() == start.weekday() for day in starts)
    assert all((b - a).days == 7 * interval for a, b in zip(starts, starts[1:], strict=False))
    assert starts[-1] == start + dt.timedelta(weeks=interval * (count - 1))


@given(start=STARTS, count=COUNTS, interval=INTERVALS)
def test_daily_occurrences_are_consecutive_steps(start, count, interval):
    starts = occurrence_starts(start, SeriesFrequency.DAILY, interval, count)
    assert len(starts) == count and starts[0] == start
    assert all((b - a).days == interval for a, b in zip(starts, starts[1:], strict=False))


@given(start=STARTS, count=COUNTS, interval=INTERVALS)
def test_monthly_occurrences_keep_the_day_or_the_months_last_day(start, count, interval):
    starts = occurrence_starts(start, SeriesFrequency.MONTHLY, interval, count)
    assert len(starts) == count and starts[0] == start
    for i, day in enumerate(starts):
        months = start.year * 12 + start.month - 1 + i * interval
        assert (day.year, day.month) == (months // 12, months % 12 + 1)
        assert day.day == start.day or (
            day.day < start.day and (day + dt.timedelta(days=1)).month != day.month
        )  # clipped to the month's end
    assert starts == sorted(set(starts))


@st.composite
def rules(draw):
    frequency = draw(st.sampled_from(list(SeriesFrequency)))
    interval = draw(INTERVALS)
    longest = min(31, PERIOD_DAYS[frequency] * interval)
    return {
        "frequency": frequency.value,
        "interval": interval,
        "count": draw(COUNTS),
        "days": draw(st.integers(min_value=1, max_value=longest)),
        "deadline_days_before": draw(st.one_of(st.none(), st.integers(0, 180))),
    }


@given(start=STARTS, data=rules())
def test_expanded_occurrences_never_overlap_nor_leave_the_series_range(start, data):
    rule = parse_rule(data)
    values = {"name": "Tuần hàng OCOP", "start_date": start}
    occurrences = _occurrences(values, rule)
    assert len(occurrences) == rule["count"]
    last_start = occurrence_starts(start, rule["frequency"], rule["interval"], rule["count"])[-1]
    range_end = last_start + dt.timedelta(days=rule["days"] - 1)
    for index, occurrence in enumerate(occurrences, 1):
        assert occurrence["series_index"] == index
        assert occurrence["name"].endswith(f"({index}/{rule['count']})")
        assert start <= occurrence["start_date"] <= occurrence["end_date"] <= range_end
        assert (occurrence["end_date"] - occurrence["start_date"]).days == rule["days"] - 1
        deadline = occurrence["application_deadline"]
        assert deadline is None or deadline <= occurrence["start_date"]
    for first, second in zip(occurrences, occurrences[1:], strict=False):
        assert first["end_date"] < second["start_date"]


@given(
    count=st.one_of(st.integers(max_value=0), st.integers(min_value=MAX_OCCURRENCES + 1)),
    days=st.integers(min_value=1, max_value=7),
)
def test_a_count_outside_one_to_the_maximum_is_refused(count, days):
    try:
        parse_rule({"frequency": "weekly", "interval": 1, "count": count, "days": days})
    except Invalid as error:
        assert "count" in error.fields
    else:
        raise AssertionError(f"count {count} was accepted")


@given(
    frequency=st.sampled_from(list(SeriesFrequency)),
    interval=INTERVALS,
    days=st.integers(min_value=1, max_value=31),
)
def test_occurrences_longer_than_their_period_are_refused(frequency, interval, days):
    data = {"frequency": frequency.value, "interval": interval, "count": 3, "days": days}
    if days > PERIOD_DAYS[frequency] * interval:
        try:
            parse_rule(data)
        except Invalid as error:
            assert "days" in error.fields
        else:
            raise AssertionError("an occurrence longer than its period was accepted")
    else:
        assert parse_rule(data)["days"] == days
