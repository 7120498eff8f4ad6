"""The allocation solvers against brute force on small random instances, and their invariants."""

from __future__ import annotations

import itertools
import random

import pytest

from booths.series_solver import (
    SeriesApplicant,
    allocate_series,
    comparable_spread,
    series_objective,
)
from booths.solver import (
    Applicant,
    Rules,
    Spot,
    adjacent_pairs,
    allocate,
    place,
    priority,
    reserved_booths,
)

GROUPS = ["food", "drinks", "herbal"]


def random_instance(rng: random.Random):
    zones = {"A": rng.randint(1, 3), "B": rng.randint(0, 3)}
    rules = Rules(
        zone_groups={
            "A": frozenset(rng.sample(GROUPS, rng.randint(1, 2))),
            "B": frozenset(rng.sample(GROUPS, rng.randint(0, 2))),
        },
        disadvantaged_share=rng.choice([0, 0, 20, 50]),
        locality_min={1: rng.randint(0, 2)} if rng.random() < 0.5 else {},
        locality_max={2: rng.randint(0, 3)} if rng.random() < 0.5 else {},
    )
    applicants = [
        Applicant(
            id=i,
            wanted=rng.randint(1, 2),
            group=rng.choice(GROUPS),
            locality=rng.choice([1, 2, 3]),
            disadvantaged=rng.random() < 0.3,
            stars=rng.randint(3, 5),
            rank=i,
            preferred_zones=tuple(rng.sample(["A", "B"], rng.randint(0, 1))),
        )
        for i in range(rng.randint(1, 5))
    ]
    return applicants, zones, rules


def stage_values(applicants, counts, capacity, rules):
    """The four stage values of one candidate allocation (see booths/solver.py)."""
    n = len(applicants)
    got = {a.id: sum(counts.get(a.id, {}).values()) for a in applicants}
    served = {a.id: got[a.id] > 0 for a in applicants}
    quota = sum(
        min(m, sum(served[a.id] for a in applicants if a.locality == loc))
        for loc, m in rules.locality_min.items()
        if m > 0 and any(a.locality == loc for a in applicants)
    )
    reserved = reserved_booths(rules.disadvantaged_share, sum(capacity.values()))
    if reserved and any(a.disadvantaged for a in applicants):
        quota += min(reserved, sum(served[a.id] for a in applicants if a.disadvantaged))
    weight = {a.id: priority(a.stars, a.rank, n) for a in applicants}
    first = sum(weight[i] for i in served if served[i])
    total = sum(weight[i] * got[i] for i in got)
    wishes = sum(
        c for a in applicants for z, c in counts.get(a.id, {}).items() if z in a.preferred_zones
    )
    return [quota, first, total, wishes]


def brute_force(applicants, capacity, rules):
    options = []
    for a in applicants:
        zones = [z for z in capacity if capacity[z] > 0 and rules.suits(z, a.group)]
        mine = [{}]
        for split in itertools.product(range(a.wanted + 1), repeat=len(zones)):
            if 0 < sum(split) <= a.wanted:
                mine.append({z: c for z, c in zip(zones, split, strict=True) if c})
        options.append(mine)
    best = None
    for choice in itertools.product(*options):
        counts = {a.id: c for a, c in zip(applicants, choice, strict=True) if c}
        if any(sum(c.get(z, 0) for c in counts.values()) > cap for z, cap in capacity.items()):
            continue
        if any(
            sum(sum(counts.get(a.id, {}).values()) for a in applicants if a.locality == loc) > limit
            for loc, limit in rules.locality_max.items()
        ):
            continue
        values = stage_values(applicants, counts, capacity, rules)
        if best is None or values > best:
            best = values
    return best


@pytest.mark.parametrize("seed", range(60))
def test_solver_matches_brute_force_on_small_instances(seed):
    rng = random.Random(seed)
    applicants, capacity, rules = random_instance(rng)
    outcome = allocate(applicants, capacity, rules)
    assert outcome.optimal
    assert outcome.objective == outcome.bound
    found = stage_values(applicants, outcome.counts, capacity, rules)
    assert found == outcome.stages == brute_force(applicants, capacity, rules)


@pytest.mark.parametrize("seed", range(20))
def test_solver_invariants_on_larger_instances(seed):
    rng = random.Random(1000 + seed)
    zones = {"A": 12, "B": 8, "C": 5}
    rules = Rules(
        {"A": frozenset({"food"}), "B": frozenset({"food", "drinks"})}, 20, {1: 3}, {2: 4}
    )
    applicants = [
        Applicant(
            i,
            rng.randint(1, 3),
            rng.choice(GROUPS),
            rng.choice([1, 2, 3]),
            rng.random() < 0.25,
            rng.randint(3, 5),
            i,
        )
        for i in range(40)
    ]
    outcome = allocate(applicants, zones, rules)
    by_id = {a.id: a for a in applicants}
    for z, cap in zones.items():
        assert sum(c.get(z, 0) for c in outcome.counts.values()) <= cap
    for i, zc in outcome.counts.items():
        assert sum(zc.values()) <= by_id[i].wanted
        assert all(rules.suits(z, by_id[i].group) for z in zc)
    assert sum(outcome.booths_of(a.id) for a in applicants if a.locality == 2) <= 4
    # Nobody has a second booth while an applicant that could use the same zone has none
    # (unless its locality is at its maximum).
    unserved = [a for a in applicants if outcome.booths_of(a.id) == 0]
    for zc in outcome.counts.values():
        if sum(zc.values()) > 1:
            for a in unserved:
                locality_full = (
                    a.locality == 2
                    and sum(outcome.booths_of(b.id) for b in applicants if b.locality == 2) >= 4
                )
                assert locality_full or not any(rules.suits(z, a.group) for z in zc)
    # Every unserved applicant has a waitlist position and a deciding rule.
    assert set(outcome.waitlist) == {
        a.id for a in unserved if outcome.rules[a.id] in ("priority", "locality_max")
    }
    assert all(outcome.rules[a.id] for a in applicants)


def test_placement_uses_each_booth_once_and_keeps_neighbours_together():
    spots = [Spot(i, "A", x=3 * (i % 6), y=0 if i < 6 else 10) for i in range(12)]
    counts = {1: {"A": 3}, 2: {"A": 2}, 3: {"A": 1}, 4: {"A": 2}}
    placed = place(counts, spots)
    used = [b for ids in placed.values() for b in ids]
    assert len(used) == len(set(used)) == 8
    by_id = {s.id: s for s in spots}
    for applicant, ids in placed.items():
        assert len(ids) == counts[applicant]["A"]
        assert adjacent_pairs(ids, by_id) == len(ids) - 1


def test_disadvantaged_share_and_locality_minimum_beat_stars():
    applicants = [
        Applicant(1, 1, "food", 1, False, 5, 0),
        Applicant(2, 1, "food", 1, False, 5, 1),
        Applicant(3, 1, "food", 2, True, 3, 2),
        Applicant(4, 1, "food", 3, False, 3, 3),
    ]
    outcome = allocate(applicants, {"A": 2}, Rules({}, 50, {3: 1}, {}))
    assert outcome.booths_of(3) == 1  # reserved share (50 % of 2 = 1 booth)
    assert outcome.booths_of(4) == 1  # locality 3's minimum
    assert outcome.waitlist == [1, 2]  # then 5 stars, earlier first
    assert outcome.rules[1] == "priority"


def series_brute_force(applicants, capacity):
    weeks = sorted(capacity)
    options = [
        [
            frozenset(c)
            for r in range(len(a.weeks) + 1)
            for c in itertools.combinations(sorted(a.weeks), r)
        ]
        for a in applicants
    ]
    best = None
    available = {a.id: len(a.weeks) for a in applicants}
    for choice in itertools.product(*options):
        if any(sum(w in c for c in choice) > capacity[w] for w in weeks):
            continue
        weeks_of = {a.id: sorted(c) for a, c in zip(applicants, choice, strict=True)}
        low, high = comparable_spread(weeks_of, available)
        value = series_objective(sum(len(c) for c in choice), high - low, low, len(weeks))
        best = value if best is None else max(best, value)
    return best


@pytest.mark.parametrize("seed", range(40))
def test_series_solver_matches_brute_force(seed):
    rng = random.Random(seed)
    weeks = {w: rng.randint(1, 2) for w in range(1, rng.randint(2, 4) + 1)}
    applicants = [
        SeriesApplicant(i, frozenset(rng.sample(sorted(weeks), rng.randint(1, len(weeks)))))
        for i in range(rng.randint(1, 4))
    ]
    outcome = allocate_series(applicants, weeks)
    assert outcome.optimal and outcome.objective == outcome.bound
    assert outcome.objective == series_brute_force(applicants, weeks)
    for w, cap in weeks.items():
        assert sum(w in ws for ws in outcome.weeks_of.values()) <= cap
    for a in applicants:
        assert set(outcome.weeks_of[a.id]) <= a.weeks


def test_series_rotates_fairly_over_17_weeks():
    rng = random.Random(3)
    weeks = {w: 30 for w in range(1, 18)}
    applicants = [
        SeriesApplicant(i, frozenset(rng.sample(sorted(weeks), rng.randint(3, 12))))
        for i in range(200)
    ]
    outcome = allocate_series(applicants, weeks)
    assert outcome.filled == 510 and outcome.optimal
    assert outcome.spread <= 1
    assert min(len(w) for w in outcome.weeks_of.values()) >= 2
