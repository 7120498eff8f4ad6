"""Applying, two-level review, allocation preview/commit (and stale previews), waiting list."""

from __future__ import annotations

from booths import booking
from booths.models import (
    AllocationRun,
    ApplicationReview,
    ApplicationStatus,
    BoothApplication,
    BoothAssignment,
)
from events.models import AllocationMode
from ocopfair.models import AuditEntry
from tests.factories import make_event, make_locality, make_producer, make_producer_user, make_user
from tests.login import login


async def test_apply_only_with_own_certified_products(client):
    event = await make_event(mode=AllocationMode.APPLICATION, booths=4)
    user, exhibitor, products = await make_producer_user("HTX Nộp đơn")
    _other, others = await make_producer("HTX Người khác")
    _old, expired = await make_producer("HTX Hết hạn", expiry_days=1)
    await login(client, user.username)
    url = f"/api/v1/events/{event.id}/applications"
    r = await client.post(url, json={"products": [others[0].id]})
    assert (
        r.status_code == 422 and "không phải là sản phẩm của bạn" in r.json()["fields"]["products"]
    )
    r = await client.post(url, json={"products": [products[0].id], "booths_wanted": 5})
    assert r.status_code == 422 and "booths_wanted" in r.json()["fields"]
    assert await BoothApplication.all().count() == 0
    r = await client.post(
        url, json={"products": [products[0].id], "booths_wanted": 2, "preferred_zones": ["A"]}
    )
    assert r.status_code == 201 and r.json()["status"] == "submitted"
    # Someone else's expired product through the form: refused, nothing saved.
    user2, _e2, _p2 = await make_producer_user("HTX Hai")
    await login(client, user2.username)
    form = await client.post(f"/events/{event.id}/apply", data={"products": [expired[0].id]})
    assert form.status_code == 422
    assert await BoothApplication.all().count() == 1


async def test_two_level_review_allocation_and_waiting_list(client, other_client):
    ha_long = await make_locality("HL", "Hạ Long")
    event = await make_event(mode=AllocationMode.APPLICATION, booths=2, max_booths=2)
    apps = []
    for name, stars in (("HTX Năm sao", 5), ("HTX Bốn sao", 4), ("HTX Ba sao", 3)):
        user, exhibitor, products = await make_producer_user(name, stars=stars, locality=ha_long)
        await login(client, user.username)
        r = await client.post(
            f"/api/v1/events/{event.id}/applications",
            json={"products": [products[0].id], "booths_wanted": 2},
        )
        assert r.status_code == 201
        apps.append(r.json()["id"])
        client.cookies.clear()
        client.headers.pop("X-CSRFToken", None)
    await make_user("organizer", username="local", locality_id=ha_long.id)
    await make_user("organizer", username="province")
    await login(other_client, "local")
    r = await other_client.post(
        f"/api/v1/applications/{apps[2]}/review", json={"step": "reject_locally"}
    )
    assert r.status_code == 422 and "reason" in r.json()["fields"]
    r = await other_client.post(f"/api/v1/applications/{apps[0]}/review", json={"step": "approve"})
    assert r.status_code == 422  # a local office does not decide
    for app_id in apps:
        r = await other_client.post(
            f"/api/v1/applications/{app_id}/review",
            json={"step": "endorse", "reason": "Sản phẩm tốt"},
        )
        assert r.json()["status"] == "endorsed"
    client.cookies.clear()
    client.headers.pop("X-CSRFToken", None)
    await login(client, "province")
    for app_id in apps:
        r = await client.post(
            f"/api/v1/applications/{app_id}/review", json={"step": "approve", "reason": ""}
        )
        assert r.status_code == 200 and r.json()["status"] == "approved"
    assert await ApplicationReview.all().count() == 6
    assert await AuditEntry.filter(action="application.endorse").count() == 3

    preview = await client.post(f"/api/v1/events/{event.id}/allocation/preview")
    assert preview.status_code == 201
    result = preview.json()["result"]
    assert result["optimal"]
    # Two booths, three applicants wanting two each: one booth each for the two best.
    assert {k: len(v) for k, v in result["booths"].items()} == {str(apps[0]): 1, str(apps[1]): 1}
    assert result["waitlist"] == [apps[2]]
    run_id = preview.json()["id"]

    # A change in the applications makes the preview stale: refused, nothing saved.
    await BoothApplication.filter(id=apps[2]).update(booths_wanted=1)
    stale = await client.post(f"/api/v1/allocation/{run_id}/commit")
    assert stale.status_code == 409 and "allocation" in stale.json()["fields"]
    assert await BoothAssignment.all().count() == 0
    assert (await AllocationRun.get(id=run_id)).committed_at is None

    fresh = (await client.post(f"/api/v1/events/{event.id}/allocation/preview")).json()
    done = await client.post(f"/api/v1/allocation/{fresh['id']}/commit")
    assert done.status_code == 200 and done.json()["assigned"] == 2
    again = await client.post(f"/api/v1/allocation/{fresh['id']}/commit")
    assert again.status_code == 409
    third = (await client.get(f"/api/v1/applications/{apps[2]}")).json()
    assert third["status"] == "waitlisted" and third["waitlist_position"] == 1
    assert "sao OCOP" in third["decision_explained"]
    page = await client.get(f"/applications/{apps[2]}")
    assert "Vị trí trong danh sách chờ: 1" in page.text

    # The first producer cancels: its booth goes to the waitlisted one, in the same step.
    first = await BoothAssignment.get(application_id=apps[0])
    promoted = await booking.cancel(first, None, "không tham gia được")
    assert promoted is not None and promoted.application_id == apps[2]
    third = await BoothApplication.get(id=apps[2])
    assert third.status == ApplicationStatus.ALLOCATED and third.waitlist_position is None
    entry = await AuditEntry.get(action="booth.waitlist_promoted")
    assert "HTX Ba sao" in entry.reason
    fees = await client.get(f"/events/{event.id}/fees")
    assert "Được chuyển lên từ danh sách chờ" in fees.text
    producer = await make_user("exhibitor", username="ba-sao-home", exhibitor_id=third.exhibitor_id)
    other_client.cookies.clear()
    other_client.headers.pop("X-CSRFToken", None)
    await login(other_client, producer.username)
    home = await other_client.get("/")
    assert "HTX Ba sao" in home.text and "A0" in home.text


async def test_openapi_lists_the_booth_api(client):
    document = (await client.get("/api/v1/openapi.json")).json()
    paths = document["paths"]
    for path in (
        "/api/v1/events/{event_id}/booths",
        "/api/v1/allocation/{run_id}/commit",
        "/api/v1/events/{event_id}/booths/{booth_id}/hold",
        "/api/v1/applications/{application_id}/review",
    ):
        assert path in paths


async def test_a_withdrawal_just_before_the_commit_writes_stales_the_preview(db, monkeypatch):
    """A producer withdraws after commit() has checked the fingerprint but before it writes:
    the commit is refused and the withdrawal stands (no booth for a cancelled application)."""
    from booths import allocation, applications
    from booths.models import ApplicationStatus as Status

    event = await make_event(mode=AllocationMode.APPLICATION, booths=3, max_booths=1)
    organizer = await make_user("organizer", username="province")
    ids = []
    for name in ("HTX Một", "HTX Hai"):
        exhibitor, products = await make_producer(name)
        app = await BoothApplication.create(
            event=event, exhibitor=exhibitor, booths_wanted=1, status=Status.APPROVED
        )
        await app.products.add(*products)
        ids.append(app.id)
    run = await allocation.preview(event, organizer)
    assert sum(len(v) for v in run.result["booths"].values()) == 2

    real_load = allocation.load_problem

    async def load_then_withdraw(*args, **kwargs):
        problem = await real_load(*args, **kwargs)
        await applications.withdraw(await BoothApplication.get(id=ids[0]), None, "Bận việc")
        return problem

    monkeypatch.setattr(allocation, "load_problem", load_then_withdraw)
    try:
        await allocation.commit(run, organizer)
        refused = False
    except Exception as exc:  # noqa: BLE001 - the kind is checked below
        refused = "allocation" in getattr(exc, "fields", {})
    assert refused
    assert (await BoothApplication.get(id=ids[0])).status == Status.CANCELLED
    assert await BoothAssignment.all().count() == 0
    assert (await AllocationRun.get(id=run.id)).committed_at is None


async def test_withdrawing_from_the_waiting_list_moves_everyone_behind_up_one(db):
    from booths import applications
    from booths.models import ApplicationStatus as Status

    event = await make_event(mode=AllocationMode.APPLICATION, booths=0)
    other = await make_event("Hội chợ khác", mode=AllocationMode.APPLICATION, booths=0)
    waiting = []
    for n in range(4):
        exhibitor, _products = await make_producer(f"HTX Chờ {n}")
        waiting.append(
            await BoothApplication.create(
                event=event, exhibitor=exhibitor, status=Status.WAITLISTED, waitlist_position=n + 1
            )
        )
    exhibitor, _products = await make_producer("HTX Hội chợ khác")
    elsewhere = await BoothApplication.create(
        event=other, exhibitor=exhibitor, status=Status.WAITLISTED, waitlist_position=3
    )

    await applications.withdraw(waiting[1], None, "Không đi được")
    positions = [(await BoothApplication.get(id=a.id)).waitlist_position for a in waiting]
    assert positions == [1, None, 2, 3]
    assert (await BoothApplication.get(id=elsewhere.id)).waitlist_position == 3

    # A stale copy (its place moved meanwhile) is refused rather than leaving a hole.
    stale = await BoothApplication.get(id=waiting[3].id)
    stale.waitlist_position = 4
    try:
        await applications.withdraw(stale, None, "")
        refused = False
    except Exception as exc:  # noqa: BLE001 - the kind is checked below
        refused = "application" in getattr(exc, "fields", {})
    assert refused
    assert (await BoothApplication.get(id=waiting[3].id)).status == Status.WAITLISTED
