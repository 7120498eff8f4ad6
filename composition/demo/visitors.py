"""The demo's gates and visitor counts: 60-70 thousand entries at the past fair, about 45
thousand a week at the connection weeks, in 15-minute buckets shaped like a fair's day."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from composition.demo.data import seeds
from composition.demo.days import CLOSES, LOCAL_TZ, OPENS, day_weight, event_days
from composition.demo.loaded import Loaded
from events.models import Event, EventStatus
from visitors.models import Direction, Gate, GateCount, GateKind

BUCKET_MINUTES = 15

# Share of a day's entries per opening hour (08:00 ... 21:00): a morning bump, a quiet midday and
# the evening peak typical of Vietnamese fairs. Demo values.
HOURLY_WEIGHTS = (0.35, 0.6, 0.8, 0.8, 0.55, 0.5, 0.6, 0.8, 0.95, 1.15, 1.6, 1.75, 1.45, 0.7)

STAY_BUCKETS = 6  # visitors stay about 1.5 hours, so exits trail entries by six buckets


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to `weights` summing exactly to `total` (largest remainder)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    counts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _buckets(day: dt.date) -> list[dt.datetime]:
    """Start of every 15-minute bucket of the opening hours, as UTC datetimes."""
    start = dt.datetime.combine(day, OPENS, tzinfo=LOCAL_TZ)
    n = (CLOSES.hour - OPENS.hour) * 60 // BUCKET_MINUTES
    return [(start + dt.timedelta(minutes=BUCKET_MINUTES * i)).astimezone(dt.UTC) for i in range(n)]


def _gate_counts(
    rng: random.Random,
    gates: list[tuple[int, float]],
    days: list[dt.date],
    first_day: dt.date,
    total: int,
) -> list[GateCount]:
    """Entries and exits per gate and bucket, `total` entries in all."""
    bucket_weights = [w for w in HOURLY_WEIGHTS for _ in range(60 // BUCKET_MINUTES)]
    keys, weights = [], []
    for gate_id, share in gates:
        for day in days:
            for i, bucket in enumerate(_buckets(day)):
                keys.append((gate_id, day, bucket))
                weights.append(
                    share * day_weight(day, first_day) * bucket_weights[i] * rng.uniform(0.8, 1.2)
                )
    entries = _apportion(total, weights)
    rows: list[GateCount] = []
    by_gate_day: dict[tuple[int, dt.date], list[tuple[dt.datetime, int]]] = defaultdict(list)
    for (gate_id, day, bucket), n in zip(keys, entries, strict=True):
        by_gate_day[gate_id, day].append((bucket, n))
        if n:
            rows.append(
                GateCount(gate_id=gate_id, bucket_start=bucket, direction=Direction.IN, count=n)
            )
    for (gate_id, _day), day_entries in by_gate_day.items():
        # Exits trail entries by about 1.5 hours; those still inside at closing leave in the last
        # hour. A few per cent are never counted out (they leave by a gate nobody watches).
        ins = [n for _b, n in day_entries]
        trail = [0.0] * STAY_BUCKETS + [float(n) for n in ins[:-STAY_BUCKETS]]
        for k in range(1, 5):
            trail[-k] += sum(ins[-STAY_BUCKETS:]) / 4
        exits = _apportion(
            round(sum(ins) * rng.uniform(0.94, 0.98)),
            [t * rng.uniform(0.85, 1.15) + 1e-9 for t in trail],
        )
        rows.extend(
            GateCount(gate_id=gate_id, bucket_start=bucket, direction=Direction.OUT, count=n)
            for (bucket, _n), n in zip(day_entries, exits, strict=True)
            if n
        )
    return rows


async def load_gates(rng: random.Random, data: Loaded, today: dt.date) -> None:
    past, upcoming = data.events["past"], data.events["upcoming"]
    fair_gates = [
        ("Cổng chính", 0.4),
        ("Cổng phụ số 1", 0.25),
        ("Cổng phụ số 2", 0.2),
        ("Cổng bãi xe", 0.15),
    ]
    mall_gates = [("Cửa chính", 0.65), ("Cửa hầm gửi xe", 0.35)]
    counts: list[GateCount] = []

    async def gates_of(event: Event, spec: list[tuple[str, float]]) -> list[tuple[Gate, float]]:
        return [
            (await Gate.create(event=event, name=name, kind=GateKind.BOTH), share)
            for name, share in spec
        ]

    # The past fair: 60-70 thousand entries over its days (figures.md F04).
    gates = await gates_of(past, fair_gates)
    total = rng.randint(seeds.FAIR_VISITORS[0] + 2_000, seeds.FAIR_VISITORS[1] - 2_000)
    counts += _gate_counts(
        rng, [(g.id, s) for g, s in gates], event_days(past), past.start_date, total
    )
    await gates_of(upcoming, fair_gates)  # ready, not counted yet

    # Connection weeks: about 45,000 entries a week (F10); the running week only up to
    # yesterday, so today is left for the gate staff to count live.
    for week in data.weeks[:3]:
        gates = await gates_of(week, mall_gates)
        if week.status == EventStatus.RUNNING:
            data.gates_for_staff = [g for g, _s in gates]
        days = event_days(week, before=today)
        if not days:
            continue
        week_total = seeds.CONNECTION_WEEK_VISITORS * rng.uniform(0.93, 1.07)
        share = sum(day_weight(d, week.start_date) for d in days) / sum(
            day_weight(d, week.start_date) for d in event_days(week)
        )
        counts += _gate_counts(
            rng, [(g.id, s) for g, s in gates], days, week.start_date, round(week_total * share)
        )
    await GateCount.bulk_create(counts, batch_size=1000)
