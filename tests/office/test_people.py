"""Accounts by pages: create, edit, deactivate (ends sessions and tokens at once), reactivate,
password reset; the last administrator stays."""

from __future__ import annotations

import asyncio

import httpx2 as httpx

from ocopfair.accounts import create_token
from ocopfair.models import AuditEntry, Role, User
from tests.factories import make_exhibitor, make_locality, make_user
from tests.login import login


async def test_admin_creates_an_organizer_and_a_local_office(client):
    await make_user("admin")
    await login(client, "admin")
    mong_cai = await make_locality("MC", "Móng Cái")
    made = await client.post(
        "/admin/users",
        data={
            "username": "MC_office",
            "full_name": "Văn phòng Móng Cái",
            "role": "organizer",
            "password": "longenough1",
            "locality_id": str(mong_cai.id),
        },
    )
    assert made.status_code == 303
    user = await User.get(username="mc_office")
    assert user.role == Role.ORGANIZER and user.locality_id == mong_cai.id
    assert await AuditEntry.filter(action="user.create", object_id=str(user.id)).exists()


async def test_edit_changes_role_and_bindings_and_is_audited(client):
    await make_user("admin")
    await login(client, "admin")
    producer = await make_exhibitor()
    person = await make_user("official", "hanh")
    saved = await client.post(
        f"/admin/users/{person.id}",
        data={"role": "exhibitor", "full_name": "Hạnh", "exhibitor_id": str(producer.id)},
    )
    assert saved.status_code == 303
    person = await User.get(id=person.id)
    assert person.role == Role.EXHIBITOR and person.exhibitor_id == producer.id
    entry = await AuditEntry.get(action="user.edit")
    assert entry.before["role"] == "official" and entry.after["role"] == "exhibitor"
    # An exhibitor account without a producer is refused, next to the field.
    refused = await client.post(f"/admin/users/{person.id}", data={"role": "exhibitor"})
    assert refused.status_code == 422 and "phải gắn với một chủ thể sản xuất" in refused.text


async def test_the_last_administrator_can_be_neither_demoted_nor_deactivated(client):
    admin = await make_user("admin")
    await login(client, "admin")
    demoted = await client.post(f"/admin/users/{admin.id}", data={"role": "organizer"})
    assert demoted.status_code == 422
    assert "quản trị viên cuối cùng" in demoted.text
    assert (await User.get(id=admin.id)).role == Role.ADMIN
    own = await client.post(f"/admin/users/{admin.id}/deactivate")
    assert own.status_code == 409 and (await User.get(id=admin.id)).is_active


async def test_two_admins_removing_each_other_at_once_leave_one(db, app):
    await make_user("admin", "an")
    await make_user("admin", "binh")
    ids = {u.username: u.id for u in await User.all()}
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as an,
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as binh,
    ):
        await login(an, "an")
        await login(binh, "binh")
        await asyncio.gather(
            an.post(f"/admin/users/{ids['binh']}", data={"role": "official"}),
            binh.post(f"/admin/users/{ids['an']}", data={"role": "official"}),
        )
    assert await User.filter(role=Role.ADMIN, is_active=True).count() == 1


async def test_deactivation_ends_a_saved_session_and_a_token_at_once(client, other_client):
    await make_user("admin")
    person = await make_user("organizer")
    token = await create_token(person)
    await login(other_client, "organizer")
    saved_cookies = dict(other_client.cookies)
    assert (await other_client.get("/api/v1/me")).status_code == 200
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 200

    await login(client, "admin")
    assert (await client.post(f"/admin/users/{person.id}/deactivate")).status_code == 303

    # The cookie saved before, replayed as is, no longer opens anything.
    replay = httpx.ASGITransport(app=client._transport.app)
    async with httpx.AsyncClient(
        transport=replay, base_url="http://testserver", cookies=saved_cookies
    ) as thief:
        assert (await thief.get("/api/v1/me")).status_code == 401
        assert (await thief.get("/events/new")).status_code == 401
    async with httpx.AsyncClient(transport=replay, base_url="http://testserver") as machine:
        assert (await machine.get("/api/v1/me", headers=headers)).status_code == 401
    assert await AuditEntry.filter(action="user.deactivate", object_id=str(person.id)).exists()

    # Reactivated, the person signs in again (the old token stays revoked).
    assert (await client.post(f"/admin/users/{person.id}/reactivate")).status_code == 303
    await login(other_client, "organizer")
    assert (await other_client.get("/api/v1/me")).status_code == 200


async def test_password_reset_gives_a_one_time_code(client, other_client):
    await make_user("admin")
    person = await make_user("official", "hoa")
    await login(client, "admin")
    page = await client.post(f"/admin/users/{person.id}/reset")
    assert page.status_code == 200 and "<svg" in page.text
    code = page.text.split('<span class="code">')[1].split("<")[0]
    assert len(code) >= 20
    # The old password is gone at once.
    token = (await other_client.get("/login")).text.split('name="csrf_token" value="')[1]
    token = token.split('"')[0]
    old = await other_client.post(
        "/login", data={"username": "hoa", "password": "correct-horse-42", "csrf_token": token}
    )
    assert old.status_code == 400
    done = await other_client.post(
        "/welcome",
        data={
            "code": code,
            "password": "new-pass-123",
            "password_again": "new-pass-123",
            "csrf_token": token,
        },
    )
    assert done.status_code == 303
    assert (await other_client.get("/api/v1/me")).json()["username"] == "hoa"


async def test_organizers_cannot_manage_accounts(client):
    await make_user("organizer")
    target = await make_user("official")
    await login(client, "organizer")
    assert (await client.post(f"/admin/users/{target.id}/deactivate")).status_code == 403
    assert (await client.get(f"/admin/users/{target.id}")).status_code == 403
    assert (await User.get(id=target.id)).is_active


async def test_two_admins_deactivating_each_other_at_once_leave_one(db, app):
    await make_user("admin", "an")
    await make_user("admin", "binh")
    ids = {u.username: u.id for u in await User.all()}
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as an,
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as binh,
    ):
        await login(an, "an")
        await login(binh, "binh")
        answers = await asyncio.gather(
            an.post(f"/admin/users/{ids['binh']}/deactivate"),
            binh.post(f"/admin/users/{ids['an']}/deactivate"),
        )
    assert await User.filter(role=Role.ADMIN, is_active=True).count() == 1
    refused = [r for r in answers if r.status_code != 303]
    assert len(refused) == 1 and refused[0].status_code in (401, 409)
