"""What the office tests share: a setup form as a browser posts it, a CSRF token."""

from __future__ import annotations

from typing import Any

import httpx2 as httpx

from tests.login import CSRF_INPUT

SETUP_FORM = {
    "name": "Lạng Sơn",
    "short_name": "LS",
    "agency": "Văn phòng Điều phối Chương trình OCOP tỉnh Lạng Sơn",
    "address": "Thành phố Lạng Sơn",
    "phone": "0205 3812 345",
    "email": "ocop@langson.gov.vn",
    "full_name": "Hoàng Văn Bình",
    "username": "binh",
    "password": "mat-khau-dai-1",
    "password_again": "mat-khau-dai-1",
}


async def token_from(client: httpx.AsyncClient, path: str) -> str:
    page = await client.get(path)
    match = CSRF_INPUT.search(page.text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


async def post_setup(client: httpx.AsyncClient, **changes: Any) -> httpx.Response:
    token = await token_from(client, "/login")
    return await client.post("/setup", data={**SETUP_FORM, **changes, "csrf_token": token})
