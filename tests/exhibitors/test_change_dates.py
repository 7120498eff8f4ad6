"""The organizer's page of product changes shows dates as offices write them (issue 16)."""

from __future__ import annotations

from exhibitors.models import ProductChange
from tests.factories import make_exhibitor, make_product


async def test_pending_changes_show_dates_dd_mm_yyyy(organizer_client, places):
    exhibitor = await make_exhibitor("HTX A", places["HL"])
    product = await make_product(exhibitor)
    await ProductChange.create(
        exhibitor=exhibitor,
        product=product,
        changes={"certificate_date": "2025-06-15", "stars": 4},
        before={"certificate_date": "2024-01-02", "stars": 3},
    )
    page = await organizer_client.get("/exhibitors/changes")
    assert page.status_code == 200
    assert "15/06/2025" in page.text and "02/01/2024" in page.text
    assert "2025-06-15" not in page.text and "2024-01-02" not in page.text
