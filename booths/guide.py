"""The visitor's fair guide: the producers with a booth at an event, by zone and product group,
searchable without diacritics, and each producer's booth on the floor plan (booths/
guide_pages.py shows them). Public and small: a phone on a slow network opens it from the QR
code on the gate placard.

A fixed number of queries whatever the number of booths. Opens are counted per producer, with
no visitor data at all: one conditional upsert raises the count.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from booths.floorplan import MARGIN, SCALE
from exhibitors.listings import listings_of
from exhibitors.models import Product
from ocopfair import sql
from ocopfair.text import fold

MAX_QUERY = 100
PRODUCTS_IN_LIST = 3


STANDS = """
SELECT a.exhibitor_id AS id, e.name AS name, e.name_search AS search, b.code AS code,
       b.zone AS zone
FROM boothassignment a JOIN booth b ON b.id = a.booth_id JOIN exhibitor e ON e.id = a.exhibitor_id
WHERE b.event_id = $1 AND a.active_booth IS NOT NULL
ORDER BY b.code
"""
PRODUCTS = """
SELECT p.id AS id, p.exhibitor_id AS exhibitor_id, p.name AS name, p.name_search AS name_search,
       p.stars AS stars, p."group" AS "group"
FROM product p
WHERE p.exhibitor_id IN (
    SELECT a.exhibitor_id FROM boothassignment a JOIN booth b ON b.id = a.booth_id
    WHERE b.event_id = $1 AND a.active_booth IS NOT NULL)
ORDER BY p.stars DESC, p.name, p.id
"""


async def _stands(event_id: int) -> dict[int, dict[str, Any]]:
    """exhibitor id -> {"id", "name", "search", "zone", "booths": [codes], "products": []}."""
    stands: dict[int, dict[str, Any]] = {}
    for row in await sql.fetch(sql.connection(), STANDS, [event_id]):
        stand = stands.get(row["id"])
        if stand is None:
            stand = stands[row["id"]] = {**row, "booths": [], "products": []}
        stand["booths"].append(row["code"])
    return stands


async def guide(event_id: int, query: str = "") -> dict[str, Any]:
    """The guide's list: zones, each with its product groups, each with its producers (2
    queries, plain SQL: the ORM's per-row conversions were most of the time at 300 booths).
    `query` keeps producers whose name, booth or one of whose products matches, folded."""
    stands = await _stands(event_id)
    if stands:
        for product in await sql.fetch(sql.connection(), PRODUCTS, [event_id]):
            stands[product["exhibitor_id"]]["products"].append(product)
    needle = fold(query)[:MAX_QUERY]
    zones: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    shown = 0
    for stand in sorted(stands.values(), key=lambda s: (s["zone"], s["name"])):
        if needle and not _matches(stand, needle):
            continue
        group = str(stand["products"][0]["group"]) if stand["products"] else ""
        stand["line"] = " · ".join(
            f"{p['name']} {'★' * p['stars']}" for p in stand["products"][:PRODUCTS_IN_LIST]
        )
        zones[stand["zone"]][group].append(stand)
        shown += 1
    return {
        "zones": [(zone, sorted(groups.items())) for zone, groups in sorted(zones.items())],
        "shown": shown,
        "total": len(stands),
        "query": query[:MAX_QUERY],
    }


def _matches(stand: dict[str, Any], needle: str) -> bool:
    if needle in stand["search"] or any(needle in code.lower() for code in stand["booths"]):
        return True
    return any(needle in p["name_search"] for p in stand["products"])


MINE = """
SELECT b.code AS code, b.zone AS zone, b.x AS x, b.y AS y, b.width AS width,
       b.height AS height, e.name AS name
FROM boothassignment a JOIN booth b ON b.id = a.booth_id JOIN exhibitor e ON e.id = a.exhibitor_id
WHERE b.event_id = $1 AND a.exhibitor_id = $2 AND a.active_booth IS NOT NULL
ORDER BY b.code
"""
PLAN = "SELECT x, y, width, height FROM booth WHERE event_id = $1"


def _box(row: dict[str, Any]) -> dict[str, Any]:
    """A booth in SVG units (the plan's margin included)."""
    return {
        "x": (row["x"] + MARGIN) * SCALE,
        "y": (row["y"] + MARGIN) * SCALE,
        "w": row["width"] * SCALE,
        "h": row["height"] * SCALE,
    }


def _extent(rows: list[dict[str, Any]]) -> tuple[int, int]:
    width = max((b["x"] + b["width"] for b in rows), default=30) + 2 * MARGIN
    height = max((b["y"] + b["height"] for b in rows), default=20) + 2 * MARGIN
    return width * SCALE, height * SCALE


async def plan(event_id: int) -> dict[str, Any]:
    """Every booth of the event, none highlighted: the same for every producer, so the guide
    draws it once per event and lays each producer's own booths over it (one query)."""
    rows = await sql.fetch(sql.connection(), PLAN, [event_id])
    width, height = _extent(rows)
    return {"booths": [_box(row) for row in rows], "width": width, "height": height}


async def producer(event_id: int, exhibitor_id: int) -> dict[str, Any] | None:
    """One producer's entry: its own booths (to highlight on the event's plan), its products
    with their listings (3 queries, whatever the number of booths at the event); None when it
    has no active booth at the event."""
    mine = await sql.fetch(sql.connection(), MINE, [event_id, exhibitor_id])
    if not mine:
        return None
    products = (
        await Product.filter(exhibitor_id=exhibitor_id)
        .order_by("-stars", "name")
        .values("id", "name", "stars", "group")
    )
    links = await listings_of([p["id"] for p in products])
    for product in products:
        product["listings"] = links[product["id"]]
    width, height = _extent(mine)
    return {
        "name": mine[0]["name"],
        "mine": [{**_box(row), "code": row["code"]} for row in mine],
        # The highlighted booths may lie outside a plan drawn a minute ago: the page takes the
        # larger of the two extents.
        "width": width,
        "height": height,
        "booths": [row["code"] for row in mine],
        "zone": mine[0]["zone"],
        "products": products,
    }


# One statement: a second visitor at the same moment adds one more, never overwrites; nothing
# is counted for a producer without an active booth at the event.
COUNT_OPEN = """
INSERT INTO guideopen (event_id, exhibitor_id, opens)
SELECT $1, $2, 1 WHERE EXISTS (
    SELECT 1 FROM boothassignment a JOIN booth b ON b.id = a.booth_id
    WHERE b.event_id = $1 AND a.exhibitor_id = $2 AND a.active_booth IS NOT NULL)
ON CONFLICT (event_id, exhibitor_id) DO UPDATE SET opens = guideopen.opens + 1
"""


async def count_open(event_id: int, exhibitor_id: int) -> None:
    await sql.execute(sql.connection(), COUNT_OPEN, [event_id, exhibitor_id])
