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
- Revenue by day and OCOP group = each sales record's revenue, on its day, in the group of its
  booth's main product (the same rule), so each day's groups add up to that day's revenue and
  the whole table to the total.
- Units sold per product = Σ SalesLine.units of the event's sales records for that product:
  what exhibitors recorded product by product. It is independent of the main-product rule (a
  booth's lines may name any of its products), and blank where no line names the product —
  not zero, since many booths record only a day's total units.
- Top products: every product that is a booth's main product or has a sales line (and
  "unclassified" for booths without a product), ranked by credited revenue, then by units sold
  per product, then by product id. A product sold only alongside another booth's main product
  therefore appears with 0 ₫ credited and its units, after the products credited with revenue.
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

from booths.models import AssignmentKind, PaymentStatus
from deals.models import DealStatus
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

_FLOW_KEYS = {"event": "g.event_id", "gate": "g.id"}


async def visitor_flows(event_ids: Sequence[int], by: Sequence[str]) -> list[dict[str, Any]]:
    """Entries and exits (counted + corrected) grouped by any of "event", "gate", "day".

    Rows: the grouping keys, plus counted_in, counted_out, corrected_in, corrected_out,
    entries (= counted_in + corrected_in) and exits.
    """
    ids = _ids(event_ids)
    if not ids:
        return []
    # From the events' gates to their counts (the gate index leads), both directions summed in
    # one pass; the local day costs a date computation per bucket, so only when asked for.
    counted = {**_FLOW_KEYS, "day": local_day("gc.bucket_start")}
    corrected = {**_FLOW_KEYS, "day": "cc.day"}
    inner_keys = ", ".join(f"{counted[k]} AS {k}" for k in by)
    corr_keys = ", ".join(f"{corrected[k]} AS {k}" for k in by)
    keys = ", ".join(f"f.{k}" for k in by)
    sql = f"""
        SELECT {keys + "," if by else ""}
          SUM(f.counted_in) AS counted_in, SUM(f.counted_out) AS counted_out,
          SUM(f.corrected_in) AS corrected_in, SUM(f.corrected_out) AS corrected_out
        FROM (
          SELECT {inner_keys + "," if by else ""}
                 SUM(CASE WHEN gc.direction = ? THEN gc.count ELSE 0 END) AS counted_in,
                 SUM(CASE WHEN gc.direction = ? THEN gc.count ELSE 0 END) AS counted_out,
                 0 AS corrected_in, 0 AS corrected_out
          FROM {{gate}} g JOIN {{gatecount}} gc ON gc.gate_id = g.id
          WHERE g.event_id IN {in_list(ids)}
          {group_by(", ".join(counted[k] for k in by))}
          UNION ALL
          SELECT {corr_keys + "," if by else ""} 0, 0,
                 SUM(CASE WHEN cc.direction = ? THEN cc.delta ELSE 0 END),
                 SUM(CASE WHEN cc.direction = ? THEN cc.delta ELSE 0 END)
          FROM {{gate}} g JOIN {{correction}} cc ON cc.gate_id = g.id
          WHERE g.event_id IN {in_list(ids)}
          {group_by(", ".join(corrected[k] for k in by))}
        ) f
        {group_by(keys)}
    """
    rows = await fetch(sql, [IN, OUT, *ids, IN, OUT, *ids])
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
        {
            by: as_date(r["k"]) if by == "day" else r["k"],
            "hour": as_int(r["hour"]),
            "entries": as_int(r["entries"]),
        }
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
        {
            "day": as_date(r["day"]),
            "at": _as_datetime(r["t"]) + dt.timedelta(minutes=15),
            "occupancy": as_int(r["occupancy"]),
        }
        for r in rows
    ]


def _as_datetime(value: Any) -> dt.datetime:
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# --- Several groupings in one query -------------------------------------------------------------
#
# A report needs the same figure grouped several ways (revenue by day, by group, by locality...).
# Each grouping is one branch of a UNION ALL over shared, materialized CTEs, so the joins from the
# selected events to their booths, assignments and sales are made once per report, not once per
# grouping. Every branch answers the same columns: its name `g`, its key as text `k` (the
# branches' keys have different types) and the figures; `pos` keeps each branch's own order.


def _key_value(by: str, value: Any) -> Any:
    """A grouping key back from its text form to what the single-grouping queries answered."""
    if value is None or by == "total":
        return None
    if by == "day":
        return as_date(value)
    if by in _INT_KEYS:
        return int(value)
    return str(value)


_INT_KEYS = {"event", "locality", "exhibitor", "stars", "product", "gate"}


def _branch(
    name: str,
    key: str,
    select: str,
    rest: str,
    order: str | None,
    limit: int | None = None,
    key2: str | None = None,
) -> str:
    """One UNION ALL branch: `SELECT name, key, key2, figures, position FROM rest GROUP BY key,
    key2`; `key2` (answered as `k2`, NULL in branches without it) makes a two-way table."""
    grand = key == "NULL"
    keys = key if key2 is None else f"{key}, {key2}"
    window = f"ORDER BY {order}" + ("" if grand else f", {keys}") if order else ""
    sql = f"""SELECT '{name}' AS g, CAST({key} AS TEXT) AS k,
                     CAST({key2 or "NULL"} AS TEXT) AS k2, {select},
                     ROW_NUMBER() OVER ({window}) AS pos
              FROM {rest} {"" if grand else f"GROUP BY {keys}"}"""
    if limit:
        sql = f"SELECT * FROM ({sql}) AS top_{name} WHERE pos <= {int(limit)}"
    return sql


async def _union(ctes: str, branches: list[str], params: list[Any]) -> dict[str, list[dict]]:
    rows = await fetch(f"WITH {ctes}\n" + "\nUNION ALL\n".join(branches), params)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: (r["g"], as_int(r["pos"]))):
        grouped.setdefault(row["g"], []).append(row)
    return grouped


# --- Revenue, booths and fees -------------------------------------------------------------------

# Every assignment of the chosen events' booths that has sales, with its sales summed and what
# the groupings need, so that each grouping is a scan of this one CTE without joins. The sales
# are summed in a grouped subquery reached from the events' booths through the tables
# themselves: the planner then knows both the row counts and that `t.assignment_id` is unique
# (PostgreSQL has no statistics on a CTE's columns; joining two CTEs it guesses millions of
# rows, picks the wrong joins and compiles the query with JIT for a hundred milliseconds).
_SALES = """
  sa AS MATERIALIZED (
    SELECT a.id, b.event_id, e.start_date, a.exhibitor_id, a.application_id, x.locality_id,
           x.kind, t.revenue, t.units, t.records
    FROM (
      SELECT s.assignment_id, SUM(s.revenue) AS revenue, SUM(s.units) AS units,
             COUNT(s.id) AS records
      FROM {{sales}} s
      WHERE s.assignment_id IN (
        SELECT a0.id FROM {{booth}} b0 JOIN {{assignment}} a0 ON a0.booth_id = b0.id
        WHERE b0.event_id IN {ids} {mine})
      GROUP BY s.assignment_id
    ) t JOIN {{assignment}} a ON a.id = t.assignment_id
      JOIN {{booth}} b ON b.id = a.booth_id
      JOIN {{event}} e ON e.id = b.event_id
      JOIN {{exhibitor}} x ON x.id = a.exhibitor_id
  )"""

# Revenue by day, straight from the tables (only the event report asks for it).
_BY_DAY = """{{booth}} b JOIN {{assignment}} a ON a.booth_id = b.id
  JOIN {{sales}} s ON s.assignment_id = a.id
  WHERE b.event_id IN {ids} {mine}"""

# One row per booth of the chosen events with its active assignment (if any), for the booth
# figures. Occupied = the active assignment is among `sa` (it has at least one sales record);
# an IN list is hashed once, where a join with the CTE would be misestimated (see above).
# (`active_booth` is either NULL or the assignment's own booth — booths/booking.py keeps it
# so — hence the active assignments of these booths are among `sa`'s.)
_BOOTHS = """,
  bo AS MATERIALIZED (
    SELECT b.event_id, b.blocked, a.id AS assignment_id, a.fee, a.payment_status,
           x.locality_id,
           CASE WHEN x.ethnic_minority OR x.remote_area OR x.island THEN 1 ELSE 0 END AS dis,
           CASE WHEN a.id IN (SELECT sa.id FROM sa) THEN 1 ELSE 0 END AS occupied
    FROM {{booth}} b
      LEFT JOIN {{assignment}} a ON a.active_booth = b.id AND a.kind = ?
      LEFT JOIN {{exhibitor}} x ON x.id = a.exhibitor_id
    WHERE b.event_id IN {ids}
  )"""

# The booth's main product (see the module's docstring), per assignment with sales:
# candidates are the application's products first (fallback 0), then the producer's (1), then
# none (2: "unclassified"). Each candidate carries its assignment's sales, so the groupings read
# the first-ranked rows and join only the product table, by its key.
_MAIN_PRODUCT = """,
  cand AS MATERIALIZED (
    SELECT sa.id AS assignment_id, sa.revenue, sa.units, sa.records, p.id AS product_id,
           p.stars AS stars, 0 AS fallback
    FROM sa JOIN {app_products} ap ON ap.{app_products_app} = sa.application_id
      JOIN {product} p ON p.id = ap.{app_products_product}
    UNION ALL
    SELECT sa.id, sa.revenue, sa.units, sa.records, p.id, p.stars, 1
    FROM sa JOIN {product} p ON p.exhibitor_id = sa.exhibitor_id
    UNION ALL
    SELECT sa.id, sa.revenue, sa.units, sa.records, NULL, NULL, 2 FROM sa
  ), mp AS MATERIALIZED (
    SELECT assignment_id, revenue, units, records, product_id,
           ROW_NUMBER() OVER (PARTITION BY assignment_id
                              ORDER BY fallback, stars DESC, product_id) AS rn
    FROM cand
  )"""

# Revenue by day and the main product's group: each sales record with its booth's main product.
_BY_DAY_GROUP = """{{booth}} b JOIN {{assignment}} a ON a.booth_id = b.id
  JOIN {{sales}} s ON s.assignment_id = a.id
  JOIN mp ON mp.assignment_id = a.id AND mp.rn = 1
  LEFT JOIN {{product}} p ON p.id = mp.product_id
  WHERE b.event_id IN {ids} {mine}"""

# Per product: the revenue credited to it as a booth's main product, and the units of the
# sales lines that name it, as rows of one union summed by product (see the docstring).
_BY_PRODUCT = """(
    SELECT mp.product_id, mp.revenue, mp.units, mp.records,
           CAST(NULL AS BIGINT) AS line_units
    FROM mp WHERE mp.rn = 1
    UNION ALL
    SELECT l.product_id, 0, 0, 0, l.units
    FROM {{booth}} b JOIN {{assignment}} a ON a.booth_id = b.id
      JOIN {{sales}} s ON s.assignment_id = a.id
      JOIN {{sales_line}} l ON l.record_id = s.id
    WHERE b.event_id IN {ids} {mine}
  ) sa"""

_REVENUE_KEYS = {
    "event": "sa.event_id",
    "day": "s.day",
    "month": "",
    "locality": "sa.locality_id",
    "kind": "sa.kind",
    "exhibitor": "sa.exhibitor_id",
    "group": 'p."group"',
    "stars": "p.stars",
    "product": "sa.product_id",
    "day_group": "s.day",
    "total": "NULL",
}
_PRODUCT_KEYS = {"group", "stars", "product", "day_group"}
# Every revenue row carries these; line_units (units named by sales lines) is only figured for
# the "product" grouping (NULL elsewhere, and for a product no line names).
_REVENUE_FIELDS = ("revenue", "units", "records", "line_units")
_BOOTH_FIELDS = (
    "offered",
    "assigned",
    "occupied",
    "disadvantaged",
    "paid_booths",
    "fees_paid",
    "waived_booths",
    "fees_waived",
    "fees_unpaid",
)
_BOOTH_KEYS = {"event": "event_id", "locality": "locality_id", "total": "NULL"}


async def assignment_figures(
    event_ids: Sequence[int],
    revenue: dict[str, int | None] | None = None,
    booths: Sequence[str] = (),
    *,
    exhibitor_id: int | None = None,
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    """Revenue and booth figures under several groupings, in one query.

    `revenue` maps each revenue grouping (event, day, month, locality, kind of producer,
    exhibitor, group, stars, product — by the main-product rule —, day_group (day × group: rows
    carry "day" and "group") or total) to the number of top rows to keep (None: all); rows are
    ordered by revenue, highest first, and carry revenue (VND), units and records (booth-days
    with sales). "product" rows also carry line_units (units sold per product from the sales
    lines, None where none names it) and include products that only sales lines name, ranked
    after by those units (see the module's docstring). `booths` lists booth groupings ("event",
    "locality" of the producer — free booths have none — or "total"); rows carry offered,
    assigned, occupied, disadvantaged, fees paid, waived and unpaid. `exhibitor_id` keeps one
    producer's revenue (not allowed with booth figures, which are the event's).
    """
    ids = _ids(event_ids)
    revenue = dict(revenue or {})
    if not ids or not (revenue or booths):
        return {by: [] for by in revenue}, {by: [] for by in booths}
    if exhibitor_id is not None and booths:
        raise ValueError("booth figures are the whole event's")
    mine, chosen = "", list(ids)
    if exhibitor_id is not None:
        mine = "AND a0.exhibitor_id = ?"
        chosen.append(int(exhibitor_id))
    params = list(chosen)
    ctes = _SALES.format(ids=in_list(ids), mine=mine)
    if booths:
        ctes += _BOOTHS.format(ids=in_list(ids))
        params += [AssignmentKind.ASSIGNED.value, *ids]
    if _PRODUCT_KEYS & set(revenue):
        ctes += _MAIN_PRODUCT
    empty_booths = ", ".join(f"CAST(NULL AS BIGINT) AS {f}" for f in _BOOTH_FIELDS)
    empty_revenue = ", ".join(f"CAST(NULL AS BIGINT) AS {f}" for f in _REVENUE_FIELDS)
    branches = []
    from_tables = {"ids": in_list(ids), "mine": mine.replace("a0.", "a.")}
    no_lines = "CAST(NULL AS BIGINT) AS line_units"
    for by, limit in revenue.items():
        key = month_of("sa.start_date") if by == "month" else _REVENUE_KEYS[by]
        key2 = None
        select = (
            "SUM(sa.revenue) AS revenue, SUM(sa.units) AS units, "
            f"SUM(sa.records) AS records, {no_lines}"
        )
        order = "SUM(sa.revenue) DESC"
        if by in ("day", "day_group"):
            source = (_BY_DAY if by == "day" else _BY_DAY_GROUP).format(**from_tables)
            select = (
                "SUM(s.revenue) AS revenue, SUM(s.units) AS units, "
                f"COUNT(s.id) AS records, {no_lines}"
            )
            order = "SUM(s.revenue) DESC"
            key2 = 'p."group"' if by == "day_group" else None
            params += chosen
        elif by == "product":
            source = _BY_PRODUCT.format(**from_tables)
            select = select.replace(no_lines, "SUM(sa.line_units) AS line_units")
            order = "SUM(sa.revenue) DESC, COALESCE(SUM(sa.line_units), 0) DESC"
            params += chosen
        elif by in _PRODUCT_KEYS:
            source = "mp sa LEFT JOIN {product} p ON p.id = sa.product_id WHERE sa.rn = 1"
        else:
            source = "sa"
        branches.append(
            _branch(f"r_{by}", key, f"{select}, {empty_booths}", source, order, limit, key2)
        )
    paid, waived = PaymentStatus.PAID.value, PaymentStatus.WAIVED.value
    for by in booths:
        select = f"""{empty_revenue},
          SUM(CASE WHEN blocked THEN 0 ELSE 1 END) AS offered,
          COUNT(assignment_id) AS assigned,
          SUM(occupied) AS occupied,
          SUM(dis) AS disadvantaged,
          SUM(CASE WHEN payment_status = ? THEN 1 ELSE 0 END) AS paid_booths,
          SUM(CASE WHEN payment_status = ? THEN fee ELSE 0 END) AS fees_paid,
          SUM(CASE WHEN payment_status = ? THEN 1 ELSE 0 END) AS waived_booths,
          SUM(CASE WHEN payment_status = ? THEN fee ELSE 0 END) AS fees_waived,
          SUM(CASE WHEN payment_status = ? THEN fee ELSE 0 END) AS fees_unpaid"""
        branches.append(_branch(f"b_{by}", _BOOTH_KEYS[by], select, "bo", None))
        params += [paid, paid, waived, waived, PaymentStatus.UNPAID.value]
    grouped = await _union(ctes, branches, params)
    revenue_rows = {by: [_revenue_row(by, r) for r in grouped.get(f"r_{by}", [])] for by in revenue}
    booth_rows = {
        by: [
            {by: _key_value(by, r["k"]), **{f: as_int(r[f]) for f in _BOOTH_FIELDS}}
            for r in grouped.get(f"b_{by}", [])
        ]
        for by in booths
    }
    return revenue_rows, booth_rows


def _revenue_row(by: str, row: dict[str, Any]) -> dict[str, Any]:
    if by == "day_group":
        keys = {"day": _key_value("day", row["k"]), "group": row["k2"]}
    else:
        keys = {by: _key_value(by, row["k"])}
    result = {**keys, **{f: as_int(row[f]) for f in ("revenue", "units", "records")}}
    if by == "product":
        units = row["line_units"]
        result["line_units"] = None if units is None else int(units)
    return result


async def revenue_by(
    event_ids: Sequence[int], by: str, *, exhibitor_id: int | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Revenue (VND), units and booth-days with sales, grouped by one key (see
    assignment_figures), highest revenue first; `limit` keeps the top rows."""
    rows, _booths = await assignment_figures(event_ids, {by: limit}, exhibitor_id=exhibitor_id)
    return rows[by]


async def booth_figures(event_ids: Sequence[int], by: str = "event") -> list[dict[str, Any]]:
    """Booths offered, assigned, occupied, to disadvantaged producers; fees paid and waived.

    Grouped by "event", "locality" (of the producer; offered-but-free booths have none) or
    "total".
    """
    _revenue, rows = await assignment_figures(event_ids, booths=[by])
    return rows[by]


# --- Producers and products ---------------------------------------------------------------------

_PART_KEYS = {"event": "event_id", "locality": "locality_id", "total": "NULL"}


async def participation_groups(
    event_ids: Sequence[int], groupings: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """Participating producers and distinct products shown, under several groupings in one
    query: "event", "locality" (of the producer) or "total" (distinct across all the events)."""
    ids = _ids(event_ids)
    if not ids or not groupings:
        return {by: [] for by in groupings}
    ctes = f"""
      part AS MATERIALIZED (
        -- No DISTINCT: every count below is a COUNT(DISTINCT), duplicates cannot change it.
        SELECT b.event_id, a.exhibitor_id, a.application_id, x.locality_id
        FROM {{booth}} b
          JOIN {{assignment}} a ON a.booth_id = b.id
          JOIN {{exhibitor}} x ON x.id = a.exhibitor_id
        WHERE a.kind = ? AND a.active_booth IS NOT NULL AND b.event_id IN {in_list(ids)}
      ), shown AS MATERIALIZED (
        SELECT part.event_id, part.locality_id, ap.{{app_products_product}} AS product_id
        FROM part JOIN {{app_products}} ap ON ap.{{app_products_app}} = part.application_id
        UNION ALL
        -- An application listing no product shows all the producer's products.
        SELECT part.event_id, part.locality_id, p.id
        FROM part JOIN {{product}} p ON p.exhibitor_id = part.exhibitor_id
        WHERE NOT EXISTS (SELECT 1 FROM {{app_products}} ap2
                          WHERE ap2.{{app_products_app}} = part.application_id)
      )"""
    branches = []
    for by in groupings:
        key = _PART_KEYS[by]
        branches.append(_branch(f"x_{by}", key, "COUNT(DISTINCT exhibitor_id) AS n", "part", None))
        branches.append(_branch(f"p_{by}", key, "COUNT(DISTINCT product_id) AS n", "shown", None))
    grouped = await _union(ctes, branches, [AssignmentKind.ASSIGNED.value, *ids])
    result = {}
    for by in groupings:
        products = {r["k"]: as_int(r["n"]) for r in grouped.get(f"p_{by}", [])}
        result[by] = [
            {
                by: _key_value(by, r["k"]),
                "producers": as_int(r["n"]),
                "products": products.get(r["k"], 0),
            }
            for r in grouped.get(f"x_{by}", [])
        ]
    return result


async def participation(event_ids: Sequence[int], by: str = "event") -> list[dict[str, Any]]:
    """Participating producers and distinct products shown, by "event", "locality" (of the
    producer) or "total" (distinct across all the events)."""
    return (await participation_groups(event_ids, [by]))[by]


# --- Trade deals --------------------------------------------------------------------------------

_DEAL_KEYS = {"event": "event_id", "locality": "locality_id", "status": "status", "total": "NULL"}


async def deal_groups(
    event_ids: Sequence[int], groupings: Sequence[str], *, exhibitor_id: int | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Trade deals counted and valued under several groupings in one query: "event",
    "locality" (of the producer), "status" or "total"."""
    ids = _ids(event_ids)
    if not ids or not groupings:
        return {by: [] for by in groupings}
    params: list[Any] = list(ids)
    mine = ""
    if exhibitor_id is not None:
        mine = "AND d.exhibitor_id = ?"
        params.append(int(exhibitor_id))
    ctes = f"""
      d0 AS MATERIALIZED (
        SELECT d.id, d.event_id, d.status, d.value, x.locality_id
        FROM {{deal}} d JOIN {{exhibitor}} x ON x.id = d.exhibitor_id
        WHERE d.event_id IN {in_list(ids)} {mine}
      )"""
    branches = [
        _branch(f"d_{by}", _DEAL_KEYS[by], "COUNT(id) AS deals, SUM(value) AS value", "d0", None)
        for by in groupings
    ]
    grouped = await _union(ctes, branches, params)
    return {
        by: [
            {by: _key_value(by, r["k"]), "deals": as_int(r["deals"]), "value": as_int(r["value"])}
            for r in grouped.get(f"d_{by}", [])
        ]
        for by in groupings
    }


async def deals_by(
    event_ids: Sequence[int], by: str, *, exhibitor_id: int | None = None
) -> list[dict[str, Any]]:
    """Trade deals counted and valued, grouped by "event", "locality", "status" or "total"."""
    return (await deal_groups(event_ids, [by], exhibitor_id=exhibitor_id))[by]


DEAL_STATUSES = list(DealStatus)


# --- One line per event (the period report's rows and the comparison of editions) ---------------

SUMMARY_FIELDS = (
    "entries",
    "exits",
    "offered",
    "assigned",
    "occupied",
    "disadvantaged",
    "fees_paid",
    "fees_waived",
    "producers",
    "products",
    "revenue",
    "deals",
    "deal_value",
)


async def event_summaries(event_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """The headline figures of each event, four queries whatever the number of events."""
    ids = _ids(event_ids)
    visitors = await visitor_flows(ids, ("event",))
    revenue, booths = await assignment_figures(ids, {"event": None}, ["event"])
    part = await participation_groups(ids, ["event"])
    deals = await deal_groups(ids, ["event"])
    return summaries_of(
        ids, visitors, revenue["event"], booths["event"], part["event"], deals["event"]
    )


def summaries_of(
    ids: Sequence[int],
    visitors: list[dict[str, Any]],
    revenue: list[dict[str, Any]],
    booths: list[dict[str, Any]],
    part: list[dict[str, Any]],
    deals: list[dict[str, Any]],
) -> dict[int, dict[str, int]]:
    """One line per event from the per-event rows of each figure (absent: zero)."""
    result = {i: dict.fromkeys(SUMMARY_FIELDS, 0) for i in ids}
    for row in visitors:
        result[row["event"]].update(entries=row["entries"], exits=row["exits"])
    for row in revenue:
        result[row["event"]]["revenue"] = row["revenue"]
    for row in booths:
        result[row["event"]].update(
            {
                k: row[k]
                for k in (
                    "offered",
                    "assigned",
                    "occupied",
                    "disadvantaged",
                    "fees_paid",
                    "fees_waived",
                )
            }
        )
    for row in part:
        result[row["event"]].update(producers=row["producers"], products=row["products"])
    for row in deals:
        result[row["event"]].update(deals=row["deals"], deal_value=row["value"])
    return result
