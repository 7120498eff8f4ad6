"""An exhibitor keeps its own details; ratings wait for approval; it sees its fair history."""

from __future__ import annotations

import datetime as dt

from exhibitors.models import ChangeStatus, Exhibitor, Product, ProductChange
from ocopfair.models import AuditEntry
from tests.factories import make_exhibitor, make_product, make_user
from tests.login import login


async def _two_producers(places):
    mine = await make_exhibitor(
        "HTX Miến dong Bình Liêu", places["BL"], tax_code="5701234567", phone="0912345678"
    )
    theirs = await make_exhibitor("HTX Nước mắm Cái Rồng", places["HL"])
    return (
        mine,
        theirs,
        await make_product(mine, "Miến dong", stars=3),
        await make_product(theirs, "Nước mắm", stars=4),
    )


async def _as_exhibitor(client, exhibitor):
    await make_user("exhibitor", "htx", exhibitor_id=exhibitor.id)
    await login(client, "htx")


async def test_exhibitor_edits_its_contact_details_only(client, places):
    mine, _theirs, _p, _q = await _two_producers(places)
    await _as_exhibitor(client, mine)
    assert (await client.get("/exhibitors/mine")).headers["location"] == f"/exhibitors/{mine.id}"
    form = await client.get(f"/exhibitors/{mine.id}/edit")
    assert form.status_code == 200 and 'name="tax_code"' not in form.text
    saved = await client.post(
        f"/exhibitors/{mine.id}/edit",
        data={
            "phone": "0987 654 321",
            "email": "htx@mien.vn",
            "contact_person": "Chị Liên",
            "address": "Xã Đồng Văn",
            "name": "Tên mới",
            "tax_code": "5799999999",
        },
    )
    assert saved.status_code == 303
    fresh = await Exhibitor.get(id=mine.id)
    assert (fresh.phone, fresh.email, fresh.name, fresh.tax_code) == (
        "0987654321",
        "htx@mien.vn",
        "HTX Miến dong Bình Liêu",
        "5701234567",
    )
    bad = await client.post(f"/exhibitors/{mine.id}/edit", data={"phone": "123", "email": "x"})
    assert bad.status_code == 422 and "số điện thoại" in bad.text
    assert (await Exhibitor.get(id=mine.id)).phone == "0987654321"


async def test_exhibitor_cannot_reach_another_producer(client, places):
    mine, theirs, _p, their_product = await _two_producers(places)
    await _as_exhibitor(client, mine)
    for path in (
        f"/exhibitors/{theirs.id}",
        f"/exhibitors/{theirs.id}/edit",
        f"/exhibitors/{theirs.id}/products/new",
        f"/exhibitors/{theirs.id}/badge",
        f"/exhibitors/products/{their_product.id}/edit",
        "/exhibitors",
        "/exhibitors/changes",
        "/exhibitors/import",
        f"/exhibitors/{theirs.id + 99}",
    ):
        assert (await client.get(path)).status_code == 403, path
    for path, data in (
        (f"/exhibitors/{theirs.id}/edit", {"phone": "0911111111"}),
        (
            f"/exhibitors/products/{their_product.id}/edit",
            {"name": "Hack", "group": "food", "stars": "5"},
        ),
        (f"/exhibitors/{theirs.id}/products/new", {"name": "X", "group": "food", "stars": "3"}),
    ):
        assert (await client.post(path, data=data)).status_code == 403, path
    api = [
        ("GET", f"/api/v1/producers/{theirs.id}", None),
        ("PATCH", f"/api/v1/producers/{theirs.id}", {"phone": "0911111111"}),
        ("GET", f"/api/v1/products/{their_product.id}", None),
        ("PATCH", f"/api/v1/products/{their_product.id}", {"stars": 5}),
        (
            "POST",
            "/api/v1/products",
            {"exhibitor_id": theirs.id, "name": "X", "group": "food", "stars": 3},
        ),
    ]
    for method, path, body in api:
        response = await client.request(method, path, json=body)
        assert response.status_code == 403, (method, path)
        assert set(response.json()) == {"error", "fields"}
    listed = (await client.get("/api/v1/products")).json()
    assert [p["name"] for p in listed["items"]] == ["Miến dong"]
    assert (await Exhibitor.get(id=theirs.id)).phone == ""
    assert (await Product.get(id=their_product.id)).stars == 4


async def test_rating_changes_wait_for_approval_and_are_audited(client, other_client, places):
    mine, _theirs, product, _q = await _two_producers(places)
    await _as_exhibitor(client, mine)
    saved = await client.post(
        f"/exhibitors/products/{product.id}/edit",
        data={
            "name": "Miến dong Bình Liêu",
            "group": "food",
            "stars": "4",
            "certificate_number": "99/QĐ-UBND",
            "certificate_date": "2025-06-01",
            "certificate_expiry": "",
            "traceability_url": "https://qn.check.net.vn/x",
        },
    )
    assert saved.status_code == 303
    fresh = await Product.get(id=product.id)
    assert fresh.name == "Miến dong Bình Liêu" and fresh.traceability_url.endswith("/x")
    assert fresh.stars == 3 and fresh.certificate_number == "123/QĐ-UBND", "not yet approved"
    change = await ProductChange.get(product_id=product.id)
    assert change.status == ChangeStatus.PENDING and change.changes["stars"] == 4
    assert change.changes["certificate_expiry"] == "2028-06-01"
    page = (await client.get(f"/exhibitors/{mine.id}")).text
    assert "Chờ phê duyệt" in page

    await make_user("organizer")
    await login(other_client, "organizer")
    listing = (await other_client.get("/exhibitors/changes")).text
    assert "Miến dong Bình Liêu" in listing
    assert (await other_client.post(f"/exhibitors/changes/{change.id}/approve")).status_code == 303
    fresh = await Product.get(id=product.id)
    assert (fresh.stars, fresh.certificate_date) == (4, dt.date(2025, 6, 1))
    entry = await AuditEntry.get(action="approve", object_type="ProductChange")
    assert entry.after["stars"] == 4 and entry.before["stars"] == 3
    again = await other_client.post(f"/exhibitors/changes/{change.id}/approve")
    assert again.status_code == 303  # told "already decided"; nothing applied twice
    assert await AuditEntry.filter(action="approve").count() == 1


async def test_a_rejection_needs_a_reason_and_changes_nothing(client, other_client, places):
    mine, _theirs, product, _q = await _two_producers(places)
    await _as_exhibitor(client, mine)
    response = await client.patch(f"/api/v1/products/{product.id}", json={"stars": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["stars"] == 3 and body["pending_change"]["changes"] == {"stars": 5}
    change_id = body["pending_change"]["id"]
    await make_user("organizer")
    await login(other_client, "organizer")
    await other_client.post(f"/exhibitors/changes/{change_id}/reject", data={"reason": ""})
    assert (await ProductChange.get(id=change_id)).status == ChangeStatus.PENDING
    await other_client.post(
        f"/exhibitors/changes/{change_id}/reject",
        data={"reason": "Chưa có quyết định 5 sao của UBND tỉnh"},
    )
    change = await ProductChange.get(id=change_id)
    assert change.status == ChangeStatus.REJECTED and "UBND" in change.reason
    assert (await Product.get(id=product.id)).stars == 3
    assert await AuditEntry.filter(action="reject", reason__contains="UBND").exists()
    page = (await client.get(f"/exhibitors/{mine.id}")).text
    assert "Bị từ chối" in page and "Chưa có quyết định 5 sao" in page


async def test_an_exhibitors_new_product_is_created_on_approval(client, other_client, places):
    mine, _theirs, _p, _q = await _two_producers(places)
    await _as_exhibitor(client, mine)
    response = await client.post(
        "/api/v1/products", json={"name": "Bánh cuốn miến", "group": "food", "stars": 3}
    )
    assert response.status_code == 202
    assert not await Product.filter(name="Bánh cuốn miến").exists()
    await make_user("organizer")
    await login(other_client, "organizer")
    change_id = response.json()["pending_change"]["id"]
    await other_client.post(f"/exhibitors/changes/{change_id}/approve")
    product = await Product.get(name="Bánh cuốn miến")
    assert product.exhibitor_id == mine.id and product.name_search == "banh cuon mien"


async def test_exhibitor_sees_its_history_of_events_booths_and_sales(client, places):
    from booths.models import AssignmentKind, Booth, BoothAssignment
    from events.models import Event, EventKind, EventLevel, Venue, VenueKind
    from sales.models import SalesRecord

    mine, theirs, _p, _q = await _two_producers(places)
    venue = await Venue.create(name="Cung Quy hoạch Hội chợ", kind=VenueKind.EXHIBITION_GROUND)
    fair = await Event.create(
        name="Hội chợ OCOP Quảng Ninh 2026",
        kind=EventKind.PROVINCIAL_FAIR,
        level=EventLevel.PROVINCIAL,
        venue=venue,
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2026, 4, 5),
    )
    booth = await Booth.create(event=fair, code="A07")
    other_booth = await Booth.create(event=fair, code="B01")
    mine_a = await BoothAssignment.create(
        booth=booth, active_booth=booth.id, exhibitor=mine, kind=AssignmentKind.ASSIGNED
    )
    await BoothAssignment.create(
        booth=other_booth,
        active_booth=other_booth.id,
        exhibitor=theirs,
        kind=AssignmentKind.ASSIGNED,
    )
    await SalesRecord.create(
        assignment=mine_a, day=dt.date(2026, 4, 1), revenue=1_250_000, units=40
    )
    await SalesRecord.create(assignment=mine_a, day=dt.date(2026, 4, 2), revenue=750_000, units=10)
    await _as_exhibitor(client, mine)
    page = (await client.get(f"/exhibitors/{mine.id}")).text
    assert "Hội chợ OCOP Quảng Ninh 2026" in page and "A07" in page and "B01" not in page
    assert "2.000.000" in page and ">50<" in page
