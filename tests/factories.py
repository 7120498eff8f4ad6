"""The test factories: plain async functions that make rows, named for what they make.

One set for every test module and for the benchmarks that build data. Each takes keyword
arguments with defaults and passes any other model field through (`**fields`), so a test
states only what matters to it. Unless a factory's docstring says otherwise, fields keep the
model's defaults. Tortoise must be connected (the `db` fixture, or tests.databases.connected).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from booths.inventory import BlockSpec, create_block
from booths.models import (
    ApplicationStatus,
    AssignmentKind,
    Booth,
    BoothApplication,
    BoothAssignment,
    BoothType,
    PaymentStatus,
)
from deals.models import Buyer, BuyerKind
from events.models import (
    AllocationMode,
    Event,
    EventKind,
    EventLevel,
    EventStatus,
    Venue,
    VenueKind,
)
from exhibitors.models import Exhibitor, ExhibitorKind, Product, ProductGroup
from ocopfair.accounts import create_user
from ocopfair.i18n import local_today
from ocopfair.models import Locality, LocalityKind, Role, User
from ocopfair.text import fold
from sales.models import SalesLine, SalesRecord
from visitors.models import Direction, Gate, GateCount, GateKind

PASSWORD = "correct-horse-42"  # every test user's password
CERTIFIED_ON = dt.date(2024, 5, 10)  # the default product's OCOP certificate...
CERTIFIED_UNTIL = dt.date(2027, 5, 10)  # ...and the day it expires


# --- People and places -----------------------------------------------------------------------


async def make_user(role: str, username: str | None = None, **fields: Any) -> User:
    """A user of `role` (named after the role unless told), with the password PASSWORD.
    Fields: full_name, exhibitor_id, locality_id."""
    return await create_user(username or role, PASSWORD, Role(role), **fields)


async def make_locality(
    code: str = "HL", name: str = "Hạ Long", kind: LocalityKind = LocalityKind.CITY
) -> Locality:
    return await Locality.create(code=code, name=name, kind=kind)


async def make_venue(
    name: str = "Big C Hạ Long",
    *,
    address: str = "Hạ Long",
    kind: VenueKind = VenueKind.MALL,
    **fields: Any,
) -> Venue:
    return await Venue.create(name=name, address=address, kind=kind, **fields)


# --- Producers and their products ------------------------------------------------------------


async def make_exhibitor(
    name: str = "HTX Thử nghiệm", locality: Locality | None = None, **fields: Any
) -> Exhibitor:
    """A producer (a cooperative unless `kind` says otherwise), found by its folded name."""
    fields.setdefault("kind", ExhibitorKind.COOPERATIVE)
    return await Exhibitor.create(name=name, name_search=fold(name), locality=locality, **fields)


async def make_product(
    exhibitor: Exhibitor,
    name: str = "Miến dong Bình Liêu",
    stars: int = 3,
    *,
    group: ProductGroup = ProductGroup.FOOD,
    certificate_expiry: dt.date | None = CERTIFIED_UNTIL,
    **fields: Any,
) -> Product:
    """An OCOP product of `exhibitor`, its certificate (123/QĐ-UBND of CERTIFIED_ON) valid
    until `certificate_expiry`; certificate_expiry=None makes one without a certificate."""
    if certificate_expiry is not None:
        fields.setdefault("certificate_number", "123/QĐ-UBND")
        fields.setdefault("certificate_date", CERTIFIED_ON)
    return await Product.create(
        exhibitor=exhibitor,
        name=name,
        name_search=fold(name),
        group=group,
        stars=stars,
        certificate_expiry=certificate_expiry,
        **fields,
    )


async def make_producer(
    name: str,
    *,
    stars: int = 4,
    group: ProductGroup = ProductGroup.FOOD,
    expiry_days: int = 400,
    products: int = 1,
    **fields: Any,
) -> tuple[Exhibitor, list[Product]]:
    """A producer with `products` products ("<name> sp0"...) certified for `expiry_days` more
    days: long enough for make_event's default event. Other fields go to the producer."""
    exhibitor = await make_exhibitor(name, **fields)
    expiry = local_today() + dt.timedelta(days=expiry_days)
    made = [
        await make_product(
            exhibitor, f"{name} sp{i}", stars, group=group, certificate_expiry=expiry
        )
        for i in range(products)
    ]
    return exhibitor, made


async def make_producer_user(name: str, **fields: Any) -> tuple[User, Exhibitor, list[Product]]:
    """A producer (as make_producer makes it) and its account, named u<exhibitor id>."""
    exhibitor, products = await make_producer(name, **fields)
    user = await make_user("exhibitor", username=f"u{exhibitor.id}", exhibitor_id=exhibitor.id)
    return user, exhibitor, products


async def make_buyer(name: str, kind: BuyerKind = BuyerKind.SUPERMARKET, **fields: Any) -> Buyer:
    return await Buyer.create(name=name, kind=kind, **fields)


async def make_buyers() -> dict[str, Buyer]:
    """Three buyers of the province's list (two supermarkets, one e-commerce), by name."""
    return {
        name: await make_buyer(name, kind, source="venues_and_buyers.csv")
        for name, kind in [
            ("GO! Hạ Long", BuyerKind.SUPERMARKET),
            ("WinMart", BuyerKind.SUPERMARKET),
            ("Shopee", BuyerKind.ECOMMERCE),
        ]
    }


# --- Events, booths and gates ----------------------------------------------------------------


async def make_event(
    name: str = "Hội chợ OCOP",
    *,
    venue: Venue | None = None,
    start: dt.date | None = None,
    days_ahead: int = 30,
    days: int = 3,
    status: EventStatus = EventStatus.OPEN,
    mode: AllocationMode = AllocationMode.BOOKING,
    max_booths: int = 2,
    booths: int = 0,
    columns: int = 10,
    zone: str = "A",
    **fields: Any,
) -> Event:
    """A public provincial fair, open, `days` days long from `start` (by default `days_ahead`
    days after today on the province's clock; negative for a fair already running), whose
    booths are booked on the floor plan (`mode`), at most `max_booths` per producer.

    Without a `venue`, the first venue there is (one is made the first time). `booths` > 0
    lays out that many standard booths in zone `zone`, `columns` to a row (A01, A02...).
    Other fields (kind, level, locality, series, is_public...) go to the event.
    """
    if venue is None:
        venue = await Venue.first() or await make_venue(
            "Cung Quy hoạch", address="", kind=VenueKind.EXHIBITION_GROUND
        )
    first_day = start or local_today() + dt.timedelta(days=days_ahead)
    fields.setdefault("kind", EventKind.PROVINCIAL_FAIR)
    fields.setdefault("level", EventLevel.PROVINCIAL)
    event = await Event.create(
        name=name,
        venue=venue,
        start_date=first_day,
        end_date=first_day + dt.timedelta(days=days - 1),
        status=status,
        allocation_mode=mode,
        max_booths_per_exhibitor=max_booths,
        **fields,
    )
    if booths:
        rows = -(-booths // columns)
        spec = BlockSpec(rows, min(columns, booths), zone, BoothType.STANDARD, zone, 1, 0, 0, 2)
        await create_block(event, spec, None)
    return event


async def assign_booth(
    booth: Booth,
    exhibitor: Exhibitor,
    *,
    application: BoothApplication | None = None,
    kind: AssignmentKind = AssignmentKind.ASSIGNED,
    fee: int = 0,
    payment_status: PaymentStatus = PaymentStatus.UNPAID,
    active: bool = True,
) -> BoothAssignment:
    """`booth` given to `exhibitor`; active=False makes a past assignment (history)."""
    return await BoothAssignment.create(
        booth=booth,
        active_booth=booth.id if active else None,
        exhibitor=exhibitor,
        application=application,
        kind=kind,
        fee=fee,
        payment_status=payment_status,
    )


async def make_sale(
    assignment: BoothAssignment,
    day: dt.date,
    revenue: int,
    units: int,
    lines: dict[Product, int] | None = None,
) -> SalesRecord:
    """A booth's sales of one day, with units per product when `lines` gives them."""
    record = await SalesRecord.create(assignment=assignment, day=day, revenue=revenue, units=units)
    for product, n in (lines or {}).items():
        await SalesLine.create(record=record, product=product, units=n)
    return record


async def make_gate(
    event: Event,
    name: str = "Cổng A",
    kind: GateKind = GateKind.BOTH,
    *,
    staff: Iterable[User] = (),
) -> Gate:
    """A gate of `event`, worked by `staff`."""
    gate = await Gate.create(event=event, name=name, kind=kind)
    for person in staff:
        await gate.staff.add(person)
    return gate


async def make_gate_count(gate: Gate, at: dt.datetime, direction: Direction, n: int) -> GateCount:
    """`n` people counted at `gate` in the bucket starting `at` (UTC)."""
    return await GateCount.create(gate=gate, bucket_start=at, direction=direction, count=n)


# --- A running fair with producers selling --------------------------------------------------


@dataclass
class Fair:
    event: Event
    today: dt.date
    booths: list[BoothAssignment] = field(default_factory=list)
    exhibitors: list[Exhibitor] = field(default_factory=list)
    products: dict[int, list[Product]] = field(default_factory=dict)  # exhibitor id -> shown
    users: dict[str, Any] = field(default_factory=dict)


async def add_booths(event: Event, n: int, start: int = 0) -> list[BoothAssignment]:
    """n more producers (HTX số 000...), each with one booth (A000...) and two products
    certified past the event plus one expiring on its first day; every other one came
    through an application showing the two certified products."""
    assignments = []
    far = event.end_date + dt.timedelta(days=400)
    for i in range(start, start + n):
        exhibitor = await make_exhibitor(f"HTX số {i:03d}")
        noodles = await make_product(exhibitor, f"Miến dong {i:03d}", 4, certificate_expiry=far)
        tea = await make_product(exhibitor, f"Trà hoa vàng {i:03d}", 4, certificate_expiry=far)
        await make_product(exhibitor, f"Rượu cũ {i:03d}", 4, certificate_expiry=event.start_date)
        application = None
        if i % 2 == 0:
            application = await BoothApplication.create(
                event=event, exhibitor=exhibitor, status=ApplicationStatus.ALLOCATED
            )
            await application.products.add(noodles, tea)
        booth = await Booth.create(event=event, code=f"A{i:03d}")
        assignments.append(await assign_booth(booth, exhibitor, application=application))
    return assignments


async def make_fair(
    days_before_today: int = 1,
    length: int = 3,
    booths: int = 3,
    status: EventStatus = EventStatus.RUNNING,
    with_users: bool = True,
) -> Fair:
    """A fair that started `days_before_today` days ago, with `booths` producers (add_booths),
    and unless with_users=False: organizer, admin, official, and the accounts of the first
    two producers ("exhibitor" and "other")."""
    today = local_today()
    venue = await make_venue("Cung Quy hoạch Hạ Long", address="", kind=VenueKind.EXHIBITION_GROUND)
    event = await make_event(
        "Hội chợ OCOP Quảng Ninh",
        venue=venue,
        start=today - dt.timedelta(days=days_before_today),
        days=length,
        status=status,
        mode=AllocationMode.APPLICATION,
    )
    fair = Fair(event=event, today=today)
    fair.booths = await add_booths(event, booths)
    for a in fair.booths:
        await a.fetch_related("exhibitor", "booth")
        fair.exhibitors.append(a.exhibitor)
        fair.products[a.exhibitor.id] = await Product.filter(
            exhibitor_id=a.exhibitor.id, certificate_expiry__gt=event.end_date
        ).order_by("name")
    if not with_users:
        return fair
    fair.users = {
        "organizer": await make_user("organizer"),
        "admin": await make_user("admin"),
        "official": await make_user("official"),
        "exhibitor": await make_user("exhibitor", exhibitor_id=fair.exhibitors[0].id),
        "other": await make_user("exhibitor", "other", exhibitor_id=fair.exhibitors[1].id),
    }
    return fair


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    """A real PNG (Pillow decodes uploads whole, so a signature alone is refused)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 40)).save(buffer, "PNG")
    return buffer.getvalue()
