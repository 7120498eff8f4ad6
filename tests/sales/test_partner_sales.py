"""The partner owning an event corrects its sales after entry closed like an organizer (with a
reason, audited the same way) and reads and writes them through the API; on another event it is
refused (403) and nothing changes (issue 20, item 3)."""

from __future__ import annotations

from events.models import Event, EventStatus
from ocopfair.models import AuditEntry, PartnerOrganisation
from sales.models import SalesRecord
from tests.factories import add_booths, make_event, make_user
from tests.login import login
from tests.sales.test_trust import ended_fair


async def _partner_and_events(client):
    """A fair ended 5 days ago (entry closed) owned by the partner, and another, not its own."""
    fair = await ended_fair(days_ago=5)
    org = await PartnerOrganisation.create(name="Siêu thị Hạ Long")
    await Event.filter(id=fair.event.id).update(owner_partner_id=org.id)
    partner = await make_user("partner", "partner1", partner_id=org.id)
    other = await make_event("Tuần hàng khác", days_ahead=-7, status=EventStatus.FINISHED)
    [theirs] = await add_booths(other, 1, start=10)
    await SalesRecord.create(assignment=theirs, day=other.start_date, revenue=3_000_000)
    await login(client, "partner1")
    return fair, partner, other, theirs


async def test_the_owning_partner_corrects_closed_sales_with_a_reason(client, db):
    fair, partner, other, theirs = await _partner_and_events(client)
    booth = fair.booths[0]
    cell = {f"d-{fair.event.start_date.isoformat()}": "2.000.000"}
    row = f"/events/{fair.event.id}/sales/rows/{booth.id}"
    without = await client.post(row, data=cell)
    assert without.status_code == 422
    assert (await SalesRecord.get(assignment=booth)).revenue == 1_000_000
    fixed = await client.post(row, data={**cell, "reason": "Phiếu giấy ghi sai"})
    assert fixed.status_code in (200, 303), fixed.text
    record = await SalesRecord.get(assignment=booth)
    assert record.revenue == 2_000_000
    entry = await AuditEntry.get(object_type="SalesRecord", object_id=str(record.id))
    assert entry.action == "sales.update" and entry.user_id == partner.id
    assert (entry.before["revenue"], entry.after["revenue"]) == (1_000_000, 2_000_000)
    assert entry.reason == "Phiếu giấy ghi sai"

    # Another event's row: 403, even with a reason, and its figure stays.
    refused = await client.post(
        f"/events/{other.id}/sales/rows/{theirs.id}",
        data={f"d-{other.start_date.isoformat()}": "9", "reason": "x"},
    )
    assert refused.status_code == 403
    assert (await SalesRecord.get(assignment=theirs)).revenue == 3_000_000


async def test_the_sales_api_opens_to_the_owning_partner_for_its_events_only(client, db):
    fair, partner, other, theirs = await _partner_and_events(client)
    booth = fair.booths[0]
    listed = await client.get(f"/api/v1/events/{fair.event.id}/sales")
    assert listed.status_code == 200 and listed.json()["total_revenue"] == 1_000_000
    one = await client.get(f"/api/v1/sales/booths/{booth.id}")
    assert one.status_code == 200 and one.json()["items"][0]["revenue"] == 1_000_000
    day = fair.event.start_date.isoformat()
    body = {"assignment_id": booth.id, "day": day, "revenue": 1_500_000}
    assert (await client.post("/api/v1/sales", json=body)).status_code == 422  # no reason
    saved = await client.post("/api/v1/sales", json={**body, "reason": "Sửa theo hoá đơn"})
    assert saved.status_code == 200, saved.text
    assert (await SalesRecord.get(assignment=booth)).revenue == 1_500_000
    assert await AuditEntry.exists(user_id=partner.id, action="sales.update")

    assert (await client.get(f"/api/v1/events/{other.id}/sales")).status_code == 403
    assert (await client.get(f"/api/v1/sales/booths/{theirs.id}")).status_code == 403
    theirs_body = {
        "assignment_id": theirs.id,
        "day": other.start_date.isoformat(),
        "revenue": 1,
        "reason": "x",
    }
    assert (await client.post("/api/v1/sales", json=theirs_body)).status_code == 403
    assert (await SalesRecord.get(assignment=theirs)).revenue == 3_000_000
    assert not await AuditEntry.exists(object_type="SalesRecord", object_id=str(theirs.id))
