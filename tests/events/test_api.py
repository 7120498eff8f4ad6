"""The JSON API: same rules and permissions as the pages, errors named by field, OpenAPI."""

from __future__ import annotations

import datetime as dt

import pytest

from events.event_fields import BOOTH_TYPES
from events.models import Event, EventSeries, EventStatus, Venue
from ocopfair.accounts import create_token
from tests.events.event_form import FAR
from tests.factories import make_event
from tests.login import login


def event_body(world, **override):
    body = {
        "name": "Hội chợ OCOP 2031",
        "kind": "provincial_fair",
        "level": "provincial",
        "venue_id": world["bigc"].id,
        "start_date": "2031-03-03",
        "end_date": "2031-03-09",
        "opens_at": "08:00",
        "closes_at": "21:00",
        "booth_fees": {"standard": 1500000},
    }
    body.update(override)
    return body


async def test_create_read_update_and_change_status(client, world):
    await login(client, "organizer")
    created = await client.post("/api/v1/events", json=event_body(world))
    assert created.status_code == 201, created.text
    data = created.json()
    assert data["status"] == "draft" and data["is_public"] is True
    assert data["booth_fees"] == {"standard": 1500000} and data["opens_at"] == "08:00"
    event_id = data["id"]
    read = await client.get(f"/api/v1/events/{event_id}")
    assert read.json()["name"] == "Hội chợ OCOP 2031"
    patched = await client.patch(
        f"/api/v1/events/{event_id}", json={"closes_at": "22:00", "sequence": 0}
    )
    assert patched.status_code == 200 and patched.json()["closes_at"] == "22:00"
    assert patched.json()["sequence"] == 1 and patched.json()["opens_at"] == "08:00"
    stale = await client.patch(f"/api/v1/events/{event_id}", json={"name": "x", "sequence": 0})
    assert stale.status_code == 409
    opened = await client.post(f"/api/v1/events/{event_id}/status", json={"status": "open"})
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    illegal = await client.post(f"/api/v1/events/{event_id}/status", json={"status": "reported"})
    assert illegal.status_code == 422
    assert set(illegal.json()) == {"error", "fields"} and "status" in illegal.json()["fields"]


BAD = [
    ({"end_date": "2031-03-01"}, "end_date"),
    ({"venue_id": 99999}, "venue_id"),
    ({"name": "n" * 1000}, "name"),
    ({"start_date": "31/02/2026"}, "start_date"),
    ({"booth_fees": {"palace": 5}}, "booth_fees"),
    ({"booth_fees": {"standard": -5}}, "booth_fees.standard"),
    ({"start_date": "2019-05-10", "end_date": "2019-05-12"}, "confirm_past"),
    ({"level": "district"}, "locality_id"),
]


@pytest.mark.parametrize(("override", "field"), BAD, ids=[b[1] for b in BAD])
async def test_bad_input_is_a_json_error_naming_the_field(client, world, override, field):
    await login(client, "organizer")
    response = await client.post("/api/v1/events", json=event_body(world, **override))
    assert response.status_code == 422
    body = response.json()
    assert field in body["fields"] and body["error"]
    assert not await Event.exists()


async def test_a_past_event_with_confirm_past_is_recorded_finished(client, world):
    await login(client, "organizer")
    response = await client.post(
        "/api/v1/events",
        json=event_body(world, start_date="2019-05-10", end_date="2019-05-12", confirm_past=True),
    )
    assert response.status_code == 201 and response.json()["status"] == "finished"


async def test_malformed_json_is_a_400(client, world):
    await login(client, "organizer")
    response = await client.post(
        "/api/v1/events", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400 and "error" in response.json()


async def test_bearer_token_local_office_is_limited_like_the_pages(client, world):
    token = await create_token(world["local"], "office")
    auth = {"Authorization": f"Bearer {token}"}
    refused = await client.post("/api/v1/events", json=event_body(world), headers=auth)
    assert refused.status_code == 422 and "level" in refused.json()["fields"]
    theirs = await make_event(
        venue=world["border"], start=FAR, level="district", locality=world["mong_cai"]
    )
    forbidden = await client.patch(f"/api/v1/events/{theirs.id}", json={"name": "x"}, headers=auth)
    assert forbidden.status_code == 403 and "error" in forbidden.json()
    mine = await client.post(
        "/api/v1/events",
        headers=auth,
        json=event_body(
            world,
            level="commune",
            kind="local_fair",
            locality_id=world["ha_long"].id,
            venue_id=world["square"].id,
        ),
    )
    assert mine.status_code == 201


async def test_anonymous_sees_only_public_events_and_cannot_write(client, world):
    await make_event(venue=world["bigc"], start=FAR, name="Công khai")
    await make_event(
        venue=world["bigc"], name="Nháp", status=EventStatus.DRAFT, start=dt.date(2031, 7, 1)
    )
    names = [e["name"] for e in (await client.get("/api/v1/events")).json()["items"]]
    assert names == ["Công khai"]
    assert (await client.post("/api/v1/events", json=event_body(world))).status_code in (401, 403)
    assert (await client.get("/api/v1/venues")).status_code == 401


async def test_list_filters_are_checked(client, world):
    await make_event(venue=world["bigc"], start=FAR, kind="connection_week")
    ok = await client.get("/api/v1/events?kind=connection_week&year=2031")
    assert len(ok.json()["items"]) == 1
    bad = await client.get("/api/v1/events?kind=circus&year=abc")
    assert bad.status_code == 422 and {"kind", "year"} <= set(bad.json()["fields"])


async def test_venues_api(client, world):
    await login(client, "organizer")
    created = await client.post(
        "/api/v1/venues",
        json={
            "name": "GO! Hạ Long",
            "kind": "supermarket",
            "locality_id": world["ha_long"].id,
            "capacity": 3000,
        },
    )
    assert created.status_code == 201, created.text
    venue_id = created.json()["id"]
    patched = await client.patch(f"/api/v1/venues/{venue_id}", json={"capacity": 3500})
    assert patched.json()["capacity"] == 3500 and patched.json()["name"] == "GO! Hạ Long"
    bad = await client.post("/api/v1/venues", json={"name": "", "kind": "castle"})
    assert bad.status_code == 422 and {"name", "kind"} <= set(bad.json()["fields"])
    listed = await client.get(f"/api/v1/venues?locality={world['ha_long'].id}")
    assert "GO! Hạ Long" in [v["name"] for v in listed.json()["items"]]
    assert await Venue.filter(name="GO! Hạ Long", capacity=3500).exists()


async def test_series_api(client, world):
    await login(client, "organizer")
    body = {
        "name": "Tuần hàng Big C",
        "kind": "connection_week",
        "level": "provincial",
        "venue_id": world["bigc"].id,
        "start_date": "2032-01-05",
        "days": 7,
        "count": 17,
        "booths_free": True,
    }
    for count in (0, 500):
        bad = await client.post("/api/v1/series", json={**body, "count": count})
        assert bad.status_code == 422 and "count" in bad.json()["fields"]
    created = await client.post("/api/v1/series", json=body)
    assert created.status_code == 201, created.text
    series = created.json()
    assert len(series["events"]) == 17 and series["rule"]["count"] == 17
    listed = await client.get("/api/v1/series?kind=connection_week")
    assert [s["id"] for s in listed.json()["items"]] == [series["id"]]
    renamed = await client.patch(
        f"/api/v1/series/{series['id']}",
        json={"name": "Tuần hàng Việt", "closes_at": "21:00", "opens_at": "08:00"},
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "Tuần hàng Việt"
    assert {e["closes_at"] for e in renamed.json()["events"]} == {"21:00"}
    status = await client.post(f"/api/v1/series/{series['id']}/status", json={"status": "open"})
    assert status.status_code == 200 and len(status.json()["changed_ids"]) == 17
    assert await Event.filter(status=EventStatus.OPEN).count() == 17
    assert await EventSeries.filter(name="Tuần hàng Việt").exists()


async def test_openapi_describes_the_events_api_with_request_bodies(client):
    document = (await client.get("/api/v1/openapi.json")).json()
    for path, method in [
        ("/api/v1/events", "post"),
        ("/api/v1/events/{event_id}", "patch"),
        ("/api/v1/events/{event_id}/status", "post"),
        ("/api/v1/series", "post"),
        ("/api/v1/venues", "post"),
        ("/api/v1/venues/{venue_id}", "patch"),
        ("/api/v1/series/{series_id}/status", "post"),
    ]:
        operation = document["paths"][path][method]
        assert operation["summary"]
        assert "application/json" in operation["requestBody"]["content"], path
    assert "get" in document["paths"]["/api/v1/series/{series_id}"]


def test_booth_fee_types_match_the_booths_domain():
    from booths.models import BoothType

    assert set(BOOTH_TYPES) == {t.value for t in BoothType}
