"""Lists: search with or without diacritics, filters, counts in SQL, a constant query count."""

from __future__ import annotations

import datetime as dt

from exhibitors.models import ExhibitorKind, ProductGroup
from ocopfair.i18n import local_today
from tests.factories import make_exhibitor, make_product, make_user
from tests.login import login
from tests.queries import count_queries


async def _sample(places):
    coop = await make_exhibitor(
        "Công ty CP Thương mại và Dịch vụ Bình Liêu",
        places["BL"],
        kind=ExhibitorKind.ENTERPRISE,
        ethnic_minority=True,
        remote_area=True,
    )
    await make_product(coop, "Miến dong Bình Liêu", stars=4)
    island = await make_exhibitor("HTX Thủy sản Cô Tô", places["CT"], island=True)
    await make_product(island, "Mực ống Cô Tô", stars=5, group=ProductGroup.FOOD)
    await make_product(
        island,
        "Rượu hải sâm",
        stars=3,
        group=ProductGroup.DRINKS,
        certificate_expiry=local_today() + dt.timedelta(days=20),
    )
    await make_exhibitor("Hộ kinh doanh Trà hoa vàng", places["HL"], kind=ExhibitorKind.HOUSEHOLD)


async def test_search_finds_vietnamese_with_or_without_diacritics(organizer_client, places):
    await _sample(places)
    for query in ("mien dong binh lieu", "Miến dong", "MIẾN DONG", "binh lieu"):
        page = (await organizer_client.get("/exhibitors/products", params={"q": query})).text
        assert "Miến dong Bình Liêu" in page, query
        assert "Mực ống Cô Tô" not in page, query
    page = (await organizer_client.get("/exhibitors", params={"q": "muc ong"})).text
    assert "HTX Thủy sản Cô Tô" in page and "Bình Liêu</strong>" not in page


async def test_filters_narrow_both_lists(organizer_client, places):
    await _sample(places)
    client = organizer_client
    page = (await client.get("/exhibitors", params={"flag": "island"})).text
    assert "HTX Thủy sản Cô Tô" in page and "Trà hoa vàng" not in page
    page = (await client.get("/exhibitors/products", params={"stars": "5"})).text
    assert "Mực ống Cô Tô" in page and "Miến dong" not in page
    page = (await client.get("/exhibitors/products", params={"expiring": "30"})).text
    assert "Rượu hải sâm" in page and "Mực ống" not in page
    page = (await client.get("/exhibitors", params={"kind": "household"})).text
    assert "Trà hoa vàng" in page and "Cô Tô</strong>" not in page
    page = (await client.get("/exhibitors", params={"locality": places["BL"].id})).text
    assert "Bình Liêu" in page and "HTX Thủy sản" not in page
    page = (await client.get("/exhibitors", params={"group": "drinks"})).text
    assert "HTX Thủy sản Cô Tô" in page and "Dịch vụ Bình Liêu" not in page
    # Nonsense in the query string is ignored, never a 500.
    odd = await client.get(
        "/exhibitors/products",
        params={"stars": "9", "sort": "x;drop", "page": "-4", "locality": "abc"},
    )
    assert odd.status_code == 200 and "Mực ống Cô Tô" in odd.text


async def test_sorting_and_paging(organizer_client, places):
    producer = await make_exhibitor("HTX Lớn", places["HL"])
    for i in range(60):
        await make_product(producer, f"Sản phẩm {i:02d}", stars=3 + i % 3)
    first = (await organizer_client.get("/exhibitors/products")).text
    assert "Sản phẩm 00" in first and "Sản phẩm 59" not in first and "page=2" in first
    second = (await organizer_client.get("/exhibitors/products", params={"page": 2})).text
    assert "Sản phẩm 59" in second and "Sản phẩm 00" not in second
    backwards = (await organizer_client.get("/exhibitors/products", params={"sort": "-name"})).text
    assert backwards.index("Sản phẩm 59") < backwards.index("Sản phẩm 58")


async def test_counts_at_the_top_follow_the_filters(organizer_client, places):
    await _sample(places)
    from exhibitors import search

    summary = await search.summarize(search.Filters())
    assert summary.by_stars == {5: 1, 4: 1, 3: 1}
    assert summary.producers == 3 and summary.products == 3
    assert summary.by_kind == {"enterprise": 1, "cooperative": 1, "household": 1}
    assert summary.by_group == {"food": 2, "drinks": 1}
    island_only = await search.summarize(search.Filters(flags=("island",)))
    assert island_only.by_stars == {5: 1, 4: 0, 3: 1}
    assert [(name, n) for _pk, name, n in island_only.by_locality] == [("Cô Tô", 1)]


async def test_demo_sized_counts(organizer_client, places):
    """432 products: 5 five-star, 107 four-star, 320 three-star, shown at the top."""
    from exhibitors.models import Product
    from ocopfair.text import fold

    producer = await make_exhibitor("HTX Tổng hợp", places["HL"])
    rows = [
        Product(
            exhibitor=producer,
            name=f"SP {i}",
            name_search=fold(f"SP {i}"),
            group=ProductGroup.FOOD,
            stars=5 if i < 5 else 4 if i < 112 else 3,
        )
        for i in range(432)
    ]
    await Product.bulk_create(rows)
    page = (await organizer_client.get("/exhibitors")).text
    block = page[
        page.index('class="summary"') : page.index("By product group")
        if "By product group" in page
        else page.index("Theo nhóm sản phẩm")
    ]
    assert [int(n) for n in __import__("re").findall(r"<strong>(\d+)</strong>", block)][-3:] == [
        5,
        107,
        320,
    ]


async def test_htmx_filtering_returns_only_the_results_block(organizer_client, places):
    await _sample(places)
    response = await organizer_client.get(
        "/exhibitors/products", params={"q": "muc"}, headers={"HX-Request": "true"}
    )
    assert response.text.lstrip().startswith('<div id="results">')
    assert "<html" not in response.text and "Mực ống Cô Tô" in response.text


async def _queries_for(client, path: str) -> int:
    with count_queries() as counter:
        response = await client.get(path)
    assert response.status_code == 200
    return counter.count


async def test_list_pages_issue_a_constant_number_of_queries(organizer_client, places):
    async def fill(n: int, offset: int) -> None:
        for i in range(n):
            producer = await make_exhibitor(
                f"HTX số {offset + i}", places["BL" if i % 2 else "CT"], island=bool(i % 3)
            )
            await make_product(producer, f"Sản phẩm {offset + i}", stars=3 + i % 3)

    await fill(20, 0)
    small = {
        p: await _queries_for(organizer_client, p)
        for p in (
            "/exhibitors",
            "/exhibitors/products",
            "/exhibitors?flag=island&stars=4",
            "/exhibitors/products?q=san+pham",
        )
    }
    await fill(180, 100)
    large = {p: await _queries_for(organizer_client, p) for p in small}
    assert small == large


async def test_officials_read_but_exhibitors_and_the_public_do_not(client, places):
    await _sample(places)
    assert (await client.get("/exhibitors")).status_code == 401
    await make_user("official")
    await login(client, "official")
    page = await client.get("/exhibitors")
    assert page.status_code == 200 and "Thêm chủ thể" not in page.text
    assert (await client.get("/exhibitors/new")).status_code == 403
