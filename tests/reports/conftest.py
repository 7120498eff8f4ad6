"""A fair built row by row from known counts, corrections, sales and deals.

Every figure the reports must show was worked out by hand from these rows (see the comments);
the reconciliation tests compare the page, the XLSX, the CSV and the API with them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest_asyncio

from booths.models import (
    ApplicationStatus,
    AssignmentKind,
    Booth,
    BoothApplication,
    BoothAssignment,
    PaymentStatus,
)
from deals.models import Buyer, BuyerKind, DealStatus, TradeDeal
from events.models import Event, EventKind, EventLevel, EventStatus, Venue, VenueKind
from exhibitors.models import ExhibitorKind, Product, ProductGroup
from ocopfair.models import Locality, LocalityKind
from sales.models import SalesLine, SalesRecord
from tests.conftest import make_exhibitor, make_user
from visitors.models import CountCorrection, Direction, Gate, GateCount

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
D1, D2, D3 = dt.date(2025, 3, 10), dt.date(2025, 3, 11), dt.date(2025, 3, 12)


def local(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    """A bucket start given on the province's clock, stored in UTC."""
    return dt.datetime.combine(day, dt.time(hh, mm), LOCAL).astimezone(dt.UTC)


async def count(gate: Gate, at: dt.datetime, direction: Direction, n: int) -> None:
    await GateCount.create(gate=gate, bucket_start=at, direction=direction, count=n)


async def sale(
    assignment: BoothAssignment,
    day: dt.date,
    revenue: int,
    units: int,
    lines: dict[Product, int] | None = None,
) -> SalesRecord:
    record = await SalesRecord.create(assignment=assignment, day=day, revenue=revenue, units=units)
    for product, n in (lines or {}).items():
        await SalesLine.create(record=record, product=product, units=n)
    return record


async def assign(
    booth: Booth,
    exhibitor: Any,
    status: PaymentStatus,
    fee: int,
    application: BoothApplication | None = None,
    kind: AssignmentKind = AssignmentKind.ASSIGNED,
) -> BoothAssignment:
    return await BoothAssignment.create(
        booth=booth,
        active_booth=booth.id,
        exhibitor=exhibitor,
        application=application,
        kind=kind,
        fee=fee,
        payment_status=status,
    )


@pytest_asyncio.fixture
async def fair(db) -> dict[str, Any]:
    ha_long = await Locality.create(code="HL", name="Hạ Long", kind=LocalityKind.CITY)
    mong_cai = await Locality.create(code="MC", name="Móng Cái", kind=LocalityKind.CITY)
    venue = await Venue.create(
        name="Cung Quy hoạch", kind=VenueKind.EXHIBITION_GROUND, locality=ha_long
    )
    mall = await Venue.create(name="Big C Móng Cái", kind=VenueKind.MALL, locality=mong_cai)
    event = await Event.create(
        name="Hội chợ OCOP Quảng Ninh 2025",
        kind=EventKind.PROVINCIAL_FAIR,
        level=EventLevel.PROVINCIAL,
        venue=venue,
        locality=ha_long,
        start_date=D1,
        end_date=D3,
        status=EventStatus.FINISHED,
    )
    previous = await Event.create(
        name="Hội chợ OCOP Quảng Ninh 2024",
        kind=EventKind.PROVINCIAL_FAIR,
        level=EventLevel.PROVINCIAL,
        venue=venue,
        locality=ha_long,
        start_date=dt.date(2024, 3, 11),
        end_date=dt.date(2024, 3, 13),
        status=EventStatus.REPORTED,
    )

    # Producers: A (cooperative, Hạ Long, ethnic minority), B (household, Móng Cái),
    # C (enterprise, Hạ Long, island, no products), D (only holds a booth: never counted).
    a = await make_exhibitor("HTX Chè Đường Hoa", locality=ha_long, ethnic_minority=True)
    b = await make_exhibitor("Hộ Ba Kích Ba Chẽ", locality=mong_cai, kind=ExhibitorKind.HOUSEHOLD)
    c = await make_exhibitor(
        "Công ty Chả mực Vân Đồn", locality=ha_long, island=True, kind=ExhibitorKind.ENTERPRISE
    )
    d = await make_exhibitor("HTX Chờ xác nhận", locality=mong_cai)
    p1 = await Product.create(
        exhibitor=a, name="Chè Đường Hoa loại 1", group=ProductGroup.FOOD, stars=4
    )
    p2 = await Product.create(exhibitor=a, name="Trà hoa vàng", group=ProductGroup.DRINKS, stars=3)
    p3 = await Product.create(exhibitor=b, name="Rượu ba kích", group=ProductGroup.HERBAL, stars=5)
    # A's application shows only P2 (drinks, 3★): its revenue goes to drinks/3★ although its
    # catalogue has a 4★ food product. B booked without an application: its best product, P3.
    application = await BoothApplication.create(
        event=event, exhibitor=a, status=ApplicationStatus.ALLOCATED
    )
    await application.products.add(p2)

    booths = [await Booth.create(event=event, code=f"B0{i}") for i in range(1, 6)]
    await Booth.create(event=event, code="B06", blocked=True)
    a1 = await assign(booths[0], a, PaymentStatus.PAID, 1_500_000, application)
    await assign(booths[1], a, PaymentStatus.WAIVED, 1_500_000, application)
    b3 = await assign(booths[2], b, PaymentStatus.UNPAID, 2_000_000)
    c4 = await assign(booths[3], c, PaymentStatus.PAID, 1_000_000)
    await assign(booths[4], d, PaymentStatus.UNPAID, 2_000_000, kind=AssignmentKind.HOLD)
    # A released assignment of C on B05 (active_booth NULL): history, not a booth in use.
    await BoothAssignment.create(
        booth=booths[4],
        active_booth=None,
        exhibitor=c,
        kind=AssignmentKind.ASSIGNED,
        fee=9,
        payment_status="paid",
    )

    # Sales: total 7,650,000 ₫, 46 units, 5 booth-days. Units per product (sales lines): A
    # sold P1 beside P2 on day 1 (P1 is nobody's main product: 0 ₫ credited, 4 units), P2 6 + 20
    # = 26; B recorded P3's 5 units on day 1 and only a total on day 3; C has no product.
    # Day × group (main products: A → P2 drinks, B → P3 herbal, C → unclassified):
    # D1 drinks 1,000,000 + herbal 3,000,000; D2 drinks 2,500,000 + unclassified 450,000;
    # D3 herbal 700,000.
    await sale(a1, D1, 1_000_000, 10, {p1: 4, p2: 6})
    await sale(a1, D2, 2_500_000, 20, {p2: 20})
    await sale(b3, D1, 3_000_000, 5, {p3: 5})
    await sale(b3, D3, 700_000, 2)
    await sale(c4, D2, 450_000, 9)

    g1 = await Gate.create(event=event, name="Cổng A")
    g2 = await Gate.create(event=event, name="Cổng B")
    # Day 1: in 100+50+20 (A) + 30 (B); out 40 (A) + 60 (B); correction +5 in at A.
    await count(g1, local(D1, 8), Direction.IN, 100)
    await count(g1, local(D1, 8, 15), Direction.IN, 50)
    await count(g2, local(D1, 8), Direction.IN, 30)
    await count(g1, local(D1, 9), Direction.OUT, 40)
    await count(g2, local(D1, 10), Direction.OUT, 60)
    await count(g1, local(D1, 10), Direction.IN, 20)
    # Day 2: 00:15 local is still 10/03 in UTC — it must count for 11/03.
    await count(g2, local(D2, 0, 15), Direction.IN, 7)
    await count(g1, local(D2, 14), Direction.IN, 300)
    await count(g2, local(D2, 14, 30), Direction.IN, 100)
    await count(g1, local(D2, 16), Direction.OUT, 250)
    # Day 3.
    await count(g1, local(D3, 9), Direction.IN, 10)
    await count(g1, local(D3, 11), Direction.OUT, 10)
    await CountCorrection.create(
        gate=g1, day=D1, direction=Direction.IN, delta=5, reason="Phiếu giấy cổng A"
    )
    await CountCorrection.create(
        gate=g2, day=D2, direction=Direction.OUT, delta=-3, reason="Đếm trùng"
    )

    metro = await Buyer.create(name="MM Mega Market", kind=BuyerKind.SUPERMARKET)
    winmart = await Buyer.create(name="WinMart", kind=BuyerKind.SUPERMARKET)
    await TradeDeal.create(event=event, exhibitor=a, buyer=metro, status=DealStatus.CONTACT)
    await TradeDeal.create(
        event=event, exhibitor=a, buyer=winmart, value=50_000_000, status=DealStatus.MEMORANDUM
    )
    await TradeDeal.create(
        event=event, exhibitor=b, buyer=metro, value=20_000_000, status=DealStatus.FIRST_ORDER
    )

    # The previous edition: one booth of A with 1,000,000 ₫ and 100 entries.
    old_booth = await Booth.create(event=previous, code="B01")
    old = await assign(old_booth, a, PaymentStatus.PAID, 1_000_000)
    await sale(old, dt.date(2024, 3, 11), 1_000_000, 4)
    old_gate = await Gate.create(event=previous, name="Cổng A")
    await count(old_gate, local(dt.date(2024, 3, 11), 9), Direction.IN, 100)

    # Another 2025 event (a connection week in May at Móng Cái) and two that must not count.
    week = await Event.create(
        name="Tuần hàng OCOP Móng Cái",
        kind=EventKind.CONNECTION_WEEK,
        level=EventLevel.COMMUNE,
        venue=mall,
        locality=mong_cai,
        start_date=dt.date(2025, 5, 5),
        end_date=dt.date(2025, 5, 11),
        status=EventStatus.REPORTED,
    )
    week_booth = await Booth.create(event=week, code="M01")
    week_a = await assign(week_booth, b, PaymentStatus.WAIVED, 0)
    await sale(week_a, dt.date(2025, 5, 6), 1_200_000, 12)
    week_gate = await Gate.create(event=week, name="Cửa chính")
    await count(week_gate, local(dt.date(2025, 5, 6), 18), Direction.IN, 900)
    await TradeDeal.create(
        event=week, exhibitor=b, buyer=winmart, value=5_000_000, status=DealStatus.REGULAR_SUPPLY
    )
    cancelled = await Event.create(
        name="Hội chợ bị hủy",
        kind=EventKind.LOCAL_FAIR,
        level=EventLevel.COMMUNE,
        venue=mall,
        start_date=dt.date(2025, 6, 1),
        end_date=dt.date(2025, 6, 2),
        status=EventStatus.CANCELLED,
    )
    cancelled_gate = await Gate.create(event=cancelled, name="Cổng")
    await count(cancelled_gate, local(dt.date(2025, 6, 1), 9), Direction.IN, 5000)

    exhibitor_user = await make_user("exhibitor", "htx_a", exhibitor_id=a.id)
    stranger = await make_exhibitor("HTX Không tham gia", locality=mong_cai)
    outsider_user = await make_user("exhibitor", "htx_x", exhibitor_id=stranger.id)
    return {
        "event": event,
        "previous": previous,
        "week": week,
        "cancelled": cancelled,
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "products": (p1, p2, p3),
        "ha_long": ha_long,
        "mong_cai": mong_cai,
        "gates": (g1, g2),
        "exhibitor_user": exhibitor_user,
        "outsider_user": outsider_user,
        "official": await make_user("official"),
        "organizer": await make_user("organizer"),
    }
