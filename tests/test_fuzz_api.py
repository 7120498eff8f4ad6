"""Fuzz the JSON API from its own OpenAPI document, on a real server, as every role.

Schemathesis reads /api/v1/openapi.json from the live uvicorn server (loopback, same database
as the test) and sends generated requests to every operation: valid ones (from the documented
schemas) and invalid ones (negative mode), as anonymous and as each role with a bearer token.
Path ids are half random, half the ids of seeded rows, so the requests reach real code and not
only the 404 of a missing row. Two checks must hold for every response:

- no server error (never a 5xx), whatever the input;
- the body matches the documented schema (the "200"/"201" schema for a success, the Error
  schema {"error", "fields"} for everything else).

The number of examples per operation and role is bounded (OCOPFAIR_FUZZ_EXAMPLES, default 10),
so the run stays within a few minutes per database.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import hypothesis.strategies as st
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance

from booths import booking
from booths.models import Booth, BoothApplication
from deals.models import Buyer, BuyerKind, TradeDeal
from events.models import AllocationMode, EventStatus
from ocopfair.accounts import create_token
from ocopfair.models import Role
from sales.models import SalesRecord
from tests.factories import make_event, make_locality, make_producer_user, make_user
from visitors.models import Gate, GateKind

EXAMPLES = int(os.environ.get("OCOPFAIR_FUZZ_EXAMPLES", "10"))
# CI replays the same examples every run; OCOPFAIR_FUZZ_RANDOM=1 explores new ones locally.
RANDOM = os.environ.get("OCOPFAIR_FUZZ_RANDOM") == "1"
CHECKS = [not_a_server_error, response_schema_conformance]
ACTIONS = ["confirm", "cancel", "payment", "move"]


@dataclass
class Seed:
    """Ids of real rows, by path parameter name; tokens by role (None: anonymous)."""

    ids: dict[str, list[Any]]
    tokens: dict[str, str | None]


@dataclass
class Tally:
    examples: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


async def seed() -> Seed:
    """An open booking fair with booths and holds, a running fair with a gate, a sale, a deal."""
    locality = await make_locality()
    fair = await make_event(
        "Hội chợ OCOP Hạ Long", booths=6, days_ahead=20, mode=AllocationMode.BOOKING
    )
    user, exhibitor, products = await make_producer_user("HTX Nấm Hạ Long", locality=locality)
    other_user, other, _ = await make_producer_user("HTX Chè Ba Chẽ")
    booths = await Booth.filter(event=fair).order_by("code")
    hold = await booking.hold_booth(fair, booths[0].id, exhibitor, user)
    other_hold = await booking.hold_booth(fair, booths[1].id, other, other_user)
    await booking.confirm(other_hold, None)

    applied = await make_event(
        "Tuần hàng OCOP", booths=4, zone="B", days_ahead=40, mode=AllocationMode.APPLICATION
    )
    application = await BoothApplication.create(event=applied, exhibitor=exhibitor)
    await application.products.add(*products)

    today = dt.date.today()
    running = await make_event(
        "Hội chợ đang diễn ra",
        booths=2,
        zone="C",
        days_ahead=-1,
        status=EventStatus.RUNNING,
        mode=AllocationMode.BOOKING,
    )
    running_booth = await Booth.filter(event=running).first()
    from booths.models import AssignmentKind, BoothAssignment

    selling = await BoothAssignment.create(
        booth=running_booth,
        active_booth=running_booth.id,
        exhibitor=exhibitor,
        kind=AssignmentKind.ASSIGNED,
    )
    await SalesRecord.create(
        assignment=selling, day=today, revenue=1_500_000, units=12, entered_by=user
    )
    gate = await Gate.create(event=running, name="Cổng A", kind=GateKind.BOTH)
    staff = await make_user("gate_staff", "gate1")
    await gate.staff.add(staff)
    buyer = await Buyer.create(name="Siêu thị Hạ Long", kind=BuyerKind.SUPERMARKET)
    deal = await TradeDeal.create(event=running, exhibitor=exhibitor, buyer=buyer, value=9_000_000)

    tokens: dict[str, str | None] = {
        "anonymous": None,
        "exhibitor": await create_token(user),
        "gate_staff": await create_token(staff),
    }
    for role in (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL):
        tokens[role.value] = await create_token(await make_user(role.value))
    event_ids = [fair.id, running.id, applied.id]
    return Seed(
        ids={
            "event_id": event_ids,
            "id": event_ids,
            "booth_id": [booths[2].id, booths[0].id],
            "assignment_id": [hold.id, selling.id, other_hold.id],
            "application_id": [application.id],
            "exhibitor_id": [exhibitor.id, other.id],
            "product_id": [products[0].id],
            "venue_id": [fair.venue_id],
            "gate_id": [gate.id],
            "deal_id": [deal.id],
            "series_id": [],
            "run_id": [],
            "action": ACTIONS,
        },
        tokens=tokens,
    )


def path_variants(operation, ids: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Real values for the operation's path parameters, a few combinations of them."""
    names = [p.name for p in operation.path_parameters]
    if not names or any(not ids.get(n) for n in names):
        return []
    width = max(len(ids[n]) for n in names)
    return [{n: ids[n][i % len(ids[n])] for n in names} for i in range(width)]


def strategy_for(operation, ids: dict[str, list[Any]]):
    """Random cases (valid and invalid) mixed with cases aimed at seeded rows."""
    options = [
        operation.as_strategy(generation_mode=mode)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    ]
    for fixed in path_variants(operation, ids):
        options.append(operation.as_strategy(path_parameters=fixed))
    return st.one_of(options)


def fuzz_operation(
    operation,
    strategy,
    base_url: str,
    token: str | None,
    tally: Tally,
    session: requests.Session,
    role: str,
) -> None:
    # A fresh connection per request: the server may close one after refusing a body it did
    # not read, and a pooled connection reused in that instant would fail on the client side.
    headers = {"Connection": "close", **({"Authorization": f"Bearer {token}"} if token else {})}
    label = f"{role} {operation.method.upper()} {operation.path}"

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not RANDOM,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case) -> None:
        response = case.call(base_url=base_url, session=session, headers=headers, timeout=30)
        session.cookies.clear()  # each request is judged by its own token, never a cookie
        tally.examples += 1
        tally.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            titles = "; ".join(sorted({f.title for f in group.exceptions}))
            curl = case.as_curl_command(headers={}, base_url=base_url)
            tally.failures.append(
                f"{label}: {response.status_code} {titles}\n"
                f"  answer: {response.text[:300]!r}\n  {curl[:600]}"
            )

    run()


def drain_stderr(process) -> list[str]:
    """Read the server's log as it comes: a full pipe would stall it, and 500s need the trace."""
    lines: list[str] = []
    stream = process.stderr
    if stream is None or getattr(process, "_fuzz_drained", None) is not None:
        return getattr(process, "_fuzz_drained", lines)
    process._fuzz_drained = lines

    def pump() -> None:
        for raw in iter(stream.readline, b""):
            lines.append(raw.decode(errors="replace"))

    threading.Thread(target=pump, daemon=True).start()
    return lines


async def test_fuzz_every_operation_as_every_role(db, live_server):
    server_log = drain_stderr(live_server.process)
    data = await seed()
    schema = schemathesis.openapi.from_url(live_server.url + "/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 50, "the OpenAPI document lost operations"
    tally = Tally()
    with requests.Session() as session:
        strategies = [strategy_for(operation, data.ids) for operation in operations]
        for role, token in data.tokens.items():
            for operation, strategy in zip(operations, strategies, strict=True):
                fuzz_operation(operation, strategy, live_server.url, token, tally, session, role)
    print(
        f"\nfuzz examples run on {db.name}: {tally.examples} "
        f"({len(operations)} operations x {len(data.tokens)} roles); "
        f"statuses {dict(sorted(tally.statuses.items()))}"
    )
    assert tally.examples >= len(operations) * len(data.tokens)
    assert not tally.failures, (
        f"{len(tally.failures)} failures:\n"
        + "\n\n".join(tally.failures[:20])
        + "\n\nserver log:\n"
        + "".join(server_log[-300:])
    )
    # The run reached real code, not only refusals: some requests succeeded.
    assert sum(n for code, n in tally.statuses.items() if 200 <= code < 300) > 0


# Bodies no generator thinks of, each once a source of a 500 somewhere: too deep, too big,
# not finite, NUL characters (PostgreSQL text refuses them), broken UTF-8, not an object.
NASTY_BODIES: list[tuple[str, bytes]] = [
    ("deep nesting", b'{"a":' + b"[" * 5000 + b"]" * 5000 + b"}"),
    ("nesting near the reader's limit", b'{"a":' + b"[" * 900 + b"]" * 900 + b"}"),
    ("huge integer", b'{"assignment_id": 100000000000000000000000, "exhibitor_id": 1e400}'),
    (
        "id beyond int32",
        b'{"assignment_id": 3000000000, "event_id": 3000000000, '
        b'"venue_id": 3000000000, "exhibitor_id": 3000000000, '
        b'"buyer_id": 3000000000, "booth_id": 3000000000, '
        b'"locality_id": 3000000000, "products": [3000000000], '
        b'"available_weeks": [3000000000], "booths_wanted": 3000000000}',
    ),
    ("NaN and Infinity", b'{"revenue": NaN, "delta": Infinity, "name": -Infinity}'),
    ("NUL in text", b'{"name": "HTX\\u0000", "reason": "\\u0000", "key": "abc\\u0000defgh"}'),
    ("NUL in a key", b'{"na\\u0000me": "x"}'),
    ("lone surrogate", b'{"name": "\\ud800", "reason": "x\\udfff", "receipt_number": "\\ud800"}'),
    ("broken UTF-8", b'{"name": "\xff\xfe"}'),
    ("not an object", b"[1, 2, 3]"),
    ("empty", b""),
    ("wrong types", b'{"name": ["x"], "day": {}, "revenue": true, "taps": "x", "kind": 1}'),
    (
        "very long digits",
        b'{"revenue": "'
        + b"9" * 5000
        + b'", "count": "'
        + b"9" * 5000
        + b'", "delta": "'
        + b"9" * 30
        + b'"}',
    ),
]


# Query-string values for every documented query parameter of every GET: NUL, digits that
# int() refuses ("²"), more digits than int() reads, out-of-range numbers, broken percent codes.
NASTY_QUERY_VALUES = [
    "%00",
    "a%00b",
    "%C2%B2",
    "9" * 5000,
    "-99999999999",
    "3000000000",
    "%FF%FE",
    "1e400",
    "NaN",
]


async def test_read_operations_take_any_query_string_without_a_500(db, live_server):
    server_log = drain_stderr(live_server.process)
    data = await seed()
    document = requests.get(live_server.url + "/api/v1/openapi.json", timeout=30).json()
    tried, failures = 0, []
    for path, operations in document["paths"].items():
        get = operations.get("get")
        names = [p["name"] for p in (get or {}).get("parameters", []) if p["in"] == "query"]
        if not names:
            continue
        real = path
        for name, values in data.ids.items():
            if values:
                real = real.replace("{" + name + "}", str(values[0]))
        for role in ("admin", "exhibitor"):
            headers = {"Authorization": f"Bearer {data.tokens[role]}", "Connection": "close"}
            for value in NASTY_QUERY_VALUES:
                query = "&".join(f"{n}={value}" for n in names)
                response = requests.get(
                    f"{live_server.url}{real}?{query}", headers=headers, timeout=30
                )
                tried += 1
                if response.status_code >= 500:
                    failures.append(f"{role} GET {real}?{query[:200]}: {response.status_code}")
    print(f"\nnasty query strings tried on {db.name}: {tried}")
    assert tried > 50
    assert not failures, "\n".join(failures[:20]) + "\n\nserver log:\n" + "".join(server_log[-200:])


async def test_write_operations_refuse_malformed_bodies_and_huge_ids_without_a_500(db, live_server):
    """Every POST/PATCH with every nasty body, and every path id beyond what a column holds."""
    server_log = drain_stderr(live_server.process)
    data = await seed()
    token = data.tokens["admin"]
    document = requests.get(live_server.url + "/api/v1/openapi.json", timeout=30).json()
    tried = 0
    failures = []
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {token}"
        for path, operations in document["paths"].items():
            real = path
            for name, values in data.ids.items():
                if values:
                    real = real.replace("{" + name + "}", str(values[0]))
            real = real.replace("{series_id}", "1").replace("{run_id}", "1")
            concrete = (
                [real.replace("{action}", a) for a in ACTIONS] if "{action}" in real else [real]
            )
            for method in operations:
                if method in ("post", "patch"):
                    for (label, body), real in itertools.product(NASTY_BODIES, concrete):
                        response = session.request(
                            method,
                            live_server.url + real,
                            data=body,
                            timeout=30,
                            headers={"Content-Type": "application/json", "Connection": "close"},
                        )
                        tried += 1
                        if response.status_code >= 500 or set(response.json()) < {
                            "error",
                            "fields",
                        }:
                            failures.append(
                                f"{method.upper()} {real} [{label}]: "
                                f"{response.status_code} {response.text[:200]}"
                            )
                if "{" in path:
                    huge = path
                    for name in (
                        "event_id",
                        "id",
                        "booth_id",
                        "assignment_id",
                        "application_id",
                        "exhibitor_id",
                        "product_id",
                        "venue_id",
                        "gate_id",
                        "deal_id",
                        "series_id",
                        "run_id",
                    ):
                        huge = huge.replace("{" + name + "}", str(2**31 + 7))
                    huge = huge.replace("{action}", "cancel")
                    response = session.request(
                        method,
                        live_server.url + huge,
                        json={},
                        timeout=30,
                        headers={"Connection": "close"},
                    )
                    tried += 1
                    if response.status_code not in (403, 404):  # 403: exhibitor-only routes
                        failures.append(
                            f"{method.upper()} {huge}: {response.status_code} {response.text[:200]}"
                        )
    print(f"\nmalformed bodies and huge ids tried on {db.name}: {tried}")
    assert tried > 200
    assert not failures, "\n".join(failures[:30]) + "\n\nserver log:\n" + "".join(server_log[-200:])
