"""The demo's booths and applications: layouts by zone, applications reviewed, allocated and
waitlisted, and the booths assigned (fees paid or waived)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from booths.models import (
    AllocationRules,
    ApplicationReview,
    ApplicationStatus,
    AssignmentKind,
    Booth,
    BoothApplication,
    BoothAssignment,
    BoothType,
    PaymentStatus,
    ReviewStep,
)
from composition.demo.catalogue import DEMO_EXHIBITOR, PlannedProducer
from composition.demo.events import FAIR_FEES, LOCAL_FEES
from composition.demo.loaded import Loaded, max_id, products_of
from events.models import Event, EventStatus
from exhibitors.models import ProductGroup

# Booth zones by OCOP product group: (code letter, zone name, groups shown there).
ZONES: dict[str, tuple[str, tuple[str, ...]]] = {
    "A": ("Thực phẩm", (ProductGroup.FOOD.value,)),
    "B": ("Đồ uống", (ProductGroup.DRINKS.value,)),
    "C": ("Thảo dược", (ProductGroup.HERBAL.value,)),
    "D": ("Thủ công – lưu niệm", (ProductGroup.SOUVENIRS_DECOR.value, ProductGroup.TEXTILES.value)),
    "E": ("Du lịch nông thôn", (ProductGroup.RURAL_TOURISM.value,)),
}
# (zone letter, booths) of each layout.
PROVINCIAL_FAIR_ZONES = [("A", 34), ("B", 12), ("C", 7), ("D", 5), ("E", 2)]  # 60 booths
UPCOMING_FAIR_ZONES = [("A", 44), ("B", 16), ("C", 10), ("D", 6), ("E", 4)]  # 80 booths
CONNECTION_WEEK_ZONES = [("A", 18), ("B", 7), ("C", 3), ("D", 2)]  # 30 booths (figures.md F08)
LOCAL_FAIR_ZONES = [("A", 12), ("B", 4), ("C", 2), ("D", 2)]


def _layout(
    event_id: int, zones: list[tuple[str, int]], fees: dict[str, int], per_row: int = 10
) -> list[Booth]:
    """3x3 m booths in rows of `per_row`, a 3 m aisle between rows, each zone on its own rows."""
    booths, row = [], 0
    for letter, count in zones:
        for i in range(count):
            col = i % per_row
            if i and col == 0:
                row += 1
            corner = col == 0 or col == per_row - 1 or i == count - 1
            booth_type = BoothType.CORNER if corner else BoothType.STANDARD
            booths.append(
                Booth(
                    event_id=event_id,
                    code=f"{letter}{i + 1:02d}",
                    zone=ZONES[letter][0],
                    booth_type=booth_type,
                    fee=fees.get(booth_type.value, 0),
                    x=col * 3,
                    y=row * 6,
                    width=3,
                    height=3,
                )
            )
        row += 1
    return booths


def _zone_groups(zones: list[tuple[str, int]]) -> dict[str, list[str]]:
    """AllocationRules.zone_groups: which product groups each zone of the layout suits."""
    return {ZONES[letter][0]: list(ZONES[letter][1]) for letter, _n in zones}


def _zone_of(producer: PlannedProducer, on: dt.date) -> str:
    group = producer.certified(on)[0].group
    return next(letter for letter, (_z, groups) in ZONES.items() if group in groups)


def _choose(
    rng: random.Random,
    producers: Sequence[PlannedProducer],
    zones: list[tuple[str, int]],
    on: dt.date,
    exclude: set[str],
    first: Sequence[str] = (),
) -> dict[str, list[PlannedProducer]]:
    """Distinct producers per zone, each with a product of that zone's groups certified `on`.

    `first` names go in before anyone else; small zones are filled before food, so the few
    tourism or handicraft producers are not used up in the food hall.
    """
    used = set(exclude)
    pool = list(producers)
    rng.shuffle(pool)
    pool.sort(key=lambda p: p.name not in first)  # stable: keeps the shuffle otherwise
    chosen: dict[str, list[PlannedProducer]] = {}
    for letter, count in sorted(zones, key=lambda z: z[1]):
        groups = ZONES[letter][1]
        fits = [
            p
            for p in pool
            if p.name not in used and any(c.group in groups for c in p.certified(on))
        ]
        chosen[letter] = fits[:count]
        used.update(p.name for p in chosen[letter])
    return chosen


def _review(data: Loaded, application: BoothApplication, *steps: ReviewStep) -> None:
    # Reviews by the local offices and the province, whose people have no demo account.
    data.reviews.extend(
        ApplicationReview(application_id=application.id, step=step) for step in steps
    )


async def _apply(
    data: Loaded,
    event: Event,
    producer: PlannedProducer,
    zone: str,
    status: ApplicationStatus,
    **extra: Any,
) -> BoothApplication:
    """An application showing the producer's products certified through the event's end."""
    products = producer.certified(event.end_date, ZONES[zone][1])[:6]
    application = await BoothApplication.create(
        event=event,
        exhibitor_id=data.exhibitor_ids[producer.name],
        preferred_zones=[ZONES[zone][0]],
        status=status,
        **extra,
    )
    await application.products.add(*products_of(data, producer, products))
    return application


async def _allocate(
    rng: random.Random,
    data: Loaded,
    event: Event,
    zones: list[tuple[str, int]],
    exclude: set[str],
    first: Sequence[str] = (),
) -> set[str]:
    """Applications that were endorsed, approved and allocated, with their booths assigned.

    Paid fees get a receipt number; disadvantaged producers' fees are waived, as are the booths
    the province pays for. Returns the names of the producers placed.
    """
    chosen = _choose(rng, data.producers, zones, event.end_date, exclude, first)
    start = await max_id(BoothAssignment)
    rows, placed = [], []
    receipt = 0
    for letter, producers in sorted(chosen.items()):
        for i, producer in enumerate(producers):
            application = await _apply(data, event, producer, letter, ApplicationStatus.ALLOCATED)
            _review(data, application, ReviewStep.ENDORSE, ReviewStep.APPROVE)
            booth_id = data.booth_ids[event.id, f"{letter}{i + 1:02d}"]
            fee = data.booth_fees[booth_id]
            if fee and not producer.disadvantaged:
                receipt += 1
                payment, number = PaymentStatus.PAID, f"PT{event.start_date.year}-{receipt:04d}"
            else:
                payment, number = PaymentStatus.WAIVED, ""
            rows.append(
                BoothAssignment(
                    booth_id=booth_id,
                    active_booth=booth_id,
                    exhibitor_id=data.exhibitor_ids[producer.name],
                    application_id=application.id,
                    kind=AssignmentKind.ASSIGNED,
                    fee=fee,
                    payment_status=payment,
                    receipt_number=number,
                )
            )
            placed.append((booth_id, producer, ZONES[letter][1][0]))
    await BoothAssignment.bulk_create(rows)
    ids = dict(await BoothAssignment.filter(id__gt=start).values_list("active_booth", "id"))
    data.assigned[event.id] = [
        (ids[booth_id], producer, group) for booth_id, producer, group in placed
    ]
    return {producer.name for _b, producer, _g in placed}


async def load_booths(rng: random.Random, data: Loaded) -> None:
    await _lay_out(data)
    await _fill_past_fair(rng, data)
    await _apply_to_upcoming_fair(rng, data)
    # Connection weeks 1-3: nobody twice (rotation), the demo exhibitor in the running week.
    used = {DEMO_EXHIBITOR}
    for week in data.weeks[:3]:
        first = [DEMO_EXHIBITOR] if week.status == EventStatus.RUNNING else []
        used |= await _allocate(rng, data, week, CONNECTION_WEEK_ZONES, used - set(first), first)
    await ApplicationReview.bulk_create(data.reviews)


async def _lay_out(data: Loaded) -> None:
    """The booths of the fairs and of the first weeks, and each event's allocation rules."""
    past, upcoming, local = data.events["past"], data.events["upcoming"], data.events["local"]
    plans = [
        (past, PROVINCIAL_FAIR_ZONES, FAIR_FEES),
        (upcoming, UPCOMING_FAIR_ZONES, FAIR_FEES),
        (local, LOCAL_FAIR_ZONES, LOCAL_FEES),
    ]
    # Booths only for the first three weeks: later weeks are laid out when they open.
    plans += [(week, CONNECTION_WEEK_ZONES, {}) for week in data.weeks[:3]]
    start = await max_id(Booth)
    await Booth.bulk_create(
        [b for event, zones, fees in plans for b in _layout(event.id, zones, fees)]
    )
    rows = await Booth.filter(id__gt=start).values_list("id", "event_id", "code", "fee")
    data.booth_ids = {(event_id, code): pk for pk, event_id, code, _fee in rows}
    data.booth_fees = {pk: fee for pk, _e, _c, fee in rows}
    await AllocationRules.bulk_create(
        [
            AllocationRules(
                event_id=event.id,
                zone_groups=_zone_groups(zones),
                # The upcoming fair keeps a tenth of its booths for disadvantaged
                # producers, to show the rule; the others have no such share.
                disadvantaged_share=10 if event is upcoming else 0,
            )
            for event, zones, _fees in plans
        ]
    )


async def _fill_past_fair(rng: random.Random, data: Loaded) -> None:
    """Every named producer and others drawn, each through an application; a few more stayed on
    the waiting list."""
    past, producers = data.events["past"], data.producers
    named = [p.name for p in producers if p.source != "generated"]
    taken = await _allocate(rng, data, past, PROVINCIAL_FAIR_ZONES, set(), [DEMO_EXHIBITOR, *named])
    waiting = [
        p
        for p in producers
        if p.name not in taken and any(c.group == "food" for c in p.certified(past.end_date))
    ]
    for position, producer in enumerate(rng.sample(waiting, 4), start=1):
        application = await _apply(
            data,
            past,
            producer,
            "A",
            ApplicationStatus.WAITLISTED,
            waitlist_position=position,
            decision_reason="Hết gian hàng khu Thực phẩm.",
        )
        _review(data, application, ReviewStep.ENDORSE, ReviewStep.APPROVE)


async def _apply_to_upcoming_fair(rng: random.Random, data: Loaded) -> None:
    """A handful of applications, some endorsed by their local office."""
    upcoming, producers = data.events["upcoming"], data.producers
    by_name = {p.name: p for p in producers}
    eligible = [p for p in producers if p.name != DEMO_EXHIBITOR and p.certified(upcoming.end_date)]
    applicants = [by_name[DEMO_EXHIBITOR], *rng.sample(eligible, 7)]
    for i, producer in enumerate(applicants):
        endorsed = i % 2 == 0
        application = await _apply(
            data,
            upcoming,
            producer,
            _zone_of(producer, upcoming.end_date),
            ApplicationStatus.ENDORSED if endorsed else ApplicationStatus.SUBMITTED,
            booths_wanted=2 if i == 3 else 1,
        )
        if endorsed:
            _review(data, application, ReviewStep.ENDORSE)
