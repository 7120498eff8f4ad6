"""What the plan of a results workbook compares the file with, loaded in a fixed number of
queries whatever the number of rows: the event's booths, assignments, gates, imported counts
and sales, and the producers and products the file names."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from booths.models import AssignmentKind, Booth, BoothAssignment
from events.models import Event
from exhibitors.models import Exhibitor, Product
from ocopfair.text import fold
from results.workbook import BOOTHS, ResultsFile
from sales.models import SalesLine, SalesRecord
from visitors.models import CountSource, Gate, GateCount

CountKey = tuple[int, dt.datetime, str]  # gate id, bucket start (UTC), direction


@dataclass
class Lookups:
    event: Event
    now: dt.datetime
    booths: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> booth row
    active: dict[int, dict[str, Any]] = field(default_factory=dict)  # booth id -> assignment
    by_tax: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_name: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    exhibitor_names: dict[int, str] = field(default_factory=dict)
    products: dict[int, dict[str, int]] = field(default_factory=dict)  # exhibitor -> fold -> id
    gates: dict[str, dict[str, Any]] = field(default_factory=dict)  # folded name -> gate row
    counts: dict[CountKey, int] = field(default_factory=dict)  # imported counts stored now
    in_use: dict[int, int] = field(default_factory=dict)  # exhibitor -> booths held/assigned
    # (assignment id, day) -> (revenue, customers, {product id: units})
    sales: dict[tuple[int, dt.date], tuple[int, int | None, dict[int, int]]] = field(
        default_factory=dict
    )


async def load(event: Event, file: ResultsFile, now: dt.datetime) -> Lookups:
    found = Lookups(event=event, now=now)
    for booth in await Booth.filter(event_id=event.id).values("id", "code", "blocked"):
        found.booths[booth["code"].upper()] = booth
    await _load_assignments(found)
    await _load_producers(found, file)
    for gate in await Gate.filter(event_id=event.id).values("id", "name", "kind"):
        found.gates[fold(gate["name"])] = gate
    for row in await GateCount.filter(gate__event_id=event.id, source=CountSource.IMPORT).values(
        "gate_id", "bucket_start", "direction", "count"
    ):
        found.counts[(row["gate_id"], row["bucket_start"], str(row["direction"]))] = row["count"]
    await _load_sales(found)
    return found


async def _load_assignments(found: Lookups) -> None:
    rows = await BoothAssignment.filter(
        active_booth__isnull=False, booth__event_id=found.event.id
    ).values("id", "active_booth", "exhibitor_id", "kind", "expires_at", "exhibitor__name")
    for row in rows:
        expired = row["kind"] == AssignmentKind.HOLD and (
            row["expires_at"] is None or row["expires_at"] < found.now
        )
        if expired:
            continue
        found.active[row["active_booth"]] = row
        found.in_use[row["exhibitor_id"]] = found.in_use.get(row["exhibitor_id"], 0) + 1


async def _load_producers(found: Lookups, file: ResultsFile) -> None:
    rows = file.sheets.get(BOOTHS, [])
    taxes = {str(r.cells.get("tax_code") or "").strip() for r in rows} - {""}
    names = {fold(str(r.cells.get("producer") or "")) for r in rows} - {""}
    producers = await Exhibitor.filter(tax_code__in=sorted(taxes)).values(
        "id", "name", "name_search", "tax_code", "status"
    )
    if names:
        producers += await Exhibitor.filter(name_search__in=sorted(names)).values(
            "id", "name", "name_search", "tax_code", "status"
        )
    by_name: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for p in producers:
        if p["tax_code"]:
            found.by_tax[p["tax_code"]] = p
        by_name[p["name_search"]][p["id"]] = p
        found.exhibitor_names[p["id"]] = p["name"]
    found.by_name = {k: list(v.values()) for k, v in by_name.items()}
    ids = set(found.exhibitor_names) | {a["exhibitor_id"] for a in found.active.values()}
    for a in found.active.values():
        found.exhibitor_names.setdefault(a["exhibitor_id"], a["exhibitor__name"])
    for product in await Product.filter(exhibitor_id__in=sorted(ids)).values(
        "id", "exhibitor_id", "name_search", "name"
    ):
        key = product["name_search"] or fold(product["name"])
        found.products.setdefault(product["exhibitor_id"], {})[key] = product["id"]


async def _load_sales(found: Lookups) -> None:
    assignment_ids = [a["id"] for a in found.active.values()]
    if not assignment_ids:
        return
    records = await SalesRecord.filter(assignment_id__in=assignment_ids).values(
        "id", "assignment_id", "day", "revenue", "customers"
    )
    lines: dict[int, dict[int, int]] = defaultdict(dict)
    for line in await SalesLine.filter(record__assignment_id__in=assignment_ids).values(
        "record_id", "product_id", "units"
    ):
        lines[line["record_id"]][line["product_id"]] = line["units"]
    for r in records:
        found.sales[(r["assignment_id"], r["day"])] = (
            r["revenue"],
            r["customers"],
            lines.get(r["id"], {}),
        )
