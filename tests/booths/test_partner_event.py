"""A partner runs its own confirmed programme's event with organizer rights on it only:
it reviews applications, lays out booths, sets up gates and reads the sales grid there, and
gets 403 on the same pages of any other event (issue 20, item 3)."""

from __future__ import annotations

from booths.models import ApplicationStatus, Booth, BoothApplication
from events.models import AllocationMode
from ocopfair.models import PartnerOrganisation
from tests.factories import make_event, make_producer, make_user
from tests.login import login
from visitors.models import Gate


async def _application(event, name: str) -> BoothApplication:
    exhibitor, products = await make_producer(name)
    application = await BoothApplication.create(event=event, exhibitor=exhibitor, booths_wanted=1)
    await application.products.add(*products)
    return application


async def _event_and_another(org: PartnerOrganisation):
    own = await make_event(
        "Tuần hàng OCOP siêu thị", mode=AllocationMode.APPLICATION, owner_partner_id=org.id
    )
    other = await make_event("Hội chợ OCOP tỉnh", mode=AllocationMode.APPLICATION, days_ahead=90)
    return own, other


async def test_a_partner_runs_its_own_event_and_no_other(db, client):
    org = await PartnerOrganisation.create(name="Liên minh HTX")
    await make_user("partner", "partner", partner_id=org.id)
    own, other = await _event_and_another(org)
    mine = await _application(own, "HTX Nấm Hương")
    theirs = await _application(other, "HTX Chè Xanh")
    await login(client, "partner")

    # By clicking: its home page and the event page link the event's working pages.
    home = await client.get("/")
    assert f'href="/events/{own.id}/applications"' in home.text
    assert f'href="/events/{own.id}/sales"' in home.text and f"/events/{other.id}/" not in home.text
    event_page = await client.get(f"/events/{own.id}")
    assert event_page.status_code == 200
    for path in ("applications", "booths", "gates", "sales"):
        assert f'href="/events/{own.id}/{path}"' in event_page.text

    # Applications: listed and decided.
    listed = await client.get(f"/events/{own.id}/applications")
    assert listed.status_code == 200 and "HTX Nấm Hương" in listed.text
    page = await client.get(f"/applications/{mine.id}")
    assert page.status_code == 200 and 'value="approve"' in page.text
    approved = await client.post(f"/applications/{mine.id}/review", data={"step": "approve"})
    assert approved.status_code == 303
    await mine.refresh_from_db()
    assert mine.status == ApplicationStatus.APPROVED

    # Booths, allocation, gates, sales.
    blocks = {"rows": 1, "columns": 3, "zone": "A", "booth_type": "standard", "prefix": "A"}
    made = await client.post(f"/events/{own.id}/booths/blocks", data=blocks)
    assert made.status_code == 303
    assert await Booth.filter(event=own).count() == 3
    assert (await client.get(f"/events/{own.id}/allocation")).status_code == 200
    gate = {"name": "Cổng chính", "kind": "entrance"}
    added = await client.post(f"/events/{own.id}/gates/add", data=gate)
    assert added.status_code == 303
    assert await Gate.filter(event=own, name="Cổng chính").exists()
    assert (await client.get(f"/events/{own.id}/gates")).status_code == 200
    assert (await client.get(f"/events/{own.id}/live")).status_code == 200
    assert (await client.get(f"/events/{own.id}/sales")).status_code == 200

    # Another event: the same pages, all refused, and nothing changed.
    for path in ("applications", "allocation", "gates", "live", "sales"):
        assert (await client.get(f"/events/{other.id}/{path}")).status_code == 403, path
    assert (await client.get(f"/applications/{theirs.id}")).status_code == 403
    refused = await client.post(f"/applications/{theirs.id}/review", data={"step": "approve"})
    assert refused.status_code == 403
    assert (await client.post(f"/events/{other.id}/booths/blocks", data=blocks)).status_code == 403
    assert (await client.post(f"/events/{other.id}/gates/add", data=gate)).status_code == 403
    await theirs.refresh_from_db()
    assert theirs.status == ApplicationStatus.SUBMITTED
    assert await Booth.filter(event=other).count() == 0
    assert not await Gate.filter(event=other).exists()
    # Province-wide pages stay closed.
    for path in ("/admin/users", "/exhibitors", "/exhibitors/import", "/events/new"):
        assert (await client.get(path)).status_code == 403, path


async def test_the_partner_api_sees_its_own_events_rows_only(db, client):
    org = await PartnerOrganisation.create(name="Liên minh HTX")
    await make_user("partner", "partner", partner_id=org.id)
    own, other = await _event_and_another(org)
    mine = await _application(own, "HTX Nấm Hương")
    await _application(other, "HTX Chè Xanh")
    await login(client, "partner")
    listed = await client.get(f"/api/v1/events/{own.id}/applications")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["items"]] == [mine.id]
    assert (await client.get(f"/api/v1/events/{other.id}/applications")).status_code == 403
