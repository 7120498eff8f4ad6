"""Load the demo: plan the catalogue, then fill the tables domain by domain in one transaction."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Awaitable, Callable

from tortoise.models import Model
from tortoise.transactions import in_transaction

from booths.models import (
    AllocationRules,
    ApplicationReview,
    Booth,
    BoothApplication,
    BoothAssignment,
)
from composition.demo.booths import load_booths
from composition.demo.catalogue import plan_catalogue
from composition.demo.days import LOCAL_TZ
from composition.demo.deals import load_buyers, load_deals
from composition.demo.events import load_events, load_venues
from composition.demo.loaded import Loaded
from composition.demo.people import DEMO_PASSWORD, load_localities, load_province, load_users
from composition.demo.producers import load_producers, load_products
from composition.demo.programme import load_programme_extras
from composition.demo.sales import load_sales
from composition.demo.visitors import load_gates
from deals.models import Buyer, TradeDeal
from events.models import Event, EventSeries, Venue
from exhibitors.models import Exhibitor, Product
from ocopfair.models import Locality, User
from sales.models import SalesRecord
from visitors.models import Gate, GateCount

RANDOM_SEED = 2013  # the year the Quảng Ninh OCOP programme started

# What load_demo reports as it goes: (step, steps done, steps in all).
Progress = Callable[[str, int, int], None]
Step = Callable[[], Awaitable[None]]

COUNTED: dict[str, type[Model]] = {
    "localities": Locality,
    "exhibitors": Exhibitor,
    "products": Product,
    "venues": Venue,
    "buyers": Buyer,
    "event_series": EventSeries,
    "events": Event,
    "booths": Booth,
    "applications": BoothApplication,
    "application_reviews": ApplicationReview,
    "allocation_rules": AllocationRules,
    "assignments": BoothAssignment,
    "gates": Gate,
    "gate_counts": GateCount,
    "sales_records": SalesRecord,
    "trade_deals": TradeDeal,
    "users": User,
}


async def load_demo(
    progress: Progress | None = None, today: dt.date | None = None
) -> dict[str, int]:
    """Fill an empty, migrated database with the demo data; returns row counts per table.

    Runs in one transaction, so a failure leaves nothing behind. `today` defaults to the
    current date in Quảng Ninh.
    """
    today = today or dt.datetime.now(LOCAL_TZ).date()
    rng = random.Random(RANDOM_SEED)
    data = Loaded(producers=plan_catalogue(rng, today))
    # One random stream through every step, in this order: the same demo on every run.
    steps: list[tuple[str, Step]] = [
        ("province", load_province),
        ("localities", lambda: load_localities(data)),
        ("producers", lambda: load_producers(data)),
        ("products", lambda: load_products(data)),
        ("venues", lambda: load_venues(data)),
        ("buyers", lambda: load_buyers(data)),
        ("events", lambda: load_events(data, today)),
        ("booths", lambda: load_booths(rng, data)),
        ("gates and counts", lambda: load_gates(rng, data, today)),
        ("sales", lambda: _load_sales_and_deals(rng, data, today)),
        ("users", lambda: load_users(data)),
        ("programmes", lambda: load_programme_extras(data, today, DEMO_PASSWORD)),
    ]
    async with in_transaction():
        for done, (name, step) in enumerate(steps, start=1):
            await step()
            if progress:
                progress(name, done, len(steps))
        return {key: await model.all().count() for key, model in COUNTED.items()}


async def _load_sales_and_deals(rng: random.Random, data: Loaded, today: dt.date) -> None:
    await load_sales(rng, data, today)
    await load_deals(rng, data, today)


async def has_data() -> bool:
    """True once the database holds users or producers (so the demo must not be loaded)."""
    return await User.exists() or await Exhibitor.exists()
