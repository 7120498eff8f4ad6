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
from typing import Any

from tortoise.exceptions import BaseORMException
from tortoise.transactions import in_transaction

from events.models import Event, EventStatus
from ocopfair import sql as raw_sql
from reports.figures.kept_triggers import LOCK_SPACE
from reports.figures.participation import seen_rows
from reports.figures.summaries import (
    LOCALITY_FIELDS,
    SUMMARY_FIELDS,
    PeriodFigures,
    period_figures,
)
from reports.models import KeptEventFigures, KeptLocalityFigures
from reports.sql import fetch, is_postgres

log = logging.getLogger(__name__)

KEEPABLE = (EventStatus.FINISHED, EventStatus.REPORTED)


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


async def kept_figures(events: Sequence[Event]) -> PeriodFigures:
    """The kept figures of the events among `events` that have them (their ids: the keys of
    `lines`). Read them in the same snapshot (ocopfair.sql.one_snapshot) as the rest of the
    report: between two reads a change could drop an event's figures, or a fill keep them."""
    kept = PeriodFigures()
    ids = [e.id for e in events if e.status in KEEPABLE]
    if not ids:
        return kept
    for r in await KeptEventFigures.filter(event_id__in=ids).values(
        "event_id", "source", *SUMMARY_FIELDS
    ):
        kept.lines[r["event_id"]] = {k: int(r[k]) for k in SUMMARY_FIELDS}
        kept.sources[r["event_id"]] = r["source"]
    if kept.lines:
        kept.localities = [
            {"locality": r["locality_id"], **{k: int(r[k]) for k in LOCALITY_FIELDS}}
            for r in await KeptLocalityFigures.filter(event_id__in=list(kept.lines)).values(
                "locality_id", *LOCALITY_FIELDS
            )
        ]
    return kept


async def keep(event_id: int) -> PeriodFigures | None:
    """Sum one event's figures from its rows and keep them, in one transaction; None when a change
    to the event is being written now (PostgreSQL: its advisory lock is held; SQLite: the
    write ended our snapshot), in which case nothing is kept."""
    try:
        async with in_transaction():
            if is_postgres() and not await _lock(event_id):
                return None
            kept = await period_figures([event_id])
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


async def _store(event_id: int, kept: PeriodFigures) -> None:
    figures: dict[str, Any] = {
        "event_id": event_id,
        "source": kept.sources[event_id],
        **kept.lines[event_id],
    }
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
