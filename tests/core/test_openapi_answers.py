"""Every operation of the OpenAPI document is checked against real answers (issue 17, item 6):
each one refused at least once, and each read served at least once, with the status among the
documented ones and the body matching the documented schema.

Writes are served in their own tests (and fuzzed by tests/test_fuzz_api.py); a generic body
that would succeed for every write does not exist, so here writes are checked refused: without
credentials (401) or, for public ones, with an empty body or a missing object.
"""

from __future__ import annotations

import re
from typing import Any

import httpx2 as httpx
from openapi_schema_validator import OAS30Validator
from openapi_schema_validator import validate as conforms

from ocopfair.accounts import create_token
from ocopfair.models import User
from tests.test_permissions import MISSING, build_world, concrete


def _documented(spec: dict[str, Any], operation: dict[str, Any], status: int) -> dict[str, Any]:
    """The schema documented for `status` (or the "default" answer), with the components."""
    responses = operation["responses"]
    response = responses.get(str(status)) or responses.get("default")
    assert response is not None, f"{status} is not documented"
    schema = response["content"]["application/json"]["schema"]
    return {**schema, "components": spec["components"]}


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method.upper(), operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    ]


def _check(spec: dict[str, Any], operation: dict[str, Any], answer: httpx.Response) -> None:
    assert answer.headers["content-type"].startswith("application/json"), answer.text[:200]
    conforms(answer.json(), _documented(spec, operation, answer.status_code), cls=OAS30Validator)


async def _refused(
    spec: dict[str, Any],
    outside: httpx.AsyncClient,
    path: str,
    method: str,
    operation: dict[str, Any],
    params: list[str],
    world: dict[str, str],
) -> None:
    """A stranger without credentials is refused (401); a public operation is refused for a
    missing object or an empty body."""
    public = "security" not in operation
    values = {k: str(MISSING) for k in params} if public else world
    answer = await outside.request(method, concrete(path, values), json={})
    name = f"{method} {path}"
    assert 400 <= answer.status_code < 500, f"{name} → {answer.status_code}"
    assert public or answer.status_code == 401, f"{name} → {answer.status_code}"
    _check(spec, operation, answer)


async def _a_run(event_id: str) -> str:
    """An allocation run to read (how it was computed is the solver tests' business)."""
    from booths.models import AllocationRun

    run = await AllocationRun.create(event_id=int(event_id), fingerprint="f", result={})
    return str(run.id)


async def test_every_operation_is_refused_and_every_read_served_as_documented(db, app) -> None:
    world = await build_world()
    tokens = [await create_token(await User.get(username=n)) for n in ("admin", "exhibitor")]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    refused: set[str] = set()
    served: set[str] = set()
    unrefusable: set[str] = set()
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as outside:
        spec = (await outside.get("/api/v1/openapi.json")).json()
        operations = _operations(spec)
        world["run_id"] = await _a_run(world["event_id"])
        for path, method, operation in operations:
            name = f"{method} {path}"
            public = "security" not in operation
            params = re.findall(r"{(\w+)}", path)
            if public and method == "GET" and not params:
                unrefusable.add(name)  # a public read of everything (the document itself)
            else:
                await _refused(spec, outside, path, method, operation, params, world)
                refused.add(name)
            if method != "GET":
                continue
            # Served: an administrator (or, for "mine", a producer) reads real demo data.
            for token in tokens:
                answer = await outside.get(
                    concrete(path, world), headers={"Authorization": f"Bearer {token}"}
                )
                if answer.status_code == 200:
                    _check(spec, operation, answer)
                    served.add(name)
                    break
    assert len(refused) + len(unrefusable) == len(operations) > 50
    assert "GET /api/v1/openapi.json" in unrefusable and len(unrefusable) < 5
    assert served == {f"{m} {p}" for p, m, _o in operations if m == "GET"}
