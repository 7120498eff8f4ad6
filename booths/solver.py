"""Booth allocation as an optimization problem: pure functions, no database, no HTTP.

The objective (documented for organizers and tested against brute force) is lexicographic:
four stages, each optimal before the next is looked at. OR-Tools CP-SAT solves it in two
solves (stages 0+1, then 2+3, weighted so the higher stage always dominates), each proven
optimal and then frozen as a constraint for the next:

0. Quotas first: as many as possible of the locality minimums and of the disadvantaged share
   are met, counted in *producers served* (a quota asks for representation, so one producer's
   second booth does not fill it): maximize  Σ_L min(min_L, served_L) + min(R, served_D).
1. First booths by priority: maximize  Σ_i P_i · y_i  (y_i = 1 when application i gets at
   least one booth). P_i = stars_i · N + (N − 1 − rank_i): more stars first, then the earlier
   application. Because every first booth is settled before any second booth, nobody gets a
   second booth while an applicant that could use it (within the rules) has none: moving such a
   booth would raise this stage's optimum.
2. Further booths by priority: maximize  Σ_i P_i · n_i  (n_i = booths given to i, ≤ wanted).
3. Wishes: maximize the booths placed in a zone the applicant asked for.

Hard rules in every stage: a booth goes to a zone that suits the application's product group;
no zone gets more booths than it has free; a locality never exceeds its maximum.

The model counts booths per class of alike applicants and zone, which keeps 2,000 × 500
small; `place` (booths/placement.py) then picks concrete booths inside each zone so that a
multi-booth exhibitor gets booths side by side where possible (the secondary, best-effort
objective).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

# Placing is its own module; its names stay importable from here, where callers met them.
from booths.placement import Spot as Spot
from booths.placement import adjacent_pairs as adjacent_pairs
from booths.placement import place as place
from booths.placement import rows_of as rows_of

# Why an applicant got fewer booths than it asked for (codes; booths/reasons.py has sentences).
RULE_ALLOCATED = "allocated"
RULE_PARTIAL = "partial_second_booths"
RULE_NO_ZONE = "no_suitable_zone"
RULE_LOCALITY_MAX = "locality_max"
RULE_PRIORITY = "priority"


@dataclass(frozen=True)
class Applicant:
    id: int
    wanted: int
    group: str
    locality: int | None = None
    disadvantaged: bool = False
    stars: int = 3
    rank: int = 0  # 0 = the earliest application
    preferred_zones: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rules:
    # zone -> product groups it suits; a zone not listed (or listed empty) suits every group.
    zone_groups: dict[str, frozenset[str]] = field(default_factory=dict)
    disadvantaged_share: int = 0  # percent of the booths on offer
    locality_min: dict[int, int] = field(default_factory=dict)
    locality_max: dict[int, int] = field(default_factory=dict)

    def suits(self, zone: str, group: str) -> bool:
        groups = self.zone_groups.get(zone)
        return not groups or group in groups


@dataclass
class Outcome:
    counts: dict[int, dict[str, int]]  # applicant id -> zone -> booths
    stages: list[int]  # optimum of each stage 0..3 (see the module docstring)
    objective: int  # the stages weighted into one number (higher stages dominate)
    bound: int  # the solver's proven upper bound of that number
    rules: dict[int, str]  # applicant id -> RULE_* code
    waitlist: list[int]  # unserved applicant ids, best first
    seconds: float = 0.0
    optimal: bool = True

    def booths_of(self, applicant_id: int) -> int:
        return sum(self.counts.get(applicant_id, {}).values())


def priority(stars: int, rank: int, n: int) -> int:
    n = max(n, 1)
    return stars * n + (n - 1 - min(rank, n - 1))


def reserved_booths(share_percent: int, capacity: int) -> int:
    """Booths set aside for disadvantaged producers: the share, rounded up."""
    return -(-share_percent * capacity // 100) if share_percent > 0 else 0


def allocate(
    applicants: Sequence[Applicant],
    capacity: dict[str, int],
    rules: Rules,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
) -> Outcome:
    """Booth counts per applicant and zone, optimal for the objective in the module docstring.

    Applicants alike in everything the rules look at (group, locality, disadvantaged, wished
    zones) form a class; the model counts booths per class and zone, and serves a class's
    members in priority order (u[j] >= u[j+1]), which every optimum does anyway. That keeps
    the model a few thousand variables for 2,000 applicants and lets CP-SAT prove optimality.
    """
    started = time.perf_counter()
    weight = {a.id: priority(a.stars, a.rank, len(applicants)) for a in applicants}
    built = build_model(applicants, capacity, rules, weight)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    values, bounds, optimal = _solve_in_order(built, solver, started + time_limit)
    outcome = _read_outcome(built, solver, applicants, values, bounds, optimal)
    _explain(outcome, applicants, capacity, rules, weight)
    outcome.seconds = time.perf_counter() - started
    return outcome


ClassKey = tuple[str, int | None, bool, tuple[str, ...]]  # group, locality, disadvantaged, wish


@dataclass
class AllocationModel:
    """The CP-SAT model, and the variables and objectives the solves and the result read."""

    model: cp_model.CpModel
    classes: dict[ClassKey, list[Applicant]]  # members in priority order, best first
    served: dict[int, cp_model.IntVar]  # u[i] = 1: applicant i gets a first booth
    further: dict[int, cp_model.IntVar]  # v[i]: its booths beyond the first
    placed: dict[tuple[ClassKey, str], cp_model.IntVar]  # booths per class and zone
    objectives: list[Any]  # the two solves' linear expressions, in order
    first_unit: int  # the weight of stage 0 over stage 1 in the first solve
    wish_unit: int  # the weight of stage 2 over stage 3 in the second solve


def build_model(  # noqa: C901 (the solver's model: one block per rule, read top to bottom)
    applicants: Sequence[Applicant],
    capacity: dict[str, int],
    rules: Rules,
    weight: dict[int, int],
) -> AllocationModel:
    """The model of the module docstring: its variables, hard rules and two objectives."""
    zones = sorted(z for z, c in capacity.items() if c > 0)
    classes = _classes(applicants, capacity, rules, zones, weight)
    model = cp_model.CpModel()
    u: dict[int, cp_model.IntVar] = {}
    v: dict[int, cp_model.IntVar] = {}
    placed: dict[tuple[ClassKey, str], cp_model.IntVar] = {}
    zone_terms: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    locality_booths: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    locality_served: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    disadvantaged_served: list[cp_model.IntVar] = []
    wishes: list[cp_model.IntVar] = []
    for key, members in classes.items():
        group, locality, disadvantaged, wish = key
        # Who is served: a first booth (u), then up to wanted - 1 more (v), none without a
        # first; alike applicants in priority order (u[j] >= u[j+1]).
        previous = None
        for a in members:
            u[a.id] = model.new_bool_var(f"u{a.id}")
            if previous is not None:
                model.add(previous >= u[a.id])
            previous = u[a.id]
            if a.wanted > 1:
                v[a.id] = model.new_int_var(0, a.wanted - 1, f"v{a.id}")
                model.add(v[a.id] <= (a.wanted - 1) * u[a.id])
        # Where: a class's booths go only to zones that suit its product group, all of them.
        most = sum(a.wanted for a in members)
        class_zones = []
        for z in zones:
            if rules.suits(z, group):
                var = model.new_int_var(0, min(most, capacity[z]), f"p{len(placed)}")
                placed[key, z] = var
                class_zones.append(var)
                zone_terms[z].append(var)
                if z in wish:
                    wishes.append(var)
        member_booths = [u[a.id] for a in members] + [v[a.id] for a in members if a.id in v]
        model.add(sum(class_zones) == sum(member_booths))
        # What the locality and share rules below count.
        if locality is not None:
            locality_booths[locality] += member_booths
            locality_served[locality] += [u[a.id] for a in members]
        if disadvantaged:
            disadvantaged_served += [u[a.id] for a in members]

    # No zone gets more booths than it has free.
    for z, terms in zone_terms.items():
        model.add(sum(terms) <= capacity[z])
    # A locality never exceeds its maximum.
    for loc, limit in rules.locality_max.items():
        if locality_booths.get(loc):
            model.add(sum(locality_booths[loc]) <= limit)

    # Stage 0: the quotas met, counted in producers served (a locality's minimum, then the
    # share reserved for disadvantaged producers).
    quota_terms = []
    for loc, minimum in rules.locality_min.items():
        if minimum > 0 and locality_served.get(loc):
            met = model.new_int_var(0, minimum, f"minloc{loc}")
            model.add(met <= sum(locality_served[loc]))
            quota_terms.append(met)
    reserved = reserved_booths(rules.disadvantaged_share, sum(capacity[z] for z in zones))
    if reserved and disadvantaged_served:
        met = model.new_int_var(0, reserved, "share")
        model.add(met <= sum(disadvantaged_served))
        quota_terms.append(met)

    # Stages 0-3 as two solves; in each, the weights make the terms strictly lexicographic (the
    # higher term's unit is worth more than the whole range of the lower one).
    first_unit = sum(weight.values()) + 1
    wish_unit = sum(capacity[z] for z in zones) + 1
    served = sum(weight[i] * u[i] for i in u)
    extra = sum(weight[i] * v[i] for i in v)
    objectives = [
        first_unit * sum(quota_terms) + served,
        wish_unit * (served + extra) + sum(wishes),
    ]
    return AllocationModel(model, classes, u, v, placed, objectives, first_unit, wish_unit)


def _classes(
    applicants: Sequence[Applicant],
    capacity: dict[str, int],
    rules: Rules,
    zones: list[str],
    weight: dict[int, int],
) -> dict[ClassKey, list[Applicant]]:
    """Applicants alike for the rules, each class in priority order; those wanting nothing or
    suited by no zone are left out (they get nothing)."""
    classes: dict[ClassKey, list[Applicant]] = defaultdict(list)
    for a in applicants:
        if a.wanted > 0 and any(rules.suits(z, a.group) for z in zones):
            wish = tuple(sorted(z for z in set(a.preferred_zones) if z in capacity))
            classes[(a.group, a.locality, a.disadvantaged, wish)].append(a)
    for members in classes.values():
        members.sort(key=lambda a: -weight[a.id])
    return classes


def _solve_in_order(
    built: AllocationModel, solver: cp_model.CpSolver, deadline: float
) -> tuple[list[int], list[int], bool]:
    """Each objective's optimum (and proven bound), the optimum frozen as a constraint before
    the next solve, which starts from the previous solution."""
    if not built.served:
        return [0, 0], [0, 0], True
    model = built.model
    values: list[int] = []
    bounds: list[int] = []
    optimal = True
    all_vars = [*built.served.values(), *built.further.values(), *built.placed.values()]
    for expr in built.objectives:
        model.maximize(expr)
        solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise RuntimeError(f"allocation model: {solver.status_name(status)}")
        optimal = optimal and status == cp_model.OPTIMAL
        values.append(round(solver.objective_value))
        bounds.append(round(solver.best_objective_bound))
        model.add(expr >= values[-1])  # freeze this solve's optimum before the next one
        model.clear_hints()
        for var in all_vars:
            model.add_hint(var, solver.value(var))
    return values, bounds, optimal


def _read_outcome(
    built: AllocationModel,
    solver: cp_model.CpSolver,
    applicants: Sequence[Applicant],
    values: list[int],
    bounds: list[int],
    optimal: bool,
) -> Outcome:
    """The stages, the objective as one number, and the booths per applicant and zone."""
    stages = [*divmod(values[0], built.first_unit), *divmod(values[1], built.wish_unit)]
    most_wanted = max(a.wanted for a in applicants) if applicants else 1
    scale = most_wanted * built.first_unit * built.wish_unit
    u, v = built.served, built.further
    counts = _split_by_zone(
        built.classes,
        built.placed,
        {a: solver.value(u[a]) + (solver.value(v[a]) if a in v else 0) for a in u},
        {key: solver.value(var) for key, var in built.placed.items()},
    )
    return Outcome(
        counts,
        stages,
        values[0] * scale + values[1],
        bounds[0] * scale + bounds[1],
        {},
        [],
        optimal=optimal,
    )


def _split_by_zone(
    classes: dict[ClassKey, list[Applicant]],
    placed: dict[tuple[ClassKey, str], cp_model.IntVar],
    booths: dict[int, int],
    zone_counts: dict[tuple[ClassKey, str], int],
) -> dict[int, dict[str, int]]:
    """Share a class's booths in each zone among its members, keeping each member in as few
    zones as possible (largest needs first, into the zone with most room of its class)."""
    counts: dict[int, dict[str, int]] = {}
    for key, members in classes.items():
        room = {z: zone_counts[k] for k in placed if k[0] == key for z in [k[1]]}
        for a in sorted(members, key=lambda m: -booths.get(m.id, 0)):
            need = booths.get(a.id, 0)
            while need:
                fitting = [z for z, r in room.items() if r >= need]
                zone = (
                    min(fitting, key=lambda z: (room[z], z))
                    if fitting
                    else max(room, key=lambda z: (room[z], z))
                )
                take = min(need, room[zone])
                counts.setdefault(a.id, {})[zone] = counts.get(a.id, {}).get(zone, 0) + take
                room[zone] -= take
                need -= take
    return counts


def _explain(
    outcome: Outcome,
    applicants: Sequence[Applicant],
    capacity: dict[str, int],
    rules: Rules,
    weight: dict[int, int],
) -> None:
    """The rule that decided each applicant's result, and the waiting list in priority order."""
    locality_used: dict[int, int] = defaultdict(int)
    for a in applicants:
        if a.locality is not None:
            locality_used[a.locality] += outcome.booths_of(a.id)
    unserved = []
    for a in applicants:
        got = outcome.booths_of(a.id)
        if got >= a.wanted > 0:
            outcome.rules[a.id] = RULE_ALLOCATED
        elif got > 0:
            outcome.rules[a.id] = RULE_PARTIAL
        elif not any(rules.suits(z, a.group) and c > 0 for z, c in capacity.items()):
            outcome.rules[a.id] = RULE_NO_ZONE
        else:
            locality = a.locality
            limit = rules.locality_max.get(locality) if locality is not None else None
            full = locality is not None and limit is not None and locality_used[locality] >= limit
            outcome.rules[a.id] = RULE_LOCALITY_MAX if full else RULE_PRIORITY
            unserved.append(a)
    unserved.sort(key=lambda a: -weight[a.id])
    outcome.waitlist = [a.id for a in unserved]
