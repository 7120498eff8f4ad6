"""An organizer puts a producer in a booth directly (issue 15): on an open or a finished event,
with the same one-assignment-per-booth guarantee and the same per-producer limit as booking."""

from __future__ import annotations

import asyncio

import pytest

from booths import booking, direct
from booths.models import ApplicationStatus, Booth, BoothApplication, BoothAssignment
from events.models import EventStatus
from exhibitors.models import ExhibitorStatus
from ocopfair.errors import Conflict, Invalid
from ocopfair.models import AuditEntry
from tests.factories import make_event, make_producer, make_user
from tests.login import login


async def _finished_fair(booths: int = 4):
    return await make_event(
        "Hội chợ OCOP 2025", booths=booths, days_ahead=-40, status=EventStatus.FINISHED
    )


async def test_organizer_assigns_on_a_finished_event_with_a_reason_through_the_page(client):
    event = await _finished_fair()
    booth = await Booth.get(event=event, code="A02")
    exhibitor, products = await make_producer("HTX Miến dong Bình Liêu", products=2)
    await make_user("organizer")
    await login(client, "organizer")

    found = await client.get(f"/booths/{booth.id}", params={"q": "mien dong"})
    assert found.status_code == 200 and "HTX Miến dong Bình Liêu" in found.text

    form = {"exhibitor": exhibitor.id, "products": [products[1].id]}
    refused = await client.post(f"/booths/{booth.id}/assign", data=form)
    assert refused.status_code == 422
    assert "đã kết thúc" in refused.text  # "this event has finished: say why..."
    assert not await BoothAssignment.exists()

    done = await client.post(
        f"/booths/{booth.id}/assign", data={**form, "reason": "Phân gian hàng trên giấy"}
    )
    assert done.status_code == 303
    assignment = await BoothAssignment.get(active_booth=booth.id)
    assert assignment.exhibitor_id == exhibitor.id and assignment.entered_afterwards
    application = await BoothApplication.get(id=assignment.application_id)
    assert application.status == ApplicationStatus.ALLOCATED
    assert application.decision_rule == direct.RULE_DIRECT
    assert [p.id for p in await application.products] == [products[1].id]
    entry = await AuditEntry.get(action="booth.assigned_directly")
    assert entry.reason == "Phân gian hàng trên giấy" and entry.after["entered_afterwards"]


async def test_search_by_tax_code_and_without_diacritics(db):
    await make_producer("Cơ sở Chè Đường Hoa", tax_code="5701234567")
    by_name = await direct.find_producers("che duong hoa")
    by_tax = await direct.find_producers("57012")
    assert [i["exhibitor"].name for i in by_name] == ["Cơ sở Chè Đường Hoa"]
    assert [i["exhibitor"].name for i in by_tax] == ["Cơ sở Chè Đường Hoa"]


async def test_held_or_assigned_booth_is_refused_naming_who_has_it(db):
    event = await make_event(booths=3)
    a01 = await Booth.get(event=event, code="A01")
    first, _p = await make_producer("HTX Một")
    second, _q = await make_producer("HTX Hai")
    await direct.assign(event, a01.id, direct.DirectRequest(first.id), None)
    with pytest.raises(Conflict) as taken:
        await direct.assign(event, a01.id, direct.DirectRequest(second.id), None)
    assert "HTX Một" in taken.value.fields["booth"]
    a02 = await Booth.get(event=event, code="A02")
    await booking.hold_booth(event, a02.id, second, None)
    with pytest.raises(Conflict) as held:
        await direct.assign(event, a02.id, direct.DirectRequest(first.id), None)
    assert "HTX Hai" in held.value.fields["booth"]


async def test_suspended_producer_other_products_and_reported_event_are_refused(db):
    event = await make_event(booths=2)
    booth = await Booth.get(event=event, code="A01")
    suspended, _p = await make_producer("HTX Tạm dừng", status=ExhibitorStatus.SUSPENDED)
    with pytest.raises(Invalid) as exc:
        await direct.assign(event, booth.id, direct.DirectRequest(suspended.id), None)
    assert "exhibitor" in exc.value.fields
    owner, _own = await make_producer("HTX Chủ")
    _other, others = await make_producer("HTX Khác")
    with pytest.raises(Invalid) as exc:
        await direct.assign(event, booth.id, direct.DirectRequest(owner.id, [others[0].id]), None)
    assert "HTX Chủ" in exc.value.fields["products"]
    event.status = EventStatus.REPORTED
    with pytest.raises(Invalid):
        await direct.assign(event, booth.id, direct.DirectRequest(owner.id), None)
    assert not await BoothAssignment.exists()


async def test_the_producer_limit_holds_unless_overridden_with_a_reason(db):
    event = await make_event(booths=4, max_booths=1)
    booths = await Booth.filter(event=event).order_by("code")
    exhibitor, _p = await make_producer("HTX Giới hạn")
    await direct.assign(event, booths[0].id, direct.DirectRequest(exhibitor.id), None)
    with pytest.raises(Invalid) as exc:
        await direct.assign(event, booths[1].id, direct.DirectRequest(exhibitor.id), None)
    assert "1" in exc.value.fields["booth"]
    with pytest.raises(Invalid) as exc:
        await direct.assign(
            event, booths[1].id, direct.DirectRequest(exhibitor.id, over_limit=True), None
        )
    assert "reason" in exc.value.fields
    await direct.assign(
        event,
        booths[1].id,
        direct.DirectRequest(exhibitor.id, reason="Gian đôi theo hợp đồng", over_limit=True),
        None,
    )
    assert (
        await BoothAssignment.filter(exhibitor=exhibitor, active_booth__isnull=False).count() == 2
    )


async def test_two_organizers_assigning_one_booth_at_once_one_wins(db):
    event = await make_event(booths=2)
    booth = await Booth.get(event=event, code="A01")
    producers = [(await make_producer(f"HTX Song song {n}"))[0] for n in range(6)]
    results = await asyncio.gather(
        *[direct.assign(event, booth.id, direct.DirectRequest(p.id), None) for p in producers],
        return_exceptions=True,
    )
    assert sum(isinstance(r, BoothAssignment) for r in results) == 1
    assert all(isinstance(r, BoothAssignment | Conflict) for r in results), results
    assert await BoothAssignment.filter(active_booth=booth.id).count() == 1


async def test_a_direct_assignment_moves_and_is_released_like_any_other(db):
    event = await _finished_fair()
    booths = await Booth.filter(event=event).order_by("code")
    exhibitor, _p = await make_producer("HTX Di chuyển")
    request = direct.DirectRequest(exhibitor.id, reason="Nhập lại sau hội chợ")
    assignment = await direct.assign(event, booths[0].id, request, None)
    await booking.move(assignment, booths[1], None, "Đổi chỗ")
    moved = await BoothAssignment.get(id=assignment.id)
    assert moved.active_booth == booths[1].id
    await booking.cancel(moved, None, "Nhập nhầm")
    assert not await BoothAssignment.filter(active_booth__isnull=False).exists()
