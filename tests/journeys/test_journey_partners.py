"""Issue 20 item 3: an administrator, from the home page, opens Quản trị → Tổ chức đối tác,
adds an organisation and invites an account for it; the code sheet shows its one-time code.
Same rules as test_journeys.py: the login page, then clicks and typing only; axe-core on every
page at 390×844 and 1280×800."""

from __future__ import annotations

from ocopfair.models import PartnerOrganisation, Role, User
from office.invitations import NO_PASSWORD
from tests.browser import watched_page
from tests.factories import make_user
from tests.journeys.walk import Walk


async def test_admin_adds_a_partner_organisation_and_invites_its_account(db, browser, live_server):
    await make_user("admin", "quantri", full_name="Nguyễn Quản Trị")
    await PartnerOrganisation.create(name="Hiệp hội Chè")
    async with watched_page(browser) as page:
        walk = Walk(page, live_server.url)
        await walk.log_in("quantri")
        await walk.menu("Quản trị")
        await walk.button("Tổ chức đối tác")
        assert "Hiệp hội Chè" in await page.locator("main table").inner_text()

        # An empty name is refused next to the field, then the organisation is added.
        await page.click("#partner-form button[type=submit]")
        await page.wait_for_selector("#e-name")
        assert "Hãy nhập tên tổ chức." in await page.locator("#e-name").inner_text()
        await walk.arrive()
        await page.fill("#f-name", "Siêu thị Hạ Long")
        await page.fill("#f-description", "Chuỗi siêu thị")
        await walk.click("#partner-form button[type=submit]")
        assert "Siêu thị Hạ Long" in await page.locator("h1").inner_text()

        await page.fill("#f-username", "sieuthi")
        await page.fill("#f-full_name", "Chị Lan")
        await walk.click(page.get_by_role("button", name="Mời", exact=True))
        assert "sieuthi" in await page.locator(".invite-card").inner_text()
        assert await page.locator(".invite-card .code").count() == 1
        await walk.click(page.get_by_role("link", name="Siêu thị Hạ Long"))
        assert "Đã mời" in await page.locator("main table").inner_text()
    org = await PartnerOrganisation.get(name="Siêu thị Hạ Long")
    person = await User.get(username="sieuthi")
    assert (person.role, person.partner_id, person.password_hash) == (
        Role.PARTNER,
        org.id,
        NO_PASSWORD,
    )
    walk.done()
