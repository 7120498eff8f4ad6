"""Every route answers a malformed path value with 404 or 422, never 500 (issue 17, item 5).

The router is walked; each path parameter in turn gets hostile values (over-long, non-ASCII,
NUL, negative, huge, traversal) while the others keep real ids, so the value reaches the
handler behind a real object. Asked anonymously and with the tokens of an administrator (who
passes every access rule) and of a producer (who owns objects).
"""

from __future__ import annotations

import re

import httpx2 as httpx

from ocopfair.accounts import create_token
from ocopfair.models import User
from tests.test_permissions import build_world, concrete, router_rows

HOSTILE = [
    "x" * 65,  # one over the longest ticket code: was a 500 (a Tortoise ValidationError)
    "A" * 5000,
    "-1",
    "0",
    "99999999999999999999999",
    "2147483648",
    "Ơn-giời-cậu-đây-rồi",
    "%00",
    "%FF%FE",
    "..%2F..%2Fetc%2Fpasswd",
    "1e9",
    "%20",
]


async def test_hostile_path_values_never_give_a_server_error(db, app) -> None:
    world = await build_world()
    tokens = {
        name: await create_token(await User.get(username=name)) for name in ("admin", "exhibitor")
    }
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    failures: list[str] = []
    asked = 0
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as anon:
        token = re.search(r'name="csrf_token" value="([^"]+)"', (await anon.get("/login")).text)
        assert token
        headers = [{"X-CSRFToken": token.group(1)}] + [
            {"Authorization": f"Bearer {t}"} for t in tokens.values()
        ]
        for method, path in router_rows(app):
            for param in re.findall(r"{(\w+)(?::\w+)?}", path):
                for value in HOSTILE:
                    hostile = {**world, param: value}
                    url = concrete(path, hostile)
                    for header in headers:
                        data = None if method == "GET" else {}
                        answer = await anon.request(method, url, data=data, headers=header)
                        asked += 1
                        if answer.status_code >= 500 or answer.status_code in (200, 201):
                            failures.append(f"{method} {url[:90]} → {answer.status_code}")
    assert failures == []
    assert asked > 3000
