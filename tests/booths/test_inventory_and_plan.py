"""Booth inventory and the floor plan: blocks, bad input, copying, SVG, print, query counts."""

from __future__ import annotations

from booths import booking
from booths.inventory import BlockSpec, create_block
from booths.models import Booth, BoothType
from tests.factories import make_event, make_producer_user, make_user
from tests.login import login
from tests.queries import count_queries


async def _organizer(client):
    await make_user("organizer")
    await login(client, "organizer")


async def test_a_block_is_made_in_one_step_and_bad_blocks_change_nothing(client):
    event = await make_event()
    await _organizer(client)
    url = f"/events/{event.id}/booths/blocks"
    ok = await client.post(
        url,
        data={
            "rows": 2,
            "columns": 5,
            "zone": "Thực phẩm",
            "booth_type": "standard",
            "prefix": "A",
            "aisle": 2,
        },
    )
    assert ok.status_code == 303
    codes = await Booth.filter(event=event).order_by("code").values_list("code", flat=True)
    assert codes == [f"A{n:02d}" for n in range(1, 11)]
    for rows, columns in ((0, 5), (100, 100)):
        bad = await client.post(url, data={"rows": rows, "columns": columns, "prefix": "B"})
        assert bad.status_code == 422
        assert ("ít nhất một hàng" in bad.text) if rows == 0 else ("tối đa 1000" in bad.text)
    overlap = await client.post(url, data={"rows": 1, "columns": 2, "prefix": "C", "x": 3})
    assert overlap.status_code == 422 and "chồng lên" in overlap.text
    dup = await client.post(url, data={"rows": 1, "columns": 1, "prefix": "A", "y": 50})
    assert dup.status_code == 422 and "A01" in dup.text
    api = await client.post(
        f"/api/v1/events/{event.id}/booths/blocks", json={"rows": 10000, "columns": 1}
    )
    assert api.status_code == 422 and "rows" in api.json()["fields"]
    assert await Booth.filter(event=event).count() == 10


async def test_edit_block_and_remove_single_booths_but_never_an_assigned_one(client):
    event = await make_event(booths=3)
    user, exhibitor, _ = await make_producer_user("HTX Giữ chỗ")
    a01, a02, a03 = await Booth.filter(event=event).order_by("code")
    await booking.hold_booth(event, a01.id, exhibitor, user)
    await _organizer(client)
    assert (await client.post(f"/booths/{a01.id}/remove")).status_code == 409
    assert (
        await client.post(f"/booths/{a01.id}/blocked", data={"blocked": "1"})
    ).status_code == 409
    moved = await client.post(
        f"/booths/{a02.id}/edit",
        data={
            "code": "A02",
            "zone": "A",
            "booth_type": "corner",
            "fee": "1.500.000",
            "x": 4,
            "y": 0,
            "width": 3,
            "height": 3,
        },
    )
    assert moved.status_code == 422 and "chồng lên" in moved.text and "A03" in moved.text
    ok = await client.post(
        f"/booths/{a02.id}/edit",
        data={
            "code": "A02",
            "zone": "A",
            "booth_type": "corner",
            "fee": "1.500.000",
            "x": 40,
            "y": 0,
            "width": 3,
            "height": 3,
        },
    )
    assert ok.status_code == 303
    a02 = await Booth.get(id=a02.id)
    assert (a02.x, a02.fee, a02.booth_type) == (40, 1500000, BoothType.CORNER)
    assert (
        await client.post(f"/booths/{a03.id}/blocked", data={"blocked": "1"})
    ).status_code == 303
    assert (await Booth.get(id=a03.id)).blocked
    assert (await client.post(f"/booths/{a02.id}/remove")).status_code == 303
    assert not await Booth.exists(id=a02.id)


async def test_copy_layout_from_an_earlier_event(client):
    old = await make_event("Hội chợ 2025", booths=12, columns=6)
    new = await make_event("Hội chợ 2026")
    await _organizer(client)
    r = await client.post(f"/events/{new.id}/booths/copy", data={"source": old.id})
    assert r.status_code == 303
    assert await Booth.filter(event=new).count() == 12
    again = await client.post(f"/events/{new.id}/booths/copy", data={"source": old.id})
    assert again.status_code == 422 and await Booth.filter(event=new).count() == 12


async def test_floor_plan_svg_states_legend_fragment_and_print(client):
    event = await make_event(booths=6, columns=3)
    user, exhibitor, _ = await make_producer_user("HTX Hạ Long")
    booths = await Booth.filter(event=event).order_by("code")
    await booking.hold_booth(event, booths[0].id, exhibitor, user)
    await Booth.filter(id=booths[5].id).update(blocked=True)
    await _organizer(client)
    page = await client.get(f"/events/{event.id}/booths")
    assert page.status_code == 200
    html = page.text
    assert "<svg" in html and html.count('class="booth st-') == 6
    assert "st-held" in html and "st-blocked" in html and html.count("st-free") >= 4
    assert f'hx-get="/booths/{booths[0].id}"' in html and 'hx-target="#booth-detail"' in html
    assert "Chú giải" in html and "Còn trống" in html
    zones = await client.get(f"/events/{event.id}/booths?color=zone")
    assert 'class="floorplan color-zone"' in zones.text
    fragment = await client.get(f"/booths/{booths[0].id}", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "HTX Hạ Long" in fragment.text and "Xác nhận gian hàng" in fragment.text
    printed = await client.get(f"/events/{event.id}/booths/print?paper=a3")
    assert "paper-a3" in printed.text and printed.text.count("HTX Hạ Long") >= 2


async def test_floor_plan_queries_do_not_grow_with_booths(client):
    small = await make_event("Nhỏ", booths=50)
    big = await make_event("Lớn", booths=500, columns=25, zone="B")
    user, exhibitor, _ = await make_producer_user("HTX Đặt chỗ")
    for event in (small, big):
        first = await Booth.filter(event=event).first()
        await booking.hold_booth(event, first.id, exhibitor, user)
    await _organizer(client)
    counts = []
    for event in (small, big):
        with count_queries() as counter:
            response = await client.get(f"/events/{event.id}/booths")
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


async def test_exhibitor_sees_plan_without_other_producers_names(client):
    event = await make_event(booths=2)
    u1, e1, _ = await make_producer_user("HTX Bí Mật")
    u2, _e2, _ = await make_producer_user("HTX Khác")
    first = await Booth.filter(event=event).first()
    await booking.hold_booth(event, first.id, e1, u1)
    await login(client, u2.username)
    page = await client.get(f"/events/{event.id}/booths")
    assert page.status_code == 200 and "HTX Bí Mật" not in page.text
    detail = await client.get(f"/booths/{first.id}")
    assert "HTX Bí Mật" not in detail.text
    api = await client.get(f"/api/v1/events/{event.id}/booths")
    assert all(b["exhibitor"] is None for b in api.json()["items"])


async def test_block_helper_numbers_and_places_booths():
    spec = BlockSpec(2, 3, "A", BoothType.DOUBLE, "KV-", 9, 1, 1, 2)
    booths = spec.booths()
    assert [c for c, _r in booths] == ["KV-09", "KV-10", "KV-11", "KV-12", "KV-13", "KV-14"]
    assert booths[1][1].x == 7 and booths[3][1].y == 6
    assert create_block  # the database step is exercised through the pages above
