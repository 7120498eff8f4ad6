"""Static files under fingerprinted names with a year's immutable caching; pages gzipped."""

from __future__ import annotations

import re

from ocopfair.static_files import IMMUTABLE, SHORT, fingerprints, original_name
from ocopfair.urls import static_url

GZIP = {"Accept-Encoding": "gzip"}


def test_a_fingerprinted_name_carries_the_hash_of_the_files_bytes():
    import hashlib

    from ocopfair.static_files import static_dir

    digest = hashlib.sha256((static_dir() / "app.css").read_bytes()).hexdigest()[:10]
    assert static_url("app.css") == f"/static/app.{digest}.css"
    assert fingerprints()["vendor/htmx-2.0.11.min.js"].endswith(".js")
    assert original_name(fingerprints()["js/tally.js"]) == ("js/tally.js", True)
    assert original_name("js/tally.0123456789.js") == ("js/tally.js", False)


async def test_pages_link_fingerprinted_files_served_immutable_and_gzipped(client):
    page = await client.get("/login", headers=GZIP)
    assert page.headers["content-encoding"] == "gzip"
    assert "<form" in page.text  # httpx decoded it: the body really was gzip
    links = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
    assert static_url("vendor/htmx-2.0.11.min.js") in links
    for link in links:
        assert re.search(r"\.[0-9a-f]{10}\.[a-z]+$", link), link
        answer = await client.get(link, headers=GZIP)
        assert answer.status_code == 200, link
        assert answer.headers["cache-control"] == IMMUTABLE

    htmx = await client.get(static_url("vendor/htmx-2.0.11.min.js"), headers=GZIP)
    assert htmx.headers["content-encoding"] == "gzip"
    assert int(htmx.headers["content-length"]) < len(htmx.content) / 2  # sent size, unpacked


async def test_an_old_hash_still_gets_the_file_but_only_briefly_cached(client):
    stale = await client.get("/static/app.0123456789.css")
    assert stale.status_code == 200
    assert stale.headers["cache-control"] == SHORT
    assert (await client.get("/static/nothing.0123456789.css")).status_code == 404
