"""The web app manifest, the service worker at the root, and which pages are kept offline."""

from __future__ import annotations

import json

from ocopfair.offline import SHELL_HEADER
from ocopfair.static_files import version
from ocopfair.urls import static_url
from tests.login import login


async def test_the_manifest_makes_the_app_installable_full_screen(client):
    answer = await client.get("/manifest.webmanifest")
    assert answer.headers["content-type"].startswith("application/manifest+json")
    body = answer.json()
    assert body["display"] == "standalone" and body["start_url"] == "/"
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in body["icons"]:
        assert (await client.get(icon["src"])).status_code == 200
    page = (await client.get("/login")).text
    assert 'rel="manifest" href="/manifest.webmanifest"' in page


async def test_the_worker_is_served_at_the_root_uncached_with_this_versions_files(client):
    answer = await client.get("/sw.js")
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-cache"
    assert answer.headers["content-type"].startswith("text/javascript")
    text = answer.text
    assert f"var VERSION = {json.dumps(version())};" in text
    precache = json.loads(text.split("var PRECACHE = ")[1].split(";")[0])
    assert static_url("js/tally.js") in precache
    assert static_url("vendor/htmx-2.0.11.min.js") in precache
    assert not any(link.endswith(".txt") for link in precache)


async def test_only_the_phone_pages_are_marked_for_offline_use(client, other_client, phone_fair):
    gate, event = phone_fair.gate, phone_fair.event
    await login(client, "gate1")
    tally = await client.get(f"/gates/{gate.id}/tally")
    assert tally.headers[SHELL_HEADER] == "1"
    assert "data-fresh-note" in tally.text
    assert (await client.get(f"/gates/{gate.id}/scan")).headers[SHELL_HEADER] == "1"
    assert SHELL_HEADER not in (await client.get("/")).headers
    public = await client.get(f"/events/{event.id}/public")
    assert public.headers[SHELL_HEADER] == "1"
    await login(other_client, "exhibitor")
    sales = await other_client.get(f"/sales/booths/{phone_fair.assignment.id}")
    assert sales.status_code == 200 and sales.headers[SHELL_HEADER] == "1"
    assert SHELL_HEADER not in (await other_client.get("/sales/today")).headers


async def test_a_page_showing_a_one_time_message_is_not_kept(client, phone_fair):
    booth = phone_fair.assignment
    await login(client, "exhibitor")
    data = {"day": phone_fair.fair.today.isoformat(), "revenue": "100.000"}
    fair = phone_fair.fair
    noodles, _tea = fair.products[fair.exhibitors[0].id]
    data[f"units-{noodles.id}"] = "1"
    saved = await client.post(f"/sales/booths/{booth.id}", data=data, follow_redirects=True)
    assert "Đã lưu doanh số" in saved.text
    assert SHELL_HEADER not in saved.headers
    again = await client.get(f"/sales/booths/{booth.id}")
    assert again.headers[SHELL_HEADER] == "1"
