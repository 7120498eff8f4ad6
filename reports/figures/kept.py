"""The period report's per-event figures of finished events, kept so that a report over many
years reads a few rows per event instead of every gate count and sales record (issue 21 item
5). What is kept is computed by the same functions as the live figures, at the first report
that needs it; the database drops it whenever a row it came from changes
(reports/figures/kept_triggers.py), and the next report computes that event live and keeps it
again. So a kept figure always equals the live one, which tests/reports/test_kept_figures.py
checks after every kind of change.

Only finished and reported events are kept: a running event changes with every tap, and
keeping it would only make its gates wait for the fill.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.exceptions import BaseORMException
from tortoise.transactions import in_transaction

from events.models import Event, EventStatus
from ocopfair import sql as raw_sql
from reports.figures.assignments import assignment_figures
from reports.figures.deals import deal_groups
from reports.figures.kept_triggers import LOCK_SPACE
from reports.figures.participation import participation_groups, seen_rows
from reports.figures.sources import figure_sources
from reports.figures.summaries import SUMMARY_FIELDS, summaries_of
from reports.figures.visitors import visitor_flows
from reports.models import KeptEventFigures, KeptLocalityFigures
from reports.sql import fetch, is_postgres

log = logging.getLogger(__name__)

KEEPABLE = (EventStatus.FINISHED, EventStatus.REPORTED)
LOCALITY_FIELDS = ("assigned", "revenue", "deals", "deal_value")


@dataclass
class Kept:
    """One event's kept figures: its line of the period report, where they came from, and its
    additive figures per locality of its producers."""

    summary: dict[str, int]
    source: str
    localities: list[dict[str, Any]] = field(default_factory=list)


async def keep_finished(events: Sequence[Event]) -> None:
    """Keep the figures of the finished events among `events` not kept yet, each in its own
    transaction (one that cannot be kept now, because a change to it is being written, is left
    for the report to sum live)."""
    keepable = [e.id for e in events if e.status in KEEPABLE]
    if not keepable:
        return
    found = set(
        await KeptEventFigures.filter(event_id__in=keepable).values_list("event_id", flat=True)
    )
    for event_id in keepable:
        if event_id not in found:
            await keep(event_id)


async def kept_figures(events: Sequence[Event]) -> dict[int, Kept]:
    """{event id: Kept} for the events among `events` whose figures are kept. Read it in the
    same snapshot (ocopfair.sql.one_snapshot) as the rest of the report: between two reads a
    change could drop an event's figures, or a fill keep them."""
    ids = [e.id for e in events if e.status in KEEPABLE]
    if not ids:
        return {}
    rows = await KeptEventFigures.filter(event_id__in=ids).values(
        "event_id", "source", *SUMMARY_FIELDS
    )
    found = {r["event_id"]: Kept({k: int(r[k]) for k in SUMMARY_FIELDS}, r["source"]) for r in rows}
    if found:
        for r in await KeptLocalityFigures.filter(event_id__in=list(found)).values(
            "event_id", "locality_id", *LOCALITY_FIELDS
        ):
            found[r["event_id"]].localities.append(
                {"locality": r["locality_id"], **{k: int(r[k]) for k in LOCALITY_FIELDS}}
            )
    return found


async def keep(event_id: int) -> Kept | None:
    """Compute one event's figures live and keep them, in one transaction; None when a change
    to the event is being written now (PostgreSQL: its advisory lock is held; SQLite: the
    write ended our snapshot), in which case nothing is kept."""
    try:
        async with in_transaction():
            if is_postgres() and not await _lock(event_id):
                return None
            kept = await _compute(event_id)
            await _store(event_id, kept)
            return kept
    except BaseORMException as exc:  # a write won the race: the report computes it live
        log.info("event %s not kept now: %s", event_id, exc)
        return None


async def _lock(event_id: int) -> bool:
    rows = await raw_sql.fetch(
        raw_sql.connection(),
        "SELECT pg_try_advisory_xact_lock($1, $2) AS got",
        [LOCK_SPACE, event_id],
    )
    return bool(rows[0]["got"])


async def _compute(event_id: int) -> Kept:
    ids = [event_id]
    visitors = await visitor_flows(ids, ("event",))
    revenue, booths = await assignment_figures(
        ids, {"event": None, "locality": None}, ["event", "locality"]
    )
    part = await participation_groups(ids, ["event"])
    deals = await deal_groups(ids, ["event", "locality"])
    summary = summaries_of(
        ids, visitors, revenue["event"], booths["event"], part["event"], deals["event"]
    )[event_id]
    localities = locality_rows(booths["locality"], revenue["locality"], deals["locality"])
    source = (await figure_sources(ids))[event_id]
    return Kept(summary, source, localities)


def locality_rows(
    booths: list[dict[str, Any]], revenue: list[dict[str, Any]], deals: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The additive figures per locality, one row each, from the rows of each figure (a free
    booth has no producer, hence no locality: it counts only where a booth is assigned)."""
    rows: dict[Any, dict[str, Any]] = {}

    def row(locality: Any) -> dict[str, Any]:
        return rows.setdefault(
            locality, {"locality": locality, **dict.fromkeys(LOCALITY_FIELDS, 0)}
        )

    for r in booths:
        if r["locality"] is not None or r["assigned"]:
            row(r["locality"])["assigned"] += r["assigned"]
    for r in revenue:
        row(r["locality"])["revenue"] += r["revenue"]
    for r in deals:
        row(r["locality"])["deals"] += r["deals"]
        row(r["locality"])["deal_value"] += r["value"]
    return list(rows.values())


async def _store(event_id: int, kept: Kept) -> None:
    figures: dict[str, Any] = {"event_id": event_id, "source": kept.source, **kept.summary}
    await KeptEventFigures.create(**figures)
    await KeptLocalityFigures.bulk_create(
        [
            KeptLocalityFigures(
                event_id=event_id,
                locality_id=r["locality"],
                **{k: r[k] for k in LOCALITY_FIELDS},
            )
            for r in kept.localities
        ]
    )
    # Who took part and what they showed, straight from the live rows to the table.
    ctes, params = seen_rows([event_id])
    await fetch(
        f"WITH {ctes}\nINSERT INTO {{kept_shown}} (event_id, exhibitor_id, locality_id,"
        " product_id)\nSELECT DISTINCT event_id, exhibitor_id, locality_id, product_id FROM seen",
        params,
    )
