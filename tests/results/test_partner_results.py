"""The results pages and bulk API open to the partner owning the event, for its events only
(issue 20, item 3): another event's are 403 and nothing is imported there."""

from __future__ import annotations

from events.models import Event
from ocopfair.models import PartnerOrganisation
from results import workbook
from sales.models import SalesRecord
from tests.factories import make_event, make_user
from tests.login import login
from tests.results.fair import make_past_fair
from tests.results.test_bad_input import workbook_of


async def test_the_owning_partner_imports_results_of_its_event_only(client):
    fair = await make_past_fair(booths=5, gates=2, days=2)
    org = await PartnerOrganisation.create(name="Liên minh HTX")
    await Event.filter(id=fair.event.id).update(owner_partner_id=org.id)
    other = await make_event("Hội chợ khác", days_ahead=-30)
    await make_user("partner", "partner1", partner_id=org.id)
    await login(client, "partner1")

    tab = await client.get(f"/events/{fair.event.id}")
    assert f'href="/events/{fair.event.id}/results"' in tab.text  # reached by its tab
    template = await client.get(f"/events/{fair.event.id}/results/template.xlsx")
    assert template.status_code == 200
    assert workbook.read(template.content).event_id == fair.event.id
    sent = await client.post(
        f"/events/{fair.event.id}/results",
        files={"file": ("ket-qua.xlsx", workbook_of(fair), "application/octet-stream")},
    )
    assert sent.status_code == 303
    assert (await client.get(sent.headers["location"])).status_code == 200
    done = await client.post(sent.headers["location"] + "/confirm", data={"reason": "Số liệu giấy"})
    assert done.status_code == 303
    assert await SalesRecord.filter(source="imported").count() == 10

    # Another event: every results page and the bulk API refuse, and nothing is written.
    for path in ("results", "results/template.xlsx"):
        assert (await client.get(f"/events/{other.id}/{path}")).status_code == 403, path
    upload = await client.post(
        f"/events/{other.id}/results",
        files={"file": ("ket-qua.xlsx", workbook_of(fair), "application/octet-stream")},
    )
    assert upload.status_code == 403
    bulk = await client.post(
        f"/api/v1/events/{other.id}/results/sales",
        json={"items": [{"booth": "B001", "day": "2025-01-01", "revenue": 1}], "reason": "x"},
    )
    assert bulk.status_code == 403
    assert await SalesRecord.filter(source="imported").count() == 10
