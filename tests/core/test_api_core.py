"""The JSON API: bearer tokens, session + CSRF, JSON errors, a complete OpenAPI document."""

from __future__ import annotations

from ocopfair.accounts import create_token, revoke_token
from ocopfair.models import ApiToken
from ocopfair.openapi import openapi_path, walk_routes
from tests.factories import make_user
from tests.login import login


async def test_bearer_token_authenticates_and_is_stored_hashed(client):
    user = await make_user("organizer")
    token = await create_token(user, "turnstile")
    response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["username"] == "organizer"
    stored = await ApiToken.get(user=user)
    assert token not in stored.token_hash and len(stored.token_hash) == 64


async def test_revoked_or_wrong_token_gets_a_json_401(client):
    user = await make_user("organizer")
    token = await create_token(user)
    stored = await ApiToken.get(user=user)
    assert await revoke_token(stored.id)
    for value in (token, "ocf_wrong"):
        response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {value}"})
        assert response.status_code == 401
        body = response.json()
        assert set(body) == {"error", "fields"}
        assert body["error"] == "Vui lòng đăng nhập để xem trang này."


async def test_session_cookie_works_for_the_api_with_csrf_header(client):
    await make_user("official")
    await login(client, "official")
    assert (await client.get("/api/v1/me")).json()["role"] == "official"


async def test_api_unknown_path_is_json_404(client):
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"] == "Trang bạn tìm không tồn tại."


async def test_openapi_document_lists_every_api_route(client, app):
    document = (await client.get("/api/v1/openapi.json")).json()
    assert document["openapi"].startswith("3.")
    in_router = {
        (openapi_path(path), method.lower())
        for path, route in walk_routes(app.routes)
        if path.startswith("/api/v1")
        for method in getattr(route, "methods", set()) - {"HEAD"}
    }
    in_document = {
        (path, method) for path, operations in document["paths"].items() for method in operations
    }
    assert in_router == in_document
    assert ("/api/v1/me", "get") in in_document


async def test_every_api_route_has_a_summary_and_a_response_schema(client):
    document = (await client.get("/api/v1/openapi.json")).json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method} {path} has no summary"
            assert {"200", "201"} & set(operation["responses"]), f"{method} {path}: no success"


async def test_healthz_answers_with_the_database(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
