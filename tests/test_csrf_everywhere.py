"""CSRF on every state change: each POST/PUT/PATCH/DELETE route of the router refuses a
logged-in browser session that sends no token or a wrong one, and changes nothing."""

from __future__ import annotations

import re

from ocopfair.models import AuditEntry
from tests.factories import make_user
from tests.login import login
from tests.test_permissions import concrete, router_rows

WORLD = {"code": "x", "fmt": "csv", "action": "confirm"}


async def test_every_state_changing_route_needs_the_csrf_token(client, app):
    await make_user("admin")
    await login(client, "admin")
    del client.headers["X-CSRFToken"]
    changing = [(m, p) for m, p in router_rows(app) if m in {"POST", "PUT", "PATCH", "DELETE"}]
    assert len(changing) > 50
    accepted = []
    for method, path in changing:
        url = concrete(
            path, {**WORLD, **{k: 1 for k in re.findall(r"{(\w+)", path) if k not in WORLD}}
        )
        for token in (None, "forged-token"):
            data = {"csrf_token": token} if token else {}
            response = await client.request(method, url, data=data)
            if response.status_code != 403 or "Biểu mẫu đã hết hạn" not in response.text:
                accepted.append(f"{method} {path} ({token}): {response.status_code}")
    assert accepted == []
    assert await AuditEntry.all().count() == 0
