"""Creating and editing events through the pages: every bad input is refused next to its field."""

from __future__ import annotations

import datetime as dt

import pytest

from events.models import Event, EventStatus
from ocopfair.models import AuditEntry
from tests.events.event_form import FAR, form_of
from tests.factories import make_event
from tests.login import login


async def test_organizer_creates_an_event_with_fees_and_hours(client, world):
    await login(client, "organizer")
    response = await client.post("/events", data=form_of(world["bigc"]))
    assert response.status_code == 303, response.text[:2000]
    event = await Event.get()
    assert response.headers["location"] == f"/events/{event.id}"
    assert (event.start_date, event.end_date) == (dt.date(2031, 3, 3), dt.date(2031, 3, 9))
    assert (event.opens_at, event.closes_at) == (dt.time(8), dt.time(21))
    assert event.booth_fees == {"standard": 1_500_000}
    assert event.status == EventStatus.DRAFT and event.is_public
    assert await AuditEntry.filter(action="event.create", object_id=str(event.id)).exists()
    page = await client.get(f"/events/{event.id}")
    assert page.status_code == 200
    assert "Hội chợ OCOP Quảng Ninh 2031" in page.text and "1.500.000" in page.text
    for tab in ("booths", "gates", "sales", "report"):
        assert f'href="/events/{event.id}/{tab}"' in page.text


async def test_free_booths_drop_the_fees(client, world):
    await login(client, "organizer")
    await client.post("/events", data=form_of(world["bigc"], booths_free="1"))
    event = await Event.get()
    assert event.booths_free and event.booth_fees == {}


BAD_INPUT = [
    ({"end_date": "01/03/2031"}, "end_date", "Ngày kết thúc trước ngày bắt đầu."),
    ({"venue_id": "99999"}, "venue_id", "Hãy chọn một địa điểm trong danh sách."),
    ({"name": "x" * 1000}, "name", "Tối đa 255 ký tự."),
    ({"start_date": "31/02/2026"}, "start_date", "không phải là một ngày có thật"),
    ({"start_date": "tomorrow"}, "start_date", "dd/mm/yyyy"),
    ({"closes_at": "07:00"}, "closes_at", "Giờ đóng cửa phải sau giờ mở cửa."),
    ({"booth_fees.standard": "abc"}, "booth_fees.standard", "1.250.000"),
    (
        {"application_deadline": "10/03/2031"},
        "application_deadline",
        "trước hoặc trùng ngày bắt đầu",
    ),
    ({"level": "commune", "locality_id": ""}, "locality_id", "cần có địa phương"),
    ({"kind": "circus"}, "kind", "chọn một giá trị trong danh sách."),
]


@pytest.mark.parametrize(
    ("override", "field", "message"), BAD_INPUT, ids=[case[1] for case in BAD_INPUT]
)
async def test_bad_input_is_refused_next_to_its_field(client, world, override, field, message):
    await login(client, "organizer")
    response = await client.post("/events", data=form_of(world["bigc"], **override))
    assert response.status_code == 422
    assert f'id="e-{field}"' in response.text
    assert message in response.text
    assert not await Event.exists()


async def test_all_field_errors_are_reported_at_once(client, world):
    await login(client, "organizer")
    response = await client.post(
        "/events", data=form_of(world["bigc"], name="", start_date="31/02/2026", closes_at="25:00")
    )
    for field in ("name", "start_date", "closes_at"):
        assert f'id="e-{field}"' in response.text


async def test_a_past_event_needs_an_explicit_confirmation(client, world):
    await login(client, "organizer")
    past = form_of(
        world["bigc"],
        name="Hội chợ OCOP 2019",
        start_date="10/05/2019",
        end_date="14/05/2019",
        application_deadline="",
    )
    refused = await client.post("/events", data=past)
    assert refused.status_code == 422
    assert 'id="e-confirm_past"' in refused.text
    assert not await Event.exists()
    accepted = await client.post("/events", data={**past, "confirm_past": "1"})
    assert accepted.status_code == 303
    event = await Event.get()
    # It happened: recorded as finished, ready to be reported.
    assert event.status == EventStatus.FINISHED
    entry = await AuditEntry.get(action="event.create", object_id=str(event.id))
    assert entry.reason


async def test_local_office_plans_only_local_events_of_its_locality(client, world):
    await login(client, "hl_office")
    provincial = await client.post("/events", data=form_of(world["bigc"]))
    assert provincial.status_code == 422 and 'id="e-level"' in provincial.text
    other = await client.post(
        "/events",
        data=form_of(
            world["border"],
            level="commune",
            kind="local_fair",
            locality_id=str(world["mong_cai"].id),
        ),
    )
    assert other.status_code == 422 and 'id="e-locality_id"' in other.text
    own = await client.post(
        "/events",
        data=form_of(
            world["square"],
            level="commune",
            kind="local_fair",
            locality_id=str(world["ha_long"].id),
        ),
    )
    assert own.status_code == 303
    assert await Event.filter(locality_id=world["ha_long"].id).count() == 1


async def test_local_office_cannot_edit_another_localitys_event(client, world):
    theirs = await make_event(
        venue=world["border"],
        start=FAR,
        level="district",
        kind="local_fair",
        locality=world["mong_cai"],
        status=EventStatus.DRAFT,
    )
    provincial = await make_event(venue=world["bigc"], start=dt.date(2031, 6, 1))
    await login(client, "hl_office")
    for event in (theirs, provincial):
        assert (await client.get(f"/events/{event.id}/edit")).status_code == 403
        response = await client.post(
            f"/events/{event.id}/edit",
            data=form_of(world["border"], level="district", locality_id=str(world["mong_cai"].id)),
        )
        assert response.status_code == 403
        assert (
            await client.post(f"/events/{event.id}/status", data={"status": "cancelled"})
        ).status_code == 403
    await theirs.refresh_from_db()
    assert theirs.status == EventStatus.DRAFT and theirs.sequence == 0


async def test_officials_read_but_cannot_write(client, world):
    event = await make_event(venue=world["bigc"], start=FAR)
    await login(client, "official")
    assert (await client.get(f"/events/{event.id}")).status_code == 200
    assert (await client.get("/events/new")).status_code == 403
    assert (await client.post("/events", data=form_of(world["bigc"]))).status_code == 403


async def test_edit_raises_sequence_and_keeps_the_uid(client, world):
    await login(client, "organizer")
    await client.post("/events", data=form_of(world["bigc"]))
    event = await Event.get()
    uid = event.ical_uid
    form = await client.get(f"/events/{event.id}/edit")
    assert 'value="03/03/2031"' in form.text
    response = await client.post(
        f"/events/{event.id}/edit",
        data=form_of(world["bigc"], name="Hội chợ OCOP (đổi tên)", sequence="0"),
    )
    assert response.status_code == 303
    await event.refresh_from_db()
    assert event.name == "Hội chợ OCOP (đổi tên)"
    assert event.sequence == 1 and event.ical_uid == uid
    stale = await client.post(
        f"/events/{event.id}/edit",
        data=form_of(world["bigc"], name="Sửa trên trang cũ", sequence="0"),
    )
    assert stale.status_code == 409
    await event.refresh_from_db()
    assert event.name == "Hội chợ OCOP (đổi tên)"


async def test_anonymous_visitors_cannot_reach_the_planner_pages(client, world):
    event = await make_event(venue=world["bigc"], start=FAR)
    assert (await client.get(f"/events/{event.id}")).status_code == 401
    assert (await client.get("/events/new")).status_code == 401


@pytest.mark.parametrize("path", ["/events", "/series"])
async def test_htmx_forms_get_their_fragment_back_then_a_full_page_visit(client, world, path):
    await login(client, "organizer")
    hx = {"HX-Request": "true"}
    data = form_of(world["bigc"], start_date="31/02/2031", count="3", days="7")
    refused = await client.post(path, data=data, headers=hx)
    assert refused.status_code == 422
    assert "<html" not in refused.text and 'id="e-start_date"' in refused.text
    saved = await client.post(path, data={**data, "start_date": "03/03/2031"}, headers=hx)
    assert saved.status_code == 204 and saved.headers["HX-Redirect"].startswith(path)
