"""Visitor figures: entries and exits (counted and corrected), entries per hour, the highest
occupancy of each day (see reports/figures/__init__.py for the definitions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reports.figures.grouping import event_id_list, group_by
from reports.sql import as_date, as_int, fetch, in_list, local_day, local_hour

IN = "in"
OUT = "out"

_FLOW_KEYS = {"event": "g.event_id", "gate": "g.id"}


async def visitor_flows(event_ids: Sequence[int], by: Sequence[str]) -> list[dict[str, Any]]:
    """Entries and exits (counted + corrected) grouped by any of "event", "gate", "day".

    Rows: the grouping keys, plus counted_in, counted_out, corrected_in, corrected_out,
    entries (= counted_in + corrected_in) and exits.
    """
    ids = event_id_list(event_ids)
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
    "day" (day × hour, to find the peak hour). Corrections and imported whole-day totals have
    no hour and are not here."""
    key = {"gate": "gc.gate_id", "day": local_day("gc.bucket_start")}[by]
    sql = f"""
        SELECT {key} AS k, {local_hour("gc.bucket_start")} AS hour, SUM(gc.count) AS entries
        FROM {{gatecount}} gc JOIN {{gate}} g ON g.id = gc.gate_id
        WHERE g.event_id = ? AND gc.direction = ? AND gc.whole_day = ?
        GROUP BY {key}, {local_hour("gc.bucket_start")}
        ORDER BY 1, 2
    """
    rows = await fetch(sql, [int(event_id), IN, False])
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
          WHERE g.event_id = ? AND gc.whole_day = ?
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
    rows = await fetch(sql, [IN, int(event_id), False])
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
