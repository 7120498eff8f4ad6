"""Booking on the floor plan: holds, expiry, limits, bad input, and no double booking ever."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx2 as httpx
import pytest

from booths import booking
from booths.models import AssignmentKind, Booth, BoothAssignment
from events.models import AllocationMode, EventStatus
from ocopfair.accounts import create_token
from ocopfair.models import AuditEntry
from tests.factories import make_event, make_producer_user
from tests.login import login


async def test_fifty_concurrent_holds_on_one_booth_one_wins(db, live_server):
    event = await make_event(booths=3)
    booth = await Booth.get(event=event, code="A01")
    tokens = []
    for n in range(50):
        user, _exhibitor, _products = await make_producer_user(f"HTX số {n}")
        tokens.append(await create_token(user))
    url = f"{live_server.url}/api/v1/events/{event.id}/booths/{booth.id}/hold"
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=50)) as c:
        responses = await asyncio.gather(
            *[c.post(url, headers={"Authorization": f"Bearer {t}"}) for t in tokens]
        )
    codes = sorted(r.status_code for r in responses)
    assert codes.count(201) == 1, codes
    assert codes.count(409) == 49, codes
    for r in responses:
        if r.status_code == 409:
            body = r.json()
            assert set(body) == {"error", "fields"} and "A01" in body["fields"]["booth"]
    assert await BoothAssignment.all().count() == 1
    assert await AuditEntry.filter(action="booth.held").count() == 1
    winner = await BoothAssignment.get()
    assert winner.active_booth == booth.id and winner.kind == AssignmentKind.HOLD


async def test_hold_through_the_page_then_another_exhibitor_gets_a_409_page(client, other_client):
    event = await make_event(booths=2)
    booth = await Booth.get(event=event, code="A01")
    first, _e1, _p1 = await make_producer_user("HTX Một")
    second, _e2, _p2 = await make_producer_user("HTX Hai")
    await login(client, first.username)
    await login(other_client, second.username)
    ok = await client.post(f"/events/{event.id}/booths/{booth.id}/hold")
    assert ok.status_code == 303
    taken = await other_client.post(f"/events/{event.id}/booths/{booth.id}/hold")
    assert taken.status_code == 409
    assert "A01" in taken.text and "đã có người" in taken.text
    assert await BoothAssignment.filter(active_booth=booth.id).count() == 1


async def test_expired_hold_frees_the_booth_by_itself(db):
    event = await make_event(booths=1, hold_minutes=30)
    booth = await Booth.get(event=event)
    u1, e1, _ = await make_producer_user("HTX Sớm")
    u2, e2, _ = await make_producer_user("HTX Muộn")
    past = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    await booking.hold_booth(event, booth.id, e1, u1, now=past, today=past.date())
    from booths.floorplan import plan

    drawn = await plan(event.id, dt.datetime.now(dt.UTC))
    assert drawn["booths"][0].state == "free"  # shown free before anyone books again
    hold = await booking.hold_booth(event, booth.id, e2, u2)
    assert hold.exhibitor_id == e2.id
    old = await BoothAssignment.get(exhibitor_id=e1.id)
    assert old.active_booth is None and old.released_at is not None


async def test_bad_bookings_are_refused_and_change_nothing(client):
    event = await make_event(booths=4, max_booths=1)
    other = await make_event("Hội chợ khác", booths=1, zone="B")
    closed = await make_event("Hội chợ đã đóng", booths=1, zone="C", status=EventStatus.CLOSED)
    user, exhibitor, _ = await make_producer_user("HTX Kiểm tra")
    await login(client, user.username)
    api = "/api/v1/events/{}/booths/{}/hold"
    own = await Booth.filter(event=event).order_by("code")
    foreign = await Booth.get(event=other)
    shut = await Booth.get(event=closed)
    r = await client.post(api.format(event.id, foreign.id))
    assert r.status_code == 422 and "không thuộc sự kiện này" in r.json()["fields"]["booth"]
    r = await client.post(api.format(closed.id, shut.id))
    assert r.status_code == 422 and "event" in r.json()["fields"]
    assert (await client.post(api.format(event.id, own[0].id))).status_code == 201
    r = await client.post(api.format(event.id, own[1].id))
    assert r.status_code == 422 and "tối đa 1" in r.json()["fields"]["booth"]
    assert await BoothAssignment.all().count() == 1


async def test_expired_certificate_cannot_book_and_application_events_refuse_booking(client):
    event = await make_event(booths=2)
    user, _e, _p = await make_producer_user("HTX Hết hạn", expiry_days=2)  # ends before the event
    await login(client, user.username)
    booth = await Booth.filter(event=event).first()
    r = await client.post(f"/api/v1/events/{event.id}/booths/{booth.id}/hold")
    assert r.status_code == 422 and "products" in r.json()["fields"]
    applied = await make_event(
        "Hội chợ xét duyệt", booths=1, zone="Z", mode=AllocationMode.APPLICATION
    )
    b2 = await Booth.get(event=applied)
    r = await client.post(f"/api/v1/events/{applied.id}/booths/{b2.id}/hold")
    assert r.status_code == 422
    assert await BoothAssignment.all().count() == 0


async def test_organizer_confirms_records_payment_moves_and_swaps(client):
    from tests.factories import make_user

    event = await make_event(booths=4, max_booths=2)
    booths = await Booth.filter(event=event).order_by("code")
    u1, e1, _ = await make_producer_user("HTX Một")
    u2, e2, _ = await make_producer_user("HTX Hai")
    h1 = await booking.hold_booth(event, booths[0].id, e1, u1)
    h2 = await booking.hold_booth(event, booths[1].id, e2, u2)
    await make_user("organizer")
    await login(client, "organizer")
    assert (await client.post(f"/assignments/{h1.id}/confirm")).status_code == 303
    paid = await client.post(
        f"/api/v1/assignments/{h2.id}/payment", json={"payment_status": "paid"}
    )
    assert paid.status_code == 422 and "receipt_number" in paid.json()["fields"]
    paid = await client.post(
        f"/api/v1/assignments/{h2.id}/payment",
        json={"payment_status": "paid", "receipt_number": "BL-0042"},
    )
    assert paid.status_code == 200 and paid.json()["kind"] == "assigned"
    moved = await client.post(f"/api/v1/assignments/{h1.id}/move", json={"booth_id": booths[1].id})
    assert moved.status_code == 409  # taken: the unique guarantee refuses
    moved = await client.post(f"/api/v1/assignments/{h1.id}/move", json={"booth_id": booths[2].id})
    assert moved.status_code == 200 and moved.json()["booth_id"] == booths[2].id
    swap = await client.post(
        f"/events/{event.id}/assignments/swap",
        data={"first": booths[2].id, "second": booths[1].id, "reason": "đổi chỗ"},
    )
    assert swap.status_code == 303
    assert (await BoothAssignment.get(id=h1.id)).active_booth == booths[1].id
    assert (await BoothAssignment.get(id=h2.id)).active_booth == booths[2].id
    fees = await client.get(f"/events/{event.id}/fees")
    assert fees.status_code == 200 and "BL-0042" in fees.text


async def test_one_producer_holding_many_booths_at_once_stays_within_its_limit(db):
    """Ten holds of one producer on ten free booths at the same moment (two tabs, a double
    tap, a script): exactly the event's limit of them win, on every worker."""
    from tests.live_server import start_server, stop_server

    event = await make_event(booths=10, max_booths=2)
    booths = await Booth.filter(event=event).order_by("code")
    user, _exhibitor, _products = await make_producer_user("HTX Nhanh Tay")
    token = await create_token(user)
    server = start_server(db.url, workers=2 if db.name == "postgres" else 1)
    try:
        async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=10)) as c:
            responses = await asyncio.gather(
                *[
                    c.post(
                        f"{server.url}/api/v1/events/{event.id}/booths/{b.id}/hold",
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    for b in booths
                ]
            )
    finally:
        stop_server(server)
    codes = sorted(r.status_code for r in responses)
    assert codes.count(201) == 2, codes
    assert all(code in (201, 422) for code in codes), codes
    assert await BoothAssignment.filter(active_booth__isnull=False).count() == 2


# PostgreSQL only: SQLite runs one transaction at a time, so there is no row lock to take.
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_the_producer_lock_holds_the_row_until_the_commit(db):
    """Deterministic half of the test above: on PostgreSQL another session cannot take the
    producer's row while a hold is being counted (FOR UPDATE really reaches the database)."""
    import asyncpg
    from tortoise.transactions import in_transaction

    from booths import eligibility

    _user, exhibitor, _products = await make_producer_user("HTX Khóa Hàng")
    other = await asyncpg.connect(db.url.replace("postgres://", "postgresql://"))
    try:
        async with in_transaction():
            await eligibility.lock_exhibitor(exhibitor.id)
            try:
                await other.execute(
                    "SELECT 1 FROM exhibitor WHERE id = $1 FOR UPDATE NOWAIT", exhibitor.id
                )
                locked = False
            except asyncpg.LockNotAvailableError:
                locked = True
        assert locked
        # Committed: the row is free again.
        await other.execute("SELECT 1 FROM exhibitor WHERE id = $1 FOR UPDATE NOWAIT", exhibitor.id)
    finally:
        await other.close()
