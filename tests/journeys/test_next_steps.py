"""Issue 16 in plain HTTP (fast, both databases): each page shows the next step in the words
of the person on it. The browser journeys walk the same ways; these pin the words down."""

from __future__ import annotations

import datetime as dt

from booths import applications
from booths.allocation_summary import percent
from booths.models import AllocationRun, AssignmentKind, Booth, BoothAssignment, RunKind
from events.models import AllocationMode, EventStatus
from exhibitors.models import ProductChange
from ocopfair.i18n import language, local_today
from tests.factories import make_event, make_locality, make_producer, make_product, make_user
from tests.login import login


async def test_event_page_tells_a_producer_what_it_can_apply_with(client):
    exhibitor, products = await make_producer("HTX Miến dong", expiry_days=400)
    await make_product(exhibitor, "Rượu men lá", certificate_expiry=None)
    await make_product(exhibitor, "Chè cũ", certificate_expiry=local_today())
    await ProductChange.create(exhibitor=exhibitor, changes={"name": "Bánh mới"})
    await make_user("exhibitor", exhibitor_id=exhibitor.id)
    event = await make_event(
        mode=AllocationMode.APPLICATION,
        application_deadline=local_today() + dt.timedelta(days=9),
        booth_fees={"standard": 1500000},
    )
    await login(client, "exhibitor")
    page = (await client.get(f"/events/{event.id}/public")).text
    deadline = (local_today() + dt.timedelta(days=9)).strftime("%d/%m/%Y")
    assert "Tham gia với tư cách chủ thể" in page and deadline in page
    assert "1.500.000" in page
    assert "1 sản phẩm của bạn đủ điều kiện trưng bày" in page
    assert "Rượu men lá: chưa có giấy chứng nhận OCOP trong hồ sơ" in page
    assert "Chè cũ: giấy chứng nhận OCOP hết hạn ngày" in page
    assert "1 sản phẩm mới đang chờ cơ quan duyệt" in page
    assert f'href="/events/{event.id}/apply"' in page


async def test_event_page_without_a_qualifying_product_offers_no_apply_button(client):
    exhibitor, _ = await make_producer("HTX Nấm", expiry_days=1)
    await make_user("exhibitor", exhibitor_id=exhibitor.id)
    event = await make_event(mode=AllocationMode.APPLICATION)
    await login(client, "exhibitor")
    page = (await client.get(f"/events/{event.id}/public")).text
    assert "0 sản phẩm của bạn đủ điều kiện" in page
    assert "Cần ít nhất một sản phẩm" in page
    assert f'href="/events/{event.id}/apply"' not in page


async def test_event_page_for_visitors_signed_out_and_for_staff(client):
    event = await make_event(mode=AllocationMode.APPLICATION)
    page = (await client.get(f"/events/{event.id}/public")).text
    assert "Đăng nhập để đăng ký" in page
    closed = await make_event("Hội chợ nháp", status=EventStatus.DRAFT, is_public=True)
    await make_user("organizer")
    await login(client, "organizer")
    assert (
        "Tham gia với tư cách chủ thể" not in (await client.get(f"/events/{event.id}/public")).text
    )
    assert (
        "Tham gia với tư cách chủ thể" not in (await client.get(f"/events/{closed.id}/public")).text
    )


async def test_exhibitor_home_lists_open_events_by_deadline(client):
    exhibitor, _ = await make_producer("HTX Miến dong")
    await make_user("exhibitor", exhibitor_id=exhibitor.id)
    today = local_today()
    late = await make_event("Hội chợ hạn muộn", application_deadline=today + dt.timedelta(days=20))
    soon = await make_event(
        "Hội chợ hạn sớm", days_ahead=50, application_deadline=today + dt.timedelta(days=3)
    )
    await make_event("Hội chợ đã hết hạn", application_deadline=today - dt.timedelta(days=1))
    await login(client, "exhibitor")
    page = (await client.get("/")).text
    assert page.index(soon.name) < page.index(late.name)
    assert "Hội chợ đã hết hạn" not in page
    assert f'href="/events/{soon.id}/public#take-part"' in page


async def test_organizer_home_puts_decisions_before_drafts(client):
    await make_user("organizer")
    exhibitor, products = await make_producer("HTX Miến dong")
    event = await make_event("Hội chợ mở", mode=AllocationMode.APPLICATION, booths=1)
    await make_event("Tuần hàng nháp", status=EventStatus.DRAFT)
    form = {"products": [products[0].id], "booths_wanted": "1"}
    await applications.apply(event, exhibitor, form, None, today=local_today())
    await ProductChange.create(exhibitor=exhibitor, changes={"name": "Bánh mới"})
    booth = await Booth.get(event_id=event.id)
    await BoothAssignment.create(
        booth=booth,
        active_booth=booth.id,
        exhibitor=exhibitor,
        kind=AssignmentKind.HOLD,
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=2),
    )
    await login(client, "organizer")
    page = (await client.get("/")).text
    decisions = page.index("Việc chờ bạn quyết định")
    assert decisions < page.index("1 đơn đăng ký chờ quyết định") < page.index("Bản nháp cần")
    assert decisions < page.index("1 thay đổi sản phẩm chờ duyệt") < page.index("Bản nháp cần")
    assert decisions < page.index("giữ chỗ đến") < page.index("Tuần hàng nháp")


async def test_status_buttons_say_what_they_do(client):
    await make_user("organizer")
    event = await make_event(status=EventStatus.DRAFT)
    await login(client, "organizer")
    page = (await client.get(f"/events/{event.id}")).text
    assert ">Mở nhận đăng ký</button>" in page and ">Hủy sự kiện</button>" in page
    assert ">Đang nhận đăng ký</button>" not in page and ">Đã hủy</button>" not in page


async def test_allocation_preview_speaks_plain_words_and_asks_before_committing(client):
    await make_user("organizer")
    event = await make_event(mode=AllocationMode.APPLICATION, booths=3)
    for name in ("HTX A", "HTX B"):
        exhibitor, products = await make_producer(name, ethnic_minority=name == "HTX A")
        form = {"products": [products[0].id], "booths_wanted": "1"}
        app = await applications.apply(event, exhibitor, form, None, today=local_today())
        await app.__class__.filter(id=app.id).update(status="approved")
    await login(client, "organizer")
    preview = await client.post(f"/events/{event.id}/allocation/preview")
    assert preview.status_code == 303
    run = await AllocationRun.get(event_id=event.id, kind=RunKind.EVENT)
    page = (await client.get(f"/events/{event.id}/allocation")).text
    assert "mọi chủ thể đủ điều kiện đều có ít nhất 1 gian hàng" in page
    assert "50 % gian hàng cho chủ thể khó khăn (1/2)" in page
    assert "Đây là kết quả tốt nhất có thể theo các quy tắc này." in page
    assert "mục tiêu" not in page and "cận trên" not in page
    assert page.index('id="preview"') < page.index("Quy tắc phân bổ")
    # The commit button is inside a confirmation that says what will happen.
    confirm = page[page.index('<details class="confirm">') :]
    assert "2 gian hàng sẽ được phân" in confirm
    assert f'action="/allocation/{run.id}/commit"' in confirm


def test_percent_has_a_vietnamese_decimal_comma():
    with language("vi"):
        assert percent(1, 3) == "33,3"
        assert percent(8, 25) == "32"
        assert percent(0, 0) == "0"
    with language("en"):
        assert percent(1, 3) == "33.3"


async def test_local_office_home_counts_only_its_own_producers_to_endorse(client):
    here = await make_locality("BL", "Bình Liêu")
    there = await make_locality("HL", "Hạ Long")
    await make_user("organizer", "vp_binh_lieu", locality_id=here.id)
    event = await make_event(mode=AllocationMode.APPLICATION)
    for name, locality in (("HTX A", here), ("HTX B", there), ("HTX C", there)):
        exhibitor, products = await make_producer(name, locality=locality)
        form = {"products": [products[0].id], "booths_wanted": "1"}
        await applications.apply(event, exhibitor, form, None, today=local_today())
    await login(client, "vp_binh_lieu")
    page = (await client.get("/")).text
    assert "1 đơn đăng ký chờ quyết định" in page
    assert "3 đơn đăng ký chờ quyết định" not in page
