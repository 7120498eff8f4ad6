"""Pages: tally, registration and tickets, check-in at the gate, corrections, closing, live."""

from __future__ import annotations

import base64
import hashlib
import re

from ocopfair import inline_assets
from ocopfair.i18n import local_today
from ocopfair.models import AuditEntry
from tests.factories import make_user
from tests.login import login
from tests.queries import count_queries
from tests.visitors.taps import new_key, tap
from visitors.models import (
    CountCorrection,
    DayClosure,
    Gate,
    GateKind,
    Registration,
    RegistrationSettings,
)


async def test_tally_page_has_big_buttons_and_only_its_own_files_inline(client, fair):
    await login(client, "gate1")
    page = await client.get(f"/gates/{fair.gate.id}/tally")
    assert page.status_code == 200
    assert page.text.count("data-delta=") == 6  # +1 +5 +10, in and out
    assert 'data-action="undo"' in page.text
    # One round trip on a slow line: its styles and scripts are in the page, and the policy
    # allows exactly those files' text inline, by hash (no 'unsafe-inline', no handlers).
    inline = re.findall(r"<script(?![^>]*src=)[^>]*>(.*?)</script>", page.text, re.S)
    assert inline == [inline_assets.inline("js/offline.js"), inline_assets.inline("js/tally.js")]
    policy = page.headers["content-security-policy"]
    assert policy == inline_assets.policy() and "unsafe-inline" not in policy
    digest = base64.b64encode(hashlib.sha256(inline[1].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert " onclick=" not in page.text
    entrance = await client.get(f"/gates/{fair.entrance.id}/tally")
    assert entrance.text.count("data-delta=") == 3
    assert (await client.get(f"/gates/{fair.other_gate.id}/tally")).status_code == 403


async def test_registration_ticket_and_a_single_check_in(client, fair):
    await RegistrationSettings.create(event=fair.event, enabled=True, max_group_size=50)
    form = await client.get(f"/events/{fair.event.id}/register")
    assert form.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    bad = await client.post(
        f"/events/{fair.event.id}/register",
        data={"csrf_token": token, "name": "", "phone": "12", "group_size": "500"},
    )
    assert bad.status_code == 422 and await Registration.all().count() == 0
    made = await client.post(
        f"/events/{fair.event.id}/register",
        data={
            "csrf_token": token,
            "name": "Trường THCS Hạ Long",
            "phone": "0912 345 678",
            "organization": "Trường THCS Hạ Long",
            "group_size": "32",
        },
    )
    assert made.status_code == 303
    registration = await Registration.get()
    assert len(registration.code) >= 43  # 256 random bits
    ticket = await client.get(made.headers["location"])
    assert ticket.status_code == 200 and "<svg" in ticket.text
    png = await client.get(f"/tickets/{registration.code}/qr.png")
    assert png.content.startswith(b"\x89PNG") and png.headers["content-type"] == "image/png"
    svg = await client.get(f"/tickets/{registration.code}/qr.svg")
    assert svg.text.lstrip().startswith("<")
    assert (await client.get("/tickets/guessed-code-000000000000000")).status_code == 404

    await login(client, "gate1")
    first = await client.post(f"/gates/{fair.gate.id}/scan", data={"code": registration.code})
    assert first.status_code == 200 and "32" in first.text
    again = await client.post(
        f"/gates/{fair.entrance.id}/scan",
        data={"code": f"https://x.vn/tickets/{registration.code}"},
    )
    assert again.status_code == 409
    assert "Cổng A" in again.text and "Nguyễn Văn Gác" in again.text
    live = (await client.get(f"/api/v1/gates/{fair.gate.id}")).json()
    assert live["today_in"] == 32
    other = await Registration.create(event=fair.other_event, name="X", code="y" * 43)
    wrong = await client.post(f"/gates/{fair.gate.id}/scan", data={"code": other.code})
    assert wrong.status_code == 422 and "Tuần hàng Việt" in wrong.text


async def test_corrections_are_audited_and_a_closed_day_still_takes_them(client, fair):
    await make_user("organizer", "org")
    await login(client, "org")
    await client.post(
        f"/api/v1/gates/{fair.gate.id}/batches", json={"key": new_key(), "taps": [tap(20)]}
    )
    closed = await client.post(
        f"/events/{fair.event.id}/gates/close-day", data={"day": local_today().isoformat()}
    )
    assert closed.status_code == 303 and await DayClosure.exists(event=fair.event)
    refused = await client.post(
        f"/api/v1/gates/{fair.gate.id}/batches", json={"key": new_key(), "taps": [tap(1)]}
    )
    assert refused.status_code == 409
    no_reason = await client.post(
        f"/gates/{fair.gate.id}/corrections",
        data={"day": local_today().isoformat(), "direction": "in", "delta": "-3", "reason": ""},
    )
    assert no_reason.status_code == 422 and await CountCorrection.all().count() == 0
    ok = await client.post(
        f"/api/v1/gates/{fair.gate.id}/corrections",
        json={
            "day": local_today().isoformat(),
            "direction": "in",
            "delta": -3,
            "reason": "Đếm trùng một đoàn khách",
        },
    )
    assert ok.status_code == 201
    assert await AuditEntry.filter(action="count.correct").count() == 1
    figures = (await client.get(f"/api/v1/events/{fair.event.id}/live")).json()
    assert figures["today_in"] == 17


async def test_gate_staff_may_not_correct_close_or_see_live(client, fair):
    await login(client, "gate1")
    assert (await client.get(f"/events/{fair.event.id}/gates")).status_code == 403
    assert (await client.get(f"/events/{fair.event.id}/live")).status_code == 403
    response = await client.post(
        f"/api/v1/gates/{fair.gate.id}/corrections",
        json={"day": local_today().isoformat(), "direction": "in", "delta": 5, "reason": "thêm"},
    )
    assert response.status_code == 403


async def test_live_page_polls_and_its_queries_do_not_grow_with_gates(client, fair):
    await make_user("official", "off")
    await login(client, "off")
    await client.get(f"/events/{fair.event.id}/live")
    with count_queries() as few:
        page = await client.get(f"/events/{fair.event.id}/live")
    assert page.status_code == 200 and 'hx-trigger="every 4s"' in page.text
    for i in range(15):
        await Gate.create(event=fair.event, name=f"Cổng phụ {i}", kind=GateKind.ENTRANCE)
    with count_queries() as many:
        await client.get(f"/events/{fair.event.id}/live", headers={"HX-Request": "true"})
    assert many.count == few.count


async def test_supervisor_sets_up_gates_and_staff(client, fair):
    await make_user("organizer", "org")
    await login(client, "org")
    page = await client.get(f"/events/{fair.event.id}/gates")
    assert page.status_code == 200
    added = await client.post(
        f"/events/{fair.event.id}/gates/add", data={"name": "Cổng D", "kind": "entrance"}
    )
    assert added.status_code == 303
    duplicate = await client.post(
        f"/events/{fair.event.id}/gates/add", data={"name": "Cổng D", "kind": "entrance"}
    )
    assert duplicate.status_code == 422
    staff2 = await make_user("gate_staff", "gate2")
    gate_d = await Gate.get(name="Cổng D")
    assigned = await client.post(
        f"/events/{fair.event.id}/gates/assign",
        data={"gate": gate_d.id, "user": staff2.id, "day": local_today().isoformat()},
    )
    assert assigned.status_code == 303
    foreign = await client.post(
        f"/events/{fair.event.id}/gates/assign",
        data={"gate": fair.other_gate.id, "user": staff2.id, "day": ""},
    )
    assert foreign.status_code == 403
