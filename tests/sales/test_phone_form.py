"""The exhibitor's phone form: today's figures, its products, and every bad input refused."""

from __future__ import annotations

import datetime as dt

from ocopfair.models import AuditEntry
from sales.models import SalesLine, SalesRecord, SalesSettings
from tests.login import login


def day_form(day: dt.date, **values) -> dict:
    return {"day": day.isoformat(), **values}


async def test_today_shows_the_form_prefilled_with_the_booth_products(client, fair):
    await login(client, "exhibitor")
    page = await client.get("/sales/today")
    assert page.status_code == 200
    for product in fair.products[fair.exhibitors[0].id]:
        assert product.name in page.text
    # A product whose certificate ends before the fair is not shown at the booth.
    assert "Rượu cũ 000" not in page.text
    assert 'name="revenue"' in page.text


async def test_exhibitor_saves_revenue_with_thousands_dots_and_units(client, fair):
    await login(client, "exhibitor")
    booth = fair.booths[0]
    noodles, tea = fair.products[fair.exhibitors[0].id]
    response = await client.post(
        f"/sales/booths/{booth.id}",
        data=day_form(
            fair.today,
            revenue="1.250.000",
            customers="31",
            **{f"units-{noodles.id}": "12", f"units-{tea.id}": "1.200"},
        ),
    )
    assert response.status_code == 303, response.text[-2000:]
    record = await SalesRecord.get(assignment_id=booth.id, day=fair.today)
    assert (record.revenue, record.units, record.customers) == (1_250_000, 1212, 31)
    lines = {line.product_id: line.units for line in await SalesLine.filter(record=record)}
    assert lines == {noodles.id: 12, tea.id: 1200}
    entry = await AuditEntry.get(object_type="SalesRecord", object_id=str(record.id))
    assert entry.action == "sales.update" and entry.before is None
    assert entry.after["revenue"] == 1_250_000
    assert entry.user_id == fair.users["exhibitor"].id

    # A change keeps who changed what from what to what.
    await client.post(
        f"/sales/booths/{booth.id}",
        data=day_form(fair.today, revenue="1.300.000", **{f"units-{noodles.id}": "12"}),
    )
    entries = await AuditEntry.filter(object_id=str(record.id)).order_by("id")
    assert [e.before and e.before["revenue"] for e in entries] == [None, 1_250_000]
    assert entries[1].after["revenue"] == 1_300_000 and entries[1].after["units"] == 12
    # Saving the same figures again changes nothing and writes no history.
    await client.post(
        f"/sales/booths/{booth.id}",
        data=day_form(fair.today, revenue="1300000", **{f"units-{noodles.id}": "12"}),
    )
    assert await AuditEntry.filter(object_id=str(record.id)).count() == 2


async def refused(client, fair, booth, field_name: str, expected: str, **values) -> None:
    before = await SalesRecord.all().count(), await AuditEntry.all().count()
    response = await client.post(f"/sales/booths/{booth.id}", data=values)
    assert response.status_code == 422, response.status_code
    assert expected in response.text, response.text[-3000:]
    assert f'id="e-{field_name}"' in response.text or field_name in ("day", "units")
    assert (await SalesRecord.all().count(), await AuditEntry.all().count()) == before


async def test_bad_input_gets_a_clear_sentence_and_nothing_is_saved(client, fair):
    await login(client, "exhibitor")
    booth = fair.booths[0]
    other_product = fair.products[fair.exhibitors[1].id][0]
    event = fair.event
    await refused(
        client,
        fair,
        booth,
        "revenue",
        "không được âm",
        **day_form(fair.today, revenue="-1.250.000"),
    )
    await refused(
        client,
        fair,
        booth,
        "revenue",
        "1.000.000.000\u00a0₫",
        **day_form(fair.today, revenue="1.000.000.000"),
    )
    await refused(
        client,
        fair,
        booth,
        "day",
        "không phải là ngày của hội chợ",
        **day_form(event.end_date + dt.timedelta(days=5), revenue="100000"),
    )
    await refused(
        client, fair, booth, "day", "chưa tới", **day_form(event.end_date, revenue="100000")
    )
    await refused(
        client,
        fair,
        booth,
        "units",
        "không được trưng bày",
        **day_form(fair.today, revenue="100000", **{f"units-{other_product.id}": "3"}),
    )
    await refused(
        client,
        fair,
        booth,
        "revenue",
        "nhập số tiền bằng đồng",
        **day_form(fair.today, revenue="nhiều lắm"),
    )
    assert not await SalesRecord.filter(assignment__booth_id=booth.id).exists()


async def test_revenue_above_the_ceiling_is_saved_once_confirmed(client, fair):
    await login(client, "exhibitor")
    booth = fair.booths[0]
    page = await client.post(
        f"/sales/booths/{booth.id}", data=day_form(fair.today, revenue="250.000.000")
    )
    assert page.status_code == 422
    assert 'name="confirm_high"' in page.text
    assert not await SalesRecord.exists(assignment_id=booth.id)
    confirmed = await client.post(
        f"/sales/booths/{booth.id}",
        data=day_form(fair.today, revenue="250.000.000", confirm_high="1"),
    )
    assert confirmed.status_code == 303
    assert (await SalesRecord.get(assignment_id=booth.id)).revenue == 250_000_000
    # The ceiling is the event's: raised, the same amount passes without a question.
    await SalesSettings.create(event=fair.event, revenue_ceiling=300_000_000)
    again = await client.post(
        f"/sales/booths/{booth.id}",
        data=day_form(fair.today - dt.timedelta(days=1), revenue="260.000.000"),
    )
    assert again.status_code == 303


async def test_another_exhibitors_booth_is_forbidden(client, fair):
    await login(client, "exhibitor")
    theirs = fair.booths[1]
    assert (await client.get(f"/sales/booths/{theirs.id}")).status_code == 403
    response = await client.post(
        f"/sales/booths/{theirs.id}", data=day_form(fair.today, revenue="100000")
    )
    assert response.status_code == 403
    assert not await SalesRecord.exists()
    assert (await client.get(f"/events/{fair.event.id}/sales")).status_code == 403


async def test_organizer_enters_for_an_exhibitor_and_official_only_reads(
    client, other_client, fair
):
    await login(client, "organizer")
    booth = fair.booths[1]
    response = await client.post(
        f"/sales/booths/{booth.id}", data=day_form(fair.today, revenue="500000", units_total="9")
    )
    assert response.status_code == 422  # booth 1 shows products: units go per product
    noodles = fair.products[fair.exhibitors[1].id][0]
    response = await client.post(
        f"/sales/booths/{booth.id}",
        data=day_form(fair.today, revenue="500000", **{f"units-{noodles.id}": "9"}),
    )
    assert response.status_code == 303
    record = await SalesRecord.get(assignment_id=booth.id)
    assert record.entered_by_id == fair.users["organizer"].id
    await login(other_client, "official")
    page = await other_client.get(f"/sales/booths/{booth.id}")
    assert page.status_code == 200 and "500.000" in page.text and 'name="revenue"' not in page.text
    assert (
        await other_client.post(f"/sales/booths/{booth.id}", data=day_form(fair.today, revenue="1"))
    ).status_code == 403
