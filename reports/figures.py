"""The definitions of every reported figure, one function each, computed in SQL.

Each function takes a list of event ids and a grouping, and answers with one GROUP BY query,
so a report costs the same number of queries for one event or fifty, eight gates or eighty.
The period report and the event report call the same functions, which is why their figures
agree with each other.

Definitions (what an official reads on the page):

- Entries (visitors) = Σ GateCount.count with direction "in" + Σ CountCorrection.delta with
  direction "in". Exits likewise with "out". Gate counts are filed in 15-minute buckets (UTC),
  grouped here by the province's local day and hour. Check-ins of pre-registered groups are
  already in GateCount (the visitors domain adds them there).
- Corrections carry a gate and a day but no time: they count in the day's and the gate's totals
  and in the event's total, not in any hour and not in the occupancy.
- Occupancy at a moment = entries − exits counted since the day began (all gates); the highest
  occupancy is the maximum over the day's 15-minute buckets.
- Revenue = Σ SalesRecord.revenue (integer VND) of the assignments of the event's booths.
  Attribution to an OCOP group, a star rating and a product: a booth-day's revenue counts in
  full for the booth's *main product* — the highest-rated product on the producer's
  application for that event (ties: the lowest product id), or, when the application lists no
  product, the producer's highest-rated product; a producer with no product is "unclassified".
  Taking one main product (rather than splitting) keeps every breakdown summing to the total
  to the đồng. Locality and producer kind come from the exhibitor of the assignment.
- Booths offered = the event's booths not blocked. Assigned = booths with an active assignment
  of kind "assigned". Occupied = assigned booths with at least one sales record (the producer
  was there and traded). Disadvantaged = assigned booths whose producer is an ethnic minority,
  remote-area or island producer.
- Fees collected = Σ fee of active assignments with payment "paid"; waived = Σ fee of those
  with payment "waived" (the subsidy the province gave).
- Participating producers = distinct exhibitors with an active assigned booth. Products shown =
  distinct products on those producers' applications for the event (or, where an application
  lists none, all the producer's products).
- Trade deals = TradeDeal rows of the event, counted and valued (VND) by status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from booths.models import AssignmentKind, DealStatus, PaymentStatus
from events.models import EventStatus
from reports.sql import as_date, as_int, fetch, in_list, local_day, local_hour, month_of

# Events that took place: a cancelled, draft or still-open event has no figures to file.
HELD_STATUSES = (EventStatus.RUNNING, EventStatus.FINISHED, EventStatus.REPORTED)

IN = "in"
OUT = "out"


def group_by(key: str) -> str:
    """A GROUP BY clause, or none for a grand total (PostgreSQL refuses GROUP BY NULL)."""
    return "" if key in ("", "NULL") else f"GROUP BY {key}"


def _ids(event_ids: Sequence[int]) -> list[int]:
    return [int(i) for i in event_ids]


# --- Visitors -----------------------------------------------------------------------------------

_FLOW_KEYS = {"event": "g.event_id", "gate": "g.id", "day": "f.day"}


async def visitor_flows(event_ids: Sequence[int], by: Sequence[str]) -> list[dict[str, Any]]:
    """Entries and exits (counted + corrected) grouped by any of "event", "gate", "day".

    Rows: the grouping keys, plus counted_in, counted_out, corrected_in, corrected_out,
    entries (= counted_in + corrected_in) and exits.
    """
    ids = _ids(event_ids)
    if not ids:
        return []
    keys = [f"{_FLOW_KEYS[k]} AS {k}" for k in by]
    group = ", ".join(_FLOW_KEYS[k] for k in by)
    # The local day costs a date computation per bucket: only when the grouping needs it.
    day = local_day("gc.bucket_start") if "day" in by else "NULL"
    sql = f"""
        SELECT {", ".join([*keys, ""])}
          SUM(CASE WHEN f.direction = ? THEN f.counted ELSE 0 END) AS counted_in,
          SUM(CASE WHEN f.direction = ? THEN f.counted ELSE 0 END) AS counted_out,
          SUM(CASE WHEN f.direction = ? THEN f.corrected ELSE 0 END) AS corrected_in,
          SUM(CASE WHEN f.direction = ? THEN f.corrected ELSE 0 END) AS corrected_out
        FROM (
          SELECT gc.gate_id, {day} AS day, gc.direction,
                 SUM(gc.count) AS counted, 0 AS corrected
          FROM {{gatecount}} gc
          WHERE gc.gate_id IN (SELECT g0.id FROM {{gate}} g0 WHERE g0.event_id IN {in_list(ids)})
          GROUP BY gc.gate_id{", " + day if "day" in by else ""}, gc.direction
          UNION ALL
          SELECT cc.gate_id, {"cc.day" if "day" in by else "NULL"}, cc.direction, 0,
                 SUM(cc.delta)
          FROM {{correction}} cc
          WHERE cc.gate_id IN (SELECT g1.id FROM {{gate}} g1 WHERE g1.event_id IN {in_list(ids)})
          GROUP BY cc.gate_id{", cc.day" if "day" in by else ""}, cc.direction
        ) f JOIN {{gate}} g ON g.id = f.gate_id
        {group_by(group)}
    """
    rows = await fetch(sql, [IN, OUT, IN, OUT, *ids, *ids])
    result = []
    for row in rows:
        item = {k: row[k] for k in by}
        if "day" in item:
            item["day"] = as_date(item["day"])
        for key in ("counted_in", "counted_out", "corrected_in", "corrected_out"):
            item[key] = as_int(row[key])
        item["entries"] = item["counted_in"] + item["corrected_in"]
        item["exits"] = item["counted_out"] + item["corrected_out"]
        result.append(item)
    return result


async def entries_by_hour(event_id: int, by: str) -> list[dict[str, Any]]:
    """Counted entries per local hour, grouped with "gate" (hour × gate, all days together) or
    "day" (day × hour, to find the peak hour). Corrections have no hour and are not here."""
    key = {"gate": "gc.gate_id", "day": local_day("gc.bucket_start")}[by]
    sql = f"""
        SELECT {key} AS k, {local_hour("gc.bucket_start")} AS hour, SUM(gc.count) AS entries
        FROM {{gatecount}} gc JOIN {{gate}} g ON g.id = gc.gate_id
        WHERE g.event_id = ? AND gc.direction = ?
        GROUP BY {key}, {local_hour("gc.bucket_start")}
        ORDER BY 1, 2
    """
    rows = await fetch(sql, [int(event_id), IN])
    return [
        {by: as_date(r["k"]) if by == "day" else r["k"], "hour": as_int(r["hour"]),
         "entries": as_int(r["entries"])}
        for r in rows
    ]


async def highest_occupancy(event_id: int) -> list[dict[str, Any]]:
    """Per local day: the highest occupancy and the end of the 15-minute bucket it was reached."""
    day = local_day("gc.bucket_start")
    sql = f"""
        WITH b AS (
          SELECT {day} AS day, gc.bucket_start AS t,
                 SUM(CASE WHEN gc.direction = ? THEN gc.count ELSE -gc.count END) AS net
          FROM {{gatecount}} gc JOIN {{gate}} g ON g.id = gc.gate_id
          WHERE g.event_id = ?
          GROUP BY {day}, gc.bucket_start
        ), c AS (
          SELECT day, t, SUM(net) OVER (PARTITION BY day ORDER BY t
                                        ROWS UNBOUNDED PRECEDING) AS occupancy
          FROM b
        ), r AS (
          SELECT day, t, occupancy,
                 ROW_NUMBER() OVER (PARTITION BY day ORDER BY occupancy DESC, t) AS rank
          FROM c
        )
        SELECT day, t, occupancy FROM r WHERE rank = 1 ORDER BY day
    """
    rows = await fetch(sql, [IN, int(event_id)])
    return [
        {"day": as_date(r["day"]), "at": _as_datetime(r["t"]) + dt.timedelta(minutes=15),
         "occupancy": as_int(r["occupancy"])}
        for r in rows
    ]


def _as_datetime(value: Any) -> dt.datetime:
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# --- Revenue ------------------------------------------------------------------------------------

# The booth's main product (see the module's docstring), per assignment of the chosen events:
# candidates are the application's products first (fallback 0), then the producer's (1).
# Joins rather than correlated subqueries, so both databases can hash or auto-index them.
_MAIN_PRODUCT = """
  cand AS MATERIALIZED (
    SELECT a.id AS assignment_id, p.id AS product_id, p.stars AS stars, 0 AS fallback
    FROM {{assignment}} a JOIN {{booth}} b ON b.id = a.booth_id
      JOIN {{app_products}} ap ON ap.{{app_products_app}} = a.application_id
      JOIN {{product}} p ON p.id = ap.{{app_products_product}}
    WHERE b.event_id IN {ids}
    UNION ALL
    SELECT a.id, p.id, p.stars, 1
    FROM {{assignment}} a JOIN {{booth}} b ON b.id = a.booth_id
      JOIN {{product}} p ON p.exhibitor_id = a.exhibitor_id
    WHERE b.event_id IN {ids}
  ), ranked AS MATERIALIZED (
    SELECT assignment_id, product_id,
           ROW_NUMBER() OVER (PARTITION BY assignment_id
                              ORDER BY fallback, stars DESC, product_id) AS rn
    FROM cand
  ), mp AS (
    SELECT assignment_id, product_id FROM ranked WHERE rn = 1
  )
"""

_REVENUE_KEYS = {
    "event": ("b.event_id", False),
    "day": ("sa.day", False),
    "month": (None, False),  # the event's start month, filled in below
    "locality": ("x.locality_id", False),
    "kind": ("x.kind", False),
    "exhibitor": ("a.exhibitor_id", False),
    "group": ('p."group"', True),
    "stars": ("p.stars", True),
    "product": ("p.id", True),
    "total": ("NULL", False),
}


async def revenue_by(event_ids: Sequence[int], by: str, *, exhibitor_id: int | None = None,
                     limit: int | None = None) -> list[dict[str, Any]]:
    """Revenue (VND), units and booth-days with sales, grouped by one key: event, day, month,
    locality, kind (of producer), exhibitor, group, stars, product (the main-product rule) or
    total.

    Ordered by revenue, highest first; `limit` keeps the top rows (top producers, products).
    """
    ids = _ids(event_ids)
    if not ids:
        return []
    key, needs_product = _REVENUE_KEYS[by]
    if by == "month":
        key = month_of("e.start_date")
    product_cte = "WITH " + _MAIN_PRODUCT.format(ids=in_list(ids)) if needs_product else ""
    product_join = (
        "LEFT JOIN mp ON mp.assignment_id = a.id LEFT JOIN {product} p ON p.id = mp.product_id"
        if needs_product else ""
    )
    params: list[Any] = [*ids, *ids, *ids] if needs_product else list(ids)
    mine = ""
    if exhibitor_id is not None:
        mine = "AND a.exhibitor_id = ?"
        params.append(int(exhibitor_id))
    # Sales are summed per assignment (and day) first, reached through the event's booths, so
    # the joins that follow see one row per booth rather than one per booth-day.
    per_day = by == "day"
    sql = f"""
        {product_cte}{"," if needs_product else "WITH"} sa AS (
          SELECT s.assignment_id, {"s.day" if per_day else "NULL"} AS day,
                 SUM(s.revenue) AS revenue, SUM(s.units) AS units, COUNT(s.id) AS records
          FROM {{sales}} s
          WHERE s.assignment_id IN (
            SELECT a0.id FROM {{assignment}} a0 WHERE a0.booth_id IN (
              SELECT b0.id FROM {{booth}} b0 WHERE b0.event_id IN {in_list(ids)}))
          GROUP BY s.assignment_id{", s.day" if per_day else ""}
        )
        SELECT {key} AS k, SUM(sa.revenue) AS revenue,
               SUM(sa.units) AS units, SUM(sa.records) AS records
        FROM sa
          JOIN {{assignment}} a ON a.id = sa.assignment_id
          JOIN {{booth}} b ON b.id = a.booth_id
          JOIN {{event}} e ON e.id = b.event_id
          JOIN {{exhibitor}} x ON x.id = a.exhibitor_id
          {product_join}
        WHERE 1 = 1 {mine}
        {group_by(key)}
        {"" if key == "NULL" else f"ORDER BY SUM(sa.revenue) DESC, {key}"}
        {"LIMIT " + str(int(limit)) if limit else ""}
    """
    rows = await fetch(sql, params)
    return [
        {by: as_date(r["k"]) if by == "day" else r["k"], "revenue": as_int(r["revenue"]),
         "units": as_int(r["units"]), "records": as_int(r["records"])}
        for r in rows
    ]


# --- Booths, fees, producers, products ----------------------------------------------------------

_BOOTH_KEYS = {"event": "b.event_id", "locality": "x.locality_id", "total": "NULL"}


async def booth_figures(event_ids: Sequence[int], by: str = "event") -> list[dict[str, Any]]:
    """Booths offered, assigned, occupied, to disadvantaged producers; fees paid and waived.

    Grouped by "event", "locality" (of the producer; offered-but-free booths have none) or
    "total".
    """
    ids = _ids(event_ids)
    if not ids:
        return []
    key = _BOOTH_KEYS[by]
    sql = f"""
        SELECT {key} AS k,
          SUM(CASE WHEN b.blocked THEN 0 ELSE 1 END) AS offered,
          COUNT(a.id) AS assigned,
          SUM(CASE WHEN a.id IS NOT NULL AND EXISTS (
                SELECT 1 FROM {{sales}} s WHERE s.assignment_id = a.id) THEN 1 ELSE 0 END)
            AS occupied,
          SUM(CASE WHEN x.ethnic_minority OR x.remote_area OR x.island THEN 1 ELSE 0 END)
            AS disadvantaged,
          SUM(CASE WHEN a.payment_status = ? THEN 1 ELSE 0 END) AS paid_booths,
          SUM(CASE WHEN a.payment_status = ? THEN a.fee ELSE 0 END) AS fees_paid,
          SUM(CASE WHEN a.payment_status = ? THEN 1 ELSE 0 END) AS waived_booths,
          SUM(CASE WHEN a.payment_status = ? THEN a.fee ELSE 0 END) AS fees_waived,
          SUM(CASE WHEN a.payment_status = ? THEN a.fee ELSE 0 END) AS fees_unpaid
        FROM {{booth}} b
          LEFT JOIN {{assignment}} a ON a.active_booth = b.id AND a.kind = ?
          LEFT JOIN {{exhibitor}} x ON x.id = a.exhibitor_id
        WHERE b.event_id IN {in_list(ids)}
        {group_by(key)}
    """
    paid, waived = PaymentStatus.PAID.value, PaymentStatus.WAIVED.value
    rows = await fetch(sql, [paid, paid, waived, waived, PaymentStatus.UNPAID.value,
                             AssignmentKind.ASSIGNED.value, *ids])
    fields = ("offered", "assigned", "occupied", "disadvantaged", "paid_booths", "fees_paid",
              "waived_booths", "fees_waived", "fees_unpaid")
    return [{by: r["k"], **{f: as_int(r[f]) for f in fields}} for r in rows]


_PART_KEYS = {"event": "event_id", "locality": "locality_id", "total": "NULL"}


async def participation(event_ids: Sequence[int], by: str = "event") -> list[dict[str, Any]]:
    """Participating producers and distinct products shown, by "event", "locality" (of the
    producer) or "total" (distinct across all the events)."""
    ids = _ids(event_ids)
    if not ids:
        return []
    key = _PART_KEYS[by]
    # A locality may be NULL: match NULL with NULL (COALESCE keeps the join hashable).
    join_on = "1 = 1" if key == "NULL" else "COALESCE(products.k, -1) = COALESCE(producers.k, -1)"
    sql = f"""
        WITH part AS (
          SELECT DISTINCT b.event_id, a.exhibitor_id, a.application_id, x.locality_id
          FROM {{assignment}} a
            JOIN {{booth}} b ON b.id = a.booth_id
            JOIN {{exhibitor}} x ON x.id = a.exhibitor_id
          WHERE a.kind = ? AND a.active_booth IS NOT NULL AND b.event_id IN {in_list(ids)}
        ), listed AS (
          SELECT part.event_id, part.locality_id, ap.{{app_products_product}} AS product_id
          FROM part JOIN {{app_products}} ap ON ap.{{app_products_app}} = part.application_id
        ), shown AS (
          -- UNION ALL: COUNT(DISTINCT) below removes the duplicates, no sort needed here.
          SELECT event_id, locality_id, product_id FROM listed
          UNION ALL
          SELECT part.event_id, part.locality_id, p.id
          FROM part JOIN {{product}} p ON p.exhibitor_id = part.exhibitor_id
          WHERE part.application_id IS NULL OR part.application_id NOT IN (
            SELECT ap2.{{app_products_app}} FROM {{app_products}} ap2
            WHERE ap2.{{app_products_app}} IS NOT NULL)
        ), producers AS (
          SELECT {key} AS k, COUNT(DISTINCT exhibitor_id) AS producers FROM part {group_by(key)}
        ), products AS (
          SELECT {key} AS k, COUNT(DISTINCT product_id) AS products FROM shown {group_by(key)}
        )
        SELECT producers.k AS k, producers.producers AS producers,
               COALESCE(products.products, 0) AS products
        FROM producers LEFT JOIN products ON {join_on}
    """
    rows = await fetch(sql, [AssignmentKind.ASSIGNED.value, *ids])
    return [{by: r["k"], "producers": as_int(r["producers"]), "products": as_int(r["products"])}
            for r in rows]


# --- Trade deals --------------------------------------------------------------------------------

_DEAL_KEYS = {"event": "d.event_id", "locality": "x.locality_id", "status": "d.status",
              "total": "NULL"}


async def deals_by(event_ids: Sequence[int], by: str, *,
                   exhibitor_id: int | None = None) -> list[dict[str, Any]]:
    """Trade deals counted and valued, grouped by "event", "locality", "status" or "total"."""
    ids = _ids(event_ids)
    if not ids:
        return []
    key = _DEAL_KEYS[by]
    params: list[Any] = list(ids)
    mine = ""
    if exhibitor_id is not None:
        mine = "AND d.exhibitor_id = ?"
        params.append(int(exhibitor_id))
    sql = f"""
        SELECT {key} AS k, COUNT(d.id) AS deals, SUM(d.value) AS value
        FROM {{deal}} d JOIN {{exhibitor}} x ON x.id = d.exhibitor_id
        WHERE d.event_id IN {in_list(ids)} {mine}
        {group_by(key)}
    """
    rows = await fetch(sql, params)
    return [{by: r["k"], "deals": as_int(r["deals"]), "value": as_int(r["value"])}
            for r in rows]


DEAL_STATUSES = list(DealStatus)


# --- One line per event (the period report's rows and the comparison of editions) ---------------

SUMMARY_FIELDS = ("entries", "exits", "offered", "assigned", "occupied", "disadvantaged",
                  "fees_paid", "fees_waived", "producers", "products", "revenue", "deals",
                  "deal_value")


async def event_summaries(event_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """The headline figures of each event, five queries whatever the number of events."""
    ids = _ids(event_ids)
    result = {i: dict.fromkeys(SUMMARY_FIELDS, 0) for i in ids}
    for row in await visitor_flows(ids, ("event",)):
        result[row["event"]].update(entries=row["entries"], exits=row["exits"])
    for row in await revenue_by(ids, "event"):
        result[row["event"]]["revenue"] = row["revenue"]
    for row in await booth_figures(ids, "event"):
        result[row["event"]].update({k: row[k] for k in (
            "offered", "assigned", "occupied", "disadvantaged", "fees_paid", "fees_waived")})
    for row in await participation(ids, "event"):
        result[row["event"]].update(producers=row["producers"], products=row["products"])
    for row in await deals_by(ids, "event"):
        result[row["event"]].update(deals=row["deals"], deal_value=row["value"])
    return result
