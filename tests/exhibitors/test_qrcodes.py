"""QR codes decoded by an independent decoder (zxing-cpp) from what a browser draws."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import zxingcpp
from PIL import Image

from tests.factories import make_exhibitor, make_product, make_user
from tests.login import login

SVG = re.compile(r"<svg class=\"qr\".*?</svg>", re.S)


async def decode_svgs(browser, html: str) -> list[str]:
    """Draw each inline QR SVG of a page in Chromium, screenshot it, and decode the PNG."""
    found = []
    page = await browser.new_page(viewport={"width": 400, "height": 400})
    try:
        for svg in SVG.findall(html):
            sized = svg.replace("<svg ", '<svg width="300" height="300" ', 1)
            await page.set_content(
                '<body style="margin:0;background:#fff"><div style="width:300px;height:300px">'
                f"{sized}</div></body>"
            )
            png = await page.locator("div").screenshot()
            results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
            assert len(results) == 1, "one QR code per SVG"
            assert results[0].format == zxingcpp.BarcodeFormat.QRCode
            found.append(results[0].text)
    finally:
        await page.close()
    return found


async def test_product_qr_opens_its_public_page(client, places, browser):
    producer = await make_exhibitor(
        "HTX Miến dong Bình Liêu", places["BL"], phone="0912345678", email="bimat@htx.vn"
    )
    product = await make_product(
        producer, "Miến dong Bình Liêu", stars=4, traceability_url="https://qn.check.net.vn/mien"
    )
    page = await client.get(f"/p/{product.id}")
    assert page.status_code == 200
    assert await decode_svgs(browser, page.text) == [f"http://testserver/p/{product.id}"]
    for text in ("Miến dong Bình Liêu", "Bình Liêu", "123/QĐ-UBND", "qn.check.net.vn/mien", "★★★★"):
        assert text in page.text
    assert "0912345678" not in page.text and "bimat@htx.vn" not in page.text
    image = await client.get(f"/p/{product.id}/qr.svg")
    assert image.headers["content-type"].startswith("image/svg+xml")
    assert await decode_svgs(browser, image.text) == [f"http://testserver/p/{product.id}"]
    assert (await client.get(f"/p/{product.id + 1000}")).status_code == 404


async def _event_with_two_exhibitors(places):
    from booths.models import AssignmentKind, Booth, BoothAssignment
    from events.models import Event, EventKind, EventLevel, Venue, VenueKind

    venue = await Venue.create(name="Trung tâm Hội chợ Hạ Long", kind=VenueKind.EXHIBITION_GROUND)
    event = await Event.create(
        name="Tuần hàng OCOP",
        kind=EventKind.PROVINCIAL_FAIR,
        level=EventLevel.PROVINCIAL,
        venue=venue,
        start_date=dt.date(2026, 12, 1),
        end_date=dt.date(2026, 12, 5),
    )
    people = []
    for code, name in (("A01", "HTX Chè Đường Hoa"), ("A02", "Công ty Nước khoáng Quang Hanh")):
        producer = await make_exhibitor(name, places["HL"])
        await make_product(producer, f"Sản phẩm của {name}", stars=5)
        booth = await Booth.create(event=event, code=code)
        await BoothAssignment.create(
            booth=booth, active_booth=booth.id, exhibitor=producer, kind=AssignmentKind.ASSIGNED
        )
        people.append(producer)
    released = await make_exhibitor("HTX Đã rút", places["HL"])
    gone = await Booth.create(event=event, code="Z99")
    await BoothAssignment.create(
        booth=gone, active_booth=None, exhibitor=released, kind=AssignmentKind.ASSIGNED
    )
    return event, people


@pytest.mark.parametrize("sheet", ["placards", "badges"])
async def test_event_sheets_carry_a_qr_per_exhibitor(client, places, browser, sheet):
    event, people = await _event_with_two_exhibitors(places)
    await make_user("organizer")
    await login(client, "organizer")
    page = await client.get(f"/events/{event.id}/{sheet}")
    assert page.status_code == 200
    assert "A01" in page.text and "A02" in page.text and "HTX Đã rút" not in page.text
    assert await decode_svgs(browser, page.text) == [f"http://testserver/e/{p.id}" for p in people]
    if sheet == "placards":
        assert "Sản phẩm của HTX Chè Đường Hoa" in page.text and "★★★★★" in page.text
    public = await client.get(f"/e/{people[0].id}")
    assert public.status_code == 200 and "Sản phẩm của HTX Chè Đường Hoa" in public.text


async def test_print_sheets_are_for_organizers(client, places):
    event, people = await _event_with_two_exhibitors(places)
    assert (await client.get(f"/events/{event.id}/placards")).status_code == 401
    await make_user("exhibitor", "htx", exhibitor_id=people[0].id)
    await login(client, "htx")
    assert (await client.get(f"/events/{event.id}/badges")).status_code == 403
    badge = await client.get(f"/exhibitors/{people[0].id}/badge")
    assert badge.status_code == 200 and "HTX Chè Đường Hoa" in badge.text
    assert (await client.get(f"/exhibitors/{people[1].id}/badge")).status_code == 403
