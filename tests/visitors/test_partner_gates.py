"""The partner owning an event scans tickets at its gates like a supervisor (the check-in's one
SQL rule knows owners), in the same number of statements, and is refused at another event's."""

from __future__ import annotations

from events.models import Event
from ocopfair.models import PartnerOrganisation
from tests.factories import make_user
from tests.login import login
from tests.queries import count_queries
from tests.visitors.test_concurrency import stored_totals
from visitors.models import Registration


async def test_the_owning_partner_scans_at_its_gates_and_not_at_others(client, fair):
    org = await PartnerOrganisation.create(name="Siêu thị Hạ Long")
    await Event.filter(id=fair.event.id).update(owner_partner_id=org.id)
    await make_user("partner", "partner1", partner_id=org.id)
    mine = await Registration.create(event=fair.event, name="Đoàn A", group_size=5, code="p" * 43)
    theirs = await Registration.create(
        event=fair.other_event, name="Đoàn B", group_size=7, code="q" * 43
    )
    await login(client, "partner1")
    setup = await client.get(f"/events/{fair.event.id}/gates")  # reached by the event's tab
    assert f'href="/gates/{fair.gate.id}/scan"' in setup.text
    assert (await client.get(f"/gates/{fair.gate.id}/scan")).status_code == 200
    assert (await client.get(f"/gates/{fair.other_gate.id}/scan")).status_code == 403

    with count_queries() as scan:
        own = await client.post(
            f"/gates/{fair.gate.id}/scan", data={"code": mine.code}, headers={"HX-Request": "true"}
        )
    assert own.status_code == 200, own.text
    session = [q for q in scan.queries if '"session"' in q or 'FROM "user"' in q]
    assert scan.count - len(session) <= 4, scan.queries
    api = await client.post(f"/api/v1/gates/{fair.entrance.id}/checkins", json={"code": mine.code})
    assert api.status_code == 409  # the same ticket again: refused as used, not as forbidden
    stored = await Registration.get(id=mine.id)
    assert stored.checked_in_gate_id == fair.gate.id
    assert sum((await stored_totals([fair.gate.id, fair.entrance.id])).values()) == 5

    # Another event's gate: 403 on the page and the API, and nothing checked in or counted.
    for response in (
        await client.post(f"/gates/{fair.other_gate.id}/scan", data={"code": theirs.code}),
        await client.post(
            f"/api/v1/gates/{fair.other_gate.id}/checkins", json={"code": theirs.code}
        ),
    ):
        assert response.status_code == 403
    assert (await Registration.get(id=theirs.id)).checked_in_at is None
    assert sum((await stored_totals([fair.other_gate.id])).values()) == 0


async def test_a_partner_of_another_organisation_may_not_scan(client, fair):
    owner = await PartnerOrganisation.create(name="Siêu thị Hạ Long")
    other = await PartnerOrganisation.create(name="Hiệp hội khác")
    await Event.filter(id=fair.event.id).update(owner_partner_id=owner.id)
    await make_user("partner", "partner2", partner_id=other.id)
    ticket = await Registration.create(event=fair.event, name="Đoàn A", code="r" * 43)
    await login(client, "partner2")
    refused = await client.post(
        f"/api/v1/gates/{fair.gate.id}/checkins", json={"code": ticket.code}
    )
    assert refused.status_code == 403
    assert (await Registration.get(id=ticket.id)).checked_in_at is None
