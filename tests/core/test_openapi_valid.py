"""The OpenAPI document is valid (openapi-spec-validator), and the public registration
operation answers as documented to an outside app with neither token nor session (issue 17,
item 6). Schemathesis (tests/test_fuzz_api.py) checks every operation's bodies as well."""

from __future__ import annotations

from openapi_schema_validator import OAS30Validator
from openapi_schema_validator import validate as conforms
from openapi_spec_validator import validate

from tests.factories import make_event
from visitors.models import Registration, RegistrationSettings


async def test_the_openapi_document_validates(client) -> None:
    spec = (await client.get("/api/v1/openapi.json")).json()
    validate(spec)  # raises on any error (e.g. "required": [] in a schema)
    venue_patch = spec["paths"]["/api/v1/venues/{venue_id}"]["patch"]
    assert "required" not in venue_patch["requestBody"]["content"]["application/json"]["schema"]


def _schema(spec: dict, path: str, method: str, status: str) -> dict:
    response = spec["paths"][path][method]["responses"][status]
    schema = response["content"]["application/json"]["schema"]
    return {**schema, "components": spec["components"]}


async def test_an_outside_app_registers_as_documented(db, app) -> None:
    import httpx2 as httpx

    event = await make_event("Hội chợ hè", days_ahead=10)
    await RegistrationSettings.create(event=event, enabled=True)
    path = "/api/v1/events/{event_id}/registrations"
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as outside:
        spec = (await outside.get("/api/v1/openapi.json")).json()
        documented = spec["paths"][path]["post"]["responses"]
        assert "200" not in documented and {"201", "409", "422", "429"} <= set(documented)
        assert "security" not in spec["paths"][path]["post"]  # public
        outside.cookies.clear()  # an app, not a browser: no cookie, no token, no CSRF token
        url = f"/api/v1/events/{event.id}/registrations"
        body = {"name": "Đoàn xã Vạn Yên", "phone": "0912345678", "group_size": 12}
        created = await outside.post(url, json=body)
        assert created.status_code == 201, created.text
        conforms(created.json(), _schema(spec, path, "post", "201"), cls=OAS30Validator)
        again = await outside.post(url, json=body)
        assert again.status_code == 409
        conforms(again.json(), _schema(spec, path, "post", "409"), cls=OAS30Validator)
        wrong = await outside.post(url, json={"name": "", "phone": "12", "group_size": 0})
        assert wrong.status_code == 422
        conforms(wrong.json(), _schema(spec, path, "post", "422"), cls=OAS30Validator)
    assert await Registration.filter(event=event).count() == 1


async def test_a_browser_with_a_session_still_needs_its_csrf_token(client) -> None:
    event = await make_event("Hội chợ hè", days_ahead=10)
    await RegistrationSettings.create(event=event, enabled=True)
    await client.get("/login")  # a browser: it has a session cookie now
    assert "session" in client.cookies
    refused = await client.post(
        f"/api/v1/events/{event.id}/registrations",
        json={"name": "Lan", "phone": "0912345678", "group_size": 1},
    )
    assert refused.status_code == 403
    assert await Registration.filter(event=event).count() == 0
