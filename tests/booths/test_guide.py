"""The visitor's fair guide: public, searchable without diacritics, each producer on the floor
plan with its products and listings, opens counted per producer with no visitor data."""

from __future__ import annotations

import asyncio

from booths.models import Booth, GuideOpen
from events.models import EventStatus
from exhibitors.models import ListingFloor, ProductListing
from tests.factories import (
    add_booths,
    assign_booth,
    make_event,
    make_exhibitor,
    make_product,
    make_user,
)
from tests.login import login
from tests.queries import count_queries


async def _fair_with_honey():
    event = await make_event("Lễ hội Cam Vân Đồn", days_ahead=-1, status=EventStatus.RUNNING)
    await add_booths(event, 4)
    honey = await make_exhibitor("HTX Ong mật Bình Liêu")
    product = await make_product(honey, "Mật ong rừng Bình Liêu", 4)
    await ProductListing.create(
        product=product, floor=ListingFloor.SHOPEE, link="https://shopee.vn/mat-ong-binh-lieu"
    )
    booth = await Booth.create(event=event, code="B07", zone="B", x=12, y=4)
    await assign_booth(booth, honey)
    return event, honey


async def test_the_guide_finds_a_producer_without_diacritics(db, client):
    event, honey = await _fair_with_honey()
    response = await client.get(f"/events/{event.id}/guide", params={"q": "mat ong"})
    assert response.status_code == 200
    assert "HTX Ong mật Bình Liêu" in response.text
    assert "HTX số 000" not in response.text
    assert "B07" in response.text
    everything = await client.get(f"/events/{event.id}/guide")
    assert "HTX số 003" in everything.text and "HTX Ong mật Bình Liêu" in everything.text
    nothing = await client.get(f"/events/{event.id}/guide", params={"q": "đường phèn"})
    assert "HTX Ong mật" not in nothing.text and "HTX số 001" not in nothing.text
    assert '<script src="/static/vendor/htmx' not in everything.text


async def test_a_producer_opens_on_the_plan_with_its_booth_and_listings(db, client):
    event, honey = await _fair_with_honey()
    response = await client.get(f"/events/{event.id}/guide/{honey.id}")
    assert response.status_code == 200
    assert response.text.count('class="on"') == 1
    assert "https://shopee.vn/mat-ong-binh-lieu" in response.text
    assert "Mật ong rừng Bình Liêu" in response.text
    assert "<h1>HTX Ong mật Bình Liêu</h1>" in response.text
    assert response.headers.get("X-Offline-Shell") == "1"


async def test_opens_are_counted_once_each_even_at_once(db, client, other_client):
    event, honey = await _fair_with_honey()
    path = f"/events/{event.id}/guide/{honey.id}"
    answers = await asyncio.gather(*(c.get(path) for c in (client, other_client, client)))
    assert [a.status_code for a in answers] == [200, 200, 200]
    row = await GuideOpen.get(event_id=event.id, exhibitor_id=honey.id)
    assert row.opens == 3


async def test_a_producer_without_a_booth_there_is_not_found_and_not_counted(db, client):
    event, _honey = await _fair_with_honey()
    stranger = await make_exhibitor("HTX Không tham gia")
    response = await client.get(f"/events/{event.id}/guide/{stranger.id}")
    assert response.status_code == 404
    assert await GuideOpen.filter(exhibitor_id=stranger.id).count() == 0


async def test_a_draft_event_has_no_public_guide(db, client):
    event = await make_event(status=EventStatus.DRAFT)
    assert (await client.get(f"/events/{event.id}/guide")).status_code == 404


async def test_the_exhibitor_sees_how_many_looked_it_up(db, client, other_client):
    event, honey = await _fair_with_honey()
    for _ in range(2):
        await other_client.get(f"/events/{event.id}/guide/{honey.id}")
    await make_user("exhibitor", "honey", exhibitor_id=honey.id)
    await login(client, "honey")
    page = await client.get(f"/exhibitors/{honey.id}")
    assert page.status_code == 200
    assert "Lễ hội Cam Vân Đồn" in page.text
    assert "2 lượt mở" in page.text or "2 opens" in page.text


async def test_the_guide_sends_the_same_queries_for_5_or_40_producers(db, client):
    event = await make_event(days_ahead=-1, status=EventStatus.RUNNING)
    await add_booths(event, 5)
    path = f"/events/{event.id}/guide"
    await client.get(path)  # the province profile is read once, first
    # A search is never kept: each of these builds the list from the database.
    with count_queries() as few:
        assert "HTX số 004" in (await client.get(path, params={"q": "htx"})).text
    await add_booths(event, 35, start=5)
    with count_queries() as many:
        assert "HTX số 039" in (await client.get(path, params={"q": "htx"})).text
    assert many.count == few.count <= 4


async def test_a_producer_page_sends_the_same_queries_for_5_or_40_booths(db, client):
    # Two events, each asked for the first time: the plan is read and drawn for each, and the
    # count does not depend on how many booths it holds.
    small = await make_event("Phiên nhỏ", days_ahead=-1, status=EventStatus.RUNNING)
    big = await make_event("Hội chợ lớn", days_ahead=-1, status=EventStatus.RUNNING)
    small_first = (await add_booths(small, 5))[0]
    big_assignments = await add_booths(big, 40, start=5)
    big_first = big_assignments[0]
    await client.get(f"/events/{small.id}/guide")  # the province profile is read once, first
    with count_queries() as few:
        answer = await client.get(f"/events/{small.id}/guide/{small_first.exhibitor_id}")
        assert answer.text.count("<rect") == 5 + 1  # the plan, then its own booth on top
    with count_queries() as many:
        answer = await client.get(f"/events/{big.id}/guide/{big_first.exhibitor_id}")
        assert answer.text.count("<rect") == 40 + 1
    assert many.count == few.count <= 6
    # The plan is drawn once per event: the next producer's page does not read it again, and
    # still highlights its own booth.
    second = big_assignments[1]  # booth A006
    with count_queries() as kept:
        answer = await client.get(f"/events/{big.id}/guide/{second.exhibitor_id}")
    assert kept.count == many.count - 1
    assert 'class="on"' in answer.text and ">A006</text>" in answer.text


async def test_the_whole_list_is_kept_a_minute_a_search_is_fresh(db, client):
    event = await make_event(days_ahead=-1, status=EventStatus.RUNNING)
    await add_booths(event, 2)
    path = f"/events/{event.id}/guide"
    assert "HTX số 001" in (await client.get(path)).text
    await add_booths(event, 1, start=2)
    with count_queries() as kept:
        assert "HTX số 002" not in (await client.get(path)).text
    assert "HTX số 002" in (await client.get(path, params={"q": "002"})).text
    assert kept.count == 1  # the event only


async def test_organizers_print_a_gate_placard_whose_qr_code_opens_the_guide(db, client):
    event, _honey = await _fair_with_honey()
    await make_user("organizer")
    sheet_path = f"/events/{event.id}/guide-placard"
    assert (await client.get(sheet_path)).status_code in (302, 303, 401, 403)  # signed out
    await login(client, "organizer")
    placards = await client.get(f"/events/{event.id}/placards")
    assert sheet_path in placards.text  # reached from the booth placards by a click
    sheet = await client.get(sheet_path)
    assert sheet.status_code == 200
    link = f"http://testserver/events/{event.id}/guide"  # absolute, from the base URL only
    assert link in sheet.text and "<svg" in sheet.text
    assert "Lễ hội Cam Vân Đồn" in sheet.text
    assert (await client.get("/events/999999/guide-placard")).status_code == 404
