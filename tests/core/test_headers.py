"""Security headers on every answer, pages and API alike."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/", "/login", "/api/v1/openapi.json", "/nope"])
async def test_security_headers_are_on_every_response(client, path):
    response = await client.get(path)
    csp = response.headers["content-security-policy"]
    script_src = csp.split("script-src")[1].split(";")[0]
    assert script_src.strip() == "'self'"
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"


async def test_pages_load_no_script_from_elsewhere_and_no_inline_script(client):
    import re

    page = (await client.get("/login")).text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    assert scripts, "the page should load its scripts"
    for attributes, body in scripts:
        assert 'src="/static/' in attributes
        assert body.strip() == ""
