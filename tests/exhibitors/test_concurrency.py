"""Two people pressing the same button at once, over real sockets: it happens exactly once."""

from __future__ import annotations

import asyncio

import httpx2 as httpx

from exhibitors.models import ChangeStatus, Product, ProductChange
from ocopfair.models import AuditEntry
from tests.exhibitors.test_import import row, xlsx
from tests.factories import make_exhibitor, make_product, make_user
from tests.login import login


async def _organizers(live_server, n: int) -> list[httpx.AsyncClient]:
    clients = []
    for i in range(n):
        await make_user("organizer", f"organizer{i}")
        client = httpx.AsyncClient(base_url=live_server.url, timeout=30)
        await login(client, f"organizer{i}")
        clients.append(client)
    return clients


async def test_two_organizers_approving_one_change_apply_it_once(db, places, live_server):
    producer = await make_exhibitor("HTX Miến dong", places["BL"])
    product = await make_product(producer, "Miến dong", stars=3)
    change = await ProductChange.create(
        exhibitor=producer, product=product, changes={"stars": 4}, before={"stars": 3}
    )
    clients = await _organizers(live_server, 4)
    try:
        answers = await asyncio.gather(
            *[c.post(f"/exhibitors/changes/{change.id}/approve") for c in clients]
        )
    finally:
        for c in clients:
            await c.aclose()
    assert all(a.status_code == 303 for a in answers)
    assert await AuditEntry.filter(action="approve").count() == 1
    assert (await ProductChange.get(id=change.id)).status == ChangeStatus.APPROVED
    assert (await Product.get(id=product.id)).stars == 4


async def test_a_double_confirm_of_an_import_imports_once(db, places, live_server):
    (client,) = await _organizers(live_server, 1)
    try:
        rows = [row(Tên_sản_phẩm=f"Sản phẩm {i}") for i in range(30)]
        uploaded = await client.post("/exhibitors/import", files={"file": ("a.xlsx", xlsx(rows))})
        assert uploaded.status_code == 303, uploaded.text[:500]
        confirm = uploaded.headers["location"] + "/confirm"
        answers = await asyncio.gather(*[client.post(confirm) for _ in range(4)])
    finally:
        await client.aclose()
    assert all(a.status_code == 303 for a in answers)
    assert await Product.all().count() == 30
    assert await AuditEntry.filter(action="import").count() == 1
