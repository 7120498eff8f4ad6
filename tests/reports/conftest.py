"""A fair built row by row from known counts, corrections, sales and deals.

Every figure the reports must show was worked out by hand from these rows (see the comments);
the reconciliation tests compare the page, the XLSX, the CSV and the API with them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest_asyncio

from booths.models import ApplicationStatus, AssignmentKind, Booth, BoothApplication, PaymentStatus
from deals.models import DealStatus, TradeDeal
from events.models import EventKind, EventLevel, EventStatus, VenueKind
from exhibitors.models import ExhibitorKind, ProductGroup
from ocopfair.models import LocalityKind
from tests.factories import (
    assign_booth,
    make_buyer,
    make_event,
    make_exhibitor,
    make_gate,
    make_gate_count,
    make_locality,
    make_product,
    make_sale,
    make_user,
    make_venue,
)
from tests.reports.dates import D1, D2, D3, local
from visitors.models import CountCorrection, Direction


@pytest_asyncio.fixture
async def fair(db) -> dict[str, Any]:
    ha_long = await make_locality("HL", "Hạ Long", LocalityKind.CITY)
    mong_cai = await make_locality("MC", "Móng Cái", LocalityKind.CITY)
    venue = await make_venue(
        "Cung Quy hoạch", address="", kind=VenueKind.EXHIBITION_GROUND, locality=ha_long
    )
    mall = await make_venue("Big C Móng Cái", address="", kind=VenueKind.MALL, locality=mong_cai)
    event = await make_event(
        "Hội chợ OCOP Quảng Ninh 2025",
        venue=venue,
        locality=ha_long,
        start=D1,
        days=3,
        status=EventStatus.FINISHED,
    )
    previous = await make_event(
        "Hội chợ OCOP Quảng Ninh 2024",
        venue=venue,
        locality=ha_long,
        start=dt.date(2024, 3, 11),
        days=3,
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
    # No product has an OCOP certificate on record: the reports do not look at certificates.
    p1 = await make_product(a, "Chè Đường Hoa loại 1", 4, certificate_expiry=None)
    p2 = await make_product(
        a, "Trà hoa vàng", 3, group=ProductGroup.DRINKS, certificate_expiry=None
    )
    p3 = await make_product(
        b, "Rượu ba kích", 5, group=ProductGroup.HERBAL, certificate_expiry=None
    )
    # A's application shows only P2 (drinks, 3★): its revenue goes to drinks/3★ although its
    # catalogue has a 4★ food product. B booked without an application: its best product, P3.
    application = await BoothApplication.create(
        event=event, exhibitor=a, status=ApplicationStatus.ALLOCATED
    )
    await application.products.add(p2)

    booths = [await Booth.create(event=event, code=f"B0{i}") for i in range(1, 6)]
    await Booth.create(event=event, code="B06", blocked=True)
    a1 = await assign_booth(
        booths[0], a, fee=1_500_000, payment_status=PaymentStatus.PAID, application=application
    )
    await assign_booth(
        booths[1], a, fee=1_500_000, payment_status=PaymentStatus.WAIVED, application=application
    )
    b3 = await assign_booth(booths[2], b, fee=2_000_000, payment_status=PaymentStatus.UNPAID)
    c4 = await assign_booth(booths[3], c, fee=1_000_000, payment_status=PaymentStatus.PAID)
    await assign_booth(
        booths[4], d, fee=2_000_000, payment_status=PaymentStatus.UNPAID, kind=AssignmentKind.HOLD
    )
    # A released assignment of C on B05 (active_booth NULL): history, not a booth in use.
    await assign_booth(booths[4], c, fee=9, payment_status=PaymentStatus.PAID, active=False)

    # Sales: total 7,650,000 ₫, 46 units, 5 booth-days. Units per product (sales lines): A
    # sold P1 beside P2 on day 1 (P1 is nobody's main product: 0 ₫ credited, 4 units), P2 6 + 20
    # = 26; B recorded P3's 5 units on day 1 and only a total on day 3; C has no product.
    # Day × group (main products: A → P2 drinks, B → P3 herbal, C → unclassified):
    # D1 drinks 1,000,000 + herbal 3,000,000; D2 drinks 2,500,000 + unclassified 450,000;
    # D3 herbal 700,000.
    await make_sale(a1, D1, 1_000_000, 10, {p1: 4, p2: 6})
    await make_sale(a1, D2, 2_500_000, 20, {p2: 20})
    await make_sale(b3, D1, 3_000_000, 5, {p3: 5})
    await make_sale(b3, D3, 700_000, 2)
    await make_sale(c4, D2, 450_000, 9)

    g1 = await make_gate(event, "Cổng A")
    g2 = await make_gate(event, "Cổng B")
    # Day 1: in 100+50+20 (A) + 30 (B); out 40 (A) + 60 (B); correction +5 in at A.
    await make_gate_count(g1, local(D1, 8), Direction.IN, 100)
    await make_gate_count(g1, local(D1, 8, 15), Direction.IN, 50)
    await make_gate_count(g2, local(D1, 8), Direction.IN, 30)
    await make_gate_count(g1, local(D1, 9), Direction.OUT, 40)
    await make_gate_count(g2, local(D1, 10), Direction.OUT, 60)
    await make_gate_count(g1, local(D1, 10), Direction.IN, 20)
    # Day 2: 00:15 local is still 10/03 in UTC — it must count for 11/03.
    await make_gate_count(g2, local(D2, 0, 15), Direction.IN, 7)
    await make_gate_count(g1, local(D2, 14), Direction.IN, 300)
    await make_gate_count(g2, local(D2, 14, 30), Direction.IN, 100)
    await make_gate_count(g1, local(D2, 16), Direction.OUT, 250)
    # Day 3.
    await make_gate_count(g1, local(D3, 9), Direction.IN, 10)
    await make_gate_count(g1, local(D3, 11), Direction.OUT, 10)
    await CountCorrection.create(
        gate=g1, day=D1, direction=Direction.IN, delta=5, reason="Phiếu giấy cổng A"
    )
    await CountCorrection.create(
        gate=g2, day=D2, direction=Direction.OUT, delta=-3, reason="Đếm trùng"
    )

    metro = await make_buyer("MM Mega Market")
    winmart = await make_buyer("WinMart")
    await TradeDeal.create(event=event, exhibitor=a, buyer=metro, status=DealStatus.CONTACT)
    await TradeDeal.create(
        event=event, exhibitor=a, buyer=winmart, value=50_000_000, status=DealStatus.MEMORANDUM
    )
    await TradeDeal.create(
        event=event, exhibitor=b, buyer=metro, value=20_000_000, status=DealStatus.FIRST_ORDER
    )

    # The previous edition: one booth of A with 1,000,000 ₫ and 100 entries.
    old_booth = await Booth.create(event=previous, code="B01")
    old = await assign_booth(old_booth, a, fee=1_000_000, payment_status=PaymentStatus.PAID)
    await make_sale(old, dt.date(2024, 3, 11), 1_000_000, 4)
    old_gate = await make_gate(previous, "Cổng A")
    await make_gate_count(old_gate, local(dt.date(2024, 3, 11), 9), Direction.IN, 100)

    # Another 2025 event (a connection week in May at Móng Cái) and two that must not count.
    week = await make_event(
        "Tuần hàng OCOP Móng Cái",
        venue=mall,
        start=dt.date(2025, 5, 5),
        days=7,
        status=EventStatus.REPORTED,
        kind=EventKind.CONNECTION_WEEK,
        level=EventLevel.COMMUNE,
        locality=mong_cai,
    )
    week_booth = await Booth.create(event=week, code="M01")
    week_a = await assign_booth(week_booth, b, fee=0, payment_status=PaymentStatus.WAIVED)
    await make_sale(week_a, dt.date(2025, 5, 6), 1_200_000, 12)
    week_gate = await make_gate(week, "Cửa chính")
    await make_gate_count(week_gate, local(dt.date(2025, 5, 6), 18), Direction.IN, 900)
    await TradeDeal.create(
        event=week, exhibitor=b, buyer=winmart, value=5_000_000, status=DealStatus.REGULAR_SUPPLY
    )
    cancelled = await make_event(
        "Hội chợ bị hủy",
        venue=mall,
        start=dt.date(2025, 6, 1),
        days=2,
        status=EventStatus.CANCELLED,
        kind=EventKind.LOCAL_FAIR,
        level=EventLevel.COMMUNE,
    )
    cancelled_gate = await make_gate(cancelled, "Cổng")
    await make_gate_count(cancelled_gate, local(dt.date(2025, 6, 1), 9), Direction.IN, 5000)

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
