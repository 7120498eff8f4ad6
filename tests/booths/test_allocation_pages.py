"""The allocation pages: rules, a preview shown with its commit form, committing it, and a
whole series' page (the API does the same through booths/api.py)."""

from __future__ import annotations

import re

from booths.models import AllocationRun, ApplicationStatus, BoothApplication, BoothAssignment
from events.models import AllocationMode, EventKind, EventSeries, Venue
from ocopfair.urls import url
from tests.factories import make_event, make_producer_user, make_user
from tests.login import login


async def test_preview_then_commit_through_the_pages(client):
    event = await make_event(mode=AllocationMode.APPLICATION, booths=2)
    _user, exhibitor, products = await make_producer_user("HTX Được duyệt")
    application = await BoothApplication.create(
        event=event, exhibitor=exhibitor, status=ApplicationStatus.APPROVED
    )
    await application.products.add(*products)
    await make_user("organizer")
    await login(client, "organizer")

    saved = await client.post(
        f"/events/{event.id}/allocation/rules", data={"disadvantaged_share": "101"}
    )
    assert saved.status_code == 422  # the page again, with the sentence
    preview = await client.post(f"/events/{event.id}/allocation/preview")
    assert preview.status_code == 303
    assert preview.headers["location"] == url("booths_allocation", event_id=event.id)
    run = await AllocationRun.get(event_id=event.id)
    page = await client.get(preview.headers["location"])
    commit_path = url("booths_allocation_commit", run_id=run.id)
    assert page.status_code == 200 and f'action="{commit_path}"' in page.text
    assert re.search(r"HTX Được duyệt</td><td>A\d+", page.text)

    done = await client.post(commit_path)
    assert done.status_code == 303
    assert done.headers["location"] == url("booths_allocation", event_id=event.id)
    assert await BoothAssignment.filter(application_id=application.id).count() == 1
    again = await client.post(commit_path)
    assert again.status_code == 409


async def test_series_page_is_for_whoever_manages_its_first_week(client):
    venue = await Venue.create(name="Big C Hạ Long", kind="supermarket")
    series = await EventSeries.create(
        name="Tuần hàng OCOP", kind=EventKind.CONNECTION_WEEK, venue=venue
    )
    await make_event("Tuần 1", mode=AllocationMode.APPLICATION, series=series, booths=2)
    await make_user("organizer")
    await make_user("official")
    await login(client, "official")
    assert (await client.get(url("series_allocation", series_id=series.id))).status_code == 403
    client.cookies.clear()
    client.headers.pop("X-CSRFToken", None)
    await login(client, "organizer")
    page = await client.get(url("series_allocation", series_id=series.id))
    assert page.status_code == 200
    assert url("series_allocation_preview", series_id=series.id) in page.text
    empty = await client.post(url("series_allocation_preview", series_id=series.id))
    assert empty.status_code == 422  # nobody has applied yet
