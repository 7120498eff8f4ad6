"""The booth and fee section of an event's report: booths offered, assigned, occupied and given
to disadvantaged producers, the producers and products shown, the fees collected and waived."""

from __future__ import annotations

from typing import Any

from events.models import Event
from ocopfair.i18n import gettext as _
from reports import figures
from reports.figures.assignments import BOOTH_FIELDS
from reports.sections import INT, PCT, VND, Column, Section, share


async def booth_section(
    event: Event, booth_rows: list[dict[str, Any]]
) -> tuple[Section, dict[str, int]]:
    """The section, and its figures by name (the headlines and the comparison quote them).

    `booth_rows`: the event's booth figures grouped by "total" (figures.assignment_figures).
    """
    booths = (booth_rows or [{}])[0]
    part = (await figures.participation([event.id], "total") or [{}])[0]
    b = {k: booths.get(k) or 0 for k in BOOTH_FIELDS}
    b["producers"] = part.get("producers") or 0
    b["products"] = part.get("products") or 0
    section = Section(
        "booths",
        _("Booths and fees"),
        [
            Column("figure", _("Figure")),
            Column("number", _("Number"), INT),
            Column("share", _("Share (%)"), PCT),
            Column("amount", _("Amount"), VND),
        ],
        _booth_rows(b),
        note=_(
            "Shares: assigned of offered; occupied and disadvantaged of assigned. "
            "Disadvantaged: ethnic minority, remote-area or island producers."
        ),
    )
    return section, b


def _booth_rows(b: dict[str, int]) -> list[list[Any]]:
    return [
        [_("Booths offered"), b["offered"], None, None],
        [_("Booths assigned"), b["assigned"], share(b["assigned"], b["offered"]), None],
        [
            _("Booths occupied (with sales reported)"),
            b["occupied"],
            share(b["occupied"], b["assigned"]),
            None,
        ],
        [
            _("Booths to disadvantaged producers"),
            b["disadvantaged"],
            share(b["disadvantaged"], b["assigned"]),
            None,
        ],
        [_("Participating producers"), b["producers"], None, None],
        [_("Products shown"), b["products"], None, None],
        [_("Fees collected"), b["paid_booths"], None, b["fees_paid"]],
        [_("Fees waived"), b["waived_booths"], None, b["fees_waived"]],
        [
            _("Fees still unpaid"),
            b["assigned"] - b["paid_booths"] - b["waived_booths"],
            None,
            b["fees_unpaid"],
        ],
    ]
