"""Issue 20's demo rows: a festival with OCOP booths, three OCOP showrooms carrying products with
their monthly sales, a partner organisation with its account and programmes (one confirmed, so
an event it owns; one waiting), and e-commerce listings on some products.

Facts from the seeds (shared data, figures.md): Quảng Ninh has 23 OCOP showroom and sales points
(R01); the province confirmed 6 trade-promotion programmes in H1 2025 (F19); festivals carry OCOP
booths (Lễ hội Hoa sở Bình Liêu, Lễ hội Cam Vân Đồn, F24); products are sold on Sàn OCOP Quảng
Ninh at postmart.vn (E01). Names of showrooms, the partner account and every sum are demo values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from composition.demo.catalogue import DEMO_EXHIBITOR
from composition.demo.loaded import Loaded
from events.models import (
    AllocationMode,
    Event,
    EventKind,
    EventLevel,
    EventStatus,
    Programme,
    ProgrammeStatus,
    Venue,
    VenueKind,
)
from exhibitors.models import ListingFloor, Product, ProductListing
from ocopfair.models import PartnerOrganisation, Role, User
from ocopfair.passwords import hash_password
from sales.models import ShowroomProduct, ShowroomSale

PARTNER_NAME = "Liên minh Hợp tác xã tỉnh Quảng Ninh"
SHOWROOMS = [
    ("HL", "Điểm giới thiệu và bán sản phẩm OCOP Hạ Long", "Phường Hồng Gai, TP Hạ Long"),
    ("BL", "Điểm giới thiệu và bán sản phẩm OCOP Bình Liêu", "Thị trấn Bình Liêu"),
    ("VD", "Điểm giới thiệu và bán sản phẩm OCOP Vân Đồn", "Đặc khu Vân Đồn"),
]


async def load_programme_extras(data: Loaded, today: dt.date, password: str) -> None:
    await _festival(data, today)
    products = await Product.all().order_by("id").limit(15)
    await _showrooms(data, today, products)
    await _listings(data, products)
    await _partner(data, today, password)


async def _festival(data: Loaded, today: dt.date) -> None:
    ground = await Venue.create(
        name="Sân lễ hội Hoa sở Bình Liêu",
        address="Thị trấn Bình Liêu",
        locality=data.localities["BL"],
        kind=VenueKind.FESTIVAL_GROUND,
        capacity=8000,
    )
    start = today - dt.timedelta(days=30)  # after the demo's past provincial fair
    data.events["festival"] = await Event.create(
        name="Lễ hội Hoa sở Bình Liêu",
        kind=EventKind.FESTIVAL,
        level=EventLevel.PROVINCIAL,
        venue=ground,
        start_date=start,
        end_date=start + dt.timedelta(days=2),
        status=EventStatus.FINISHED,
        organizing_unit="UBND huyện Bình Liêu",
        description="Gian hàng OCOP tại lễ hội Hoa sở.",
    )


async def _showrooms(data: Loaded, today: dt.date, products: list[Product]) -> None:
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for n, (code, name, address) in enumerate(SHOWROOMS):
        venue = await Venue.create(
            name=name, address=address, locality=data.localities[code], kind=VenueKind.SHOWROOM
        )
        carried = products[n * 5 : n * 5 + 5]
        await ShowroomProduct.bulk_create(
            [ShowroomProduct(venue_id=venue.id, product_id=p.id) for p in carried]
        )
        for k, exhibitor_id in enumerate(sorted({p.exhibitor_id for p in carried})[:2]):
            await ShowroomSale.create(
                venue_id=venue.id,
                exhibitor_id=exhibitor_id,
                month=last_month,
                revenue=(n + 1) * 4_500_000 + k * 1_200_000,
            )


async def _listings(data: Loaded, products: list[Product]) -> None:
    own = await Product.filter(exhibitor_id=data.exhibitor_ids[DEMO_EXHIBITOR]).order_by("id")
    rows = [
        ProductListing(
            product_id=p.id,
            floor=ListingFloor.PROVINCE_FLOOR,
            link=f"https://postmart.vn/san-pham/ocop-{p.id}",
        )
        for p in {p.id: p for p in [*own, *products[:10]]}.values()
    ]
    rows += [
        ProductListing(
            product_id=p.id, floor=ListingFloor.SHOPEE, link=f"https://shopee.vn/ocop-qn-{p.id}"
        )
        for p in own
    ]
    await ProductListing.bulk_create(rows)


async def _partner(data: Loaded, today: dt.date, password: str) -> None:
    partner = await PartnerOrganisation.create(
        name=PARTNER_NAME, description="Hiệp hội, đồng tổ chức hội chợ OCOP cấp tỉnh"
    )
    user = await User.create(
        username="partner",
        password_hash=hash_password(password),
        full_name="Vũ Thị Mai",
        role=Role.PARTNER,
        partner=partner,
    )
    venue = data.venues["go"]
    start = today + dt.timedelta(days=75)
    event = await Event.create(
        name="Tuần hàng OCOP của Liên minh HTX",
        kind=EventKind.CONNECTION_WEEK,
        level=EventLevel.PROVINCIAL,
        organizing_unit=PARTNER_NAME,
        venue=venue,
        start_date=start,
        end_date=start + dt.timedelta(days=6),
        status=EventStatus.OPEN,
        allocation_mode=AllocationMode.APPLICATION,
        owner_partner=partner,
    )
    common: dict[str, Any] = {
        "partner": partner,
        "kind": EventKind.CONNECTION_WEEK,
        "venue": venue,
        "proposed_by": user,
        "expected_producers": 30,
        "expected_booths": 30,
        "support_asked": "Hỗ trợ gian hàng miễn phí cho chủ thể OCOP vùng cao.",
    }
    await Programme.create(
        name=event.name,
        start_date=event.start_date,
        end_date=event.end_date,
        status=ProgrammeStatus.CONFIRMED,
        event=event,
        **common,
    )
    later = today + dt.timedelta(days=120)
    await Programme.create(
        name="Phiên chợ OCOP cuối tuần",
        start_date=later,
        end_date=later + dt.timedelta(days=1),
        **common,
    )
