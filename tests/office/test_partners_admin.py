"""Administrators keep the partner organisations (issue 20, item 3): add, rename, deactivate
(its accounts closed at once, its events kept), and invite its accounts through the people's
own account creation and a one-time code. Bad input is refused with a sentence, nothing saved."""

from __future__ import annotations

import asyncio
import re

import httpx2 as httpx

from events.models import Event
from ocopfair.models import AuditEntry, PartnerOrganisation, Role, User
from office.invitations import NO_PASSWORD
from office.models import AccessCode, CodePurpose
from tests.factories import PASSWORD, make_event, make_user
from tests.login import login

CODE = re.compile(r'<span class="code">([A-Za-z0-9_-]{22})</span>')


async def test_an_admin_adds_renames_and_invites_an_account_that_signs_up(client, other_client):
    admin = await make_user("admin")
    await login(client, "admin")
    hub = await client.get("/admin")
    assert 'href="/admin/partners"' in hub.text and "Tổ chức đối tác" in hub.text

    added = await client.post("/admin/partners", data={"name": "Siêu thị Hạ Long"})
    assert added.status_code == 303
    org = await PartnerOrganisation.get(name="Siêu thị Hạ Long")
    assert added.headers["location"] == f"/admin/partners/{org.id}"
    renamed = await client.post(
        f"/admin/partners/{org.id}", data={"name": "Chuỗi siêu thị Hạ Long", "description": "x"}
    )
    assert renamed.status_code == 303
    await org.refresh_from_db()
    assert org.name == "Chuỗi siêu thị Hạ Long"

    sheet = await client.post(
        f"/admin/partners/{org.id}/accounts", data={"username": "SieuThi1", "full_name": "Chị Lan"}
    )
    assert sheet.status_code == 200, sheet.text
    code = CODE.search(sheet.text).group(1)
    person = await User.get(username="sieuthi1")
    assert (person.role, person.partner_id, person.password_hash) == (
        Role.PARTNER,
        org.id,
        NO_PASSWORD,
    )
    assert await AccessCode.exists(user_id=person.id, purpose=CodePurpose.INVITATION)
    actions = set(await AuditEntry.filter(user_id=admin.id).values_list("action", flat=True))
    assert {"partner.create", "partner.rename", "user.create", "user.invite"} <= actions
    page = await client.get(f"/admin/partners/{org.id}")
    assert "sieuthi1" in page.text and "Đã mời" in page.text

    # The invited person chooses a password with the code and is a partner of the organisation.
    token = (await other_client.get(f"/welcome/{code}")).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', token).group(1)
    welcome = await other_client.post(
        "/welcome",
        data={
            "code": code,
            "password": "mat-khau-dai-1",
            "password_again": "mat-khau-dai-1",
            "csrf_token": csrf,
        },
    )
    assert welcome.status_code == 303
    me = await other_client.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["role"] == "partner"


async def test_bad_input_is_refused_with_a_sentence_and_nothing_saved(client):
    await make_user("admin")
    org = await PartnerOrganisation.create(name="Siêu thị Hạ Long")
    await PartnerOrganisation.create(name="Hiệp hội Chè")
    await make_user("organizer", "taken")
    await login(client, "admin")

    empty = await client.post("/admin/partners", data={"name": "  "})
    assert empty.status_code == 422 and "Hãy nhập tên tổ chức." in empty.text
    same = await client.post("/admin/partners", data={"name": "sieu thi ha long"})
    assert same.status_code == 422 and "Đã có một tổ chức đối tác khác mang tên này." in same.text
    assert await PartnerOrganisation.all().count() == 2
    rename = await client.post(f"/admin/partners/{org.id}", data={"name": "HIỆP HỘI CHÈ"})
    assert rename.status_code == 422 and 'id="e-name"' in rename.text
    assert (await PartnerOrganisation.get(id=org.id)).name == "Siêu thị Hạ Long"

    invite = f"/admin/partners/{org.id}/accounts"
    no_name = await client.post(invite, data={"username": ""})
    assert no_name.status_code == 422 and 'id="e-username"' in no_name.text
    taken = await client.post(invite, data={"username": "taken"})
    assert taken.status_code == 422 and "Tên đăng nhập này đã có người dùng." in taken.text

    # A partner account without an organisation, on the people page or the API: refused.
    orphan = {"username": "doitac", "password": "mat-khau-dai-1", "role": "partner"}
    page = await client.post("/admin/users", data=orphan)
    assert page.status_code == 422
    assert "Tài khoản đối tác phải thuộc một tổ chức đối tác đang hoạt động." in page.text
    api = await client.post("/api/v1/users", json=orphan)
    assert api.status_code == 422 and "partner_id" in api.json()["fields"]
    assert not await User.filter(role=Role.PARTNER).exists()
    assert not await AuditEntry.filter(action__startswith="partner.").exists()


async def test_a_deactivated_organisations_accounts_stop_at_once_and_its_events_stay(
    client, other_client
):
    await make_user("admin")
    org = await PartnerOrganisation.create(name="Siêu thị Hạ Long")
    partner = await make_user("partner", "partner1", partner_id=org.id)
    event = await make_event("Tuần hàng siêu thị", owner_partner_id=org.id)
    await login(other_client, "partner1")
    assert (await other_client.get(f"/events/{event.id}/applications")).status_code == 200
    await login(client, "admin")

    done = await client.post(f"/admin/partners/{org.id}/deactivate")
    assert done.status_code == 303
    assert not (await PartnerOrganisation.get(id=org.id)).is_active
    assert not (await User.get(id=partner.id)).is_active
    # The signed-in partner is out at once and cannot sign in again.
    assert (await other_client.get(f"/events/{event.id}/applications")).status_code == 401
    token = await other_client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', token.text).group(1)
    again = await other_client.post(
        "/login", data={"username": "partner1", "password": PASSWORD, "csrf_token": csrf}
    )
    assert again.status_code != 303
    # Its events stay, still its own.
    assert (await Event.get(id=event.id)).owner_partner_id == org.id

    # No new account for it, and its accounts stay closed until it is reopened.
    refused = await client.post(f"/admin/partners/{org.id}/accounts", data={"username": "moi"})
    assert refused.status_code == 422 and not await User.exists(username="moi")
    reopen = await client.post(f"/admin/users/{partner.id}/reactivate")
    assert reopen.status_code == 409 and not (await User.get(id=partner.id)).is_active
    assert (await client.post(f"/admin/partners/{org.id}/deactivate")).status_code == 409
    assert (await client.post(f"/admin/partners/{org.id}/reactivate")).status_code == 303
    assert (await client.post(f"/admin/users/{partner.id}/reactivate")).status_code == 303
    assert (await User.get(id=partner.id)).is_active
    actions = await AuditEntry.filter(object_type="PartnerOrganisation").values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["partner.deactivate", "partner.reactivate"]


async def test_an_invitation_racing_a_deactivation_leaves_no_active_account(db, app):
    await make_user("admin", "an")
    await make_user("admin", "binh")
    transport = httpx.ASGITransport(app=app)
    for round_ in range(3):
        org = await PartnerOrganisation.create(name=f"Tổ chức {round_}")
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as an,
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as binh,
        ):
            await login(an, "an")
            await login(binh, "binh")
            await asyncio.gather(
                an.post(f"/admin/partners/{org.id}/accounts", data={"username": f"u{round_}"}),
                binh.post(f"/admin/partners/{org.id}/deactivate"),
            )
        assert not await User.filter(partner_id=org.id, is_active=True).exists()


async def test_the_same_name_added_twice_at_once_makes_one_organisation(db, app):
    await make_user("admin", "an")
    await make_user("admin", "binh")
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as an,
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as binh,
    ):
        await login(an, "an")
        await login(binh, "binh")
        answers = await asyncio.gather(
            an.post("/admin/partners", data={"name": "Hiệp hội Du lịch"}),
            binh.post("/admin/partners", data={"name": "Hiệp hội Du lịch"}),
        )
    assert sorted(r.status_code for r in answers) == [303, 422]
    assert await PartnerOrganisation.filter(name="Hiệp hội Du lịch").count() == 1
    assert await AuditEntry.filter(action="partner.create").count() == 1
