"""Benchmark the booth allocation solvers in memory (no database, no server).

1. 2,000 applications for 500 booths in 5 zones, with locality minimums and maximums and a 20 %
   share reserved for disadvantaged producers.
2. A series of 17 weeks × 30 booths for 200 applicants, each free for 2–10 of the weeks.

Prints the time, the objective and the solver's proven bound (equal when optimal).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from booths.series_solver import SeriesApplicant, allocate_series  # noqa: E402
from booths.solver import Applicant, Rules, Spot, allocate, place  # noqa: E402

GROUPS = ["food", "drinks", "herbal", "textiles", "souvenirs_decor", "rural_tourism_services"]


def event_instance(seed: int = 2026):
    rng = random.Random(seed)
    zones = {
        "Thực phẩm": ({"food"}, 150),
        "Đồ uống": ({"food", "drinks"}, 120),
        "Dược liệu": ({"herbal"}, 80),
        "Thủ công": ({"textiles", "souvenirs_decor"}, 80),
        "Tự do": (set(), 70),
    }
    capacity = {z: n for z, (_g, n) in zones.items()}
    rules = Rules(
        {z: frozenset(g) for z, (g, _n) in zones.items()},
        20,
        {loc: 10 for loc in range(13)},
        {loc: 60 for loc in range(13)},
    )
    applicants = [
        Applicant(
            id=i,
            wanted=rng.choice([1, 1, 1, 2, 2, 3]),
            group=rng.choice(GROUPS),
            locality=rng.randrange(13),
            disadvantaged=rng.random() < 0.2,
            stars=rng.choice([3, 3, 3, 4, 4, 5]),
            rank=i,
            preferred_zones=(rng.choice(list(zones)),),
        )
        for i in range(2000)
    ]
    spots = []
    for z, n in capacity.items():
        base = len(spots)
        spots += [
            Spot(base + k, z, 3 * (k % 25), 10 * (k // 25) + 20 * len(spots) // 500)
            for k in range(n)
        ]
    return applicants, capacity, rules, spots


def main() -> None:
    applicants, capacity, rules, spots = event_instance()
    started = time.perf_counter()
    outcome = allocate(applicants, capacity, rules)
    placed = place(outcome.counts, spots)
    seconds = time.perf_counter() - started
    served = sum(1 for a in applicants if outcome.booths_of(a.id))
    print(
        f"event: {len(applicants)} applications, {sum(capacity.values())} booths; "
        f"served {served}, waitlisted {len(outcome.waitlist)}, booths used "
        f"{sum(len(v) for v in placed.values())}; stages {outcome.stages}; "
        f"optimal {outcome.optimal}"
    )

    rng = random.Random(17)
    weeks = {w: 30 for w in range(1, 18)}
    series = [
        SeriesApplicant(i, frozenset(rng.sample(sorted(weeks), rng.randint(2, 10))))
        for i in range(200)
    ]
    s_started = time.perf_counter()
    result = allocate_series(series, weeks)
    s_seconds = time.perf_counter() - s_started
    print(
        f"series: 17 weeks x 30 booths, 200 applicants; filled {result.filled}/510; "
        f"fewest {result.fewest}, most {result.most}; optimal {result.optimal}"
    )
    print(
        f"BENCH allocate_2000x500 seconds={seconds:.3f} objective={outcome.objective} "
        f"bound={outcome.bound}"
    )
    print(
        f"BENCH allocate_series_17x30 seconds={s_seconds:.3f} objective={result.objective} "
        f"bound={result.bound} spread={result.spread}"
    )


if __name__ == "__main__":
    main()
