"""Venues imported from CSV/XLSX like localities: preview, all or nothing, each bad row named."""

from __future__ import annotations

import html
import io

from openpyxl import Workbook

from events.models import Venue, VenueKind
from ocopfair.models import AuditEntry
from tests.factories import make_locality, make_user, make_venue
from tests.login import login

CSV = (
    "Tên,Địa chỉ,Địa phương,Loại,Sức chứa\n"
    "Cung Quy hoạch Hội chợ,Phường Hồng Gai,HL,Trung tâm triển lãm,5000\n"
    "Siêu thị Go! Hạ Long,Phường Bãi Cháy,Hạ Long,Siêu thị,\n"
    "Quảng trường 30/10,,Hạ Long,quảng trường,\n"
    "Điểm OCOP Móng Cái,,MC,Điểm giới thiệu sản phẩm,\n"
    "Khu lễ hội Yên Tử,,,Khu lễ hội,\n"
)


def rows_of(page: str) -> str:
    return html.unescape(page.split('name="rows" value="')[1].split('"')[0])


async def test_organizer_imports_venues_with_a_preview(client):
    await make_locality("HL", "Hạ Long")
    await make_locality("MC", "Móng Cái")
    await make_user("organizer")
    await login(client, "organizer")
    assert "Nhập địa điểm từ tệp" in (await client.get("/venues")).text
    preview = await client.post("/venues/import", files={"file": ("v.csv", CSV.encode())})
    assert preview.status_code == 200 and "5 địa điểm mới" in preview.text
    assert not await Venue.exists()
    done = await client.post("/venues/import/confirm", data={"rows": rows_of(preview.text)})
    assert done.status_code == 303
    kinds = {v.name: v.kind for v in await Venue.all()}
    assert kinds["Cung Quy hoạch Hội chợ"] == VenueKind.EXHIBITION_GROUND
    assert kinds["Điểm OCOP Móng Cái"] == VenueKind.SHOWROOM
    assert kinds["Khu lễ hội Yên Tử"] == VenueKind.FESTIVAL_GROUND
    assert (await Venue.get(name="Cung Quy hoạch Hội chợ")).capacity == 5000
    assert await AuditEntry.filter(action="venue.import").exists()
    again = await client.post("/venues/import", files={"file": ("v.csv", CSV.encode())})
    assert "0 địa điểm mới, 5 đã có" in again.text


async def test_bad_venue_rows_import_nothing(client):
    await make_locality("HL", "Hạ Long")
    await make_user("organizer")
    await login(client, "organizer")
    bad = (
        "Tên,Địa phương,Loại\n"
        "Nhà văn hoá,Hạ Long,Sân vận động\n"
        ",Hạ Long,Siêu thị\n"
        "Chợ đêm,Nơi không có,Khác\n"
        "Chợ phiên,Hạ Long,Khác\n"
        "chợ PHIÊN,Hạ Long,Khác\n"
    )
    preview = await client.post("/venues/import", files={"file": ("v.csv", bad.encode())})
    assert preview.status_code == 422
    for sentence in (
        "Không rõ loại “Sân vận động”.",
        "Tên đang để trống.",
        "Không có địa phương đang dùng nào tên “Nơi không có”.",
        "Trùng tên với dòng 5.",
    ):
        assert sentence in preview.text
    assert not await Venue.exists()


async def test_excel_and_api_import(client):
    await make_locality("HL", "Hạ Long")
    await make_venue("Big C Hạ Long")
    await make_user("organizer")
    await login(client, "organizer")
    book = Workbook()
    book.active.append(["Tên", "Loại"])
    book.active.append(["Sân khấu ngoài trời", "Khác"])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = await client.post("/venues/import", files={"file": ("v.xlsx", buffer.getvalue())})
    assert "1 địa điểm mới" in preview.text
    api = await client.post(
        "/api/v1/venues/import",
        json={"rows": [{"name": "Siêu thị WinMart", "kind": "supermarket", "locality": "HL"}]},
    )
    assert api.status_code == 201 and api.json()["added"] == 1
    refused = await client.post("/api/v1/venues/import", json={"rows": [{"name": "", "kind": "x"}]})
    assert refused.status_code == 422 and refused.json()["rows"][0]["action"] == "error"
    assert await Venue.all().count() == 2


async def test_officials_cannot_import(client):
    await make_user("official")
    await login(client, "official")
    response = await client.post("/venues/import", files={"file": ("v.csv", CSV.encode())})
    assert response.status_code == 403
