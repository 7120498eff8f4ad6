"""The database side of allocation: read the problem, preview, commit. The optimization itself
is in booths/solver.py (pure functions, benchmarked without a database).

A preview is stored with a fingerprint of exactly what it was computed from (applications,
their products, free booths, rules). Commit recomputes the fingerprint and refuses a stale
preview, so nobody commits a result that no longer fits the data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from booths import notices, placement, solver
from booths.booking import now_utc, release_expired
from booths.models import (
    AllocationRules,
    AllocationRun,
    ApplicationStatus,
    AssignmentKind,
    Booth,
    BoothApplication,
    BoothAssignment,
    RunKind,
)
from booths.waitlist import main_group
from events.models import Event
from ocopfair.audit import record
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User

CANDIDATE_STATUSES = [ApplicationStatus.APPROVED, ApplicationStatus.WAITLISTED]


@dataclass
class Problem:
    applicants: list[solver.Applicant]
    spots: list[placement.Spot]
    rules: solver.Rules
    fingerprint: str
    # (status, updated_at) of each application as read: commit re-checks them under lock.
    versions: dict[int, tuple[str, dt.datetime]] = field(default_factory=dict)

    @property
    def capacity(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for spot in self.spots:
            result[spot.zone] = result.get(spot.zone, 0) + 1
        return result


async def get_rules(event_id: int) -> AllocationRules:
    rules, _created = await AllocationRules.get_or_create(event_id=event_id)
    return rules


def solver_rules(rules: AllocationRules) -> solver.Rules:
    limits = rules.locality_limits or {}
    return solver.Rules(
        zone_groups={z: frozenset(g) for z, g in (rules.zone_groups or {}).items() if g},
        disadvantaged_share=rules.disadvantaged_share,
        locality_min={int(k): int(v.get("min") or 0) for k, v in limits.items() if v.get("min")},
        locality_max={int(k): int(v["max"]) for k, v in limits.items() if v.get("max") is not None},
    )


async def free_spots(event_id: int, now: dt.datetime) -> list[placement.Spot]:
    """Unblocked booths with no active hold or assignment (expired holds count as free)."""
    await release_expired(event_id, now)
    booths = await Booth.filter(event_id=event_id, blocked=False).values(
        "id", "zone", "x", "y", "width", "height"
    )
    used = set(
        await BoothAssignment.filter(active_booth__in=[b["id"] for b in booths]).values_list(
            "active_booth", flat=True
        )
    )
    return [
        placement.Spot(b["id"], b["zone"], b["x"], b["y"], b["width"], b["height"])
        for b in booths
        if b["id"] not in used
    ]


async def candidate_applications(event_ids: list[int]) -> list[BoothApplication]:
    return (
        await BoothApplication.filter(
            event_id__in=event_ids,
            status__in=CANDIDATE_STATUSES,
        )
        .order_by("created_at", "id")
        .prefetch_related("products", "exhibitor")
    )


async def load_problem(event: Event, now: dt.datetime | None = None) -> Problem:
    now = now or now_utc()
    rules = solver_rules(await get_rules(event.id))
    applications = await candidate_applications([event.id])
    held = await BoothAssignment.filter(
        active_booth__isnull=False,
        booth__event_id=event.id,
        exhibitor_id__in=[a.exhibitor_id for a in applications],
    ).values("exhibitor_id")
    holding: dict[int, int] = {}
    for row in held:
        holding[row["exhibitor_id"]] = holding.get(row["exhibitor_id"], 0) + 1
    applicants = []
    for rank, app in enumerate(applications):
        room = event.max_booths_per_exhibitor - holding.get(app.exhibitor_id, 0)
        applicants.append(
            solver.Applicant(
                id=app.id,
                wanted=max(0, min(app.booths_wanted, room)),
                group=main_group([p.group for p in app.products]),
                locality=app.exhibitor.locality_id,
                disadvantaged=app.exhibitor.is_disadvantaged,
                stars=max((p.stars for p in app.products), default=0),
                rank=rank,
                preferred_zones=tuple(app.preferred_zones or ()),
            )
        )
    spots = await free_spots(event.id, now)
    return Problem(
        applicants,
        spots,
        rules,
        fingerprint(applicants, spots, rules),
        {a.id: (a.status, a.updated_at) for a in applications},
    )


def fingerprint(*parts: Any) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, frozenset | set):
            return sorted(plain(v) for v in value)
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in sorted(value.items(), key=lambda i: str(i[0]))}
        if hasattr(value, "__dataclass_fields__"):
            return plain(asdict(value))
        return value

    return hashlib.sha256(json.dumps(plain(parts), sort_keys=True).encode()).hexdigest()


def solve(problem: Problem) -> dict[str, Any]:
    """Run the solver and place booths: the JSON result stored in a preview."""
    outcome = solver.allocate(problem.applicants, problem.capacity, problem.rules)
    order = [
        a.id
        for a in sorted(
            problem.applicants,
            key=lambda a: -solver.priority(a.stars, a.rank, len(problem.applicants)),
        )
    ]
    placed = placement.place(outcome.counts, problem.spots, order)
    spots = {s.id: s for s in problem.spots}
    return {
        "booths": {str(i): ids for i, ids in placed.items()},
        "rules": {str(i): rule for i, rule in outcome.rules.items()},
        "waitlist": outcome.waitlist,
        "stages": outcome.stages,
        "adjacent_pairs": sum(placement.adjacent_pairs(ids, spots) for ids in placed.values()),
        "multi_booth": sum(1 for ids in placed.values() if len(ids) > 1),
        "optimal": outcome.optimal,
        "objective": str(outcome.objective),
        "bound": str(outcome.bound),
        "seconds": round(outcome.seconds, 3),
        "free_booths": len(problem.spots),
        "applicants": len(problem.applicants),
        "reserved": solver.reserved_booths(problem.rules.disadvantaged_share, len(problem.spots)),
    }


async def preview(event: Event, user: User | None) -> AllocationRun:
    problem = await load_problem(event)
    if not problem.applicants:
        raise Invalid({"allocation": _("There is no approved application waiting for a booth.")})
    result = solve(problem)
    return await AllocationRun.create(
        kind=RunKind.EVENT,
        event_id=event.id,
        fingerprint=problem.fingerprint,
        result=result,
        objective=result["objective"],
        bound=result["bound"],
        seconds=result["seconds"],
        created_by=user,
    )


async def check_applications_unchanged(versions: dict[int, tuple[str, dt.datetime]]) -> None:
    """Inside the commit's transaction: the applications are as the fingerprint saw them, and
    stay so until the commit (PostgreSQL locks their rows; SQLite's transactions run one at a
    time). A producer withdrawing between the fingerprint and the writes would otherwise have
    its cancelled application turned back into an allocated one."""
    rows = (
        await BoothApplication.filter(id__in=list(versions))
        .select_for_update()
        .only("id", "status", "updated_at")
    )
    if {r.id: (r.status, r.updated_at) for r in rows} != versions:
        raise stale_error()


def stale_error() -> Conflict:
    return Conflict(
        {
            "allocation": _(
                "Applications, booths or rules have changed since this "
                "preview was computed. Compute a new preview; nothing was "
                "saved."
            )
        },
        _("This preview is out of date."),
    )


def already_committed_error() -> Conflict:
    return Conflict({"allocation": _("This preview has already been committed.")})


async def claim_run(run: AllocationRun, now: dt.datetime) -> None:
    """Inside the commit's transaction: mark the run committed; a second commit (even one
    racing this one) is refused."""
    claimed = await AllocationRun.filter(id=run.id, committed_at=None).update(committed_at=now)
    if not claimed:
        raise already_committed_error()


async def booth_fees(booth_ids: list[int]) -> dict[int, int]:
    """Booth id -> its fee (what the new assignment owes)."""
    return {b["id"]: b["fee"] for b in await Booth.filter(id__in=booth_ids).values("id", "fee")}


def new_assignments(
    booths: dict[str, list[int]], exhibitor_of: dict[int, int], fee_of: dict[int, int]
) -> list[BoothAssignment]:
    """The assignments of a result's {application id: [booth ids]} (not yet saved)."""
    return [
        BoothAssignment(
            booth_id=b,
            active_booth=b,
            exhibitor_id=exhibitor_of[int(app_id)],
            application_id=int(app_id),
            kind=AssignmentKind.ASSIGNED,
            fee=fee_of[b],
        )
        for app_id, ids in booths.items()
        for b in ids
    ]


async def commit(run: AllocationRun, user: User | None) -> int:
    """Save a preview's assignments and waiting list, if nothing changed since. All or nothing."""
    if run.committed_at is not None:
        raise already_committed_error()
    event = await Event.get(id=run.event_id)
    problem = await load_problem(event)
    if problem.fingerprint != run.fingerprint:
        raise stale_error()
    result = run.result
    fee_of = await booth_fees([b for ids in result["booths"].values() for b in ids])
    applications = {
        a.id: a for a in await BoothApplication.filter(id__in=[a.id for a in problem.applicants])
    }
    now = now_utc()
    try:
        async with in_transaction():
            await claim_run(run, now)
            await check_applications_unchanged(problem.versions)
            await BoothAssignment.bulk_create(
                new_assignments(
                    result["booths"],
                    {a.id: a.exhibitor_id for a in applications.values()},
                    fee_of,
                ),
                batch_size=500,
            )
            if applications:
                decided = _decided(list(applications.values()), result, now)
                await BoothApplication.bulk_update(
                    decided,
                    ["status", "waitlist_position", "decision_rule", "updated_at"],
                    batch_size=500,
                )
                await notices.allocation_result(
                    event.name, decided, await _booth_codes(result["booths"])
                )
            await record(
                user,
                "allocation.committed",
                "Event",
                event.id,
                after={
                    "run": run.id,
                    "assigned_booths": len(fee_of),
                    "waitlisted": len(result["waitlist"]),
                    "objective": result["objective"],
                },
            )
    except IntegrityError:
        raise stale_error() from None
    return len(fee_of)


async def _booth_codes(booths: dict[str, list[int]]) -> dict[int, list[str]]:
    """Application id -> the codes of the booths it got (for the notices)."""
    code_of = dict(
        await Booth.filter(id__in=[b for ids in booths.values() for b in ids]).values_list(
            "id", "code"
        )
    )
    return {int(app_id): sorted(code_of[b] for b in ids) for app_id, ids in booths.items()}


def _decided(
    applications: list[BoothApplication], result: dict[str, Any], now: dt.datetime
) -> list[BoothApplication]:
    """Each application allocated (it got booths) or waitlisted at its place, with its rule."""
    waitlist_position = {app_id: n for n, app_id in enumerate(result["waitlist"], start=1)}
    for app in applications:
        got = bool(result["booths"].get(str(app.id)))
        app.status = ApplicationStatus.ALLOCATED if got else ApplicationStatus.WAITLISTED
        app.waitlist_position = None if got else waitlist_position.get(app.id)
        app.decision_rule = result["rules"].get(str(app.id), "")
        app.updated_at = now
    return applications
