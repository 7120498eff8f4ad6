"""Links that cannot be poisoned: absolute URLs come from OCOPFAIR_BASE_URL only, other Host
headers are refused, and proxy headers are believed only from configured addresses."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx2 as httpx
import pytest
import pytest_asyncio

from composition.app import create_app
from ocopfair import urls
from ocopfair.accounts import create_token
from ocopfair.settings import Settings, public_base_url
from tests.environment import TEST_SECRET
from tests.factories import make_event, make_exhibitor, make_product, make_user
from visitors.models import Registration

FOREIGN = "evil.example"
PUBLIC = "https://hoicho.example.vn"


@pytest_asyncio.fixture
async def any_host_client(db) -> AsyncIterator[httpx.AsyncClient]:
    """An app told to accept every Host, so that only the base URL stands between a foreign Host
    and the links (the strongest form of the test), whose public address is PUBLIC."""
    app = create_app(
        Settings(secret_key=TEST_SECRET, base_url=PUBLIC, allowed_hosts=("*",)),
        manage_database=False,
    )
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{FOREIGN}") as c:
            yield c
    finally:
        urls.set_base_url("http://testserver")


async def test_a_foreign_host_is_found_nowhere(any_host_client) -> None:
    product = await make_product(await make_exhibitor("HTX Ong Mật"), "Mật ong bạc hà")
    event = await make_event("Hội chợ xuân")
    await Registration.create(event=event, name="Lan", code="T" * 43)
    token = await create_token(await make_user("admin", "boss"))
    bearer = {"Authorization": f"Bearer {token}", "X-Forwarded-Host": FOREIGN}
    answers = [
        await any_host_client.get("/calendar.ics"),
        await any_host_client.get(f"/events/{event.id}/calendar.ics"),
        await any_host_client.get(f"/p/{product.id}"),
        await any_host_client.get(f"/p/{product.id}/qr.svg"),
        await any_host_client.get(f"/e/{product.exhibitor_id}"),
        await any_host_client.get("/api/v1/products", headers=bearer),
        await any_host_client.get("/api/v1/producers", headers=bearer),
        await any_host_client.get(f"/api/v1/events/{event.id}/registrations", headers=bearer),
    ]
    for answer in answers:
        assert answer.status_code == 200, (answer.url, answer.text[:300])
        assert FOREIGN not in answer.text, answer.url
        assert FOREIGN not in answer.headers.get("location", "")
    assert f"{PUBLIC}/events/{event.id}" in answers[0].text.replace("\r\n ", "")
    assert f"{PUBLIC}/p/{product.id}" in answers[2].text
    assert f'aria-label="{PUBLIC}/p/{product.id}"' in answers[3].text  # what the QR code holds
    assert answers[5].json()["items"][0]["public_url"] == f"{PUBLIC}/p/{product.id}"
    assert answers[7].json()["items"][0]["ticket_url"] == f"{PUBLIC}/tickets/{'T' * 43}"


async def test_other_host_headers_are_refused(client) -> None:
    for path in ("/", "/login", "/calendar.ics", "/livez", "/api/v1/me"):
        answer = await client.get(path, headers={"Host": FOREIGN})
        assert answer.status_code == 400, path
        assert FOREIGN not in answer.text
    assert (await client.get("/livez")).status_code == 200  # our own name is served


async def test_a_stray_slash_is_not_redirected_to_the_host(client) -> None:
    answer = await client.get("/login/", headers={"Host": "testserver"})
    assert answer.status_code == 404
    assert "location" not in answer.headers


def test_the_base_url_must_be_an_address() -> None:
    assert public_base_url("https://hoicho.example.vn/") == "https://hoicho.example.vn"
    for bad in ("hoicho.example.vn", "javascript:alert(1)", "https://", "http://a.vn/?x=1"):
        with pytest.raises(ValueError):
            public_base_url(bad)
    assert Settings(secret_key="x", base_url="https://a.vn:8443").trusted_hosts()[0] == "a.vn"


def test_proxy_headers_are_not_believed_by_default(live_server) -> None:
    """uvicorn's own default trusts X-Forwarded-* from 127.0.0.1; ours trusts no address, so a
    client on this machine claiming https gets no Secure cookie (the scheme stayed http)."""
    forged = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    answer = httpx.get(live_server.url + "/login", headers=forged)
    assert answer.status_code == 200
    cookie = answer.headers["set-cookie"].lower()
    assert "secure" not in cookie
    assert "max-age=43200" in cookie  # the cookie lives as long as a login, 12 hours
    refused = httpx.get(live_server.url + "/livez", headers={"Host": FOREIGN})
    assert refused.status_code == 400
