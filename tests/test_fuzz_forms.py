"""HTML forms are fuzzed like the API (issue 17, item 10): every POST page route gets hostile
values in every form field the templates name (huge, NUL, bytes that are not UTF-8,
out-of-range ids and numbers, impossible dates), as each role with a browser session and its
CSRF token. Nothing may answer 5xx.

Path values are real ids of the demo world (tests.test_permissions), so requests reach the
handlers' parsing and rules rather than stopping at a 404.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import httpx2 as httpx

from tests.test_permissions import DEMO_USERNAMES, build_world, concrete, router_rows

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Routes that would end the session the fuzzing runs in.
SKIPPED = {"/logout", "/account/sessions/end-all"}
_FIELD = re.compile(r'name="([A-Za-z_][\w.\-\[\]]*)"|(?:field|select|textarea)\("([\w.]+)"')

HOSTILE = {
    "huge": "9" * 20_000,
    "nul": "a\x00b",
    "ids": "2147483648",
    "negative": "-99999999999999999999",
    "dates": "31/02/2025",
    "far dates": "99/99/99999",
    "iso": "0000-00-00",
    "text": "Ợ' OR 1=1 --<script>",
}


def form_fields() -> list[str]:
    """Every field name a template of the app posts (inputs, selects, the form macros)."""
    names: set[str] = set()
    for path in TEMPLATES.rglob("*.html"):
        for match in _FIELD.finditer(path.read_text(encoding="utf-8")):
            names.add(match.group(1) or match.group(2))
    names.discard("csrf_token")
    return sorted(names)


async def _session(app, username: str | None, n: int) -> tuple[httpx.AsyncClient, str]:
    # An address per role: the hostile posts to /login count as failures of that address.
    address = (f"198.51.100.{n + 1}", 40000)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=address)
    client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
    page = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    if username:
        from composition.demo import DEMO_PASSWORD

        data = {"username": username, "password": DEMO_PASSWORD, "csrf_token": token.group(1)}
        assert (await client.post("/login", data=data)).status_code == 303
        token = re.search(r'name="csrf_token" value="([^"]+)"', (await client.get("/")).text)
        assert token
    return client, token.group(1)


def _bodies(fields: list[str], token: str) -> dict[str, bytes]:
    bodies = {
        kind: "&".join(
            [f"csrf_token={quote(token)}"] + [f"{quote(f)}={quote(value)}" for f in fields]
        ).encode()
        for kind, value in HOSTILE.items()
    }
    # Not UTF-8 at all: percent-encoded bytes that decode to nothing valid.
    bodies["not utf-8"] = (
        f"csrf_token={quote(token)}&" + "&".join(f"{quote(f)}=%FF%FE%C3%28" for f in fields)
    ).encode()
    return bodies


async def test_hostile_form_values_never_give_a_server_error(db, app) -> None:
    world = await build_world()
    fields = form_fields()
    assert len(fields) > 50
    posts = [p for m, p in router_rows(app) if m == "POST" and not p.startswith("/api/")]
    posts = [p for p in posts if p not in SKIPPED]
    failures: list[str] = []
    asked = 0
    for n, role in enumerate([None, *DEMO_USERNAMES.values()]):
        client, token = await _session(app, role, n)
        try:
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            for path in posts:
                url = concrete(path, world)
                for kind, body in _bodies(fields, token).items():
                    answer = await client.post(url, content=body, headers=headers)
                    asked += 1
                    if answer.status_code >= 500:
                        failures.append(f"{role} POST {url} ({kind}) → {answer.status_code}")
        finally:
            await client.aclose()
    assert failures == []
    assert asked > 1000
