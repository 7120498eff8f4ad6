"""The demo's buyers and the trade deals made at the past fair."""

from __future__ import annotations

import datetime as dt
import random

from composition.demo.catalogue import DEMO_EXHIBITOR
from composition.demo.data import seeds
from composition.demo.loaded import Loaded, products_of
from deals.models import Buyer, BuyerKind, DealStatus, TradeDeal


async def load_buyers(data: Loaded) -> None:
    # The seeds' malls and supermarkets are all retail chains that buy to resell.
    kinds = {
        "supermarket": BuyerKind.SUPERMARKET,
        "mall": BuyerKind.SUPERMARKET,
        "e-commerce": BuyerKind.ECOMMERCE,
    }
    for name, kind, source in seeds.BUYERS:
        data.buyers[name] = await Buyer.create(name=name, kind=kinds[kind], source=source)


# The deals made at the past fair: the demo exhibitor's first, then six other producers'.
DEALS: list[tuple[str, DealStatus, str]] = [
    # The seed says this cooperative put its noodles on the national OCOP platform ([000]).
    ("Sàn OCOP quốc gia", DealStatus.FIRST_ORDER, "1.200 gói/tháng"),
    ("GO! Hạ Long", DealStatus.MEMORANDUM, "800 sản phẩm/tháng"),
    ("WinMart", DealStatus.CONTACT, ""),
    ("MM Mega Market", DealStatus.FIRST_ORDER, "2.000 sản phẩm/quý"),
    ("Big C", DealStatus.REGULAR_SUPPLY, "500 hộp/tháng"),
    ("Shopee", DealStatus.CONTACT, ""),
    ("Sàn OCOP Quảng Ninh (postmart.vn)", DealStatus.REGULAR_SUPPLY, "300 đơn/tháng"),
]
# The stages a deal goes through, in order.
STEPS = [
    DealStatus.CONTACT,
    DealStatus.MEMORANDUM,
    DealStatus.FIRST_ORDER,
    DealStatus.REGULAR_SUPPLY,
]


async def load_deals(rng: random.Random, data: Loaded, today: dt.date) -> None:
    """Trade deals made at the past fair, at different stages since."""
    past = data.events["past"]
    at_fair = {p.name: p for _a, p, _g in data.assigned[past.id]}
    others = rng.sample(sorted(set(at_fair) - {DEMO_EXHIBITOR}), 6)
    for name, (buyer, status, volume) in zip([DEMO_EXHIBITOR, *others], DEALS, strict=True):
        producer = at_fair[name]
        day = past.start_date + dt.timedelta(days=rng.randint(0, 4))
        dates = {}
        for step in STEPS[: STEPS.index(status) + 1]:
            dates[step.value] = min(day, today).isoformat()
            day += dt.timedelta(days=rng.randint(10, 25))
        value = 0 if status == DealStatus.CONTACT else rng.randint(5, 60) * 10_000_000
        deal = await TradeDeal.create(
            event=past,
            exhibitor_id=data.exhibitor_ids[name],
            buyer=data.buyers[buyer],
            expected_volume=volume,
            value=value,
            status=status,
            status_dates=dates,
        )
        await deal.products.add(*products_of(data, producer, producer.certified(past.end_date)[:2]))
