"""Item 4 of issue 15: each event's report says whether its figures were tallied live,
imported, or both (event report subtitle and meta, period report's events table)."""

from __future__ import annotations

import datetime as dt

from ocopfair.i18n import local_today
from results import importing
from tests.factories import make_gate, make_gate_count, make_user
from tests.login import login
from tests.results.fair import make_past_fair, workbook_of
from visitors.models import Direction

PERIOD = {"date_from": "01/01/2000", "date_to": "31/12/2099"}


async def _source(client, event_id):
    report = (await client.get(f"/api/v1/events/{event_id}/report")).json()
    return report["meta"]["figures_source"], report["subtitle"]


async def test_tallied_imported_or_both(client):
    fair = await make_past_fair(booths=2, gates=1, days=1)
    user = await make_user("organizer")
    await login(client, "organizer")
    assert (await _source(client, fair.event.id))[0] == "none"

    gate = await make_gate(fair.event, "Cổng Tây")
    noon = dt.datetime.combine(fair.days[0], dt.time(5), tzinfo=dt.UTC)
    await make_gate_count(gate, noon, Direction.IN, 12)
    source, subtitle = await _source(client, fair.event.id)
    assert source == "live" and "Số liệu đếm, nhập trực tiếp" in subtitle

    kept, _plan = await importing.upload(fair.event, user, "x.xlsx", workbook_of(fair))
    await importing.confirm(kept, user, "giấy", today=local_today())
    source, subtitle = await _source(client, fair.event.id)
    assert source == "both" and "vừa đếm trực tiếp vừa nhập từ tệp" in subtitle

    other = await make_past_fair(booths=0, gates=1, days=1)
    kept, _plan = await importing.upload(other.event, user, "y.xlsx", workbook_of(other))
    await importing.confirm(kept, user, "giấy", today=local_today())
    assert (await _source(client, other.event.id))[0] == "imported"

    period = (await client.get("/api/v1/reports", params=PERIOD)).json()
    shown = sorted(r["figures_source"] for r in period["sections"]["events"]["rows"])
    assert shown == [
        "Số liệu nhập từ tệp sau sự kiện",
        "Số liệu vừa đếm trực tiếp vừa nhập từ tệp",
    ]
