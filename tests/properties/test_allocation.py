"""Allocation invariants on random instances (booths/solver.py, booths/series_solver.py).

Whatever the applications and rules: no booth is given twice, no zone or week beyond its
capacity, nobody beyond what it asked, no booth in a zone that does not suit the product group,
no locality beyond its maximum; and nobody holds a second booth (nor a free booth stays empty)
while an applicant that could use it within the rules has none.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from booths.series_solver import SeriesApplicant, allocate_series
from booths.solver import (
    RULE_ALLOCATED,
    RULE_NO_ZONE,
    Applicant,
    Rules,
    Spot,
    allocate,
    place,
)
from tests.hypothesis_profiles import share_of_examples

# Every example builds and solves a model: three quarters of the profile's examples, and no
# health check that the generation is too slow.
SOLVER = share_of_examples(0.75, suppress_health_check=[HealthCheck.too_slow])
ZONES = ["A", "B", "C"]
GROUPS = ["food", "drinks", "herbal", "crafts"]


@st.composite
def instances(draw):
    capacity = {z: draw(st.integers(0, 4)) for z in ZONES}
    zone_groups = {
        z: frozenset(draw(st.lists(st.sampled_from(GROUPS), max_size=2)))
        for z in ZONES
        if draw(st.booleans())
    }
    localities = [1, 2, 3]
    rules = Rules(
        zone_groups=zone_groups,
        disadvantaged_share=draw(st.sampled_from([0, 0, 10, 25, 50])),
        locality_min={loc: draw(st.integers(0, 3)) for loc in localities if draw(st.booleans())},
        locality_max={loc: draw(st.integers(0, 4)) for loc in localities if draw(st.booleans())},
    )
    count = draw(st.integers(0, 9))
    applicants = [
        Applicant(
            id=100 + i,
            wanted=draw(st.integers(1, 3)),
            group=draw(st.sampled_from(GROUPS)),
            locality=draw(st.sampled_from([None, *localities])),
            disadvantaged=draw(st.booleans()),
            stars=draw(st.integers(3, 5)),
            rank=i,
            preferred_zones=tuple(draw(st.lists(st.sampled_from(ZONES), max_size=2))),
        )
        for i in range(count)
    ]
    return applicants, capacity, rules


def spots_for(capacity: dict[str, int]) -> list[Spot]:
    """Each zone's booths in one row, side by side; ids unique across zones."""
    return [
        Spot(id=10 * z_index + n, zone=zone, x=3 * n, y=10 * z_index)
        for z_index, zone in enumerate(ZONES)
        for n in range(capacity[zone])
    ]


@SOLVER
@given(instance=instances())
def test_every_allocation_keeps_the_hard_rules(instance):
    applicants, capacity, rules = instance
    outcome = allocate(applicants, capacity, rules, time_limit=5, workers=1)
    by_id = {a.id: a for a in applicants}
    used: Counter = Counter()
    locality_booths: Counter = Counter()
    for applicant_id, zones in outcome.counts.items():
        a = by_id[applicant_id]
        assert sum(zones.values()) <= a.wanted
        for zone, n in zones.items():
            assert n >= 0 and zone in capacity
            assert rules.suits(zone, a.group), f"{a.group} placed in zone {zone}"
            used[zone] += n
        if a.locality is not None:
            locality_booths[a.locality] += sum(zones.values())
    for zone, n in used.items():
        assert n <= capacity[zone]
    for loc, limit in rules.locality_max.items():
        assert locality_booths[loc] <= limit
    for a in applicants:
        got = outcome.booths_of(a.id)
        assert (outcome.rules[a.id] == RULE_ALLOCATED) == (got >= a.wanted)
    unserved = [
        a.id
        for a in applicants
        if outcome.booths_of(a.id) == 0 and outcome.rules[a.id] != RULE_NO_ZONE
    ]
    assert sorted(outcome.waitlist) == sorted(unserved)


@SOLVER
@given(instance=instances())
def test_nobody_gets_a_second_booth_while_an_eligible_applicant_has_none(instance):
    applicants, capacity, rules = instance
    outcome = allocate(applicants, capacity, rules, time_limit=5, workers=1)
    locality_booths: Counter = Counter()
    used: Counter = Counter()
    for a in applicants:
        for zone, n in outcome.counts.get(a.id, {}).items():
            used[zone] += n
            if a.locality is not None:
                locality_booths[a.locality] += n

    def may_take_one_more(b: Applicant, giver: Applicant | None) -> bool:
        """Would one more booth for `b` (taken from `giver`, or free) keep its locality's max?"""
        limit = rules.locality_max.get(b.locality) if b.locality is not None else None
        if limit is None or (giver is not None and giver.locality == b.locality):
            return True
        return locality_booths[b.locality] + 1 <= limit

    empty_handed = [b for b in applicants if outcome.booths_of(b.id) == 0]
    for b in empty_handed:
        for zone, cap in capacity.items():
            if not rules.suits(zone, b.group):
                continue
            assert not (cap - used[zone] > 0 and may_take_one_more(b, None)), (
                f"booth free in {zone} while applicant {b.id} has none"
            )
            for a in applicants:
                if outcome.booths_of(a.id) >= 2 and outcome.counts[a.id].get(zone):
                    assert not may_take_one_more(b, a), (
                        f"{a.id} has a second booth in {zone} while {b.id} has none"
                    )


@SOLVER
@given(instance=instances())
def test_placement_gives_each_booth_once_in_the_right_zone(instance):
    applicants, capacity, rules = instance
    outcome = allocate(applicants, capacity, rules, time_limit=5, workers=1)
    spots = spots_for(capacity)
    zone_of = {s.id: s.zone for s in spots}
    placed = place(outcome.counts, spots, order=outcome.waitlist)
    every = [booth for booths in placed.values() for booth in booths]
    assert len(every) == len(set(every)), "a booth was given twice"
    for applicant_id, zones in outcome.counts.items():
        got = Counter(zone_of[b] for b in placed.get(applicant_id, []))
        assert got == Counter({z: n for z, n in zones.items() if n})


@st.composite
def series_instances(draw):
    weeks = list(range(1, draw(st.integers(1, 6)) + 1))
    capacity = {w: draw(st.integers(0, 3)) for w in weeks}
    applicants = [
        SeriesApplicant(
            id=i, weeks=frozenset(draw(st.lists(st.sampled_from(weeks), max_size=len(weeks))))
        )
        for i in range(draw(st.integers(0, 8)))
    ]
    return applicants, capacity


@SOLVER
@given(instance=series_instances())
def test_series_rotation_keeps_capacity_and_wastes_no_booth_week(instance):
    applicants, capacity = instance
    outcome = allocate_series(applicants, capacity, time_limit=5, workers=1)
    per_week: Counter = Counter()
    for a in applicants:
        weeks = outcome.weeks_of[a.id]
        assert len(weeks) == len(set(weeks)), "one applicant twice in a week"
        assert set(weeks) <= a.weeks, "a week the applicant cannot come"
        per_week.update(weeks)
    for week, n in per_week.items():
        assert n <= capacity[week]
    assert outcome.filled == sum(per_week.values())
    # Stage 1 is optimal: no week has a free booth that an applicant free that week lacks.
    given_weeks = defaultdict(set, {a.id: set(outcome.weeks_of[a.id]) for a in applicants})
    for a in applicants:
        for week in a.weeks - given_weeks[a.id]:
            assert per_week[week] >= capacity[week], (
                f"week {week} has room and applicant {a.id} could come but was not given it"
            )
