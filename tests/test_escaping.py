"""Every text a person can type is shown as text: a script payload in every text field of the
demo data, then every page rendered for several roles, and never the payload as markup."""

from __future__ import annotations

import httpx2 as httpx
from tortoise import Tortoise, connections, fields

from tests.test_permissions import DEMO_USERNAMES, build_world, concrete, router_rows

PAYLOAD = "<script>pwn()</script>\"'><img src=x onerror=pwn()>"
# Fields that are identifiers or machine values, not text people type and read back.
NOT_FREE_TEXT = {
    "username",
    "password_hash",
    "token_hash",
    "ical_uid",
    "client_key",
    "body_hash",
    "code",
    "name_search",
    "source",
    "photo_type",
    "device_id",
    "tap_id",
    "fingerprint",
    "objective",
    "bound",
    "email",
    "phone",
    "tax_code",
    "traceability_url",
    "action",
    "object_type",
    "object_id",
}


async def fill_every_text_field_with_a_payload() -> int:
    """Set every free-text column of every row to the payload (plus the row id, for unique
    columns). Returns how many columns were filled."""
    conn = connections.get("default")
    literal = PAYLOAD.replace("'", "''")
    filled = 0
    for model in Tortoise.apps["models"].values():
        for name, field in model._meta.fields_map.items():
            is_text = isinstance(field, fields.CharField | fields.TextField) and not isinstance(
                field, fields.data.CharEnumFieldInstance
            )
            long_enough = getattr(field, "max_length", 10_000) >= len(PAYLOAD) + 12
            if not is_text or not long_enough or name in NOT_FREE_TEXT:
                continue
            column = model._meta.fields_db_projection[name]
            await conn.execute_script(
                f'UPDATE "{model._meta.db_table}" SET "{column}" = '
                f"'{literal} ' || CAST(\"id\" AS TEXT)"
            )
            filled += 1
    return filled


async def test_no_page_renders_a_stored_script_payload_as_markup(db, app):
    from ocopfair.accounts import create_token
    from ocopfair.models import User

    world = await build_world()
    filled = await fill_every_text_field_with_a_payload()
    assert filled >= 25
    tokens = {
        role: await create_token(await User.get(username=name))
        for role, name in DEMO_USERNAMES.items()
    }
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    pages = 0
    leaks = []
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        for method, path in router_rows(app):
            if method != "GET":
                continue
            for role in ("admin", "exhibitor", None):
                headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
                response = await client.get(concrete(path, world), headers=headers)
                kind = response.headers.get("content-type", "")
                assert response.status_code < 500, f"{path} as {role}: {response.status_code}"
                if "html" in kind or "svg" in kind:
                    pages += 1
                    if "<script>pwn()" in response.text or "onerror=pwn()>" in response.text:
                        leaks.append(f"{path} as {role}")
    assert leaks == []
    assert pages > 100
