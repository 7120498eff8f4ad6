"""The report of a period: every event held in a date range, per event, locality and month.

An event belongs to the period in which it starts. Only events that took place count (running,
finished, reported). The locality filter takes the event's locality, or its venue's when the
event names none. Per-event and per-month rows are additive, so the totals row is their sum;
"distinct" producers and products are counted once across the whole period (one SQL query),
which is why they can be lower than the sum of the events' participations.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q

from events.models import Event, EventKind, EventLevel
from ocopfair import forms
from ocopfair import sql as raw_sql
from ocopfair.errors import Invalid
from ocopfair.i18n import format_date, local_today
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality
from ocopfair.templating import label
from reports import figures, period_extras
from reports.labels import locality_names, source_label
from reports.sections import DATE, INT, TEXT, VND, Column, Headline, Report, Section

_PRESET_QUARTER = {
    "Q1": (1, 3),
    "Q2": (4, 6),
    "Q3": (7, 9),
    "Q4": (10, 12),
    "H1": (1, 6),
    "H2": (7, 12),
}


@dataclass(frozen=True)
class PeriodFilter:
    date_from: dt.date
    date_to: dt.date
    kind: EventKind | None = None
    level: EventLevel | None = None
    locality_id: int | None = None

    def query(self) -> dict[str, str]:
        """The filter as query parameters (for links to the exports and charts)."""
        values = {
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "kind": self.kind.value if self.kind else "",
            "level": self.level.value if self.level else "",
            "locality": str(self.locality_id or ""),
        }
        return {k: v for k, v in values.items() if v}


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def preset_range(preset: str) -> tuple[dt.date, dt.date]:
    """'2025' (a year), '2025-Q2' (a quarter), '2025-H1' (the first six months)."""
    year_text, _sep, part = preset.strip().upper().partition("-")
    # Four ASCII digits before int(): "²" passes isdigit() and 5,000 digits make int() raise.
    if (
        not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4)
        or not (2000 <= int(year_text) <= 2100)
        or (part and part not in _PRESET_QUARTER)
    ):
        raise Invalid({"period": _("Choose a year, a quarter or a half year from the list.")})
    year = int(year_text)
    first, last = _PRESET_QUARTER.get(part, (1, 12))
    return dt.date(year, first, 1), _month_end(year, last)


def parse_filter(params: Any) -> PeriodFilter:
    """Read the filter form (or API query). Empty dates mean the current year."""
    preset = str(params.get("period") or "").strip()
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}

    def read(name: str, parse: Any) -> None:
        try:
            values[name] = parse()
        except Invalid as exc:
            errors.update(exc.fields)

    if preset:
        read("range", lambda: preset_range(preset))
    read("date_from", lambda: forms.date(params.get("date_from"), "date_from", required=False))
    read("date_to", lambda: forms.date(params.get("date_to"), "date_to", required=False))
    read("kind", lambda: forms.choice(params.get("kind"), "kind", EventKind, required=False))
    read("level", lambda: forms.choice(params.get("level"), "level", EventLevel, required=False))
    read(
        "locality",
        lambda: forms.integer(
            params.get("locality"), "locality", minimum=1, maximum=2**31 - 1, required=False
        ),
    )
    if errors:
        raise Invalid(errors)
    year = local_today().year
    start, end = values.get("range") or (dt.date(year, 1, 1), dt.date(year, 12, 31))
    date_from = values["date_from"] or start
    date_to = values["date_to"] or end
    if date_from > date_to:
        raise Invalid({"date_to": _("The end of the period must not be before its start.")})
    return PeriodFilter(date_from, date_to, values["kind"], values["level"], values["locality"])


async def events_in(period: PeriodFilter) -> list[Event]:
    query = Event.filter(
        start_date__gte=period.date_from,
        start_date__lte=period.date_to,
        status__in=figures.HELD_STATUSES,
    )
    if period.kind:
        query = query.filter(kind=period.kind)
    if period.level:
        query = query.filter(level=period.level)
    if period.locality_id:
        units = await with_merged_units(period.locality_id)
        query = query.filter(
            Q(locality_id__in=units) | Q(locality_id=None, venue__locality_id__in=units)
        )
    return await query.select_related("venue").order_by("start_date", "id")


async def with_merged_units(locality_id: int) -> list[int]:
    """The unit and every unit merged into it, directly or through others: a new commune's
    report covers the past events of the units it replaced (each still listed under the name
    it had then)."""
    units, frontier = [locality_id], [locality_id]
    while frontier and len(units) < 1000:
        found = await Locality.filter(merged_into_id__in=frontier).values("id")
        frontier = [row["id"] for row in found if row["id"] not in units]
        units += frontier
    return units


ADDITIVE = ("entries", "assigned", "producers", "products", "revenue", "deals", "deal_value")


def _event_locality(event: Event, localities: dict[int, str]) -> str:
    locality_id = event.locality_id or event.venue.locality_id
    return localities.get(locality_id, "") if locality_id is not None else ""


async def period_report(period: PeriodFilter, extras: bool = True) -> Report:
    """The report; with `extras`, issue 20's sections after its own (reports/period_extras.py:
    showrooms, partner programmes, the same span a year earlier)."""
    report = await _period_report(period)
    if extras:
        report.sections += await period_extras.extra_sections(
            period, report, lambda earlier: _period_report(earlier)
        )
    return report


async def _period_report(period: PeriodFilter) -> Report:
    events = await events_in(period)
    localities = await locality_names()
    # Finished events' figures are kept (reports/figures/kept.py): only the others are summed
    # from their rows, so the cost follows the events still changing, not the years kept.
    await figures.keep_finished(events)
    async with raw_sql.one_snapshot():
        return await _report_of(period, events, localities)


async def _report_of(
    period: PeriodFilter, events: list[Event], localities: dict[int, str]
) -> Report:
    ids = [e.id for e in events]
    found = await figures.kept_figures(events)
    kept = list(found.lines)
    live = [i for i in ids if i not in found.lines]
    # Five queries for the other events' figures, whatever their number; the distinct
    # producers and products are counted once across all of them, kept or not.
    found.add(await figures.period_figures(live))
    part = await figures.participation_groups(live, ["locality", "total"], kept_ids=kept)
    summary = found.lines
    totals = {k: sum(summary[i][k] for i in ids) for k in ADDITIVE}
    distinct = (part["total"] or [{"producers": 0, "products": 0}])[0]
    return Report(
        title=_("OCOP events report"),
        subtitle=_subtitle(period, localities),
        headlines=_headlines(len(events), totals, distinct),
        sections=[
            _events_section(events, summary, totals, localities, found.sources),
            _locality_section(found.localities, part["locality"], localities),
            _months_section(events, summary, totals),
        ],
        meta={
            "date_from": period.date_from,
            "date_to": period.date_to,
            "event_ids": ids,
            "distinct_producers": distinct["producers"],
            "distinct_products": distinct["products"],
        },
    )


def _figure_columns() -> list[Column]:
    """The columns of the ADDITIVE figures, in that order."""
    return [
        Column("entries", _("Visitors"), INT),
        Column("assigned", _("Booths"), INT),
        Column("producers", _("Producers"), INT),
        Column("products", _("Products"), INT),
        Column("revenue", _("Revenue"), VND),
        Column("deals", _("Deals"), INT),
        Column("deal_value", _("Deal value"), VND),
    ]


def _events_section(
    events: list[Event],
    summary: dict[int, dict[str, int]],
    totals: dict[str, int],
    localities: dict[int, str],
    sources: dict[int, str],
) -> Section:
    event_rows = [
        [
            e.name,
            label(e.kind),
            _event_locality(e, localities),
            e.start_date,
            e.end_date,
            *[summary[e.id][k] for k in ADDITIVE],
            source_label(sources.get(e.id, "")),
        ]
        for e in events
    ]
    return Section(
        "events",
        _("Events held"),
        [
            Column("event", _("Event")),
            Column("kind", _("Kind")),
            Column("locality", _("Locality")),
            Column("start", _("Start"), DATE),
            Column("end", _("End"), DATE),
            *_figure_columns(),
            Column("figures_source", _("Figures"), TEXT),
        ],
        event_rows,
        total=[_("Total"), "", "", None, None, *[totals[k] for k in ADDITIVE], ""],
        note=_(
            "Producers and products are counted per event: a producer at two events counts "
            "twice here, once in the distinct figures above."
        ),
    )


def _months_section(
    events: list[Event], summary: dict[int, dict[str, int]], totals: dict[str, int]
) -> Section:
    months: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for e in events:
        month = months[e.start_date.strftime("%m/%Y")]
        month["events"] += 1
        for key in ADDITIVE:
            month[key] += summary[e.id][key]
    return Section(
        "months",
        _("By month"),
        [Column("month", _("Month")), Column("events", _("Events"), INT), *_figure_columns()],
        [[name, m["events"], *[m[k] for k in ADDITIVE]] for name, m in months.items()],
        total=[_("Total"), len(events), *[totals[k] for k in ADDITIVE]],
        chart="period_by_month",
    )


def _headlines(events: int, totals: dict[str, int], distinct: dict[str, int]) -> list[Headline]:
    return [
        Headline("events", _("Events held"), events, INT),
        Headline("entries", _("Visitors (entries)"), totals["entries"], INT),
        Headline("assigned", _("Booths assigned"), totals["assigned"], INT),
        Headline("producers", _("Distinct producers"), distinct["producers"], INT),
        Headline("participations", _("Producer participations"), totals["producers"], INT),
        Headline("products", _("Distinct products"), distinct["products"], INT),
        Headline("revenue", _("Revenue"), totals["revenue"], VND),
        Headline("deals", _("Trade deals"), totals["deals"], INT),
        Headline("deal_value", _("Expected value of deals"), totals["deal_value"], VND),
    ]


def _subtitle(period: PeriodFilter, localities: dict[int, str]) -> str:
    """The dates, then the filters that are set."""
    dates = f"{format_date(period.date_from)} – {format_date(period.date_to)}"
    filters = [
        label(period.kind) if period.kind else "",
        label(period.level) if period.level else "",
        localities.get(period.locality_id or 0, ""),
    ]
    return " · ".join([dates, *[f for f in filters if f]])


def _locality_section(
    by_locality: list[dict[str, Any]], part: list[dict[str, Any]], localities: dict[int, str]
) -> Section:
    """`by_locality`: additive rows (figures.PeriodFigures.localities), several per locality
    when they come from several events; `part`: distinct producers and products per locality."""
    rows: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in by_locality:
        for key in figures.LOCALITY_FIELDS:
            rows[row["locality"]][key] += row[key]
    for row in part:
        rows[row["locality"]].update(producers=row["producers"], products=row["products"])
    keys = ("assigned", "producers", "products", "revenue", "deals", "deal_value")
    # Equal revenues in the order of the names: the rows reach here in no fixed order.
    ordered = sorted(
        rows.items(), key=lambda kv: (-kv[1]["revenue"], localities.get(kv[0], ""), str(kv[0]))
    )
    return Section(
        "localities",
        _("By locality of the producers"),
        [
            Column("locality", _("Locality"), TEXT),
            Column("assigned", _("Booths"), INT),
            Column("producers", _("Distinct producers"), INT),
            Column("products", _("Distinct products"), INT),
            Column("revenue", _("Revenue"), VND),
            Column("deals", _("Deals"), INT),
            Column("deal_value", _("Deal value"), VND),
        ],
        [[localities.get(k, _("Unknown locality")), *[v[f] for f in keys]] for k, v in ordered],
        total=[_("Total"), *[sum(v[f] for v in rows.values()) for f in keys]],
        chart="revenue_by_locality",
    )
