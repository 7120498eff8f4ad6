"""An event's figures beside those of its previous edition."""

from __future__ import annotations

from events.models import Event
from ocopfair.i18n import format_date
from ocopfair.i18n import gettext as _
from reports import figures
from reports.sections import AUTO, INT, PCT, VND, Column, Section

# (figure, its title as a message id, its kind of cell). The titles are translated when shown.
COMPARED = [
    ("entries", "Visitors (entries)", INT),
    ("revenue", "Revenue", VND),
    ("assigned", "Booths assigned", INT),
    ("producers", "Participating producers", INT),
    ("products", "Products shown", INT),
    ("deals", "Trade deals", INT),
    ("deal_value", "Expected value of deals", VND),
]


async def previous_edition(event: Event) -> Event | None:
    """The previous event of the same series, or else the previous one of the same kind at the
    same venue; only events that took place count."""
    earlier = (
        Event.filter(start_date__lt=event.start_date, status__in=figures.HELD_STATUSES)
        .exclude(id=event.id)
        .order_by("-start_date", "-id")
    )
    if event.series_id is not None:
        found = await earlier.filter(series_id=event.series_id).first()
        if found is not None:
            return found
    return await earlier.filter(kind=event.kind, venue_id=event.venue_id).first()


def change(now: int, before: int | None) -> float | None:
    if not before:
        return None
    return round(100.0 * (now - before) / before, 1)


async def comparison(
    event: Event,
    now: dict[str, int],
) -> tuple[Section | None, Event | None, dict[str, int]]:
    """`now`: this edition's figures as the report's own sections counted them (the same
    definitions as figures.event_summaries, so only the previous edition is queried)."""
    previous = await previous_edition(event)
    if previous is None:
        return None, None, {}
    before = (await figures.event_summaries([previous.id]))[previous.id]
    rows = [
        [_(text), now[key], before[key], change(now[key], before[key])]
        for key, text, _kind in COMPARED
    ]
    section = Section(
        "comparison",
        _("Comparison with the previous edition"),
        [
            Column("figure", _("Figure")),
            Column("current", _("This edition"), AUTO),
            Column("previous", f"{previous.name} ({format_date(previous.start_date)})", AUTO),
            Column("change", _("Change (%)"), PCT),
        ],
        rows,
        row_kinds=[kind for _key, _text, kind in COMPARED],
    )
    return section, previous, before
