"""Allocating a whole series (e.g. 17 connection weeks) at once, fairly: database side.

Each week is one event of the series. A producer applies once, to any event of the series,
naming the weeks (event ids) it can come in `available_weeks` (none named: only the event it
applied to). booths/series_solver.py decides how many and which weeks each one gets; here we
pick a free booth of each week's event and save it all in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from booths.allocation import (
    already_committed_error,
    booth_fees,
    candidate_applications,
    check_applications_unchanged,
    claim_run,
    fingerprint,
    free_spots,
    new_assignments,
    stale_error,
)
from booths.booking import now_utc
from booths.models import (
    AllocationRun,
    ApplicationStatus,
    BoothApplication,
    BoothAssignment,
    RunKind,
)
from booths.series_solver import SeriesApplicant, allocate_series
from events.models import Event, EventSeries
from ocopfair.audit import record
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User

RULE_SERIES = "series_rotation"
RULE_SERIES_NONE = "series_no_week"


async def load_series_problem(series: EventSeries) -> dict[str, Any]:
    now = now_utc()
    events = await Event.filter(series_id=series.id).order_by("start_date", "id")
    event_ids = [e.id for e in events]
    free = {e.id: await free_spots(e.id, now) for e in events}
    applications = await candidate_applications(event_ids)
    applicants = [
        SeriesApplicant(
            a.id,
            frozenset(w for w in (a.available_weeks or [a.event_id]) if w in free),
        )
        for a in applications
    ]
    spots = {
        w: [s.id for s in sorted(spots, key=lambda s: (s.y, s.x))] for w, spots in free.items()
    }
    return {
        "events": events,
        "applications": applications,
        "applicants": applicants,
        "spots": spots,
        "fingerprint": fingerprint(applicants, spots),
    }


def solve_series(applicants: list[SeriesApplicant], spots: dict[int, list[int]]) -> dict[str, Any]:
    outcome = allocate_series(applicants, {w: len(ids) for w, ids in spots.items()})
    used: dict[int, int] = defaultdict(int)
    booths: dict[str, list[int]] = {}
    for applicant_id, weeks in outcome.weeks_of.items():
        for week in weeks:
            booths.setdefault(str(applicant_id), []).append(spots[week][used[week]])
            used[week] += 1
    return {
        "weeks": {str(i): w for i, w in outcome.weeks_of.items()},
        "booths": booths,
        "filled": outcome.filled,
        "slots": sum(len(s) for s in spots.values()),
        "fewest": outcome.fewest,
        "most": outcome.most,
        "spread": outcome.spread,
        "objective": str(outcome.objective),
        "bound": str(outcome.bound),
        "optimal": outcome.optimal,
        "seconds": round(outcome.seconds, 3),
        "available": {str(a.id): len(a.weeks) for a in applicants},
    }


async def preview_series(series: EventSeries, user: User | None) -> AllocationRun:
    problem = await load_series_problem(series)
    if not problem["applicants"]:
        raise Invalid({"allocation": _("There is no approved application waiting for a booth.")})
    result = solve_series(problem["applicants"], problem["spots"])
    return await AllocationRun.create(
        kind=RunKind.SERIES,
        series_id=series.id,
        fingerprint=problem["fingerprint"],
        result=result,
        objective=result["objective"],
        bound=result["bound"],
        seconds=result["seconds"],
        created_by=user,
    )


async def commit_series(run: AllocationRun, user: User | None) -> int:
    """Save a series preview's booth-weeks, if nothing changed since. All or nothing."""
    if run.committed_at is not None:
        raise already_committed_error()
    series = await EventSeries.get(id=run.series_id)
    problem = await load_series_problem(series)
    if problem["fingerprint"] != run.fingerprint:
        raise stale_error()
    result = run.result
    booth_ids = [b for ids in result["booths"].values() for b in ids]
    fee_of = await booth_fees(booth_ids)
    applications = {a.id: a for a in problem["applications"]}
    now = now_utc()
    try:
        async with in_transaction():
            await claim_run(run, now)
            await check_applications_unchanged(
                {a.id: (a.status, a.updated_at) for a in applications.values()}
            )
            await BoothAssignment.bulk_create(
                new_assignments(
                    result["booths"],
                    {a.id: a.exhibitor_id for a in applications.values()},
                    fee_of,
                ),
                batch_size=500,
            )
            for app in applications.values():
                got = bool(result["booths"].get(str(app.id)))
                app.status = ApplicationStatus.ALLOCATED if got else ApplicationStatus.WAITLISTED
                app.decision_rule = RULE_SERIES if got else RULE_SERIES_NONE
                app.waitlist_position = None
                app.updated_at = now
            await BoothApplication.bulk_update(
                list(applications.values()),
                ["status", "waitlist_position", "decision_rule", "updated_at"],
                batch_size=500,
            )
            await record(
                user,
                "allocation.series_committed",
                "EventSeries",
                series.id,
                after={"run": run.id, "booth_weeks": len(booth_ids), "spread": result["spread"]},
            )
    except IntegrityError:
        raise stale_error() from None
    return len(booth_ids)
