"""Writing a results workbook's plan: all of it in one transaction, or nothing.

Bulk statements throughout, so the number of queries does not grow with the rows (beyond
batches): new booths and gates, the producers' applications and assignments (marked entered
afterwards on a finished event), the imported counts, and the sales records with their lines.
Unchanged rows write nothing, so importing the same file again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from booths.booking import release_expired
from booths.direct import RULE_DIRECT, entered_afterwards
from booths.inventory import fee_for
from booths.models import (
    ApplicationStatus,
    AssignmentKind,
    Booth,
    BoothApplication,
    BoothAssignment,
)
from events.models import Event
from ocopfair import sql
from ocopfair.text import fold
from results.plan import Plan, SalePlan
from sales.models import SalesLine, SalesRecord, SalesSource
from visitors.models import CountSource, Gate, GateCount, GateKind

CHUNK = 500
COLUMNS_PER_ROW = 10  # new booths are laid out in rows of ten below the existing plan


async def write(event: Event, plan: Plan, user_id: int | None) -> None:
    """Inside the caller's transaction."""
    # Expired holds were planned as free booths: release them for good before assigning.
    await release_expired(event.id, dt.datetime.now(dt.UTC))
    await _create_booths(event, plan)
    booth_ids = {
        b["code"].upper(): b["id"]
        for b in await Booth.filter(event_id=event.id).values("id", "code")
    }
    await _assign(event, plan, booth_ids)
    await _write_counts(event, plan)
    await _write_sales(event, plan, booth_ids, user_id)


async def _create_booths(event: Event, plan: Plan) -> None:
    new = [b for b in plan.booths.values() if b.new_booth]
    if not new:
        return
    bottom = max(
        (r["y"] + r["height"] for r in await Booth.filter(event_id=event.id).values("y", "height")),
        default=0,
    )
    top = bottom + 2 if bottom else 0
    await Booth.bulk_create(
        [
            Booth(
                event_id=event.id,
                code=b.code,
                zone=b.zone,
                booth_type=b.booth_type,
                fee=fee_for(event, b.booth_type),
                x=(n % COLUMNS_PER_ROW) * 3,
                y=top + (n // COLUMNS_PER_ROW) * 5,  # 3 m booths, 2 m aisles
            )
            for n, b in enumerate(new)
        ],
        batch_size=CHUNK,
    )


async def _applications(event: Event, exhibitor_ids: set[int]) -> dict[int, int]:
    """Each producer's application to the event (made, marked direct, where missing)."""
    existing = {
        r["exhibitor_id"]: r["id"]
        for r in await BoothApplication.filter(
            event_id=event.id, exhibitor_id__in=sorted(exhibitor_ids)
        ).values("id", "exhibitor_id")
    }
    missing = sorted(exhibitor_ids - set(existing))
    if missing:
        await BoothApplication.bulk_create(
            [
                BoothApplication(
                    event_id=event.id,
                    exhibitor_id=e,
                    status=ApplicationStatus.ALLOCATED,
                    decision_rule=RULE_DIRECT,
                )
                for e in missing
            ],
            batch_size=CHUNK,
        )
        for r in await BoothApplication.filter(event_id=event.id, exhibitor_id__in=missing).values(
            "id", "exhibitor_id"
        ):
            existing[r["exhibitor_id"]] = r["id"]
    return existing


async def _assign(event: Event, plan: Plan, booth_ids: dict[str, int]) -> None:
    booths = [b for b in plan.booths.values() if b.exhibitor_id is not None]
    if not booths:
        return
    applications = await _applications(event, {b.exhibitor_id for b in booths if b.exhibitor_id})
    afterwards = entered_afterwards(event)
    await BoothAssignment.bulk_create(
        [
            BoothAssignment(
                booth_id=booth_ids[b.code],
                active_booth=booth_ids[b.code],
                exhibitor_id=b.exhibitor_id,
                application_id=applications[b.exhibitor_id],
                kind=AssignmentKind.ASSIGNED,
                entered_afterwards=afterwards,
            )
            for b in booths
            if b.new_assignment and b.exhibitor_id is not None
        ],
        batch_size=CHUNK,
    )
    await _add_products(
        {(applications[b.exhibitor_id], p) for b in booths if b.exhibitor_id for p in b.product_ids}
    )


async def _add_products(pairs: set[tuple[int, int]]) -> None:
    """Application products, in bulk, skipping those already there (the M2M table)."""
    if not pairs:
        return
    m2m: Any = BoothApplication._meta.fields_map["products"]
    table, app_key, product_key = m2m.through, m2m.backward_key, m2m.forward_key
    conn = sql.connection()
    app_ids = sorted({a for a, _p in pairs})
    marks = ", ".join(f"${n + 1}" for n in range(len(app_ids)))
    have = await sql.fetch(
        conn,
        f'SELECT "{app_key}" AS a, "{product_key}" AS p FROM "{table}"'
        f' WHERE "{app_key}" IN ({marks})',
        app_ids,
    )
    wanted = sorted(pairs - {(r["a"], r["p"]) for r in have})
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        values = ", ".join(f"(${2 * n + 1}, ${2 * n + 2})" for n in range(len(chunk)))
        await sql.execute(
            conn,
            f'INSERT INTO "{table}" ("{app_key}", "{product_key}") VALUES {values}',
            [v for pair in chunk for v in pair],
        )


async def _write_counts(event: Event, plan: Plan) -> None:
    if plan.new_gates:
        await Gate.bulk_create(
            [Gate(event_id=event.id, name=name, kind=GateKind.BOTH) for name in plan.new_gates]
        )
    gates = {
        fold(g["name"]): g["id"] for g in await Gate.filter(event_id=event.id).values("id", "name")
    }
    stored = {
        (r["gate_id"], r["bucket_start"], str(r["direction"])): r
        for r in await GateCount.filter(gate__event_id=event.id, source=CountSource.IMPORT).values(
            "id", "gate_id", "bucket_start", "direction", "count", "whole_day"
        )
    }
    new, changed = [], []
    for (gate, bucket, direction), (people, whole_day) in plan.counts.items():
        key = (gates[fold(gate)], bucket, direction)
        row = stored.get(key)
        if row is None:
            new.append(
                GateCount(
                    gate_id=key[0],
                    bucket_start=bucket,
                    direction=direction,
                    count=people,
                    source=CountSource.IMPORT,
                    whole_day=whole_day,
                )
            )
        elif (row["count"], row["whole_day"]) != (people, whole_day):
            changed.append(GateCount(id=row["id"], count=people, whole_day=whole_day))
    await GateCount.bulk_create(new, batch_size=CHUNK)
    if changed:
        await GateCount.bulk_update(changed, fields=["count", "whole_day"], batch_size=CHUNK)


async def _stored_sales(
    assignment_ids: list[int],
) -> tuple[dict[tuple[int, dt.date], dict[str, Any]], dict[int, dict[int, int]]]:
    """The booth-days already stored for these assignments, and their product lines."""
    stored = {
        (r["assignment_id"], r["day"]): r
        for r in await SalesRecord.filter(assignment_id__in=assignment_ids).values(
            "id", "assignment_id", "day", "revenue", "customers"
        )
    }
    lines: dict[int, dict[int, int]] = defaultdict(dict)
    for line in await SalesLine.filter(record_id__in=[r["id"] for r in stored.values()]).values(
        "record_id", "product_id", "units"
    ):
        lines[line["record_id"]][line["product_id"]] = line["units"]
    return stored, lines


async def _write_sales(
    event: Event, plan: Plan, booth_ids: dict[str, int], user_id: int | None
) -> None:
    if not plan.sales:
        return
    assignment_of = {
        r["active_booth"]: r["id"]
        for r in await BoothAssignment.filter(
            active_booth__in=sorted({booth_ids[s.code] for s in plan.sales})
        ).values("id", "active_booth")
    }
    stored, stored_lines = await _stored_sales(sorted(set(assignment_of.values())))
    now = dt.datetime.now(dt.UTC)
    new: list[tuple[tuple[int, dt.date], SalePlan]] = []
    changed, relined = [], {}
    for sale in plan.sales:
        key = (assignment_of[booth_ids[sale.code]], sale.day)
        row = stored.get(key)
        if row is None:
            new.append((key, sale))
        elif (row["revenue"], row["customers"], stored_lines.get(row["id"], {})) != (
            sale.revenue,
            sale.customers,
            sale.lines,
        ):
            changed.append(_record(sale, user_id, id=row["id"], updated_at=now))
            relined[row["id"]] = sale.lines
    await SalesRecord.bulk_create(
        [_record(sale, user_id, assignment_id=key[0], day=sale.day) for key, sale in new],
        batch_size=CHUNK,
    )
    if changed:
        await SalesRecord.bulk_update(
            changed,
            fields=["revenue", "customers", "units", "source", "entered_by_id", "updated_at"],
            batch_size=CHUNK,
        )
    if new:
        relined.update(await _new_record_lines(new))
    await _replace_lines(relined)


async def _new_record_lines(
    new: list[tuple[tuple[int, dt.date], SalePlan]],
) -> dict[int, dict[int, int]]:
    """The ids of the records just made, each with the product lines it gets."""
    ids = {
        (r["assignment_id"], r["day"]): r["id"]
        for r in await SalesRecord.filter(assignment_id__in=sorted({k[0] for k, _s in new})).values(
            "id", "assignment_id", "day"
        )
    }
    return {ids[key]: sale.lines for key, sale in new}


def _record(sale: SalePlan, user_id: int | None, **fields: Any) -> SalesRecord:
    return SalesRecord(
        revenue=sale.revenue,
        customers=sale.customers,
        units=sum(sale.lines.values()),
        source=SalesSource.IMPORTED,
        entered_by_id=user_id,
        **fields,
    )


async def _replace_lines(relined: dict[int, dict[int, int]]) -> None:
    if not relined:
        return
    await SalesLine.filter(record_id__in=list(relined)).delete()
    await SalesLine.bulk_create(
        [
            SalesLine(record_id=rid, product_id=pid, units=n)
            for rid, lines in relined.items()
            for pid, n in sorted(lines.items())
        ],
        batch_size=CHUNK,
    )
