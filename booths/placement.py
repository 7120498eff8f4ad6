"""Placing booth counts on concrete booths: pure functions, no database.

booths/solver.py decides how many booths of each zone an applicant gets; here the booths
themselves are picked, so that a multi-booth exhibitor gets booths side by side where possible
(the allocation's secondary, best-effort objective).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Spot:
    id: int
    zone: str
    x: int
    y: int
    width: int = 3
    height: int = 3


def rows_of(spots: Iterable[Spot]) -> list[list[Spot]]:
    """Runs of booths side by side (same row, touching edges), in reading order."""
    ordered = sorted(spots, key=lambda s: (s.y, s.x))
    runs: list[list[Spot]] = []
    for spot in ordered:
        last = runs[-1][-1] if runs else None
        if last and last.y == spot.y and last.x + last.width == spot.x:
            runs[-1].append(spot)
        else:
            runs.append([spot])
    return runs


def place(
    counts: dict[int, dict[str, int]], free: Sequence[Spot], order: Sequence[int] = ()
) -> dict[int, list[int]]:
    """Concrete booth ids per applicant. Within each zone the applicants wanting most booths
    go first and take the tightest run of free neighbours that holds them all (best fit), so
    runs stay whole for those who need them; otherwise they take the longest runs left.
    `order` breaks ties between applicants (priority, best first)."""
    rank = {applicant: position for position, applicant in enumerate(order)}
    by_zone: dict[str, list[Spot]] = defaultdict(list)
    for spot in free:
        by_zone[spot.zone].append(spot)
    result: dict[int, list[int]] = defaultdict(list)
    for zone, spots in by_zone.items():
        runs = rows_of(spots)
        wants = sorted(
            ((i, zc[zone]) for i, zc in counts.items() if zc.get(zone)),
            key=lambda item: (-item[1], rank.get(item[0], len(rank)), item[0]),
        )
        for applicant, k in wants:
            need = k
            while need:
                fitting = [r for r in runs if len(r) >= need]
                run = min(fitting, key=len) if fitting else max(runs, key=len)
                take = min(need, len(run))
                result[applicant] += [s.id for s in run[:take]]
                runs.remove(run)
                if len(run) > take:
                    runs.append(run[take:])
                need -= take
    return dict(result)


def adjacent_pairs(booth_ids: Sequence[int], spots: dict[int, Spot]) -> int:
    """How many of an exhibitor's booths touch the next one in its row (for the report)."""
    chosen = sorted((spots[b] for b in booth_ids), key=lambda s: (s.y, s.x))
    return sum(
        1 for a, b in zip(chosen, chosen[1:], strict=False) if a.y == b.y and a.x + a.width == b.x
    )
