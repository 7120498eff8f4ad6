"""Several phones entering one booth's day at the same moment, on a running server: one record,
whole (its revenue and its product lines come from the same entry), nothing half-written."""

from __future__ import annotations

import asyncio

import httpx2 as httpx

from ocopfair.accounts import create_token
from ocopfair.models import AuditEntry
from sales.models import SalesLine, SalesRecord
from tests.live_server import start_server, stop_server


async def test_simultaneous_entries_of_one_booth_day_leave_one_whole_record(db, fair):
    booth = fair.booths[0]
    noodles, tea = fair.products[fair.exhibitors[0].id][:2]
    token = await create_token(fair.users["exhibitor"], "phones")
    # Entry n: revenue n million, n units of noodles, 2n of tea: any mix would show.
    entries = [
        {
            "assignment_id": booth.id,
            "day": fair.today.isoformat(),
            "revenue": n * 1_000_000,
            "units": {str(noodles.id): n, str(tea.id): 2 * n},
        }
        for n in range(1, 13)
    ]
    server = start_server(db.url, workers=2 if db.name == "postgres" else 1)
    try:
        async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=12)) as c:
            responses = await asyncio.gather(
                *[
                    c.post(
                        f"{server.url}/api/v1/sales",
                        json=entry,
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    for entry in entries
                ]
            )
    finally:
        stop_server(server)

    codes = [r.status_code for r in responses]
    assert set(codes) <= {200, 409}, codes
    assert codes.count(200) >= 1
    for r in responses:
        if r.status_code == 409:
            assert "form" in r.json()["fields"]
    record = await SalesRecord.get(assignment_id=booth.id, day=fair.today)
    assert await SalesRecord.filter(assignment_id=booth.id).count() == 1
    n = record.revenue // 1_000_000
    assert record.revenue == n * 1_000_000 and record.units == 3 * n
    lines = {line.product_id: line.units for line in await SalesLine.filter(record=record)}
    assert lines == {noodles.id: n, tea.id: 2 * n}
    # The stored entry is one that was answered 200, and every change has its audit entry.
    answered = {r.json()["revenue"] for r in responses if r.status_code == 200}
    assert record.revenue in answered
    assert await AuditEntry.filter(action="sales.update").count() == codes.count(200)
