"""Fair rotation over a series of weeks (e.g. 17 connection weeks × 30 booths): pure functions.

Every applicant names the weeks it can come. The whole series is allocated at once, with a
lexicographic objective solved exactly by OR-Tools CP-SAT:

1. fill as many booth-weeks as possible;
2. then make the spread as small as possible: spread = most − fewest weeks given to
   *comparable* applicants, where an applicant is comparable when it can come at least as many
   weeks as the fewest given (someone free for only two weeks cannot be expected to get five;
   instead it must get every week it can come, up to that fewest);
3. then make the fewest weeks as large as possible.

Inside a week one applicant has one booth; which booth of the week is picked afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class SeriesApplicant:
    id: int
    weeks: frozenset[int]  # the week (event) ids it can come


@dataclass
class SeriesOutcome:
    weeks_of: dict[int, list[int]]  # applicant id -> weeks given
    filled: int
    fewest: int  # fewest weeks given to a comparable applicant
    most: int
    objective: int
    bound: int
    seconds: float
    optimal: bool

    @property
    def spread(self) -> int:
        return self.most - self.fewest


def series_objective(filled: int, spread: int, fewest: int, n_weeks: int) -> int:
    """The lexicographic objective as one number (used by the solver and the brute force)."""
    unit = n_weeks + 1
    return filled * unit * unit - spread * unit + fewest


def allocate_series(
    applicants: Sequence[SeriesApplicant],
    capacity: dict[int, int],
    *,
    time_limit: float = 10.0,
    workers: int = 2,
) -> SeriesOutcome:
    """Weeks per applicant, optimal for the objective in the module docstring.

    Stage 1 is one CP-SAT solve (most booth-weeks filled). Stages 2 and 3 try the possible
    (spread, fewest) pairs best first, each a small CP-SAT feasibility question with the fill
    frozen; counting arguments skip pairs that cannot work. The first feasible pair is optimal
    because every better pair was proven infeasible.
    """
    started = time.perf_counter()
    n_weeks = len(capacity)
    built = _build_model(applicants, capacity)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    filled, optimal, best = _fill_most(built, solver, time_limit)
    fair, proven = _fairest(built, solver, filled, started + time_limit)
    optimal = optimal and proven
    weeks_of: dict[int, list[int]] = {a.id: [] for a in applicants}
    for (i, w), value in (fair or best).items():
        if value:
            weeks_of[i].append(w)
    for weeks in weeks_of.values():
        weeks.sort()
    low, high = comparable_spread(weeks_of, built.available)
    objective = series_objective(filled, high - low, low, n_weeks)
    found = fair is not None
    bound = objective if optimal and found else series_objective(filled, 0, n_weeks, n_weeks)
    return SeriesOutcome(
        weeks_of=weeks_of,
        filled=filled,
        fewest=low,
        most=high,
        objective=objective,
        bound=bound,
        seconds=time.perf_counter() - started,
        optimal=optimal and found,
    )


@dataclass
class _SeriesModel:
    """The CP-SAT model of a series and the variables the stages read."""

    model: cp_model.CpModel
    n_weeks: int
    take: dict[tuple[int, int], cp_model.IntVar]  # (applicant, week) -> it comes that week
    available: dict[int, int]  # applicant -> how many weeks it can come
    fewest: cp_model.IntVar  # fewest weeks given to a comparable applicant
    most: cp_model.IntVar
    filled: Any  # booth-weeks filled (a linear expression)


def _build_model(applicants: Sequence[SeriesApplicant], capacity: dict[int, int]) -> _SeriesModel:
    n_weeks = len(capacity)
    model = cp_model.CpModel()
    take: dict[tuple[int, int], cp_model.IntVar] = {}
    available: dict[int, int] = {}
    fewest = model.new_int_var(0, n_weeks, "fewest")
    most = model.new_int_var(0, n_weeks, "most")
    for a in applicants:
        weeks = sorted(w for w in a.weeks if capacity.get(w, 0) > 0)
        available[a.id] = len(weeks)
        for w in weeks:
            take[a.id, w] = model.new_bool_var(f"t{a.id}_{w}")
        given: cp_model.LinearExprT = sum(take[a.id, w] for w in weeks) if weeks else 0
        model.add(most >= given)
        # Comparable applicants get at least `fewest`; the others every week they can come.
        floor = model.new_int_var(0, n_weeks, f"f{a.id}")
        model.add_min_equality(floor, [fewest, len(weeks)])
        model.add(given >= floor)
    for w, cap in capacity.items():
        in_week = [take[key] for key in take if key[1] == w]
        if in_week:
            model.add(sum(in_week) <= cap)
    filled = sum(take.values()) if take else 0
    return _SeriesModel(model, n_weeks, take, available, fewest, most, filled)


def _fill_most(
    built: _SeriesModel, solver: cp_model.CpSolver, time_limit: float
) -> tuple[int, bool, dict[tuple[int, int], int]]:
    """Stage 1 alone (fewest and most free constrain nothing that matters here): the most
    booth-weeks filled, whether that is proven, and one filling; the fill is then frozen."""
    stage1 = built.model.clone()
    stage1.add(_twin(stage1, built.fewest) == 0)
    stage1.maximize(built.filled)
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(stage1)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"series model: {solver.status_name(status)}")
    filled = round(solver.objective_value)
    built.model.add(built.filled >= filled)
    best = {key: solver.value(var) for key, var in built.take.items()}
    return filled, status == cp_model.OPTIMAL, best


def _fairest(
    built: _SeriesModel, solver: cp_model.CpSolver, filled: int, deadline: float
) -> tuple[dict[tuple[int, int], int] | None, bool]:
    """Stages 2 and 3: the first feasible (spread, fewest) pair, best first, and its weeks
    (None when none was found in time); False when something was left unproven."""
    for spread, low in _candidates(built.available, filled, built.n_weeks):
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            return None, False
        trial = built.model.clone()
        trial.add(_twin(trial, built.fewest) == low)
        trial.add(_twin(trial, built.most) == low + spread)
        solver.parameters.max_time_in_seconds = remaining
        status = solver.solve(trial)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return {key: solver.value(var) for key, var in built.take.items()}, True
        if status != cp_model.INFEASIBLE:
            return None, False  # not proven: report the bound honestly
    return None, True


def _twin(clone: cp_model.CpModel, var: cp_model.IntVar) -> cp_model.IntVar:
    """The variable of a cloned model that stands for `var` of the original."""
    return clone.get_int_var_from_proto_index(var.index)


def _candidates(available: dict[int, int], filled: int, n_weeks: int) -> Iterator[tuple[int, int]]:
    """(spread, fewest) pairs, best first, that counting alone does not rule out: the weeks
    owed to everyone (min(fewest, available)) must fit in the fill, and the most anyone may get
    (min(fewest + spread, available)) must reach it."""
    for spread in range(n_weeks + 1):
        for low in range(n_weeks - spread, -1, -1):
            owed = sum(min(low, n) for n in available.values())
            room = sum(min(low + spread, n) for n in available.values())
            if owed <= filled <= room:
                yield spread, low


def comparable_spread(weeks_of: dict[int, list[int]], available: dict[int, int]) -> tuple[int, int]:
    """(fewest, most) weeks among comparable applicants, recomputed from a result (for tests
    and display): the largest `fewest` such that everyone gets min(fewest, weeks available)."""
    if not weeks_of:
        return 0, 0
    got = {i: len(w) for i, w in weeks_of.items()}
    most = max(got.values())
    fewest = 0
    for candidate in range(max(available.values(), default=0), -1, -1):
        if all(got[i] >= min(candidate, available[i]) for i in got):
            fewest = candidate
            break
    return fewest, most
