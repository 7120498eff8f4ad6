"""Officials read and filter the audit log; exhibitors cannot."""

from __future__ import annotations

from ocopfair.audit import record
from tests.factories import make_exhibitor, make_user
from tests.login import login


async def test_official_filters_the_audit_log(client):
    organizer = await make_user("organizer")
    await make_user("official")
    await record(
        organizer,
        "event.status",
        "Event",
        7,
        before={"status": "open"},
        after={"status": "closed"},
        reason="Hết hạn đăng ký",
    )
    await record(
        organizer,
        "sales.update",
        "SalesRecord",
        3,
        before={"revenue": 1},
        after={"revenue": 2},
        reason="Sửa theo phiếu",
    )
    await login(client, "official")
    everything = await client.get("/audit")
    assert everything.status_code == 200
    assert "Hết hạn đăng ký" in everything.text and "Sửa theo phiếu" in everything.text
    only_events = await client.get("/audit", params={"object_type": "Event"})
    assert "Hết hạn đăng ký" in only_events.text and "Sửa theo phiếu" not in only_events.text
    bad_date = await client.get("/audit", params={"date_from": "31/02/2026"})
    assert bad_date.status_code == 422
    assert "31/02/2026 không phải là một ngày có thật." in bad_date.text


async def test_exhibitors_cannot_read_the_audit_log(client):
    exhibitor = await make_exhibitor()
    await make_user("exhibitor", exhibitor_id=exhibitor.id)
    await login(client, "exhibitor")
    assert (await client.get("/audit")).status_code == 403
