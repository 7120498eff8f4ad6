"""Public pre-registration is rate-limited per client address and per event, and one phone holds
one unused ticket per event; refused, nothing is saved."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import AsyncIterator

import httpx2 as httpx
import pytest
import pytest_asyncio

from tests.login import csrf_token_of, login
from visitors.models import Registration, RegistrationSettings

TOO_MANY_HERE = "Đã có quá nhiều lượt đăng ký được gửi từ kết nối của bạn."
TOO_MANY_EVENT = "Sự kiện đang nhận quá nhiều lượt đăng ký cùng lúc."
PHONE_TAKEN = "Số điện thoại này đã có một vé chưa sử dụng cho sự kiện này."


@pytest.fixture
def limits(app):
    """Set the app's registration limits for one test. (Not monkeypatch: it would delete the
    attribute of Starlette's State on the way out rather than restore it.)"""
    original = app.state.settings

    def set_limits(**values: int) -> None:
        app.state.settings = dataclasses.replace(original, **values)

    yield set_limits
    app.state.settings = original


@pytest_asyncio.fixture
async def open_fair(fair):
    await RegistrationSettings.create(event=fair.event, enabled=True, max_group_size=60)
    return fair


@pytest_asyncio.fixture
async def clients(db, app) -> AsyncIterator:
    """Browsers at different addresses (as uvicorn would report them), each with its session's
    CSRF token, as the registration page's own script would send it."""
    opened: list[httpx.AsyncClient] = []

    async def client_from(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        c = httpx.AsyncClient(transport=transport, base_url="http://testserver")
        opened.append(c)
        c.headers["X-CSRFToken"] = await csrf_token_of(c)
        return c

    yield client_from
    for c in opened:
        await c.aclose()


def person(i: int, **extra) -> dict:
    return {"name": f"Khách {i}", "phone": f"0912{i:06d}", "group_size": 2, **extra}


async def form_token(client, event_id: int) -> str:
    page = await client.get(f"/events/{event_id}/register")
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


async def test_the_page_refuses_the_registration_over_the_limit_and_keeps_the_form(
    client, open_fair, limits
):
    limits(register_per_client=3, register_window_seconds=600)
    event_id = open_fair.event.id
    token = await form_token(client, event_id)
    for i in range(3):
        made = await client.post(
            f"/events/{event_id}/register", data={"csrf_token": token, **person(i)}
        )
        assert made.status_code == 303
    refused = await client.post(
        f"/events/{event_id}/register",
        data={"csrf_token": token, **person(9, name="Trường Tiểu học Cao Xanh")},
    )
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 600
    assert TOO_MANY_HERE in refused.text and 'role="alert"' in refused.text
    assert 'value="Trường Tiểu học Cao Xanh"' in refused.text  # nothing typed is lost
    assert await Registration.filter(event=open_fair.event).count() == 3
    api = await client.post(
        f"/api/v1/events/{event_id}/registrations", json=person(10), headers={"X-CSRFToken": token}
    )
    assert api.status_code == 429 and TOO_MANY_HERE in api.json()["error"]
    assert int(api.headers["Retry-After"]) >= 1
    assert await Registration.filter(event=open_fair.event).count() == 3


async def test_other_addresses_have_their_own_limit_under_the_events_ceiling(
    open_fair, limits, clients
):
    limits(register_per_client=2, register_per_event=5)
    url = f"/api/v1/events/{open_fair.event.id}/registrations"
    first = await clients("203.0.113.1")
    answers = [(await first.post(url, json=person(i))).status_code for i in range(3)]
    assert answers == [201, 201, 429]
    second = await clients("203.0.113.2")
    assert (await second.post(url, json=person(10))).status_code == 201
    # Many addresses together meet the event's ceiling: 5 in all.
    codes = []
    for i in range(4):
        sender = await clients(f"198.51.100.{i}")
        codes.append((await sender.post(url, json=person(20 + i))).status_code)
    assert codes == [201, 201, 429, 429]
    refused = await (await clients("198.51.100.99")).post(url, json=person(99))
    assert refused.status_code == 429 and TOO_MANY_EVENT in refused.json()["error"]
    assert await Registration.filter(event=open_fair.event).count() == 5
    # Another event is not affected by this one's ceiling.
    await RegistrationSettings.create(event=open_fair.other_event, enabled=True)
    other = await (await clients("198.51.100.100")).post(
        f"/api/v1/events/{open_fair.other_event.id}/registrations", json=person(1)
    )
    assert other.status_code == 201


async def test_mistakes_in_the_form_do_not_use_up_the_limit(client, open_fair, limits):
    client.headers["X-CSRFToken"] = await csrf_token_of(client)
    limits(register_per_client=2)
    url = f"/api/v1/events/{open_fair.event.id}/registrations"
    for bad in (
        {"name": "", "phone": "12"},
        {"name": "A", "phone": "0912000001", "group_size": 0},
        {},
    ):
        assert (await client.post(url, json=bad)).status_code == 422
    assert (await client.post(url, json=person(1))).status_code == 201
    assert (await client.post(url, json=person(2))).status_code == 201
    assert (await client.post(url, json=person(3))).status_code == 429


async def test_one_phone_holds_one_unused_ticket_per_event(client, open_fair):
    client.headers["X-CSRFToken"] = await csrf_token_of(client)
    url = f"/api/v1/events/{open_fair.event.id}/registrations"
    first = await client.post(
        url, json={"name": "Cô Lan", "phone": "0912 345 678", "group_size": 30}
    )
    assert first.status_code == 201
    for phone in ("0912345678", "+84 912.345.678"):
        again = await client.post(url, json={"name": "Cô Lan", "phone": phone, "group_size": 5})
        assert again.status_code == 409
        assert PHONE_TAKEN in again.json()["fields"]["phone"]
    token = await form_token(client, open_fair.event.id)
    page = await client.post(
        f"/events/{open_fair.event.id}/register",
        data={"csrf_token": token, "name": "Cô Lan", "phone": "0912345678", "group_size": "5"},
    )
    assert page.status_code == 409 and PHONE_TAKEN in page.text
    assert 'id="e-phone"' in page.text
    assert await Registration.filter(event=open_fair.event).count() == 1
    # The same phone may register for another event.
    await RegistrationSettings.create(event=open_fair.other_event, enabled=True)
    assert (
        await client.post(
            f"/api/v1/events/{open_fair.other_event.id}/registrations",
            json={"name": "Cô Lan", "phone": "0912345678", "group_size": 3},
        )
    ).status_code == 201

    # Once the ticket is used at the gate, the phone may register the next group.
    await login(client, "gate1")
    scanned = await client.post(
        f"/api/v1/gates/{open_fair.gate.id}/checkins", json={"code": first.json()["code"]}
    )
    assert scanned.status_code == 200
    next_group = await client.post(
        url, json={"name": "Cô Lan", "phone": "0912345678", "group_size": 28}
    )
    assert next_group.status_code == 201
    assert await Registration.filter(event=open_fair.event).count() == 2


async def test_the_same_phone_sent_many_times_at_once_gets_one_ticket(open_fair, clients):
    url = f"/api/v1/events/{open_fair.event.id}/registrations"
    senders = [await clients(f"203.0.113.{i}") for i in range(12)]
    answers = await asyncio.gather(
        *(
            c.post(url, json={"name": f"Đoàn {i}", "phone": "0987654321", "group_size": 10})
            for i, c in enumerate(senders)
        )
    )
    codes = sorted(a.status_code for a in answers)
    assert codes == [201] + [409] * 11
    assert await Registration.filter(event=open_fair.event, phone="0987654321").count() == 1


async def test_a_closed_registration_is_refused_before_any_limit(client, fair, limits):
    client.headers["X-CSRFToken"] = await csrf_token_of(client)
    limits(register_per_client=1)
    url = f"/api/v1/events/{fair.event.id}/registrations"
    for i in range(3):  # registration is off for this event: 422, and no hit is counted
        assert (await client.post(url, json=person(i))).status_code == 422
    await RegistrationSettings.create(event=fair.event, enabled=True)
    assert (await client.post(url, json=person(5))).status_code == 201
