"""Reopening a day closed by mistake: administrators only, with a reason, audit-logged; the
devices' refused batches are counted when they retry."""

from __future__ import annotations

import datetime as dt

from ocopfair.accounts import create_token
from ocopfair.i18n import local_today
from ocopfair.models import AuditEntry
from tests.factories import make_user
from tests.login import login
from tests.visitors.taps import new_key, tap
from visitors.models import CountBatch, DayClosure


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def today_in(client, fair) -> int:
    return (await client.get(f"/api/v1/events/{fair.event.id}/live")).json()["today_in"]


async def test_admin_reopens_a_day_on_the_page_and_the_phones_retries_are_counted(client, fair):
    admin = await make_user("admin", "boss")
    await login(client, "boss")
    phone = bearer(await create_token(fair.staff, "phone at gate A"))
    today = local_today().isoformat()
    batches = f"/api/v1/gates/{fair.gate.id}/batches"
    closed = await client.post(f"/events/{fair.event.id}/gates/close-day", data={"day": today})
    assert closed.status_code == 303
    # Taps made after the close wait on the phone, which retries them with the same key.
    waiting = [
        {"key": new_key(), "device": "phone-a", "taps": [tap(3), tap(2, "out")]},
        {"key": new_key(), "device": "phone-a", "taps": [tap(10)]},
    ]
    for body in waiting:
        assert (await client.post(batches, json=body, headers=phone)).status_code == 409

    page = await client.get(f"/events/{fair.event.id}/gates")
    assert f'action="/events/{fair.event.id}/gates/reopen-day"' in page.text
    no_reason = await client.post(
        f"/events/{fair.event.id}/gates/reopen-day",
        data={"reopen_day": today, "reopen_reason": "  ab "},
    )
    assert no_reason.status_code == 422
    assert "Hãy ghi lý do mở lại ngày (ít nhất 5 ký tự)." in no_reason.text
    assert 'id="e-reopen_reason"' in no_reason.text
    assert await DayClosure.exists(event=fair.event)
    assert not await AuditEntry.exists(action="count.reopen_day")

    reopened = await client.post(
        f"/events/{fair.event.id}/gates/reopen-day",
        data={"reopen_day": today, "reopen_reason": "Chốt nhầm ngày, cổng B còn đang đếm"},
    )
    assert reopened.status_code == 303
    assert not await DayClosure.exists(event=fair.event)
    entry = await AuditEntry.get(action="count.reopen_day")
    assert entry.user_id == admin.id and entry.object_id == str(fair.event.id)
    assert entry.reason == "Chốt nhầm ngày, cổng B còn đang đếm"
    assert entry.before["day"] == today and entry.before["closed_by"] == admin.id
    assert entry.before["closed_at"]

    for body in waiting:  # the retries, same keys and bodies
        assert (await client.post(batches, json=body, headers=phone)).status_code == 201
    assert (await client.post(batches, json=waiting[0], headers=phone)).status_code == 200
    assert await CountBatch.filter(client_key__in=[b["key"] for b in waiting]).count() == 2
    assert await today_in(client, fair) == 13

    again = await client.post(
        f"/events/{fair.event.id}/gates/reopen-day",
        data={"reopen_day": today, "reopen_reason": "Bấm hai lần"},
    )
    assert again.status_code == 409
    day = local_today().strftime("%d/%m/%Y")
    assert f"Số liệu ngày {day} chưa được chốt." in again.text
    # The day can be closed again, and is then closed for taps again.
    assert (
        await client.post(f"/events/{fair.event.id}/gates/close-day", data={"day": today})
    ).status_code == 303
    late = {"key": new_key(), "device": "phone-a", "taps": [tap(1)]}
    assert (await client.post(batches, json=late, headers=phone)).status_code == 409
    assert await today_in(client, fair) == 13


async def test_reopening_through_the_api(client, fair):
    admin = await make_user("admin", "boss")
    token = bearer(await create_token(admin, "office"))
    url = f"/api/v1/events/{fair.event.id}/reopen-day"
    today = local_today()
    await DayClosure.create(event=fair.event, day=today, closed_by=admin)
    await DayClosure.create(event=fair.event, day=today - dt.timedelta(days=1))

    no_reason = await client.post(url, json={"day": today.isoformat()}, headers=token)
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["fields"]
    bad_day = await client.post(
        url, json={"day": "31/02/2026", "reason": "nhầm ngày"}, headers=token
    )
    assert bad_day.status_code == 422 and "day" in bad_day.json()["fields"]
    broken = await client.post(
        url, content=b'{"day": ', headers={**token, "Content-Type": "application/json"}
    )
    assert broken.status_code == 400
    assert await DayClosure.filter(event=fair.event).count() == 2

    ok = await client.post(
        url, json={"day": today.isoformat(), "reason": "Chốt nhầm"}, headers=token
    )
    assert ok.status_code == 200
    assert ok.json() == {"event_id": fair.event.id, "day": today.isoformat(), "closed": False}
    # Only that day: the day before stays closed.
    assert [c.day for c in await DayClosure.filter(event=fair.event)] == [
        today - dt.timedelta(days=1)
    ]
    not_closed = await client.post(
        url, json={"day": today.isoformat(), "reason": "Chốt nhầm"}, headers=token
    )
    assert not_closed.status_code == 409
    assert "chưa được chốt" in not_closed.json()["error"] + str(not_closed.json()["fields"])
    missing = await client.post(
        "/api/v1/events/999999/reopen-day",
        json={"day": today.isoformat(), "reason": "Chốt nhầm"},
        headers=token,
    )
    assert missing.status_code == 404
    assert await AuditEntry.filter(action="count.reopen_day").count() == 1


async def test_only_an_administrator_may_reopen(client, fair):
    await make_user("organizer", "org")
    today = local_today().isoformat()
    await DayClosure.create(event=fair.event, day=local_today())
    page_url = f"/events/{fair.event.id}/gates/reopen-day"
    api_url = f"/api/v1/events/{fair.event.id}/reopen-day"
    form = {"reopen_day": today, "reopen_reason": "Tôi muốn mở lại"}
    body = {"day": today, "reason": "Tôi muốn mở lại"}

    assert (await client.post(api_url, json=body)).status_code == 401  # no credentials at all
    assert (await client.post(api_url, json=body, headers=bearer("ocf_wrong"))).status_code == 401
    for username in ("org", "gate1"):  # an organizer supervises and closes days, but no more
        client.cookies.clear()
        client.headers.pop("X-CSRFToken", None)
        await login(client, username)
        assert (await client.post(page_url, data=form)).status_code == 403
        assert (await client.post(api_url, json=body)).status_code == 403
        token = bearer(await create_token(await _user(username), "x"))
        assert (await client.post(api_url, json=body, headers=token)).status_code == 403
    client.cookies.clear()
    client.headers.pop("X-CSRFToken", None)
    await login(client, "org")
    page = await client.get(f"/events/{fair.event.id}/gates")
    assert page.status_code == 200 and "reopen-day" not in page.text
    assert await DayClosure.exists(event=fair.event)
    assert not await AuditEntry.exists(action="count.reopen_day")


async def test_the_reopen_form_needs_its_csrf_token(client, fair):
    await make_user("admin", "boss")
    await login(client, "boss")
    await DayClosure.create(event=fair.event, day=local_today())
    del client.headers["X-CSRFToken"]
    refused = await client.post(
        f"/events/{fair.event.id}/gates/reopen-day",
        data={"reopen_day": local_today().isoformat(), "reopen_reason": "Chốt nhầm ngày"},
    )
    assert refused.status_code == 403
    assert await DayClosure.exists(event=fair.event)
    missing = await client.post(
        "/events/999999/gates/reopen-day",
        data={"reopen_day": local_today().isoformat(), "reopen_reason": "Chốt nhầm ngày"},
    )
    assert missing.status_code == 403  # no token, no answer about the id either


async def test_a_missing_event_is_a_404_for_an_administrator(client, fair):
    await make_user("admin", "boss")
    await login(client, "boss")
    response = await client.post(
        "/events/999999/gates/reopen-day",
        data={"reopen_day": local_today().isoformat(), "reopen_reason": "Chốt nhầm ngày"},
    )
    assert response.status_code == 404


async def test_the_openapi_document_describes_the_reopen_body(client):
    document = (await client.get("/api/v1/openapi.json")).json()
    operation = document["paths"]["/api/v1/events/{event_id}/reopen-day"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["day", "reason"]
    assert operation["security"]


async def _user(username: str):
    from ocopfair.models import User

    return await User.get(username=username)


async def test_closing_a_day_through_the_api(client, fair):
    """Supervisors close through the API as on the page; gate staff may not; then batches for
    the day are refused and nothing is counted."""
    supervisor = await make_user("organizer", "org")
    staff_token = bearer(await create_token(fair.staff, "phone"))
    token = bearer(await create_token(supervisor, "office"))
    url = f"/api/v1/events/{fair.event.id}/close-day"
    today = local_today()

    assert (
        await client.post(url, json={"day": today.isoformat()}, headers=staff_token)
    ).status_code == 403
    future = await client.post(
        url, json={"day": (today + dt.timedelta(days=1)).isoformat()}, headers=token
    )
    assert future.status_code == 422 and "day" in future.json()["fields"]
    assert await DayClosure.filter(event=fair.event).count() == 0

    closed = await client.post(url, json={"day": today.isoformat()}, headers=token)
    assert closed.status_code == 201
    assert closed.json() == {"event_id": fair.event.id, "day": today.isoformat(), "closed": True}
    again = await client.post(url, json={"day": today.isoformat()}, headers=token)
    assert again.status_code == 409
    refused = await client.post(
        f"/api/v1/gates/{fair.gate.id}/batches",
        headers=staff_token,
        json={"key": new_key(), "taps": [tap(3)]},
    )
    assert refused.status_code == 409
    assert await CountBatch.filter(gate=fair.gate).count() == 0
    assert await AuditEntry.filter(action="count.close_day").count() == 1
