"""Trust: entry closes after the event, organizers correct with a reason, reported is frozen."""

from __future__ import annotations

import datetime as dt

from events.models import EventStatus
from ocopfair.models import AuditEntry
from sales.models import SalesRecord, SalesSettings
from tests.factories import make_fair
from tests.login import login


async def ended_fair(days_ago: int, entry_days: int | None = None, **kwargs):
    """A 3-day fair that ended `days_ago` days ago, with a figure on its first day."""
    fair = await make_fair(days_before_today=days_ago + 2, **kwargs)
    if entry_days is not None:
        await SalesSettings.create(event=fair.event, entry_days_after_end=entry_days)
    await SalesRecord.create(
        assignment=fair.booths[0], day=fair.event.start_date, revenue=1_000_000
    )
    return fair


async def post_day(client, fair, revenue: str, **extra):
    booth = fair.booths[0]
    return await client.post(
        f"/sales/booths/{booth.id}",
        data={"day": fair.event.start_date.isoformat(), "revenue": revenue, **extra},
    )


async def test_exhibitor_may_enter_until_the_configured_day_after_the_event(client, db):
    fair = await ended_fair(days_ago=3)  # default: 3 days after the end, so today is the last
    await login(client, "exhibitor")
    assert (await post_day(client, fair, "1.100.000")).status_code == 303


async def test_after_entry_closed_the_exhibitor_is_refused_and_nothing_changes(client, db):
    fair = await ended_fair(days_ago=2, entry_days=1)
    await login(client, "exhibitor")
    response = await post_day(client, fair, "2.000.000")
    assert response.status_code == 422
    assert "Hạn nhập số liệu đã kết thúc" in response.text
    assert (await SalesRecord.get(assignment=fair.booths[0])).revenue == 1_000_000
    page = await client.get(f"/sales/booths/{fair.booths[0].id}")
    assert 'name="revenue"' not in page.text


async def test_after_entry_closed_an_organizer_corrects_only_with_a_reason(client, db):
    fair = await ended_fair(days_ago=5)
    await login(client, "organizer")
    without = await post_day(client, fair, "2.000.000")
    assert without.status_code == 422 and 'id="e-reason"' in without.text
    assert (await SalesRecord.get(assignment=fair.booths[0])).revenue == 1_000_000
    fixed = await post_day(client, fair, "2.000.000", reason="Phiếu giấy ghi sai một số 0")
    assert fixed.status_code == 303
    record = await SalesRecord.get(assignment=fair.booths[0])
    assert record.revenue == 2_000_000
    entry = await AuditEntry.get(object_type="SalesRecord", object_id=str(record.id))
    assert (entry.before["revenue"], entry.after["revenue"]) == (1_000_000, 2_000_000)
    assert entry.reason == "Phiếu giấy ghi sai một số 0"
    assert entry.user_id == fair.users["organizer"].id
    page = await client.get(f"/sales/booths/{fair.booths[0].id}")
    assert "Phiếu giấy ghi sai một số 0" in page.text  # the history is shown with the figures


async def test_figures_of_a_reported_event_are_frozen_except_for_an_admin(client, other_client, db):
    fair = await ended_fair(days_ago=1, status=EventStatus.REPORTED)
    await login(client, "organizer")
    response = await post_day(client, fair, "5.000.000", reason="muộn")
    assert response.status_code == 422 and "đã báo cáo" in response.text
    grid = await client.post(
        f"/events/{fair.event.id}/sales/rows/{fair.booths[0].id}",
        data={f"d-{fair.event.start_date.isoformat()}": "5.000.000"},
    )
    assert grid.status_code == 422
    assert (await SalesRecord.get(assignment=fair.booths[0])).revenue == 1_000_000
    # lifecycle.is_read_only lets an administrator still correct a reported event.
    await login(other_client, "admin")
    assert (await post_day(other_client, fair, "5.000.000")).status_code == 303


async def test_settings_change_the_window_and_the_ceiling_and_are_audited(client, fair):
    await login(client, "organizer")
    response = await client.post(
        f"/events/{fair.event.id}/sales/settings",
        data={"entry_days_after_end": "7", "revenue_ceiling": "50.000.000"},
    )
    assert response.status_code == 303
    settings = await SalesSettings.get(event=fair.event)
    assert (settings.entry_days_after_end, settings.revenue_ceiling) == (7, 50_000_000)
    assert await AuditEntry.exists(action="sales.settings", object_id=str(fair.event.id))
    bad = await client.post(
        f"/events/{fair.event.id}/sales/settings",
        data={"entry_days_after_end": "-1", "revenue_ceiling": "0"},
    )
    assert bad.status_code == 422
    await login(client, "exhibitor")  # an exhibitor may not touch them
    assert (
        await client.post(
            f"/events/{fair.event.id}/sales/settings",
            data={"entry_days_after_end": "90", "revenue_ceiling": "1.000.000"},
        )
    ).status_code == 403
    assert (await SalesSettings.get(event=fair.event)).entry_days_after_end == 7


async def test_a_day_of_a_finished_event_stays_editable_before_the_close(client, db):
    fair = await ended_fair(days_ago=1)
    await login(client, "exhibitor")
    last = fair.event.end_date
    response = await client.post(
        f"/sales/booths/{fair.booths[0].id}", data={"day": last.isoformat(), "revenue": "300.000"}
    )
    assert response.status_code == 303
    assert await SalesRecord.filter(assignment=fair.booths[0]).count() == 2
    assert last < dt.date.today() + dt.timedelta(days=1)
