"""The main menu folds an administrator's settings into one entry, "Quản trị", whose page lists
them, so the desktop menu stays on one line; people with fewer entries see them as before."""

from __future__ import annotations

import re

from tests.factories import make_user
from tests.login import login


def menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="mainnav".*?</nav>', html, re.S)
    assert nav is not None
    return [re.sub(r"\s+", " ", a).strip() for a in re.findall(r"<a [^>]*>(.*?)</a>", nav.group(0))]


async def test_an_administrators_settings_are_one_menu_entry_with_a_page_of_them(db, client):
    await make_user("admin", "quantri", full_name="Nguyễn Minh Quân")
    await login(client, "quantri")
    entries = menu((await client.get("/")).text)
    assert "Quản trị" in entries
    for folded in ("Người dùng", "Địa phương", "Tỉnh", "Thư điện tử đã gửi"):
        assert folded not in entries
    hub = await client.get("/admin")
    assert hub.status_code == 200
    for href in ("/admin/users", "/localities", "/admin/province", "/admin/deliveries"):
        assert f'href="{href}"' in hub.text


async def test_people_without_settings_see_no_administration_entry(db, client):
    await make_user("organizer", "tochuc")
    await make_user("official", "thanhtra")
    await login(client, "tochuc")
    assert "Quản trị" not in menu((await client.get("/")).text)
    await login(client, "thanhtra")
    assert "Quản trị" not in menu((await client.get("/")).text)
    assert (await client.get("/admin")).status_code == 403
