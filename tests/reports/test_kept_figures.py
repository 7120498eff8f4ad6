"""Kept figures (issue 21 item 5): the period report reads finished events' figures from
reports/models.py's tables, and they must always equal what the rows say. Each test makes the
report once (which keeps them), changes a row the way the app or a person would, and checks
that the database dropped the kept figures and that the next report, kept again, equals the
one summed from every row — after corrections, imports and restores too."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx2 as httpx
import pytest
from tortoise.expressions import F

from booths.models import Booth, BoothApplication, BoothAssignment
from deals.models import DealStatus, TradeDeal
from exhibitors.models import Exhibitor
from ocopfair import backup
from ocopfair import sql as raw_sql
from ocopfair.accounts import create_token
from ocopfair.i18n import language, local_today
from reports import figures
from reports.figures import kept as kept_module
from reports.models import KeptEventFigures, KeptLocalityFigures, KeptShown
from reports.period_report import PeriodFilter, period_report
from results import importing
from sales.models import SalesLine, SalesRecord
from tests.databases import empty_tables
from tests.factories import make_buyer, make_gate_count, make_product, make_user
from tests.reports.dates import D1, D3, local
from tests.results.fair import make_past_fair, past_fair_with_booths, workbook_of
from visitors.models import CountCorrection, Direction, Gate, GateCount

PERIOD = PeriodFilter(dt.date(2024, 1, 1), dt.date(2025, 12, 31))


async def _nothing_kept(events: Any) -> figures.PeriodFigures:
    return figures.PeriodFigures()


async def kept_and_live(monkeypatch, period: PeriodFilter = PERIOD) -> tuple[dict, dict]:
    """The report as the app makes it (kept figures) and summed from every row."""
    with language("vi"):
        kept = (await period_report(period)).as_json()
        with monkeypatch.context() as patch:
            patch.setattr(figures, "kept_figures", _nothing_kept)
            live = (await period_report(period)).as_json()
    return kept, live


async def kept_ids() -> set[int]:
    return set(await KeptEventFigures.all().values_list("event_id", flat=True))


async def rows_kept_for(event_id: int) -> int:
    return (
        await KeptEventFigures.filter(event_id=event_id).count()
        + await KeptLocalityFigures.filter(event_id=event_id).count()
        + await KeptShown.filter(event_id=event_id).count()
    )


# Each change as the app's paths write it; True when the period report must show it (a
# producer's island flag only changes a figure the period report does not show).
async def _count(fair):
    await make_gate_count(fair["gates"][0], local(D1, 11), Direction.IN, 7)


async def _tap_into_a_bucket(fair):
    await GateCount.filter(gate=fair["gates"][0], direction=Direction.IN).update(
        count=F("count") + 1
    )


async def _correction(fair):
    await CountCorrection.create(
        gate=fair["gates"][1], day=D3, direction=Direction.IN, delta=4, reason="Phiếu giấy"
    )


async def _sales_corrected(fair):
    record = await SalesRecord.filter(assignment__booth__event=fair["event"], revenue=450_000)
    await SalesRecord.filter(id=record[0].id).update(revenue=460_000)


async def _sales_deleted(fair):
    record = await SalesRecord.get(assignment__booth__event=fair["event"], revenue=700_000)
    await SalesLine.filter(record_id=record.id).delete()
    await record.delete()


async def _deal(fair):
    buyer = await make_buyer("Co.opmart")
    await TradeDeal.create(
        event=fair["event"],
        exhibitor=fair["c"],
        buyer=buyer,
        value=3_000_000,
        status=DealStatus.MEMORANDUM,
    )


async def _booth_released(fair):
    await BoothAssignment.filter(
        booth__event=fair["event"], exhibitor=fair["b"], active_booth__not_isnull=True
    ).update(active_booth=None)


async def _booth_blocked(fair):
    await Booth.filter(event=fair["event"], code="B05").update(blocked=True)


async def _products_on_the_application(fair):
    application = await BoothApplication.get(event=fair["event"], exhibitor=fair["a"])
    await application.products.add(fair["products"][0])


async def _producer_moved(fair):
    await Exhibitor.filter(id=fair["a"].id).update(locality_id=fair["mong_cai"].id)


async def _producer_flag(fair):
    await Exhibitor.filter(id=fair["b"].id).update(island=True)


async def _product_added(fair):
    await make_product(fair["c"], "Chả mực giã tay", 4, certificate_expiry=None)


async def _gate_removed(fair):
    await Gate.filter(id=fair["gates"][1].id).delete()


CHANGES: dict[str, tuple[Callable[[dict], Awaitable[None]], bool]] = {
    "a gate count": (_count, True),
    "a tap into a counted bucket": (_tap_into_a_bucket, True),
    "a supervisor's correction": (_correction, True),
    "a sales day corrected": (_sales_corrected, True),
    "a sales day deleted": (_sales_deleted, True),
    "a trade deal": (_deal, True),
    "a booth released": (_booth_released, True),
    "a booth blocked": (_booth_blocked, False),
    "a product put on an application": (_products_on_the_application, True),
    "a producer moved to another locality": (_producer_moved, True),
    "a producer's island flag": (_producer_flag, False),
    "a product added to a producer's catalogue": (_product_added, True),
    "a gate removed with its counts": (_gate_removed, True),
}


@pytest.mark.parametrize("change", list(CHANGES))
async def test_a_change_drops_the_kept_figures_and_the_next_report_equals_the_rows(
    fair, monkeypatch, change
):
    before, live = await kept_and_live(monkeypatch)
    assert before == live
    event = fair["event"]
    # The finished and the reported events are kept; the cancelled one is not reported at all.
    assert {event.id, fair["previous"].id, fair["week"].id} == await kept_ids()
    assert await rows_kept_for(event.id) > 2

    write, shows = CHANGES[change]
    await write(fair)

    assert await rows_kept_for(event.id) == 0, "the database did not drop the kept figures"
    assert await kept_ids() - {event.id}  # an event the change did not touch stays kept
    after, live = await kept_and_live(monkeypatch)
    assert after == live
    assert (after != before) is shows
    assert event.id in await kept_ids()


async def test_a_change_no_figure_reads_keeps_them(fair, monkeypatch):
    """Renaming a booth or a gate, or a producer's new phone number, changes no figure: the
    triggers look at the columns that matter, so the kept rows stay."""
    await kept_and_live(monkeypatch)
    event = fair["event"]
    kept = await rows_kept_for(event.id)
    await Booth.filter(event=event, code="B01").update(code="A01")
    await Gate.filter(id=fair["gates"][0].id).update(name="Cổng chính")
    await Exhibitor.filter(id=fair["a"].id).update(phone="0912345678")
    assert await rows_kept_for(event.id) == kept


async def test_an_imported_workbook_drops_the_kept_figures(db, monkeypatch):
    fair = await make_past_fair(booths=4, gates=2, days=2)
    period = PeriodFilter(fair.days[0], fair.days[-1])
    empty, live = await kept_and_live(monkeypatch, period)
    assert empty == live and fair.event.id in await kept_ids()
    user = await make_user("organizer")
    upload, plan = await importing.upload(fair.event, user, "ket-qua.xlsx", workbook_of(fair))
    assert plan.error_count == 0
    await importing.confirm(upload, user, "số liệu giấy", today=local_today())
    assert await rows_kept_for(fair.event.id) == 0
    imported, live = await kept_and_live(monkeypatch, period)
    assert imported == live and imported != empty
    assert imported["headlines"]["revenue"]["value"] > 0


async def test_a_restore_starts_without_kept_figures_and_reports_the_same(fair, db, monkeypatch):
    before, _live = await kept_and_live(monkeypatch)
    archive = await backup.dump()
    assert not {"keptfigures", "keptlocalityfigures", "keptshown"} & set(archive["tables"])
    await empty_tables(db)
    await backup.restore(archive)
    assert await kept_ids() == set()
    after, live = await kept_and_live(monkeypatch)
    assert after == before == live
    assert fair["event"].id in await kept_ids()


async def test_a_running_event_is_summed_live_and_not_kept(fair, monkeypatch):
    from events.models import Event, EventStatus

    await Event.filter(id=fair["event"].id).update(status=EventStatus.RUNNING)
    report, live = await kept_and_live(monkeypatch)
    assert report == live
    assert fair["event"].id not in await kept_ids()


class _OpenWrite:
    """Another connection (another worker) that has written a gate count of `count` entries and
    not committed yet (`commit()` does)."""

    def __init__(self, db, gate_id: int, count: int, at: dt.datetime) -> None:
        self.db, self.values = db, (gate_id, at, count)

    async def __aenter__(self) -> _OpenWrite:
        if self.db.name == "postgres":
            import asyncpg

            url = self.db.url.split("?")[0].replace("postgres://", "postgresql://")
            self.pg = await asyncpg.connect(url)
            self.transaction = self.pg.transaction()
            await self.transaction.start()
            await self.pg.execute(_INSERT_COUNT.format("$1", "$2", "$3"), *self.values)
        else:
            import sqlite3

            gate_id, at, count = self.values
            path = self.db.url.removeprefix("sqlite://").split("?")[0]
            self.lite = sqlite3.connect(path, timeout=10, isolation_level=None)
            self.lite.execute("BEGIN IMMEDIATE")
            self.lite.execute(
                _INSERT_COUNT.format("?", "?", "?"), (gate_id, at.isoformat(sep=" "), count)
            )
        return self

    async def commit(self) -> None:
        if self.db.name == "postgres":
            await self.transaction.commit()
        else:
            self.lite.execute("COMMIT")

    async def __aexit__(self, *exc: object) -> None:
        if self.db.name == "postgres":
            await self.pg.close()
        else:
            self.lite.close()


_INSERT_COUNT = (
    "INSERT INTO gatecount (gate_id, bucket_start, direction, count, source, whole_day)"
    " VALUES ({}, {}, 'in', {}, 'tally', false)"
)


async def test_no_figures_are_kept_while_a_change_to_the_event_is_being_written(fair, db):
    """A write not yet committed is invisible to the fill, so keeping then could miss it: the
    fill yields and the event is summed live, kept by a later report. PostgreSQL: the write
    holds the event's lock until it commits and the fill only tries it. SQLite: the write holds
    the database's write lock, and the fill, which has read already, is refused it ("database
    is locked") and keeps nothing."""
    event = fair["event"]
    async with _OpenWrite(db, fair["gates"][0].id, 40, local(D1, 12)) as write:
        assert await kept_module.keep(event.id) is None
        assert await rows_kept_for(event.id) == 0
        await write.commit()
    kept = await kept_module.keep(event.id)
    assert kept is not None
    # 100+50+20+30 counted + 5 corrected on day 1, 7+300+100 on day 2, 10 on day 3, and 40.
    assert kept.lines[event.id]["entries"] == 622 + 40


async def test_reports_asked_while_sales_arrive_never_keep_a_stale_figure(
    db, live_server, monkeypatch
):
    """Real concurrent requests to the server: each round sends every booth-day's sales once
    more (new amounts) while three officials ask for the period report. Whatever the order the
    server ran them in, the figures it kept equal the rows at the end, to the đồng."""
    fair, headers = await past_fair_with_booths(booths=8, days=2)
    official = await make_user("official")
    asker = {"Authorization": f"Bearer {await create_token(official)}"}
    sales_url = f"{live_server.url}/api/v1/events/{fair.event.id}/results/sales"
    period = {"date_from": fair.days[0].isoformat(), "date_to": fair.days[-1].isoformat()}
    async with httpx.AsyncClient(timeout=60) as http:
        for revenue in range(1_000_000, 1_000_006):
            items = [
                {"booth": f"B{n + 1:03d}", "day": d.isoformat(), "revenue": revenue}
                for n in range(8)
                for d in fair.days
            ]
            answers = await asyncio.gather(
                http.post(sales_url, json={"items": items, "reason": "bản sửa"}, headers=headers),
                *[
                    http.get(f"{live_server.url}/api/v1/reports", params=period, headers=asker)
                    for _ in range(3)
                ],
            )
            assert [a.status_code for a in answers] == [200, 200, 200, 200]
        last = await http.get(f"{live_server.url}/api/v1/reports", params=period, headers=asker)
    kept, live = await kept_and_live(monkeypatch, PeriodFilter(fair.days[0], fair.days[-1]))
    assert kept == live
    assert kept["headlines"]["revenue"]["value"] == 16 * 1_000_005
    assert last.json()["headlines"]["revenue"]["value"] == 16 * 1_000_005


async def test_a_report_reads_its_figures_in_one_snapshot(fair, db, monkeypatch):
    """The kept figures and the rows are read in one snapshot (ocopfair.sql.one_snapshot): a
    change committed halfway through a report, which drops an event's kept rows, cannot leave
    the report with half of them."""
    before, _live = await kept_and_live(monkeypatch)
    event = fair["event"]
    async with raw_sql.one_snapshot():
        first = await figures.kept_figures([event])
        async with _OpenWrite(db, fair["gates"][0].id, 9, local(D1, 13)) as write:
            await write.commit()  # as another worker would
        again = await figures.kept_figures([event])
        assert await rows_kept_for(event.id) > 0
    assert event.id in first.lines and again == first
    assert await rows_kept_for(event.id) == 0  # outside the snapshot: dropped
    kept, live = await kept_and_live(monkeypatch)
    assert kept == live
    entries = before["headlines"]["entries"]["value"]
    assert kept["headlines"]["entries"]["value"] == entries + 9
