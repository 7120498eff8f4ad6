"""Allocating a connection-week series in one go: preview, commit, and a stale preview."""

from __future__ import annotations

from booths import applications as application_logic
from booths import series_allocation
from booths.models import AllocationRun, ApplicationStatus, BoothApplication, BoothAssignment
from events.models import AllocationMode, EventKind, EventSeries, Venue
from ocopfair.errors import Conflict
from tests.factories import make_event, make_producer, make_user


async def weeks_with_applicants(weeks: int = 3, booths: int = 2, producers: int = 4):
    venue = await Venue.create(name="Big C Hạ Long", kind="supermarket")
    series = await EventSeries.create(
        name="Tuần hàng OCOP", kind=EventKind.CONNECTION_WEEK, venue=venue
    )
    events = [
        await make_event(
            f"Tuần {n + 1}",
            mode=AllocationMode.APPLICATION,
            booths=booths,
            max_booths=1,
            series=series,
            days_ahead=30 + 7 * n,
            zone=f"W{n}",
        )
        for n in range(weeks)
    ]
    week_ids = [e.id for e in events]
    apps = []
    for n in range(producers):
        exhibitor, products = await make_producer(f"HTX Tuần {n}")
        app = await BoothApplication.create(
            event=events[0],
            exhibitor=exhibitor,
            booths_wanted=1,
            status=ApplicationStatus.APPROVED,
            available_weeks=week_ids,
        )
        await app.products.add(*products)
        apps.append(app)
    return series, events, apps


async def test_a_series_is_allocated_fairly_and_committed_once(db):
    series, events, apps = await weeks_with_applicants()
    organizer = await make_user("organizer", username="province")
    run = await series_allocation.preview_series(series, organizer)
    result = run.result
    assert result["filled"] == 6 == result["slots"]  # 3 weeks × 2 booths, all used
    assert result["spread"] <= 1  # 4 producers share 6 booth-weeks: 1 or 2 each
    assert await series_allocation.commit_series(run, organizer) == 6
    assigned = await BoothAssignment.filter(active_booth__isnull=False).count()
    assert assigned == 6
    statuses = {a.status for a in await BoothApplication.filter(id__in=[a.id for a in apps])}
    assert statuses == {ApplicationStatus.ALLOCATED}
    try:
        await series_allocation.commit_series(await AllocationRun.get(id=run.id), organizer)
        again = None
    except Conflict as exc:
        again = exc
    assert again is not None and "allocation" in again.fields
    assert await BoothAssignment.all().count() == 6


async def test_a_withdrawal_just_before_the_series_commit_writes_stales_the_preview(
    db, monkeypatch
):
    series, events, apps = await weeks_with_applicants()
    organizer = await make_user("organizer", username="province")
    run = await series_allocation.preview_series(series, organizer)
    real_load = series_allocation.load_series_problem

    async def load_then_withdraw(*args, **kwargs):
        problem = await real_load(*args, **kwargs)
        await application_logic.withdraw(
            await BoothApplication.get(id=apps[0].id), None, "Không đi được"
        )
        return problem

    monkeypatch.setattr(series_allocation, "load_series_problem", load_then_withdraw)
    try:
        await series_allocation.commit_series(run, organizer)
        refused = None
    except Conflict as exc:
        refused = exc
    assert refused is not None and "allocation" in refused.fields
    assert (await BoothApplication.get(id=apps[0].id)).status == ApplicationStatus.CANCELLED
    assert await BoothAssignment.all().count() == 0
    assert (await AllocationRun.get(id=run.id)).committed_at is None
