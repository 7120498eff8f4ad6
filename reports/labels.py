"""How the reports name what they count: hours, star ratings, product groups, localities and an
event's dates and venue. Shared by the event, exhibitor and period reports."""

from __future__ import annotations

from typing import Any

from events.models import Event
from ocopfair.i18n import format_date
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality
from ocopfair.templating import label


def hour_label(hour: int) -> str:
    return f"{hour:02d}:00–{(hour + 1) % 24:02d}:00"


def stars_label(stars: Any) -> str:
    return f"{int(stars)} ★" if stars is not None else _("Unclassified")


def group_label(group: str | None) -> str:
    return label(group) if group else _("Unclassified")


def source_label(source: str) -> str:
    """How an event's figures were collected (reports.figures.sources)."""
    return {
        "live": _("Figures tallied live"),
        "imported": _("Figures imported afterwards"),
        "both": _("Figures tallied live and imported"),
    }.get(source, _("No figures yet"))


def subtitle_of(event: Event) -> str:
    venue = getattr(event, "venue", None)
    dates = f"{format_date(event.start_date)} – {format_date(event.end_date)}"
    return f"{dates} · {venue.name}" if venue is not None else dates


async def locality_names() -> dict[int, str]:
    return dict(await Locality.all().values_list("id", "name"))
