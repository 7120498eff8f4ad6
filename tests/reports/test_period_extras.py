"""The period report's own sections for issue 20: showroom sales apart from the fair figures,
programmes proposed / confirmed / held, and the same span a year earlier side by side."""

from __future__ import annotations

import datetime as dt

from events.models import (
    Event,
    EventKind,
    EventSeries,
    EventStatus,
    Programme,
    ProgrammeStatus,
    VenueKind,
)
from ocopfair.models import PartnerOrganisation
from reports.period_extras import a_year_earlier
from reports.period_report import PeriodFilter, period_report
from sales.models import ShowroomSale
from tests.factories import add_booths, make_event, make_exhibitor, make_sale, make_venue

YEAR = PeriodFilter(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_a_year_earlier_keeps_the_day_or_ends_february():
    assert a_year_earlier(dt.date(2025, 3, 31)) == dt.date(2024, 3, 31)
    assert a_year_earlier(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)


async def _held(name: str, start: dt.date, revenue: int, kind=EventKind.PROVINCIAL_FAIR):
    event = await make_event(name, start=start, days=2, status=EventStatus.FINISHED, kind=kind)
    booths = await add_booths(event, 1, start=start.year * 10 + start.month)
    await make_sale(booths[0], start, revenue, 10)
    return event


async def test_the_year_before_stands_beside_this_year(db):
    await _held("Hội chợ 2024", dt.date(2024, 5, 2), 3_000_000)
    await _held("Lễ hội Cam 2025", dt.date(2025, 5, 2), 5_000_000, EventKind.FESTIVAL)
    await _held("Hội chợ 2025", dt.date(2025, 9, 2), 4_000_000)
    report = await period_report(YEAR)
    section = report.section("year_on_year")
    rows = {row[0]: row[1:] for row in section.rows}
    assert rows["Doanh thu"][:2] == [9_000_000, 3_000_000] or rows["Revenue"][:2] == [
        9_000_000,
        3_000_000,
    ]
    events_row = next(r for r in section.rows if r[1] == 2 and r[2] == 1)
    assert events_row[3] == 100.0
    festivals = await period_report(PeriodFilter(YEAR.date_from, YEAR.date_to, EventKind.FESTIVAL))
    assert {h.key: h.value for h in festivals.headlines}["events"] == 1


async def test_showroom_sales_are_their_own_section_never_in_fair_revenue(db):
    await _held("Hội chợ 2025", dt.date(2025, 9, 2), 4_000_000)
    showroom = await make_venue("Điểm OCOP Hạ Long", kind=VenueKind.SHOWROOM)
    producer = await make_exhibitor("HTX Điểm bán")
    await ShowroomSale.create(
        venue=showroom, exhibitor=producer, month=dt.date(2025, 3, 1), revenue=7_000_000
    )
    await ShowroomSale.create(
        venue=showroom, exhibitor=producer, month=dt.date(2024, 3, 1), revenue=1_000_000
    )
    report = await period_report(YEAR)
    assert {h.key: h.value for h in report.headlines}["revenue"] == 4_000_000
    showrooms = report.section("showrooms")
    assert showrooms.rows == [["Điểm OCOP Hạ Long", 1, 7_000_000]]


async def test_programmes_proposed_confirmed_and_held_are_counted(db):
    partner = await PartnerOrganisation.create(name="Siêu thị")
    venue = await make_venue()
    held = await _held("Tuần hàng của đối tác", dt.date(2025, 6, 2), 1_000)
    common = {"partner": partner, "venue": venue, "name": "CT"}
    await Programme.create(
        **common,
        start_date=held.start_date,
        end_date=held.end_date,
        status=ProgrammeStatus.CONFIRMED,
        event=held,
        decided_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC),
    )
    await Programme.create(
        **common,
        start_date=dt.date(2025, 11, 1),
        end_date=dt.date(2025, 11, 2),
        status=ProgrammeStatus.REFUSED,
    )
    await Programme.filter().update(created_at=dt.datetime(2025, 4, 1, tzinfo=dt.UTC))
    report = await period_report(YEAR)
    counts = [row[1] for row in report.section("programmes").rows]
    assert counts == [2, 1, 1]


async def test_a_series_programme_counts_once_however_many_sessions_were_held(db):
    # Programmes are counted, not sessions: three weekly sessions held in the span (and a
    # fourth cancelled) are one programme held.
    partner = await PartnerOrganisation.create(name="Chuỗi siêu thị")
    venue = await make_venue()
    series = await EventSeries.create(
        name="Kết nối cung cầu", kind=EventKind.CONNECTION_WEEK, venue=venue
    )
    sessions = []
    for week in range(4):
        start = dt.date(2025, 6, 2) + dt.timedelta(weeks=week)
        status = EventStatus.CANCELLED if week == 3 else EventStatus.FINISHED
        event = await make_event(
            f"Phiên {week + 1}", start=start, days=1, status=status, venue=venue
        )
        await Event.filter(id=event.id).update(
            series_id=series.id, series_index=week + 1, owner_partner_id=partner.id
        )
        sessions.append([start.isoformat(), start.isoformat()])
    await Programme.create(
        partner=partner,
        venue=venue,
        name="Kết nối cung cầu",
        start_date=dt.date(2025, 6, 2),
        end_date=dt.date(2025, 6, 23),
        sessions=sessions,
        status=ProgrammeStatus.CONFIRMED,
        event_id=(await Event.get(series_id=series.id, series_index=1)).id,
        series=series,
        decided_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC),
    )
    await Programme.filter().update(created_at=dt.datetime(2025, 4, 1, tzinfo=dt.UTC))
    report = await period_report(YEAR)
    assert [row[1] for row in report.section("programmes").rows] == [1, 1, 1]
    # A span holding only its later sessions still sees the programme held, once.
    june = await period_report(PeriodFilter(dt.date(2025, 6, 8), dt.date(2025, 6, 30)))
    assert june.section("programmes").rows[2][1] == 1
    # A span with no session held: not held.
    july = await period_report(PeriodFilter(dt.date(2025, 6, 20), dt.date(2025, 7, 31)))
    assert july.section("programmes").rows[2][1] == 0
