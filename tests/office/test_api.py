"""The office's JSON API with a bearer token: accounts, invitations, gate staff."""

from __future__ import annotations

import httpx2 as httpx

from ocopfair.accounts import create_token
from ocopfair.models import AuditEntry, Role, User
from tests.factories import make_event, make_exhibitor, make_gate, make_locality, make_user


async def bearer(client: httpx.AsyncClient, role: str, username: str | None = None) -> User:
    user = await make_user(role, username)
    client.headers["Authorization"] = f"Bearer {await create_token(user)}"
    return user


async def test_accounts_by_api(client):
    admin = await bearer(client, "admin")
    office = await make_locality("BL", "Bình Liêu")
    made = await client.post(
        "/api/v1/users",
        json={
            "username": "bl",
            "password": "longenough1",
            "role": "organizer",
            "locality_id": office.id,
        },
    )
    assert made.status_code == 201 and made.json()["locality_id"] == office.id
    user_id = made.json()["id"]
    bad = await client.post(
        "/api/v1/users", json={"username": "BL", "password": "x", "role": "king"}
    )
    assert bad.status_code == 422
    assert set(bad.json()["fields"]) == {"username", "password", "role"}

    patched = await client.patch(f"/api/v1/users/{user_id}", json={"role": "official"})
    assert patched.status_code == 200
    assert patched.json()["role"] == "official" and patched.json()["locality_id"] == office.id

    reset = await client.post(f"/api/v1/users/{user_id}/password-reset")
    assert reset.status_code == 201 and "/welcome/" in reset.json()["link"]
    gone = await client.post(f"/api/v1/users/{user_id}/deactivate")
    assert gone.status_code == 200 and gone.json()["is_active"] is False
    listed = {u["username"]: u for u in (await client.get("/api/v1/users")).json()["items"]}
    assert listed["bl"]["is_active"] is False and listed["bl"]["has_password"] is False

    own = await client.post(f"/api/v1/users/{admin.id}/deactivate")
    assert own.status_code == 422
    demote = await client.patch(f"/api/v1/users/{admin.id}", json={"role": "organizer"})
    assert demote.status_code == 422 and "role" in demote.json()["fields"]
    assert (await User.get(id=admin.id)).role == Role.ADMIN
    assert await AuditEntry.filter(action__startswith="user.").count() >= 4


async def test_invitations_by_api(client):
    await bearer(client, "organizer")
    producers = [await make_exhibitor(f"HTX {i}", tax_code=f"570000000{i}") for i in range(2)]
    response = await client.post(
        "/api/v1/invitations", json={"exhibitor_ids": [p.id for p in producers]}
    )
    assert response.status_code == 201
    items = response.json()["items"]
    assert [i["exhibitor_id"] for i in items] == sorted(p.id for p in producers)
    assert all(i["link"].endswith(i["code"]) for i in items)
    empty = await client.post("/api/v1/invitations", json={"exhibitor_ids": []})
    assert empty.status_code == 422


async def test_gate_staff_by_api(client):
    await bearer(client, "organizer")
    event = await make_event(days_ahead=10, days=3)
    gate = await make_gate(event)
    worker = await make_user("gate_staff", "cong")
    official = await make_user("official")
    path = f"/api/v1/gates/{gate.id}/staff"

    every_day = await client.post(path, json={"user_id": worker.id})
    assert every_day.status_code == 201 and every_day.json()["every_day"] == [worker.id]
    day = event.start_date.isoformat()
    shift = await client.post(path, json={"user_id": worker.id, "day": day})
    assert shift.json()["shifts"] == [{"user_id": worker.id, "day": day}]
    assert (await client.get(path)).json()["shifts"][0]["day"] == day

    not_staff = await client.post(path, json={"user_id": official.id})
    assert not_staff.status_code == 422 and "user" in not_staff.json()["fields"]
    outside = await client.post(path, json={"user_id": worker.id, "day": "2001-01-01"})
    assert outside.status_code == 422 and "day" in outside.json()["fields"]

    removed = await client.post(path + "/remove", json={"user_id": worker.id})
    assert removed.json()["every_day"] == []
    assert await AuditEntry.filter(action="gate.assign").count() == 2
    assert await AuditEntry.filter(action="gate.unassign").count() == 1


async def test_gate_staff_cannot_assign_themselves(client):
    worker = await bearer(client, "gate_staff")
    gate = await make_gate(await make_event())
    response = await client.post(f"/api/v1/gates/{gate.id}/staff", json={"user_id": worker.id})
    assert response.status_code == 403
