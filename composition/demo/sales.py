"""The demo's daily sales: one record per booth and day, by the booth's product group."""

from __future__ import annotations

import datetime as dt
import random

from composition.demo.days import day_weight, event_days
from composition.demo.loaded import Loaded
from sales.models import SalesRecord

# Demo money values, integer VND: a booth's typical takings and unit price per OCOP group on an
# average fair day.
DAILY_TAKINGS = {
    "food": 6_500_000,
    "drinks": 7_000_000,
    "herbal": 5_000_000,
    "textiles": 3_500_000,
    "souvenirs_decor": 6_000_000,
    "rural_tourism_services": 2_500_000,
}
UNIT_PRICE = {
    "food": 90_000,
    "drinks": 180_000,
    "herbal": 250_000,
    "textiles": 220_000,
    "souvenirs_decor": 450_000,
    "rural_tourism_services": 350_000,
}


def _sales_records(
    rng: random.Random,
    assignments: list[tuple[int, str]],
    days: list[dt.date],
    first_day: dt.date,
    scale: float = 1.0,
) -> list[SalesRecord]:
    """One record per assignment and day: revenue in whole thousands of VND, units, customers."""
    rows = []
    for assignment_id, group in assignments:
        strength = rng.uniform(0.5, 1.8)  # some booths simply sell more
        for day in days:
            revenue = (
                DAILY_TAKINGS[group]
                * scale
                * strength
                * day_weight(day, first_day)
                * rng.uniform(0.8, 1.2)
            )
            revenue = int(round(revenue, -3))
            units = max(1, round(revenue / (UNIT_PRICE[group] * rng.uniform(0.8, 1.25))))
            rows.append(
                SalesRecord(
                    assignment_id=assignment_id,
                    day=day,
                    revenue=revenue,
                    units=units,
                    customers=max(1, round(units / rng.uniform(1.2, 1.8))),
                )
            )
    return rows


async def load_sales(rng: random.Random, data: Loaded, today: dt.date) -> None:
    past = data.events["past"]
    rows = _sales_records(
        rng, [(a, g) for a, _p, g in data.assigned[past.id]], event_days(past), past.start_date
    )
    for week in data.weeks[:3]:
        days = event_days(week, before=today)
        # A supermarket booth sells less a day than a fair booth: fewer visitors per booth.
        rows += _sales_records(
            rng, [(a, g) for a, _p, g in data.assigned[week.id]], days, week.start_date, scale=0.45
        )
    await SalesRecord.bulk_create(rows, batch_size=1000)
