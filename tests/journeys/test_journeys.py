"""Issue 16: one journey per role in a real Chromium, from the login page by clicks and typing
only (no page.goto after signing in), each page checked by axe-core at 390×844 and 1280×800.

What another role does between two steps (a producer applying, an organizer deciding) is
written straight to the database with the factories: each journey is one person's way.
"""

from __future__ import annotations

import datetime as dt
import re

from booths import applications
from booths.models import ApplicationStatus, BoothApplication, BoothAssignment
from events import programmes
from events.models import AllocationMode, Event, EventStatus, Programme
from ocopfair.i18n import local_today
from ocopfair.models import PartnerOrganisation
from sales.models import SalesRecord
from tests.browser import watched_page
from tests.factories import (
    make_event,
    make_fair,
    make_gate,
    make_locality,
    make_producer,
    make_product,
    make_sale,
    make_user,
    make_venue,
)
from tests.journeys.walk import Walk
from visitors.models import GateCount


async def test_organizer_plans_a_fair_decides_and_allocates(db, browser, live_server):
    await make_user("organizer", full_name="Phạm Thu Hà")
    await make_event("Hội chợ cũ", booths=0, status=EventStatus.FINISHED, days_ahead=-60)
    async with watched_page(browser) as page:
        walk = Walk(page, live_server.url)
        await walk.log_in("organizer")
        await walk.menu("Sự kiện")
        await walk.click("main a[href='/events/new']")
        start = local_today() + dt.timedelta(days=40)
        await page.fill("#f-name", "Hội chợ OCOP mùa xuân")
        await page.select_option("#f-venue_id", label="Cung Quy hoạch")
        await page.fill("#f-start_date", start.strftime("%d/%m/%Y"))
        await page.fill("#f-end_date", (start + dt.timedelta(days=4)).strftime("%d/%m/%Y"))
        deadline = start - dt.timedelta(days=10)
        await page.fill("#f-application_deadline", deadline.strftime("%d/%m/%Y"))
        await page.fill("#f-booth_fees\\.standard", "1.500.000")
        await walk.click("#event-form button[type=submit]")
        assert re.search(r"/events/\d+$", page.url), page.url
        event = await Event.get(name="Hội chợ OCOP mùa xuân")
        assert event.allocation_mode == AllocationMode.APPLICATION

        await walk.click(page.locator("nav.tabs").get_by_role("link", name="Gian hàng"))
        await page.fill("#f-rows", "1")
        await page.fill("#f-columns", "4")
        await walk.button("Thêm gian hàng")
        assert await page.locator("svg.floorplan a.booth").count() == 4

        await walk.click(page.locator("nav.tabs").get_by_role("link", name="Tổng quan"))
        assert await page.get_by_role("button", name="Đang nhận đăng ký").count() == 0
        await walk.button("Mở nhận đăng ký")
        event = await Event.get(id=event.id)
        assert event.status == EventStatus.OPEN

        # Two producers apply (their own journey is the exhibitor's test).
        for name in ("HTX Miến dong Bình Liêu", "HTX Chè Đường Hoa"):
            exhibitor, products = await make_producer(name, expiry_days=400)
            form = {"products": [products[0].id], "booths_wanted": "1"}
            await applications.apply(event, exhibitor, form, None, today=local_today())

        await walk.menu("Trang chủ")
        decisions = page.locator("section").filter(has_text="Việc chờ bạn quyết định")
        await walk.click(decisions.get_by_role("link", name="2 đơn đăng ký chờ quyết định"))
        for _ in range(2):
            await walk.click(page.get_by_role("button", name="Duyệt", exact=True))
        approved = await BoothApplication.filter(
            event_id=event.id, status=ApplicationStatus.APPROVED
        ).count()
        assert approved == 2

        await walk.click(page.locator("nav.tabs").get_by_role("link", name="Gian hàng"))
        await walk.button("Phân bổ")
        await walk.button("Tính bản xem trước")
        preview = await page.inner_text("#preview")
        assert "mọi chủ thể đủ điều kiện đều có ít nhất 1 gian hàng" in preview
        assert "Đây là kết quả tốt nhất có thể theo các quy tắc này." in preview
        assert "giá trị mục tiêu" not in preview and "cận trên" not in preview
        # Committing asks once more: the first click only opens the confirmation.
        await page.get_by_text("Xác nhận kết quả phân bổ này").click()
        assert await BoothAssignment.filter(booth__event_id=event.id).count() == 0
        assert "2 gian hàng sẽ được phân" in await page.inner_text(".confirm-box")
        await walk.button("Đồng ý, phân các gian hàng này")
        active = BoothAssignment.filter(booth__event_id=event.id, active_booth__isnull=False)
        assert await active.count() == 2
        assert "Đã phân bổ 2 gian hàng." in await page.inner_text(".flash")
    walk.done()


async def test_local_office_endorses_its_producers_application(db, browser, live_server):
    locality = await make_locality("BL", "Bình Liêu")
    await make_user("organizer", "vp_binh_lieu", locality_id=locality.id, full_name="Lục Văn An")
    event = await make_event(booths=4, mode=AllocationMode.APPLICATION)
    exhibitor, products = await make_producer("HTX Miến dong Bình Liêu", locality=locality)
    form = {"products": [products[0].id], "booths_wanted": "1"}
    application = await applications.apply(event, exhibitor, form, None, today=local_today())
    async with watched_page(browser) as page:
        walk = Walk(page, live_server.url)
        await walk.log_in("vp_binh_lieu")
        await walk.click(page.get_by_role("link", name="1 đơn đăng ký chờ quyết định"))
        await page.fill(f"#reason-{application.id}", "Chủ thể đủ điều kiện")
        await walk.click(page.get_by_role("button", name="Đề xuất", exact=True))
        assert (await BoothApplication.get(id=application.id)).status == "endorsed"
        assert "Địa phương đã đề xuất" in await page.inner_text("main table")
        # On the phone each application is a card: no column hides to the right.
        assert await walk.width_overflow("main .table-wrap") == 0
        assert await walk.width_overflow("nav.tabs") == 0  # the current tab in full view
    walk.done()


async def test_exhibitor_applies_from_the_event_page_sees_its_booth_and_enters_sales(
    db, browser, live_server
):
    fair = await make_fair(booths=2)  # running today: the "exhibitor" account has a booth
    exhibitor = fair.exhibitors[0]
    await make_product(exhibitor, "Rượu men lá", certificate_expiry=None)
    spring = await make_event(
        "Hội chợ OCOP mùa xuân",
        booths=4,
        mode=AllocationMode.APPLICATION,
        days_ahead=60,
        application_deadline=local_today() + dt.timedelta(days=20),
        booth_fees={"standard": 1500000},
    )
    async with watched_page(browser) as page:
        walk = Walk(page, live_server.url)
        await walk.log_in("exhibitor")
        open_events = page.locator("section").filter(has_text="Sự kiện đang nhận đăng ký")
        await walk.click(open_events.get_by_role("link", name="Xem và đăng ký"))
        section = await page.inner_text("#take-part")
        assert "1.500.000" in section and "Hạn đăng ký" in section
        assert "Rượu men lá: chưa có giấy chứng nhận OCOP trong hồ sơ" in section
        await walk.button("Đăng ký gian hàng")
        await page.locator("input[name=products]").first.check()
        await walk.button("Gửi đơn đăng ký")
        application = await BoothApplication.get(event_id=spring.id, exhibitor_id=exhibitor.id)

        # The office approves and gives booth A02 (the organizer's journey).
        booth = await spring.booths.all().order_by("code").offset(1).first()
        assert booth is not None
        await BoothApplication.filter(id=application.id).update(status="allocated")
        await BoothAssignment.create(
            booth=booth,
            active_booth=booth.id,
            exhibitor=exhibitor,
            kind="assigned",
            application=application,
        )
        await walk.click("a.brand")
        mine = page.locator("li").filter(has_text=spring.name).filter(has_text=booth.code)
        await walk.click(mine.get_by_role("link", name="Xem gian hàng của tôi trên sơ đồ"))
        own = page.locator("svg.floorplan a.booth.own")
        assert await own.count() == 1 and await own.get_attribute("data-code") == booth.code

        await walk.click("a.brand")
        await walk.button("Nhập doanh số hôm nay")
        if await page.locator("#f-revenue").count() == 0:  # several booths: pick today's fair
            await walk.click(page.get_by_role("link", name=re.compile(fair.event.name)))
        await page.fill("#f-revenue", "1.250.000")
        await walk.click("#sales-entry button[type=submit]")
        record = await SalesRecord.get(assignment__exhibitor_id=exhibitor.id, day=fair.today)
        assert record.revenue == 1_250_000
    walk.done()


async def test_exhibitor_whose_products_are_all_uncertified_sees_why_before_applying(
    db, browser, live_server
):
    exhibitor, products = await make_producer("HTX Nấm", expiry_days=5)
    await make_user("exhibitor", "nam", exhibitor_id=exhibitor.id)
    event = await make_event("Hội chợ OCOP mùa hè", booths=2, mode=AllocationMode.APPLICATION)
    async with watched_page(browser) as page:
        walk = Walk(page, live_server.url)
        await walk.log_in("nam")
        await walk.click(page.get_by_role("link", name="Xem và đăng ký"))
        section = await page.inner_text("#take-part")
        assert "0 sản phẩm của bạn đủ điều kiện" in section
        assert f"{products[0].name}: giấy chứng nhận OCOP hết hạn ngày" in section
        assert "Cần ít nhất một sản phẩm" in section
        assert await page.get_by_role("link", name="Đăng ký gian hàng").count() == 0
    assert await BoothApplication.filter(event_id=event.id).count() == 0
    walk.done()


async def test_gate_staff_counts_and_undoes(db, browser, live_server):
    event = await make_event(days_ahead=-1, status=EventStatus.RUNNING)
    staff = await make_user("gate_staff", "cong_a", full_name="Trần Văn Dũng")
    gate = await make_gate(event, "Cổng A", staff=[staff])
    async with watched_page(browser) as page:
        walk = Walk(page, live_server.url)
        await walk.log_in("cong_a")
        await walk.button("Bắt đầu đếm khách")
        inside = page.locator(".tally-in")
        await inside.locator("button[data-delta='1']").click()
        await inside.locator("button[data-delta='5']").click()
        await page.locator("button[data-action='undo']").click()  # takes back the +5
        await page.wait_for_function(
            "() => document.querySelector('[data-field=\"pending\"]').textContent.trim() === '0'"
        )
        await page.wait_for_function(
            "() => document.querySelector('[data-field=\"gate_in\"]').textContent.trim() === '1'"
        )
        await walk.arrive()
    rows = await GateCount.filter(gate=gate).values_list("count", flat=True)
    assert sum(rows) == 1
    walk.done()


async def test_official_opens_the_report_and_downloads_the_workbook(db, browser, live_server):
    fair = await make_fair(booths=3)
    for n, assignment in enumerate(fair.booths):
        await make_sale(assignment, fair.today - dt.timedelta(days=1), 2_500_000 + n, 10)
    async with watched_page(browser) as page:
        walk = Walk(page, live_server.url)
        await walk.log_in("official")
        await walk.click(page.get_by_role("link", name=fair.event.name))
        assert "7.500.003" in await page.inner_text("main")
        async with page.expect_download() as info:
            await page.get_by_role("link", name="Excel (.xlsx)").first.click()
        download = await info.value
        path = await download.path()
        with open(path, "rb") as workbook:
            assert workbook.read(2) == b"PK"  # an .xlsx is a zip
    walk.done()


async def test_partner_proposes_a_weekly_series_and_runs_it_once_confirmed(
    db, browser, live_server
):
    org = await PartnerOrganisation.create(name="Chuỗi siêu thị Hạ Long")
    await make_user("partner", "sieuthi", partner_id=org.id)
    await make_venue("Siêu thị Hạ Long")
    first = local_today() + dt.timedelta(days=30)
    async with watched_page(browser) as page:
        walk = Walk(page, live_server.url)
        await walk.log_in("sieuthi")
        await walk.button("Đề xuất chương trình")
        await page.fill("#f-name", "Kết nối cung cầu cuối tuần")
        await page.select_option("#f-venue_id", label="Siêu thị Hạ Long")
        await page.select_option("#f-shape", "weekly")
        # Only the weekly series' date fields show once it is chosen (CSS :has, no script).
        assert not await page.locator("#f-end_date").is_visible()
        assert not await page.locator("#f-session_dates").is_visible()
        await page.fill("#f-start_date", first.strftime("%d/%m/%Y"))
        await page.fill("#f-weeks", "3")
        await page.fill("#f-session_days", "2")
        await walk.button("Gửi để xác nhận")
        assert "chuỗi 3 phiên" in await page.inner_text("main")
        assert await page.locator("ol.sessions li").count() == 3
        programme = await Programme.get(name="Kết nối cung cầu cuối tuần")
        # The province confirms it (the organizer's own way is another journey).
        organizer = await make_user("organizer")
        await programmes.confirm(organizer, programme)
        await walk.menu("Trang chủ")
        await walk.click(page.get_by_role("link", name="Kết nối cung cầu cuối tuần"))
        await walk.click(page.get_by_role("link", name=first.strftime("%d/%m/%Y"), exact=False))
        assert re.search(r"/events/\d+$", page.url), page.url
        assert "(1/3)" in await page.inner_text("main")
    sessions = await Event.filter(owner_partner_id=org.id).order_by("start_date")
    assert [e.start_date for e in sessions] == [first + dt.timedelta(weeks=w) for w in range(3)]
    walk.done()


async def test_signed_out_phone_menu_opens_from_the_keyboard_and_log_in_is_readable(
    db, browser, live_server
):
    await make_event("Hội chợ OCOP mùa xuân", mode=AllocationMode.APPLICATION)
    async with watched_page(browser) as page:
        await page.goto(live_server.url + "/")
        for _ in range(6):  # brand, then the menu: a real control, reachable with Tab
            await page.keyboard.press("Tab")
            if await page.evaluate("document.activeElement.id") == "menu-toggle":
                break
        assert await page.evaluate("document.activeElement.id") == "menu-toggle"
        assert not await page.locator("nav.mainnav").is_visible()
        await page.keyboard.press("Space")
        assert await page.locator("nav.mainnav").is_visible()
        log_in = page.locator("header a.button", has_text="Đăng nhập")
        assert await log_in.is_visible()
        colours = await log_in.evaluate(
            "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"
        )
        assert colours[0] != colours[1], colours  # not white on white
        walk = Walk(page, live_server.url)
        await walk.click(log_in)
        assert page.url.endswith("/login")
    walk.done()
