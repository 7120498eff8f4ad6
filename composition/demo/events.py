"""The demo's venues and events: a finished provincial fair, the next one open for applications,
17 weekly connection weeks at Big C (the current one running), a cross-border fair still in
draft and a local fair taking booth bookings."""

from __future__ import annotations

import datetime as dt

from booths.models import BoothType
from composition.demo.data import places, seeds
from composition.demo.days import CLOSES, OPENS, season_name, weekday_on_or_before
from composition.demo.loaded import Loaded
from events.models import (
    AllocationMode,
    Event,
    EventKind,
    EventLevel,
    EventSeries,
    EventStatus,
    Venue,
    VenueKind,
)

# Demo money values, integer VND: a 3x3 m booth at a provincial fair, and at a local fair.
FAIR_FEES = {BoothType.STANDARD.value: 3_000_000, BoothType.CORNER.value: 3_500_000}
LOCAL_FEES = {BoothType.STANDARD.value: 500_000, BoothType.CORNER.value: 700_000}

PROVINCE_OFFICE = "Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh"
TRADE_OFFICE = "Sở Công Thương tỉnh Quảng Ninh"


async def load_venues(data: Loaded) -> None:
    for key, name, address, code, kind, capacity in places.VENUES:
        data.venues[key] = await Venue.create(
            name=name,
            address=address,
            locality=data.localities[code],
            kind=VenueKind(kind),
            capacity=capacity,
        )


def _week_status(start: dt.date, deadline: dt.date, index: int, today: dt.date) -> EventStatus:
    """Past weeks finished, this week running; the next few take applications until their
    deadline (then closed, waiting to run); later ones are still drafts."""
    if start + dt.timedelta(days=6) < today:
        return EventStatus.FINISHED
    if start <= today:
        return EventStatus.RUNNING
    if deadline < today:
        return EventStatus.CLOSED
    return EventStatus.OPEN if index <= 7 else EventStatus.DRAFT


async def load_events(data: Loaded, today: dt.date) -> None:
    """In this order (their ids follow it): the two provincial fairs, the connection weeks, the
    cross-border fair and the local fair."""
    await _load_provincial_fairs(data, today)
    await _load_connection_weeks(data, today)
    await _load_border_fair(data, today)
    await _load_local_fair(data, today)


async def _load_provincial_fairs(data: Loaded, today: dt.date) -> None:
    loc, venues = data.localities, data.venues
    fair_office = f"{PROVINCE_OFFICE}; Liên minh Hợp tác xã tỉnh Quảng Ninh"
    # A provincial fair about two months ago, Wednesday to Sunday.
    past_start = weekday_on_or_before(today - dt.timedelta(days=60), 2)
    data.events["past"] = await Event.create(
        name=f"Hội chợ OCOP Quảng Ninh {season_name(past_start)}",
        kind=EventKind.PROVINCIAL_FAIR,
        level=EventLevel.PROVINCIAL,
        organizing_unit=fair_office,
        locality=loc["HL"],
        venue=venues["ground"],
        start_date=past_start,
        end_date=past_start + dt.timedelta(days=4),
        opens_at=OPENS,
        closes_at=CLOSES,
        application_deadline=past_start - dt.timedelta(days=21),
        booth_fees=FAIR_FEES,
        description="Giới thiệu, kết nối tiêu thụ sản phẩm OCOP của 13 địa phương trong tỉnh.",
        status=EventStatus.FINISHED,
    )
    # The next provincial fair, about six weeks ahead, open for applications for three weeks.
    next_start = weekday_on_or_before(today + dt.timedelta(days=44), 2)
    data.events["upcoming"] = await Event.create(
        name=f"Hội chợ OCOP Quảng Ninh {season_name(next_start)}",
        kind=EventKind.PROVINCIAL_FAIR,
        level=EventLevel.PROVINCIAL,
        organizing_unit=fair_office,
        locality=loc["HL"],
        venue=venues["ground"],
        start_date=next_start,
        end_date=next_start + dt.timedelta(days=4),
        opens_at=OPENS,
        closes_at=CLOSES,
        application_deadline=today + dt.timedelta(days=21),
        booth_fees=FAIR_FEES,
        description="Sản phẩm OCOP từ 3 sao, chứng nhận còn hiệu lực đến hết ngày hội chợ. "
        "Chủ thể là đồng bào dân tộc thiểu số, vùng sâu, vùng xa, hải đảo được "
        "miễn phí gian hàng.",
        status=EventStatus.OPEN,
    )


async def _load_connection_weeks(data: Loaded, today: dt.date) -> None:
    """17 connection weeks at Big C (figures.md F06-F10), stored the way events/series.py
    makes them; the current week is the third."""
    loc, venues = data.localities, data.venues
    first_monday = weekday_on_or_before(today, 0) - dt.timedelta(weeks=2)
    name = "Tuần kết nối tiêu dùng sản phẩm OCOP tại Trung tâm thương mại Big C Hạ Long"
    count = seeds.CONNECTION_WEEKS
    series = await EventSeries.create(
        name=name,
        kind=EventKind.CONNECTION_WEEK,
        venue=venues["bigc"],
        level=EventLevel.PROVINCIAL,
        locality=loc["HL"],
        rule={
            "frequency": "weekly",
            "interval": 1,
            "count": count,
            "days": 7,
            "deadline_days_before": 7,
            "start": first_monday.isoformat(),
        },
    )
    for index in range(1, count + 1):
        start = first_monday + dt.timedelta(weeks=index - 1)
        deadline = start - dt.timedelta(days=7)
        data.weeks.append(
            await Event.create(
                name=f"{name} ({index}/{count})",
                kind=EventKind.CONNECTION_WEEK,
                level=EventLevel.PROVINCIAL,
                organizing_unit=TRADE_OFFICE,
                locality=loc["HL"],
                venue=venues["bigc"],
                series=series,
                series_index=index,
                start_date=start,
                end_date=start + dt.timedelta(days=6),
                opens_at=OPENS,
                closes_at=CLOSES,
                application_deadline=deadline,
                booths_free=True,
                max_booths_per_exhibitor=1,
                description="30 gian hàng mỗi tuần, 150–180 sản phẩm OCOP của tỉnh.",
                status=_week_status(start, deadline, index, today),
            )
        )


async def _load_border_fair(data: Loaded, today: dt.date) -> None:
    """The Việt–Trung cross-border fair (figures.md F13-F15, F26), still a draft."""
    loc, venues = data.localities, data.venues
    border_start = today + dt.timedelta(days=120)
    data.events["border"] = await Event.create(
        name=f"Hội chợ Thương mại và Du lịch quốc tế Việt – Trung {border_start.year} tại Móng Cái",
        kind=EventKind.CROSS_BORDER_FAIR,
        level=EventLevel.PROVINCIAL,
        organizing_unit=f"UBND tỉnh Quảng Ninh; {TRADE_OFFICE}",
        locality=loc["MC"],
        venue=venues["mongcai"],
        start_date=border_start,
        end_date=border_start + dt.timedelta(days=4),
        opens_at=OPENS,
        closes_at=CLOSES,
        booth_fees=FAIR_FEES,
        description="Hàng trăm gian hàng, trong đó dự kiến 70–80 gian hàng OCOP với trên 200 "
        "sản phẩm.",
        status=EventStatus.DRAFT,
    )


async def _load_local_fair(data: Loaded, today: dt.date) -> None:
    """A local fair. District-level government ended on 1 July 2025, so it is commune level."""
    loc, venues = data.localities, data.venues
    local_start = weekday_on_or_before(today + dt.timedelta(days=27), 4)
    data.events["local"] = await Event.create(
        name=f"Hội chợ OCOP và sản phẩm vùng cao Bình Liêu {local_start.year}",
        kind=EventKind.LOCAL_FAIR,
        level=EventLevel.COMMUNE,
        organizing_unit="UBND xã Bình Liêu",
        locality=loc["BL"],
        venue=venues["binhlieu"],
        start_date=local_start,
        end_date=local_start + dt.timedelta(days=2),
        opens_at=dt.time(7, 30),
        closes_at=dt.time(21, 0),
        application_deadline=today + dt.timedelta(days=10),
        booth_fees=LOCAL_FEES,
        allocation_mode=AllocationMode.BOOKING,
        max_booths_per_exhibitor=1,
        description="Miến dong, trà, dược liệu và hàng thổ cẩm của đồng bào Tày, Sán Chỉ, Dao.",
        status=EventStatus.OPEN,
    )
