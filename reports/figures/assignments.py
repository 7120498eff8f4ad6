"""Revenue, booth and fee figures: all come from the chosen events' booth assignments, so one
query answers every grouping a report asks for (see reports/figures/__init__.py for the
definitions, reports/figures/grouping.py for how the groupings share one query)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from booths.models import AssignmentKind, PaymentStatus
from reports.figures.grouping import branch, event_id_list, key_value, union
from reports.sql import as_int, in_list, is_postgres, month_of

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

# PostgreSQL: the same rows as one join grouped by assignment, from the events' booths down to
# their sales by the (assignment, ...) index. Under the form above its planner misjudges how
# many assignments the summed sales make and reads every sales record, assignment and booth of
# the whole history (a one-year report then costs more every year the province keeps); SQLite
# walks the form above from the events' booths already, and would scan all assignments here.
_SALES_PG = """
  sa AS MATERIALIZED (
    SELECT a0.id, b0.event_id, e.start_date, a0.exhibitor_id, a0.application_id, x.locality_id,
           x.kind, SUM(s.revenue) AS revenue, SUM(s.units) AS units, COUNT(s.id) AS records
    FROM {{booth}} b0 JOIN {{assignment}} a0 ON a0.booth_id = b0.id
      JOIN {{sales}} s ON s.assignment_id = a0.id
      JOIN {{event}} e ON e.id = b0.event_id
      JOIN {{exhibitor}} x ON x.id = a0.exhibitor_id
    WHERE b0.event_id IN {ids} {mine}
    GROUP BY a0.id, b0.event_id, e.start_date, a0.exhibitor_id, a0.application_id,
             x.locality_id, x.kind
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

# The booth's main product (see reports/figures/__init__.py), per assignment with sales:
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
BOOTH_FIELDS = (
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

# What a branch answers for the figures it does not compute, so every branch has the same columns.
_NO_BOOTHS = ", ".join(f"CAST(NULL AS BIGINT) AS {f}" for f in BOOTH_FIELDS)
_NO_REVENUE = ", ".join(f"CAST(NULL AS BIGINT) AS {f}" for f in _REVENUE_FIELDS)
_NO_LINES = "CAST(NULL AS BIGINT) AS line_units"
_BOOTH_SELECT = f"""{_NO_REVENUE},
          SUM(CASE WHEN blocked THEN 0 ELSE 1 END) AS offered,
          COUNT(assignment_id) AS assigned,
          SUM(occupied) AS occupied,
          SUM(dis) AS disadvantaged,
          SUM(CASE WHEN payment_status = ? THEN 1 ELSE 0 END) AS paid_booths,
          SUM(CASE WHEN payment_status = ? THEN fee ELSE 0 END) AS fees_paid,
          SUM(CASE WHEN payment_status = ? THEN 1 ELSE 0 END) AS waived_booths,
          SUM(CASE WHEN payment_status = ? THEN fee ELSE 0 END) AS fees_waived,
          SUM(CASE WHEN payment_status = ? THEN fee ELSE 0 END) AS fees_unpaid"""


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
    after by those units (see reports/figures/__init__.py). `booths` lists booth groupings ("event",
    "locality" of the producer — free booths have none — or "total"); rows carry offered,
    assigned, occupied, disadvantaged, fees paid, waived and unpaid. `exhibitor_id` keeps one
    producer's revenue (not allowed with booth figures, which are the event's).
    """
    ids = event_id_list(event_ids)
    revenue = dict(revenue or {})
    if not ids or not (revenue or booths):
        return {by: [] for by in revenue}, {by: [] for by in booths}
    if exhibitor_id is not None and booths:
        raise ValueError("booth figures are the whole event's")
    mine, chosen = _one_producer(ids, exhibitor_id)
    ctes, params = _shared_tables(ids, mine, chosen, revenue, booths)
    branches = []
    sources = {"ids": in_list(ids), "mine": mine.replace("a0.", "a.")}
    for by, limit in revenue.items():
        sql, bound = _revenue_branch(by, limit, sources, chosen)
        branches.append(sql)
        params += bound
    for by in booths:
        branches.append(branch(f"b_{by}", _BOOTH_KEYS[by], _BOOTH_SELECT, "bo", None))
        params += _BOOTH_PARAMS
    grouped = await union(ctes, branches, params)
    revenue_rows = {by: [_revenue_row(by, r) for r in grouped.get(f"r_{by}", [])] for by in revenue}
    booth_rows = {by: [_booth_row(by, r) for r in grouped.get(f"b_{by}", [])] for by in booths}
    return revenue_rows, booth_rows


# The payment statuses _BOOTH_SELECT binds, in the order of its placeholders.
_BOOTH_PARAMS = [
    PaymentStatus.PAID.value,
    PaymentStatus.PAID.value,
    PaymentStatus.WAIVED.value,
    PaymentStatus.WAIVED.value,
    PaymentStatus.UNPAID.value,
]


def _one_producer(ids: list[int], exhibitor_id: int | None) -> tuple[str, list[Any]]:
    """`mine` keeps one producer's sales (or all); `chosen` binds the events (and that
    producer)."""
    if exhibitor_id is None:
        return "", list(ids)
    return "AND a0.exhibitor_id = ?", [*ids, int(exhibitor_id)]


def _shared_tables(
    ids: list[int],
    mine: str,
    chosen: list[int],
    revenue: dict[str, int | None],
    booths: Sequence[str],
) -> tuple[str, list[Any]]:
    """The CTEs the asked-for groupings read, and their bound parameters."""
    params: list[Any] = list(chosen)
    ctes = (_SALES_PG if is_postgres() else _SALES).format(ids=in_list(ids), mine=mine)
    if booths:
        ctes += _BOOTHS.format(ids=in_list(ids))
        params += [AssignmentKind.ASSIGNED.value, *ids]
    if _PRODUCT_KEYS & set(revenue):
        ctes += _MAIN_PRODUCT
    return ctes, params


def _revenue_branch(
    by: str, limit: int | None, sources: dict[str, str], chosen: list[int]
) -> tuple[str, list[Any]]:
    """The UNION ALL branch of one revenue grouping, and the parameters it binds."""
    key = month_of("sa.start_date") if by == "month" else _REVENUE_KEYS[by]
    key2 = None
    select = (
        "SUM(sa.revenue) AS revenue, SUM(sa.units) AS units, "
        f"SUM(sa.records) AS records, {_NO_LINES}"
    )
    order = "SUM(sa.revenue) DESC"
    params: list[Any] = []
    if by in ("day", "day_group"):
        # Straight from the sales records, day by day (the `sa` CTE has summed the days away).
        source = (_BY_DAY if by == "day" else _BY_DAY_GROUP).format(**sources)
        select = (
            f"SUM(s.revenue) AS revenue, SUM(s.units) AS units, COUNT(s.id) AS records, {_NO_LINES}"
        )
        order = "SUM(s.revenue) DESC"
        key2 = 'p."group"' if by == "day_group" else None
        params = list(chosen)
    elif by == "product":
        source = _BY_PRODUCT.format(**sources)
        select = select.replace(_NO_LINES, "SUM(sa.line_units) AS line_units")
        order = "SUM(sa.revenue) DESC, COALESCE(SUM(sa.line_units), 0) DESC"
        params = list(chosen)
    elif by in _PRODUCT_KEYS:
        source = "mp sa LEFT JOIN {product} p ON p.id = sa.product_id WHERE sa.rn = 1"
    else:
        source = "sa"
    sql = branch(f"r_{by}", key, f"{select}, {_NO_BOOTHS}", source, order, limit, key2)
    return sql, params


def _revenue_row(by: str, row: dict[str, Any]) -> dict[str, Any]:
    if by == "day_group":
        keys = {"day": key_value("day", row["k"]), "group": row["k2"]}
    else:
        keys = {by: key_value(by, row["k"])}
    result = {**keys, **{f: as_int(row[f]) for f in ("revenue", "units", "records")}}
    if by == "product":
        units = row["line_units"]
        result["line_units"] = None if units is None else int(units)
    return result


def _booth_row(by: str, row: dict[str, Any]) -> dict[str, Any]:
    return {by: key_value(by, row["k"]), **{f: as_int(row[f]) for f in BOOTH_FIELDS}}


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
