"""Gzipped pages never carry the CSRF secret itself (BREACH): each page gets it masked with a
fresh pad, every masked copy works, and a wrong or altered token still fails."""

from __future__ import annotations

import base64
import json
import re

from tests.factories import make_user

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


async def _page_token(client) -> str:
    match = TOKEN.search((await client.get("/login")).text)
    assert match
    return match.group(1)


async def test_each_page_carries_a_new_mask_of_one_secret(db, client) -> None:
    first, second = await _page_token(client), await _page_token(client)
    assert first != second  # a fresh pad per page: nothing constant to guess byte by byte
    await make_user("organizer", "lan")
    for token in (first, second):  # both masks open the same door
        answer = await client.post(
            "/login", data={"username": "lan", "password": "wrong-password", "csrf_token": token}
        )
        assert answer.status_code != 403, answer.text[:300]


async def test_an_altered_or_foreign_token_is_refused(db, client, other_client) -> None:
    mine = await _page_token(client)
    theirs = await _page_token(other_client)
    flipped = ("A" if mine[0] != "A" else "B") + mine[1:]
    for token in (theirs, flipped, "", "x" * 88):
        answer = await client.post(
            "/login", data={"username": "lan", "password": "x", "csrf_token": token}
        )
        assert answer.status_code == 403, token


async def test_the_secret_itself_is_not_in_the_page(db, client) -> None:
    page = (await client.get("/login")).text
    token = TOKEN.search(page)
    assert token
    # The session cookie is signed, not encrypted: read the secret the way the server does.
    cookie = client.cookies["session"]
    secret = json.loads(base64.b64decode(cookie.split(".")[0]))["csrf"]
    assert secret not in page and token.group(1) != secret
