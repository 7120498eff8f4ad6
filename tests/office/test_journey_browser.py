"""From an empty database to a planned fair, in a real browser on a phone, by clicking.

The first administrator sets the province up, imports the localities, makes an organizer and
a local office; the organizer imports the registry, invites the producers and plans a fair; a
producer redeems its code and signs in. No command line, no demo data. Runs on SQLite and
PostgreSQL, each on a database of its own built by `ocopfair migrate` alone (the committed
migrations, not the models), with screenshots of the new pages in var/screens/.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from pathlib import Path

import asyncpg
import pytest_asyncio

from tests.browser import watched_page
from tests.live_server import app_env, run_cli, start_server, stop_server

SCREENS = Path(os.environ.get("OCOPFAIR_SCREENS", Path(__file__).parents[2] / "var" / "screens"))
LOCALITIES = (
    "Mã,Tên,Tên tiếng Anh,Loại\n"
    "P-HG,Phường Hồng Gai,Hong Gai,Phường\n"
    "X-BL,Xã Bình Liêu,Binh Lieu,Xã\n"
    "DK-VD,Đặc khu Vân Đồn,Van Don,Đặc khu\n"
)
REGISTRY = (
    "Tên chủ thể,Loại hình,Mã số thuế,Địa phương,Tên sản phẩm,Nhóm sản phẩm,Số sao\n"
    "HTX Miến dong Bình Liêu,Hợp tác xã,5700100001,Xã Bình Liêu,Miến dong Bình Liêu,Thực phẩm,4\n"
    "Công ty CP Chả mực Hạ Long,Doanh nghiệp,5700100002,Phường Hồng Gai,"
    "Chả mực Hạ Long,Thực phẩm,5\n"
)


@pytest_asyncio.fixture
async def migrated(backend, tmp_path):
    """A server on a new, empty database that only `ocopfair migrate` has touched; yields
    (base URL, a function running one SQL query on that database)."""
    if backend.name == "sqlite":
        url = f"sqlite://{tmp_path / 'journey.sqlite3'}"
    else:
        admin = await asyncpg.connect(backend.url)
        await admin.execute("DROP DATABASE IF EXISTS ocopfair_journey")
        await admin.execute("CREATE DATABASE ocopfair_journey")
        url = backend.url.rsplit("/", 1)[0] + "/ocopfair_journey"
    run_cli(app_env(url), "migrate")
    server = start_server(url)

    async def query(sql: str) -> list:
        if backend.name == "sqlite":
            with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
                return conn.execute(sql).fetchall()
        conn = await asyncpg.connect(url)
        try:
            return [tuple(r) for r in await conn.fetch(sql)]
        finally:
            await conn.close()

    try:
        yield server.url, query
    finally:
        stop_server(server)
        if backend.name != "sqlite":
            await admin.execute("DROP DATABASE IF EXISTS ocopfair_journey")
            await admin.close()


async def shot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


async def go(page, href: str) -> None:
    """Click a link of the main menu (opening it first on a phone); an administrator's
    settings are one click further, under "Quản trị"."""
    link = page.locator(f'nav.mainnav a[href="{href}"]')
    if not await link.count():
        await go(page, "/admin")
        await page.click(f'main a[href="{href}"]')
        await page.wait_for_load_state("networkidle")
        return
    if not await link.is_visible():
        await page.click("label.menu-button")
    await link.click()
    await page.wait_for_load_state("networkidle")


async def submit(page, selector: str = "main button[type=submit].primary") -> None:
    await page.click(selector)
    await page.wait_for_load_state("networkidle")


async def log_out(page) -> None:
    button = page.locator("header form[action='/logout'] button")
    if not await button.is_visible():
        await page.click("label.menu-button")
    await button.click()
    await page.wait_for_load_state("networkidle")


async def log_in(page, base: str, username: str, password: str) -> None:
    await page.goto(base + "/login")
    await page.fill("#f-username", username)
    await page.fill("#f-password", password)
    await submit(page)


async def set_up_province(page, base: str, size: str = "phone") -> None:
    await page.goto(base + "/")
    assert page.url.endswith("/setup")
    await shot(page, f"setup-{size}")
    for field, value in {
        "name": "Lạng Sơn",
        "short_name": "LS",
        "agency": "Văn phòng Điều phối OCOP tỉnh Lạng Sơn",
        "full_name": "Hoàng Văn Bình",
        "username": "binh",
        "password": "quan-tri-vien-1",
        "password_again": "quan-tri-vien-1",
    }.items():
        await page.fill(f"#f-{field}", value)
    await submit(page)
    assert page.url.endswith("/setup/next")
    assert "OCOP Lạng Sơn" in await page.title()
    await shot(page, f"next-steps-{size}")


async def import_localities(page, tmp_path: Path, size: str = "phone") -> None:
    await page.click("main a[href='/localities']")
    await page.click("main a[href='/localities/import']")
    file = tmp_path / "don-vi.csv"
    file.write_text(LOCALITIES, encoding="utf-8")
    await page.set_input_files("#f-file", str(file))
    await page.click("main form button[type=submit]")
    await page.wait_for_load_state("networkidle")
    await shot(page, f"localities-preview-{size}")
    await submit(page)
    assert "Đã thêm 3 đơn vị." in await page.content()
    await shot(page, f"localities-{size}")


async def create_account(page, username: str, locality: str | None = None) -> None:
    await page.fill("#f-username", username)
    await page.fill("#f-full_name", f"Người dùng {username}")
    await page.select_option("#f-role", "organizer")
    await page.fill("#f-password", "mat-khau-dai-1")
    if locality:
        await page.select_option("#f-locality_id", label=locality)
    async with page.expect_navigation():  # HX-Redirect to the list
        await page.click("#user-form button[type=submit]")
    await page.wait_for_load_state("networkidle")
    await page.wait_for_selector(f"text=Đã tạo người dùng {username}")


async def organizer_imports_and_invites(page, tmp_path: Path, query) -> tuple[str, str]:
    await go(page, "/exhibitors")
    await page.click("main a[href='/exhibitors/import']")
    file = tmp_path / "chu-the.csv"
    file.write_text(REGISTRY, encoding="utf-8")
    await page.set_input_files("#f-file", str(file))
    await submit(page)
    await submit(page, "form.confirm-bar button[type=submit]")
    assert await query("SELECT count(*) FROM exhibitor") == [(2,)]

    await go(page, "/invitations")
    await shot(page, "invitations-phone")
    await page.click("button[name=all]")
    await page.wait_for_load_state("networkidle")
    await shot(page, "invitation-sheet-phone")
    text = await page.content()
    codes = re.findall(r'<span class="code">([^<]+)</span>', text)
    names = re.findall(r"<strong>([^<]+)</strong>", text)
    assert len(codes) == 2 and text.count("<svg") == 2
    return codes[0], names[0]


async def organizer_plans_a_fair(page) -> None:
    await go(page, "/venues")
    await page.fill("#f-name", "Quảng trường Đông Kinh")
    await page.select_option("#f-kind", "square")
    async with page.expect_navigation():  # htmx answers with HX-Redirect: a new page
        await page.click("#venue-form button[type=submit]")
    await page.wait_for_load_state("networkidle")
    await go(page, "/events")
    await page.click("main a[href='/events/new']")
    start = dt.date.today() + dt.timedelta(days=40)
    await page.fill("#f-name", "Hội chợ OCOP Lạng Sơn mùa thu")
    await page.select_option("#f-venue_id", label="Quảng trường Đông Kinh")
    await page.fill("#f-start_date", start.strftime("%d/%m/%Y"))
    await page.fill("#f-end_date", (start + dt.timedelta(days=4)).strftime("%d/%m/%Y"))
    await page.click("#event-form button[type=submit]")
    await page.wait_for_url(re.compile(r"/events/\d+$"))


async def test_from_an_empty_database_to_a_planned_fair(migrated, browser, tmp_path):
    base, query = migrated
    async with watched_page(browser) as page:
        await set_up_province(page, base)
        await import_localities(page, tmp_path)
        await go(page, "/admin/users")
        await create_account(page, "to_chuc")
        await create_account(page, "vp_binh_lieu", locality="Xã Bình Liêu")
        await shot(page, "users-phone")
        await log_out(page)

        await log_in(page, base, "to_chuc", "mat-khau-dai-1")
        code, username = await organizer_imports_and_invites(page, tmp_path, query)
        await organizer_plans_a_fair(page)
        await log_out(page)

    async with watched_page(browser) as producer:  # another phone: the producer's
        await producer.goto(base + f"/welcome/{code}")  # what its QR code opens
        await shot(producer, "welcome-phone")
        await producer.fill("#f-password", "chu-the-mat-khau")
        await producer.fill("#f-password_again", "chu-the-mat-khau")
        await submit(producer)
        assert "Chào mừng!" in await producer.content()
        await log_out(producer)
        await log_in(producer, base, username, "chu-the-mat-khau")
        assert "/login" not in producer.url

    assert await query("SELECT name FROM provinceprofile") == [("Lạng Sơn",)]
    assert await query("SELECT count(*) FROM locality") == [(3,)]
    assert await query(
        'SELECT u.role, l.name FROM "user" u JOIN locality l ON l.id = u.locality_id'
    ) == [("organizer", "Xã Bình Liêu")]
    assert await query(
        "SELECT count(*) FROM event WHERE name = 'Hội chợ OCOP Lạng Sơn mùa thu'"
    ) == [(1,)]
    assert await query(
        f"SELECT role, exhibitor_id IS NOT NULL FROM \"user\" WHERE username = '{username}'"
    ) in ([("exhibitor", True)], [("exhibitor", 1)])


async def test_new_pages_on_a_desktop(migrated, browser, tmp_path):
    """The same first steps at 1280×800, for the screenshots."""
    base, query = migrated
    async with watched_page(browser, 1280, 800) as page:
        await set_up_province(page, base, "desktop")
        await import_localities(page, tmp_path, "desktop")
        await go(page, "/admin/users")
        await shot(page, "users-desktop")
        assert "binh" in await page.inner_text("main")  # the first administrator is listed
    assert await query("SELECT count(*) FROM locality") == [(3,)]
