"""The registry's JSON API: same rules as the pages, JSON errors, in the OpenAPI document."""

from __future__ import annotations

from exhibitors.models import Exhibitor, Product
from ocopfair.accounts import create_token
from tests.factories import make_exhibitor, make_product, make_user


async def _bearer(role: str, **extra) -> dict[str, str]:
    user = await make_user(role, **extra)
    return {"Authorization": f"Bearer {await create_token(user)}"}


async def test_create_read_update_and_list_producers_and_products(client, places):
    auth = await _bearer("organizer")
    created = await client.post(
        "/api/v1/producers",
        headers=auth,
        json={
            "name": "HTX Trà hoa vàng Ba Chẽ",
            "kind": "cooperative",
            "tax_code": "5701112223",
            "locality_id": places["BL"].id,
            "phone": "+84912345678",
            "remote_area": True,
        },
    )
    assert created.status_code == 201, created.text
    producer = created.json()
    assert producer["locality"] == "Bình Liêu" and producer["remote_area"] is True
    product = await client.post(
        "/api/v1/products",
        headers=auth,
        json={
            "exhibitor_id": producer["id"],
            "name": "Trà hoa vàng",
            "group": "drinks",
            "stars": 4,
            "certificate_date": "2024-01-31",
        },
    )
    assert product.status_code == 201, product.text
    assert product.json()["certificate_expiry"] == "2027-01-31"
    changed = await client.patch(
        f"/api/v1/products/{product.json()['id']}", headers=auth, json={"stars": 5}
    )
    assert changed.json()["stars"] == 5 and changed.json()["pending_change"] is None
    renamed = await client.patch(
        f"/api/v1/producers/{producer['id']}", headers=auth, json={"email": "tra@bache.vn"}
    )
    assert renamed.json()["email"] == "tra@bache.vn"
    listed = (
        await client.get("/api/v1/products", headers=auth, params={"q": "tra hoa vang", "stars": 5})
    ).json()
    assert [p["name"] for p in listed["items"]] == ["Trà hoa vàng"]
    assert listed["counts"]["by_stars"] == {"5": 1, "4": 0, "3": 0}
    producers = (
        await client.get("/api/v1/producers", headers=auth, params={"flag": "remote_area"})
    ).json()
    assert producers["total"] == 1 and producers["items"][0]["product_count"] == 1


async def test_api_errors_are_json_with_fields(client, places):
    auth = await _bearer("organizer")
    taken = await make_exhibitor("HTX Đã có", places["HL"], tax_code="5700000001")
    response = await client.post(
        "/api/v1/producers",
        headers=auth,
        json={"name": "", "kind": "bank", "tax_code": "123", "email": "nope", "phone": "42"},
    )
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"name", "kind", "tax_code", "email", "phone"}
    clash = await client.post(
        "/api/v1/producers",
        headers=auth,
        json={"name": "HTX Mới", "kind": "cooperative", "tax_code": "5700000001"},
    )
    assert clash.status_code == 422 and "HTX Đã có" in clash.json()["fields"]["tax_code"]
    product = await make_product(taken, "Chả mực", stars=3)
    for body, field in (
        ({"stars": 6}, "stars"),
        (
            {"certificate_date": "2024-05-01", "certificate_expiry": "2024-04-01"},
            "certificate_expiry",
        ),
        ({"traceability_url": "javascript:alert(1)"}, "traceability_url"),
    ):
        bad = await client.patch(f"/api/v1/products/{product.id}", headers=auth, json=body)
        assert bad.status_code == 422 and field in bad.json()["fields"], body
    assert (await Product.get(id=product.id)).stars == 3
    assert (
        await client.post("/api/v1/producers", headers=auth, content=b"[1,2")
    ).status_code == 400
    assert (await client.get("/api/v1/producers/99999", headers=auth)).status_code == 404
    assert await Exhibitor.all().count() == 1


async def test_officials_read_but_do_not_write(client, places):
    auth = await _bearer("official")
    producer = await make_exhibitor("HTX Đọc", places["HL"])
    assert (await client.get(f"/api/v1/producers/{producer.id}", headers=auth)).status_code == 200
    assert (
        await client.patch(
            f"/api/v1/producers/{producer.id}", headers=auth, json={"phone": "0912345678"}
        )
    ).status_code == 403
    assert (
        await client.post(
            "/api/v1/producers", headers=auth, json={"name": "X", "kind": "household"}
        )
    ).status_code == 403
    assert (await client.get("/api/v1/producers")).status_code == 401


async def test_registry_routes_are_in_the_openapi_document(client):
    paths = (await client.get("/api/v1/openapi.json")).json()["paths"]
    assert set(paths["/api/v1/producers"]) == {"get", "post"}
    assert set(paths["/api/v1/products/{product_id}"]) == {"get", "patch"}
    assert "requestBody" in paths["/api/v1/products"]["post"]
