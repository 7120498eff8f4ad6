"""Signing in through the login form, as a browser does (the CSRF token included)."""

from __future__ import annotations

import re

import httpx2 as httpx

from tests.factories import PASSWORD

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


async def csrf_token_of(client: httpx.AsyncClient) -> str:
    page = await client.get("/login")
    match = CSRF_INPUT.search(page.text)
    if match is None:  # already logged in: /login redirected; any page carries the token
        page = await client.get("/")
        match = CSRF_INPUT.search(page.text)
    assert match, "no CSRF token on the page"
    return match.group(1)


async def login(
    client: httpx.AsyncClient, username: str, password: str = PASSWORD
) -> httpx.Response:
    """Sign `client` in as `username`; later changes carry the X-CSRFToken header."""
    token = await csrf_token_of(client)
    response = await client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert response.status_code == 303, response.text[:500]
    client.headers["X-CSRFToken"] = await csrf_token_of(client)
    return response


def page_without(html: str, *names: str) -> str:
    """A page with the names typed into it, its CSRF tokens (masked afresh for every page,
    whoever asks) and the second it was made (pages say how fresh they are) taken out: what is
    left must not tell one account from another."""
    html = re.sub(r'(csrf_token" value="|X-CSRFToken": "|data-rendered=")[^"]+', r"\1", html)
    for name in names:
        html = html.replace(name, "")
    return html
