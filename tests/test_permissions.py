"""The permission matrix: every route × every role, against tests/permissions.csv.

The table says, for each route and each role, what a person of that role gets when the route
names objects that are NOT theirs (another producer's booth, a gate they are not posted to):
  allow  the route answers (any status but 401/403)
  deny   refused by role (401 when anonymous, 403 otherwise)
  own    allowed for the role, but only on its own objects: 403 or 404 on another's

Routes come from the router, so a new route cannot be forgotten: the test fails until the
table has a row for it. After a deliberate change of access, regenerate the table with
`OCOPFAIR_WRITE_PERMISSIONS=1 pytest tests/test_permissions.py -k sqlite`, then read the diff.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import httpx2 as httpx
import pytest

from ocopfair.auth import GuardedRoute
from ocopfair.openapi import walk_routes

TABLE = Path(__file__).with_name("permissions.csv")
ROLES = ["anonymous", "exhibitor", "gate_staff", "official", "organizer", "admin", "partner"]
DEMO_USERNAMES = {
    "exhibitor": "exhibitor",
    "gate_staff": "gate",
    "official": "official",
    "organizer": "organizer",
    "admin": "admin",
    "partner": "partner",
}
MISSING = 999_999


def router_rows(app) -> list[tuple[str, str]]:
    rows = []
    for path, route in walk_routes(app.routes):
        if isinstance(route, GuardedRoute):
            rows += [(method, path) for method in sorted(route.methods - {"HEAD"})]
    return sorted(rows, key=lambda row: (row[1], row[0]))


def read_table() -> dict[tuple[str, str], dict[str, str]]:
    with TABLE.open(encoding="utf-8") as handle:
        return {
            (r["method"], r["path"]): {role: r[role] for role in ROLES}
            for r in csv.DictReader(handle)
        }


def test_the_table_lists_every_route_of_the_app(app):
    in_router = set(router_rows(app))
    in_table = set(read_table())
    assert sorted(in_router - in_table) == [], "routes missing from tests/permissions.csv"
    assert sorted(in_table - in_router) == [], "rows for routes that no longer exist"


async def build_world() -> dict[str, str]:
    """The demo data, and for each path parameter an object that is not the test users'."""
    from booths.models import BoothApplication, BoothAssignment
    from composition.demo import load_demo
    from deals.models import TradeDeal
    from events.models import Event, EventSeries, EventStatus
    from exhibitors.models import Product
    from ocopfair.models import Role, User
    from ocopfair.passwords import hash_password
    from visitors.models import Gate, Registration

    await load_demo()
    mine = (await User.get(username="exhibitor")).exhibitor_id
    gate_user = await User.get(username="gate")
    fair = (
        await Event.filter(status=EventStatus.FINISHED, series_id=None)
        .order_by("start_date")
        .first()
    )
    other = (
        await BoothAssignment.filter(booth__event=fair, active_booth__isnull=False)
        .exclude(exhibitor_id=mine)
        .select_related("booth")
        .first()
    )
    product = await Product.filter(exhibitor_id=other.exhibitor_id).first()
    gate = await Gate.filter(event=fair).first()
    assert gate_user.id not in {u.id for u in await gate.staff.all()}
    application = await BoothApplication.filter().exclude(exhibitor_id=mine).first()
    deal = await TradeDeal.filter().exclude(exhibitor_id=mine).first()
    registration = await Registration.create(
        event=fair, name="Đoàn học sinh", group_size=30, code="permission-matrix-ticket-code-0001"
    )
    spare = await User.create(
        username="spare", password_hash=hash_password("x" * 12), role=Role.OFFICIAL
    )
    change_id = await _a_pending_change(product)
    programme_id, listing_id = await _another_partners_programme(fair, product)
    return {
        "event_id": fair.id,
        "id": fair.id,
        "gate_id": gate.id,
        "exhibitor_id": other.exhibitor_id,
        "product_id": product.id,
        "assignment_id": other.id,
        "booth_id": other.booth.id,
        "application_id": application.id if application else MISSING,
        "deal_id": deal.id if deal else MISSING,
        "series_id": (await EventSeries.first()).id,
        "venue_id": fair.venue_id,
        "user_id": spare.id,
        "run_id": MISSING,
        "batch_id": MISSING,
        "change_id": change_id,
        "pk": product.id,
        "code": registration.code,
        "fmt": "csv",
        "action": "confirm",
        "programme_id": programme_id,
        "listing_id": listing_id,
        "partner_id": await _another_partner_id(),
    }


async def _another_partner_id() -> int:
    from ocopfair.models import PartnerOrganisation

    return (await PartnerOrganisation.get(name="Hiệp hội khác")).id


async def _another_partners_programme(fair, product) -> tuple[int, int]:
    """A programme of a partner that is not the demo partner's, and a listing of `product`."""
    from events.models import Programme
    from exhibitors.models import ListingFloor, ProductListing
    from ocopfair.models import PartnerOrganisation

    other = await PartnerOrganisation.create(name="Hiệp hội khác")
    programme = await Programme.create(
        partner=other,
        name="Chương trình khác",
        venue_id=fair.venue_id,
        start_date=fair.start_date,
        end_date=fair.end_date,
    )
    listing = await ProductListing.create(
        product=product, floor=ListingFloor.TIKI, link="https://tiki.vn/ocop"
    )
    return programme.id, listing.id


async def _a_pending_change(product) -> int:
    try:
        from exhibitors.models import ProductChange
    except ImportError:
        return MISSING
    change = await ProductChange.create(
        exhibitor_id=product.exhibitor_id,
        product=product,
        changes={"stars": 5},
        before={"stars": product.stars},
    )
    return change.id


def concrete(path: str, world: dict[str, str]) -> str:
    return re.sub(r"{(\w+)(?::\w+)?}", lambda m: str(world.get(m.group(1), MISSING)), path)


def classify(status: int) -> str:
    if status in (401, 403):
        return "deny"
    if status == 404:
        return "missing"
    return "allow"


def expected_ok(expected: str, status: int, role: str) -> bool:
    if expected == "allow":
        return status not in (401, 403)
    if expected == "own":
        return status in (403, 404)
    return status == (401 if role == "anonymous" else 403)


async def probe(app, world: dict[str, str]) -> dict[tuple[str, str], dict[str, int]]:
    """Ask every route as every role (bearer tokens, so no session or CSRF state interferes)."""
    from ocopfair.accounts import create_token
    from ocopfair.models import User

    tokens = {
        role: await create_token(await User.get(username=name))
        for role, name in DEMO_USERNAMES.items()
    }
    results: dict[tuple[str, str], dict[str, int]] = {}
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as anon,
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as bearer,
    ):
        # Anonymous visitors have a session and a CSRF token like any browser; the bearer
        # client keeps no cookies, so no role's request (a logout...) touches another's state.
        token = re.search(
            r'name="csrf_token" value="([^"]+)"', (await anon.get("/login")).text
        ).group(1)
        for method, path in router_rows(app):
            url = concrete(path, world)
            results[(method, path)] = {}
            for role in ROLES:  # the powerful roles last: their changes must not hide a denial
                data = {} if method != "GET" else None
                if role in tokens:
                    bearer.cookies.clear()
                    response = await bearer.request(
                        method, url, data=data, headers={"Authorization": f"Bearer {tokens[role]}"}
                    )
                else:
                    response = await anon.request(
                        method, url, data=data, headers={"X-CSRFToken": token}
                    )
                results[(method, path)][role] = response.status_code
    return results


async def test_every_route_answers_every_role_as_the_table_says(db, app):
    world = await build_world()
    results = await probe(app, world)
    if os.environ.get("OCOPFAIR_WRITE_PERMISSIONS") == "1":
        _write_table(results)
        pytest.skip("tests/permissions.csv written; read the diff before committing")
    table = read_table()
    wrong = [
        f"{method} {path} as {role}: table says {table[(method, path)][role]}, got {status}"
        for (method, path), statuses in results.items()
        for role, status in statuses.items()
        if (method, path) in table and not expected_ok(table[(method, path)][role], status, role)
    ]
    server_errors = [
        f"{m} {p} as {r}: {s}" for (m, p), st in results.items() for r, s in st.items() if s >= 500
    ]
    assert server_errors == []
    assert wrong == []
    checked = sum(len(statuses) for statuses in results.values())
    assert checked == len(results) * len(ROLES) and checked > 500


def _write_table(results: dict[tuple[str, str], dict[str, int]]) -> None:
    from composition.app import create_app

    guards = {
        (m, p): route.access
        for p, route in walk_routes(create_app(manage_database=False).routes)
        if isinstance(route, GuardedRoute)
        for m in route.methods - {"HEAD"}
    }
    with TABLE.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["method", "path", *ROLES])
        for (method, path), statuses in sorted(results.items(), key=lambda r: (r[0][1], r[0][0])):
            access = guards[(method, path)]
            row = []
            for role, status in statuses.items():
                seen = classify(status)
                # Only producers, gate staff and partners own objects; 404 for them on another's
                # object hides that it exists. For everyone else a 404 is just "no such object".
                owner_role = role in ("exhibitor", "gate_staff", "partner") and not access.public
                if seen == "missing":
                    seen = "own" if owner_role else "allow"
                elif seen == "deny" and owner_role and "{" in path and _allows(access, role):
                    seen = "own"
                row.append(seen)
            writer.writerow([method, path, *row])


def _allows(access, role: str) -> bool:
    from ocopfair.models import Role

    return access.public or Role(role) in access.roles
