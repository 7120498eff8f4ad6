"""Localities as data: add, rename, retire, merge, import — and every bad input refused."""

from __future__ import annotations

import asyncio
import io
import json

import httpx2 as httpx
from openpyxl import Workbook

from events.models import Event
from exhibitors.models import Exhibitor
from ocopfair.models import AuditEntry, Locality, LocalityKind, User
from tests.factories import make_event, make_exhibitor, make_locality, make_user, make_venue
from tests.login import login


async def as_admin(client) -> User:
    admin = await make_user("admin")
    await login(client, "admin")
    return admin


async def post(client, path: str, **data) -> httpx.Response:
    return await client.post(path, data=data)


async def test_admin_adds_a_unit_and_a_folded_duplicate_is_refused(client):
    await as_admin(client)
    added = await post(client, "/localities", code="HL", name="Hạ Long", kind="city")
    assert added.status_code == 303
    again = await post(client, "/localities", code="HL2", name="  ha  LONG ", kind="ward")
    assert again.status_code == 422
    assert "“Hạ Long” (HL) đã có tên này." in again.text
    assert await Locality.all().count() == 1
    assert await AuditEntry.filter(action="locality.create").count() == 1


async def test_bad_unit_fields_are_named_each_at_its_field(client):
    await as_admin(client)
    response = await post(client, "/localities", code="too long code", name="", kind="planet")
    assert response.status_code == 422
    assert "Mã gồm 1 đến 8 chữ cái hoặc chữ số" in response.text
    assert "Trường này là bắt buộc." in response.text
    assert "Chọn loại đơn vị" in response.text
    assert not await Locality.exists()


async def test_two_offices_adding_the_same_name_at_once_make_one_unit(db, app):
    await make_user("admin")
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as one,
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as two,
    ):
        await login(one, "admin")
        await login(two, "admin")
        answers = await asyncio.gather(
            post(one, "/localities", code="A1", name="Phường Hồng Gai", kind="ward"),
            post(two, "/localities", code="A2", name="phuong hong gai", kind="ward"),
        )
    assert sorted(r.status_code for r in answers) == [303, 422]
    assert await Locality.all().count() == 1


async def test_rename_checks_folding_and_is_audited(client):
    await as_admin(client)
    ha_long = await make_locality("HL", "Hạ Long")
    cam_pha = await make_locality("CP", "Cẩm Phả")
    refused = await post(client, f"/localities/{cam_pha.id}", name="HA LONG", name_en="")
    assert refused.status_code == 422 and "đã có tên này" in refused.text
    done = await post(client, f"/localities/{ha_long.id}", name="Phường Hạ Long", name_en="Ha Long")
    assert done.status_code == 303
    assert (await Locality.get(id=ha_long.id)).name == "Phường Hạ Long"
    entry = await AuditEntry.get(action="locality.rename")
    assert entry.before["name"] == "Hạ Long" and entry.after["name"] == "Phường Hạ Long"


async def test_a_unit_with_producers_cannot_be_retired_only_merged(client):
    await as_admin(client)
    bound = await make_locality("BL", "Bình Liêu", LocalityKind.DISTRICT)
    await make_exhibitor(locality=bound)
    refused = await post(client, f"/localities/{bound.id}/retire")
    assert refused.status_code == 422 and "Hãy gộp đơn vị này" in refused.text
    assert (await Locality.get(id=bound.id)).retired_on is None

    empty = await make_locality("XX", "Đơn vị cũ", LocalityKind.DISTRICT)
    assert (await post(client, f"/localities/{empty.id}/retire")).status_code == 303
    assert (await Locality.get(id=empty.id)).retired_on is not None
    # Its name is free again for a new unit.
    assert (
        await post(client, "/localities", code="YY", name="Đơn vị cũ", kind="ward")
    ).status_code == 303


async def test_merge_moves_the_living_and_keeps_the_past(client):
    admin = await as_admin(client)
    old_a = await make_locality("HB", "Hoành Bồ", LocalityKind.DISTRICT)
    old_b = await make_locality("HL", "Hạ Long", LocalityKind.CITY)
    new = await make_locality("P1", "Phường Hoành Bồ", LocalityKind.WARD)
    producer = await make_exhibitor(locality=old_a)
    local_office = await make_user("organizer", "hb_office", locality_id=old_a.id)
    venue = await make_venue(locality=old_b)
    past = await make_event("Hội chợ 2024", venue=venue, days_ahead=-400, locality=old_a)
    future = await make_event("Hội chợ 2027", venue=venue, days_ahead=60, locality=old_b)

    response = await client.post(
        "/localities/merge", data={"sources": [str(old_a.id), str(old_b.id)], "target": str(new.id)}
    )
    assert response.status_code == 303
    assert (await Exhibitor.get(id=producer.id)).locality_id == new.id
    assert (await User.get(id=local_office.id)).locality_id == new.id
    assert (await Event.get(id=future.id)).locality_id == new.id
    # The past event keeps the unit it had, now retired under its old name, pointing onwards.
    kept = await Event.get(id=past.id).select_related("locality")
    assert kept.locality.name == "Hoành Bồ" and kept.locality.merged_into_id == new.id
    assert kept.locality.retired_on is not None
    assert await AuditEntry.filter(action="locality.merge").count() == 2
    entry = await AuditEntry.get(action="locality.merge", object_id=str(old_a.id))
    assert entry.user_id == admin.id and entry.after["producers"] == [producer.id]
    listing = await client.get("/localities")
    assert "Đã gộp vào Phường Hoành Bồ" in listing.text


async def test_merge_into_itself_or_into_a_retired_unit_is_refused(client):
    await as_admin(client)
    one = await make_locality("A", "Xã Một", LocalityKind.COMMUNE)
    two = await make_locality("B", "Xã Hai", LocalityKind.COMMUNE)
    gone = await make_locality("C", "Xã Cũ", LocalityKind.COMMUNE)
    await post(client, f"/localities/{gone.id}/retire")
    producer = await make_exhibitor(locality=one)

    itself = await client.post(
        "/localities/merge", data={"sources": [str(one.id)], "target": str(one.id)}
    )
    assert itself.status_code == 422 and "Không thể gộp một đơn vị vào chính nó." in itself.text
    retired = await client.post(
        "/localities/merge", data={"sources": [str(one.id), str(two.id)], "target": str(gone.id)}
    )
    assert retired.status_code == 422 and "đã thôi sử dụng" in retired.text
    assert (await Exhibitor.get(id=producer.id)).locality_id == one.id
    assert await Locality.filter(retired_on=None).count() == 2


CSV = (
    "Mã,Tên,Tên tiếng Anh,Loại\n"
    "HL,Hạ Long,Ha Long,Thành phố\n"
    "MC,Móng Cái,Mong Cai,Thành phố\n"
    "VD,Vân Đồn,Van Don,Đặc khu\n"
)


async def upload(client, content: bytes, name: str = "units.csv") -> httpx.Response:
    return await client.post("/localities/import", files={"file": (name, content)})


def confirm_rows(page: str) -> str:
    import html

    return html.unescape(page.split('name="rows" value="')[1].split('"')[0])


async def test_import_previews_then_adds_every_row(client):
    await as_admin(client)
    preview = await upload(client, CSV.encode())
    assert preview.status_code == 200
    assert "3 đơn vị mới" in preview.text and not await Locality.exists()
    done = await client.post(
        "/localities/import/confirm", data={"rows": confirm_rows(preview.text)}
    )
    assert done.status_code == 303
    units = {u.code: u for u in await Locality.all()}
    assert set(units) == {"HL", "MC", "VD"}
    assert units["VD"].kind == LocalityKind.SPECIAL_ZONE and units["HL"].name_en == "Ha Long"
    # The same file again: every row is already there, nothing new.
    again = await upload(client, CSV.encode())
    assert "0 đơn vị mới, 3 đã có" in again.text


async def test_import_of_an_excel_file(client):
    await as_admin(client)
    book = Workbook()
    sheet = book.active
    sheet.append(["Danh sách đơn vị hành chính"])
    sheet.append(["Mã", "Tên", "Loại"])
    sheet.append(["P1", "Phường Bãi Cháy", "Phường"])
    sheet.append(["X1", "Xã Đông Ngũ", "xã"])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = await upload(client, buffer.getvalue(), "units.xlsx")
    assert preview.status_code == 200 and "2 đơn vị mới" in preview.text
    await client.post("/localities/import/confirm", data={"rows": confirm_rows(preview.text)})
    assert {u.kind for u in await Locality.all()} == {LocalityKind.WARD, LocalityKind.COMMUNE}


async def test_a_list_with_duplicate_or_empty_names_imports_nothing(client):
    await as_admin(client)
    await make_locality("CP", "Cẩm Phả")
    bad = "Mã,Tên,Loại\nA1,Xã Một,Xã\nA2,xa mot,Xã\nA3,,Xã\nA1,Xã Ba,Xã\nA4,CẨM PHẢ,Phường\n"
    preview = await upload(client, bad.encode())
    assert preview.status_code == 422
    text = preview.text
    assert "Trùng tên với dòng 2." in text
    assert "Tên đang để trống." in text
    assert "Trùng mã với dòng 2." in text
    assert "“Cẩm Phả” (CP) đã có tên này." in text
    assert 'name="rows"' not in text  # no confirm button
    # Posting the rows anyway (a forged confirm) still saves nothing.
    rows = json.dumps(
        [
            {"_n": 2, "code": "A1", "name": "Xã Một", "kind": "Xã"},
            {"_n": 3, "code": "A2", "name": "xa mot", "kind": "Xã"},
        ]
    )
    forced = await client.post("/localities/import/confirm", data={"rows": rows})
    assert forced.status_code == 422
    assert await Locality.all().count() == 1


async def test_unreadable_files_are_refused_with_a_sentence(client):
    await as_admin(client)
    assert "Tệp trống" in (await upload(client, b"")).text
    no_header = await upload(client, b"a,b\n1,2\n")
    assert no_header.status_code == 400 and "Không tìm thấy dòng tiêu đề" in no_header.text
    broken = await upload(client, b"PK\x03\x04garbage", "x.xlsx")
    assert broken.status_code == 400


async def test_the_api_adds_renames_merges_and_imports(client):
    await as_admin(client)
    created = await client.post(
        "/api/v1/localities", json={"code": "HL", "name": "Hạ Long", "kind": "city"}
    )
    assert created.status_code == 201
    duplicate = await client.post(
        "/api/v1/localities", json={"code": "H2", "name": "HẠ LONG", "kind": "ward"}
    )
    assert duplicate.status_code == 422 and "name" in duplicate.json()["fields"]
    dry = await client.post(
        "/api/v1/localities/import",
        json={"rows": [{"code": "W1", "name": "Phường Hà Tu", "kind": "ward"}], "dry_run": True},
    )
    assert dry.status_code == 200 and dry.json()["rows"][0]["action"] == "add"
    assert not await Locality.exists(code="W1")
    imported = await client.post(
        "/api/v1/localities/import",
        json={"rows": [{"code": "W1", "name": "Phường Hà Tu", "kind": "ward"}]},
    )
    assert imported.status_code == 201 and imported.json()["added"] == 1
    ward = await Locality.get(code="W1")
    hl = await Locality.get(code="HL")
    merged = await client.post(
        "/api/v1/localities/merge", json={"sources": [hl.id], "target": ward.id}
    )
    assert merged.status_code == 200 and merged.json()["merged"][0]["merged_into_id"] == ward.id
    itself = await client.post(
        "/api/v1/localities/merge", json={"sources": [ward.id], "target": ward.id}
    )
    assert itself.status_code == 422 and "target" in itself.json()["fields"]
    listed = (await client.get("/api/v1/localities")).json()["items"]
    assert {r["code"]: r["merged_into_id"] for r in listed} == {"HL": ward.id, "W1": None}


async def test_readers_see_the_list_but_cannot_change_it(client):
    await make_user("organizer")
    await login(client, "organizer")
    assert (await client.get("/localities")).status_code == 200
    assert (await post(client, "/localities", code="A", name="B", kind="ward")).status_code == 403
