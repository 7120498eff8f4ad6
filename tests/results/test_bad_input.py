"""Issue 15's bad input in the results workbook: a clear sentence per row and cell, nothing
saved; and the page journey (template, upload, preview, confirm)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from booths.models import Booth, BoothAssignment
from exhibitors.models import ExhibitorStatus
from ocopfair.errors import BadRequest, Invalid
from ocopfair.i18n import local_today
from results import importing, workbook
from results.workbook import BOOTHS, COLUMNS, INFO, SALES, VISITORS
from sales.models import SalesRecord
from tests.factories import make_producer, make_user
from tests.login import login
from tests.results.fair import make_past_fair, workbook_of
from visitors.models import GateCount


def _book(event_id, booths=(), visitors=(), sales=()) -> bytes:
    book = Workbook()
    info = book.active
    info.title = INFO
    info.append(["Mã sự kiện", event_id])
    for name, rows in ((BOOTHS, booths), (VISITORS, visitors), (SALES, sales)):
        sheet = book.create_sheet(name)
        sheet.append([h for _k, h in COLUMNS[name]])
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_every_bad_cell_gets_its_sentence_and_nothing_is_saved(db):
    fair = await make_past_fair(booths=3, gates=1, days=2)
    user = await make_user("organizer")
    p0, p1, p2 = fair.producers
    suspended, _x = await make_producer("HTX Tạm dừng", status=ExhibitorStatus.SUSPENDED)
    day = fair.days[0]
    other = fair.products[p1.id][0].name
    data = _book(
        fair.event.id,
        booths=[
            ["A1", "", "", p0.tax_code, "", fair.products[p0.id][0].name],
            ["A1", "", "", p1.tax_code, "", ""],  # the same code twice
            ["A2", "", "", "", "HTX Không có thật"],  # not in the registry
            ["A3", "", "", p2.tax_code, "", other],  # another producer's product
            ["A4", "", "", "", "HTX Tạm dừng"],  # suspended
        ],
        visitors=[
            [day.replace(year=day.year - 1), "Cổng 1", 9, 10, 5],  # outside the event
            [day, "Cổng 1", 10, -4, 2],  # negative
            [day, "Cổng 1", 11, "nhiều", 2],  # not a number
        ],
        sales=[
            ["A1", day, "1.250.000", 3],  # fine: 1,250,000
            ["A1", fair.days[1], "1,25", 3],  # never 1.25
            ["A1", fair.days[1], 1.25, 3],  # a fraction
            ["A1", day, "=B2*2", 1],  # formula (and the booth-day twice)
        ],
    )
    _kept, plan = await importing.upload(fair.event, user, "x.xlsx", data)
    errors = {(r.sheet, r.number): r.errors for r in plan.rows if r.errors}
    assert "dòng 2" in errors[(BOOTHS, 3)]["Mã gian hàng"]
    assert "HTX Không có thật" in errors[(BOOTHS, 4)]["Tên chủ thể"]
    assert p2.name in errors[(BOOTHS, 5)]["Sản phẩm"]
    assert "tạm dừng" in errors[(BOOTHS, 6)]["Tên chủ thể"]
    assert "không phải là ngày" in errors[(VISITORS, 2)]["Ngày"]
    assert "Lượt vào" in errors[(VISITORS, 3)] and "Lượt vào" in errors[(VISITORS, 4)]
    assert (SALES, 2) not in errors
    assert "Doanh thu (đồng)" in errors[(SALES, 3)] and "Doanh thu (đồng)" in errors[(SALES, 4)]
    assert "công thức" in errors[(SALES, 5)]["Doanh thu (đồng)"]
    with pytest.raises(Invalid):
        await importing.confirm(_kept, user, "lý do", today=local_today())
    assert not await BoothAssignment.exists() and not await SalesRecord.exists()
    assert not await Booth.filter(code="A1").exists() and not await GateCount.exists()


async def test_thousands_are_read_the_vietnamese_way_both_with_dots_and_commas(db):
    fair = await make_past_fair(booths=1, gates=1, days=2)
    user = await make_user("organizer")
    p0 = fair.producers[0]
    data = _book(
        fair.event.id,
        booths=[["A1", "", "", p0.tax_code]],
        sales=[["A1", fair.days[0], "1.250.000"], ["A1", fair.days[1], "1,250,000"]],
    )
    kept, plan = await importing.upload(fair.event, user, "x.xlsx", data)
    assert plan.error_count == 0
    await importing.confirm(kept, user, "lý do", today=local_today())
    assert [r.revenue for r in await SalesRecord.all().order_by("day")] == [1_250_000, 1_250_000]


async def test_a_file_of_another_event_and_a_broken_workbook_are_refused(db):
    fair = await make_past_fair(booths=1, gates=1, days=1)
    user = await make_user("organizer")
    _kept, plan = await importing.upload(fair.event, user, "x.xlsx", _book(fair.event.id + 99))
    assert plan.error_count == 1 and "sự kiện khác" in plan.event_error
    with pytest.raises(BadRequest) as broken:
        await importing.upload(fair.event, user, "x.xlsx", workbook_of(fair)[:3000])
    assert "hỏng" in broken.value.message
    book = Workbook()
    book.active.title = INFO
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(BadRequest) as half:
        await importing.upload(fair.event, user, "x.xlsx", out.getvalue())
    assert "Gian hàng" in half.value.message


async def test_after_the_entry_window_confirming_needs_a_reason(db):
    fair = await make_past_fair(booths=2, gates=1, days=1)
    user = await make_user("organizer")
    kept, _plan = await importing.upload(fair.event, user, "x.xlsx", workbook_of(fair))
    with pytest.raises(Invalid) as exc:
        await importing.confirm(kept, user, "", today=local_today())
    assert "reason" in exc.value.fields
    assert not await SalesRecord.exists()


async def test_an_organizer_imports_through_the_pages(client):
    fair = await make_past_fair(booths=5, gates=2, days=2)
    await make_user("organizer")
    await login(client, "organizer")
    tab = await client.get(f"/events/{fair.event.id}")
    assert f"/events/{fair.event.id}/results" in tab.text  # the event's "Results" tab
    template = await client.get(f"/events/{fair.event.id}/results/template.xlsx")
    assert template.status_code == 200
    assert workbook.read(template.content).event_id == fair.event.id
    sent = await client.post(
        f"/events/{fair.event.id}/results",
        files={"file": ("ket-qua.xlsx", workbook_of(fair), "application/octet-stream")},
    )
    assert sent.status_code == 303
    preview = await client.get(sent.headers["location"])
    assert preview.status_code == 200 and "Nhập tất cả" in preview.text
    done = await client.post(sent.headers["location"] + "/confirm", data={"reason": "Số liệu giấy"})
    assert done.status_code == 303
    assert await SalesRecord.filter(source="imported").count() == 10


async def test_a_booth_held_or_assigned_to_another_producer_is_refused_an_expired_hold_is_not(db):
    import datetime as dt

    from booths import booking

    fair = await make_past_fair(booths=2, gates=1, days=1)
    user = await make_user("organizer")
    p0, p1 = fair.producers
    booths = await Booth.bulk_create(
        [Booth(event_id=fair.event.id, code=c, x=3 * n) for n, c in enumerate(("H1", "H2"))]
    )
    booths = await Booth.filter(event_id=fair.event.id).order_by("code")
    held = await BoothAssignment.create(
        booth_id=booths[0].id,
        active_booth=booths[0].id,
        exhibitor_id=p1.id,
        kind="hold",
        expires_at=booking.now_utc() + dt.timedelta(hours=1),
    )
    await BoothAssignment.create(
        booth_id=booths[1].id,
        active_booth=booths[1].id,
        exhibitor_id=p1.id,
        kind="hold",
        expires_at=booking.now_utc() - dt.timedelta(hours=1),
    )
    data = _book(
        fair.event.id,
        booths=[["H1", "", "", p0.tax_code], ["H2", "", "", p0.tax_code]],
    )
    _kept, plan = await importing.upload(fair.event, user, "x.xlsx", data)
    errors = {r.number: r.errors for r in plan.rows if r.errors}
    assert list(errors) == [2] and p1.name in errors[2]["Mã gian hàng"]
    await BoothAssignment.filter(id=held.id).update(active_booth=None)
    kept, plan = await importing.upload(fair.event, user, "x.xlsx", data)
    assert plan.error_count == 0
    await importing.confirm(kept, user, "giấy", today=local_today())
    assert await BoothAssignment.filter(exhibitor_id=p0.id, active_booth__isnull=False).count() == 2
