"""Each cause makes exactly one notice for the right people, in the change's transaction."""

from __future__ import annotations

import pytest
from tortoise.transactions import in_transaction

from booths import allocation, booking
from booths.models import ApplicationStatus, Booth, BoothApplication
from events.models import AllocationMode
from exhibitors.models import ProductChange
from exhibitors.registry import decide_change
from ocopfair.notice_models import Delivery, Notice
from ocopfair.notices import notify
from tests.factories import (
    assign_booth,
    make_event,
    make_locality,
    make_producer_user,
    make_user,
)
from tests.login import login

pytestmark = pytest.mark.usefixtures("every_notice_mailed_once")


async def _notices_of(user_id: int) -> list[Notice]:
    return await Notice.filter(user_id=user_id).order_by("id")


async def test_a_rolled_back_change_leaves_no_notice(db):
    user, _exhibitor, _products = await make_producer_user("HTX Quay lui")
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await notify([user.id], "booth_changed", "Your booth %(old)s was cancelled. %(reason)s")
            raise RuntimeError("the change failed after its notice was written")
    assert await Notice.all().count() == 0
    assert await Delivery.all().count() == 0


async def test_application_received_and_each_review_step(client, other_client):
    ha_long = await make_locality("HL", "Hạ Long")
    mong_cai = await make_locality("MC", "Móng Cái")
    event = await make_event(mode=AllocationMode.APPLICATION, booths=2)
    user, exhibitor, products = await make_producer_user(
        "HTX Thông báo", locality=ha_long, email="htx@example.vn"
    )
    bystander, _e, _p = await make_producer_user("HTX Bên cạnh", locality=ha_long)
    local = await make_user("organizer", username="local", locality_id=ha_long.id)
    other_local = await make_user("organizer", username="mongcai", locality_id=mong_cai.id)
    province = await make_user("organizer", username="province")
    official = await make_user("official")
    await login(client, user.username)
    r = await client.post(
        f"/api/v1/events/{event.id}/applications", json={"products": [products[0].id]}
    )
    assert r.status_code == 201
    app_id = r.json()["id"]
    # Received: the province and the producer's own local office, nobody else.
    for organizer in (local, province):
        got = await _notices_of(organizer.id)
        assert [n.kind for n in got] == ["application_received"]
        assert got[0].params["producer"] == "HTX Thông báo"
        assert got[0].route_params == {"application_id": app_id}
    for nobody in (other_local, official, user, bystander):
        assert await Notice.filter(user_id=nobody.id).count() == 0
    await login(other_client, "local")
    r = await other_client.post(
        f"/api/v1/applications/{app_id}/review", json={"step": "endorse", "reason": "Tốt"}
    )
    assert r.status_code == 200
    await login(client, "province")
    r = await client.post(
        f"/api/v1/applications/{app_id}/review", json={"step": "approve", "reason": ""}
    )
    assert r.status_code == 200
    mine = await _notices_of(user.id)
    assert [n.message for n in mine] == [
        "Your application to %(event)s was endorsed by the local OCOP office.",
        "Your application to %(event)s was approved by the province.",
    ]
    assert await Notice.filter(user_id=bystander.id).count() == 0
    # One e-mail per notice of the producer, to the producer's address (every other notice's
    # e-mail is checked by every_notice_mailed_once).
    assert await Delivery.filter(notice__user_id=user.id, address="htx@example.vn").count() == 2


async def test_a_refused_review_step_makes_no_notice(client):
    event = await make_event(mode=AllocationMode.APPLICATION, booths=2)
    user, exhibitor, products = await make_producer_user("HTX Từ chối")
    application = await BoothApplication.create(event=event, exhibitor=exhibitor)
    await make_user("organizer", username="province")
    await login(client, "province")
    r = await client.post(
        f"/api/v1/applications/{application.id}/review", json={"step": "reject", "reason": ""}
    )
    assert r.status_code == 422
    assert await Notice.filter(user_id=user.id).count() == 0


async def test_allocation_result_tells_each_producer_its_booth_or_place(db):
    event = await make_event(mode=AllocationMode.APPLICATION, booths=2, max_booths=1)
    users = []
    for name, stars in (("HTX A", 5), ("HTX B", 4), ("HTX C", 3)):
        user, exhibitor, products = await make_producer_user(name, stars=stars)
        application = await BoothApplication.create(
            event=event, exhibitor=exhibitor, status=ApplicationStatus.APPROVED, booths_wanted=1
        )
        await application.products.add(products[0])
        users.append(user)
    run = await allocation.preview(event, None)
    await allocation.commit(run, None)
    texts = {}
    for user in users:
        got = await _notices_of(user.id)
        assert len(got) == 1 and got[0].kind == "allocation_result"
        texts[user.username] = got[0]
    booths = {b.code for b in await Booth.filter(event_id=event.id)}
    a, b, c = (texts[u.username] for u in users)
    assert a.params["booths"] in booths and b.params["booths"] in booths
    assert c.params["position"] == 1 and "rule_msg" in c.params and c.params["rule_msg"]


async def test_booth_cancelled_promotes_the_waitlisted_and_both_hear(db):
    event = await make_event(mode=AllocationMode.APPLICATION, booths=1, max_booths=1)
    first, first_ex, first_products = await make_producer_user("HTX Đầu")
    second, second_ex, second_products = await make_producer_user("HTX Chờ")
    booth = await Booth.get(event_id=event.id)
    app1 = await BoothApplication.create(
        event=event, exhibitor=first_ex, status=ApplicationStatus.ALLOCATED
    )
    app2 = await BoothApplication.create(
        event=event, exhibitor=second_ex, status=ApplicationStatus.WAITLISTED, waitlist_position=1
    )
    await app2.products.add(second_products[0])
    assignment = await assign_booth(booth, first_ex, application=app1)
    await booking.cancel(assignment, None, "Bỏ cuộc")
    assert [n.kind for n in await _notices_of(first.id)] == ["booth_changed"]
    promoted = await _notices_of(second.id)
    assert [n.kind for n in promoted] == ["waitlist_promoted"]
    assert promoted[0].params == {"booth": booth.code}


async def test_product_change_decided(db):
    user, exhibitor, products = await make_producer_user("HTX Sản phẩm")
    organizer = await make_user("organizer")
    change = await ProductChange.create(
        exhibitor=exhibitor, product=products[0], changes={"stars": 5}, before={"stars": 4}
    )
    await decide_change(organizer, change.id, approve=False, reason="Thiếu giấy tờ")
    got = await _notices_of(user.id)
    assert len(got) == 1 and got[0].params["reason"] == "Thiếu giấy tờ"
    assert await Notice.filter(user_id=organizer.id).count() == 0


async def test_a_reported_event_tells_the_officials(db):
    from events.lifecycle import change_status
    from events.models import EventStatus
    from ocopfair.i18n import local_today

    event = await make_event("Hội chợ đã xong", days_ahead=-10, status=EventStatus.FINISHED)
    official = await make_user("official")
    organizer = await make_user("organizer")
    await change_status(event, EventStatus.REPORTED, organizer, today=local_today())
    got = await _notices_of(official.id)
    assert [n.kind for n in got] == ["report_final"]
    assert got[0].route_params == {"event_id": event.id}
    assert await Notice.filter(user_id=organizer.id).count() == 0


async def test_booth_moved_and_swapped_tell_each_producer_once(db):
    event = await make_event(booths=3)
    first, first_ex, _p1 = await make_producer_user("HTX Chuyển")
    second, second_ex, _p2 = await make_producer_user("HTX Đổi")
    a, b, c = await Booth.filter(event_id=event.id).order_by("code")
    one = await assign_booth(a, first_ex)
    two = await assign_booth(b, second_ex)
    await booking.move(one, c, None, "Gần lối vào")
    moved = await _notices_of(first.id)
    assert [n.params for n in moved] == [{"old": a.code, "new": c.code, "reason": "Gần lối vào"}]
    assert await Notice.filter(user_id=second.id).count() == 0
    one = await one.__class__.get(id=one.id)
    await booking.swap(one, two, None, "")
    assert (await _notices_of(first.id))[-1].params["new"] == b.code
    got = await _notices_of(second.id)
    assert len(got) == 1 and got[0].params == {"old": b.code, "new": c.code, "reason": ""}
