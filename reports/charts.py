"""Charts drawn on the server as SVG with pygal, from the same sections the tables show.

Each chart is embedded as an <img> with a data: URI. The app's Content-Security-Policy allows
data: images, an SVG shown as an image never runs scripts (pygal's own are switched off anyway
with js=[]), and its inline style stays inside the image, so the page stays CSP-clean, prints,
and needs no JavaScript. The table beside each chart carries the exact figures.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pygal
from pygal.style import Style

from ocopfair.i18n import format_number
from ocopfair.i18n import gettext as _
from reports.sections import Report, Section

_LOOK = dict(
    background="white",
    plot_background="white",
    foreground="#14202b",
    foreground_strong="#14202b",
    foreground_subtle="#4a5866",
    opacity=".9",
    opacity_hover="1",
    transition="0s",
    colors=(
        "#0b6e3f",
        "#c8102e",
        "#1f5fa8",
        "#d98e04",
        "#6a3d9a",
        "#1b9e9e",
        "#8c564b",
        "#e377c2",
        "#7f7f7f",
        "#5b8c00",
    ),
    font_family="system-ui, 'Noto Sans', Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=12,
    tooltip_font_size=12,
)
STYLE = Style(**_LOOK)

# For the narrow charts: a little larger text, since they are drawn at about a phone's width.
PHONE_STYLE = Style(
    **{
        **_LOOK,
        "label_font_size": 14,
        "major_label_font_size": 14,
        "legend_font_size": 15,
        "title_font_size": 16,
    }
)

# Drawn at the width they are shown at: the chart column of a wide screen is about 480 px and
# a phone's about 360, so the text stays near its own size (a 720-wide drawing shrank it to
# half). The print layout draws them wider (PRINT_SIZE) for the A4 page.
BASE = {
    "style": PHONE_STYLE,
    "js": [],
    "width": 480,
    "height": 340,
    "explicit_size": False,
    "disable_xml_declaration": True,
    "legend_at_bottom": True,
    "truncate_legend": 40,
    "truncate_label": 20,
    "print_values": False,
    "show_minor_x_labels": True,
    "value_formatter": lambda v: format_number(v) if v is not None else "",
}


PRINT_SIZE = {"width": 720, "height": 380, "style": STYLE}


def _column(section: Section, key: str) -> int:
    return next(i for i, c in enumerate(section.columns) if c.key == key)


def _bars(section: Section, series: list[str], *, stacked: bool = False) -> pygal.Graph:
    chart = (pygal.StackedBar if stacked else pygal.Bar)(**BASE)
    label_index = 0
    chart.x_labels = [_short(row[label_index]) for row in section.rows]
    if len(chart.x_labels) > 8:  # a year's months or a long fair's days: slanted, not overlapping
        chart.config(x_label_rotation=40)
    for key in series:
        index = _column(section, key)
        chart.add(section.columns[index].title, [row[index] for row in section.rows])
    return chart


def _short(value: Any) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m")
    return str(value)


def visitors_by_day(section: Section) -> pygal.Graph:
    return _bars(section, ["entries", "exits"])


def visitors_by_gate(section: Section) -> pygal.Graph:
    return _bars(section, ["entries", "exits"])


def entries_by_hour(section: Section) -> pygal.Graph:
    # Hours only (the corrections row has no hour), one stacked series per gate.
    hours = [row for row in section.rows if ":" in str(row[0])]
    chart = pygal.StackedBar(**BASE)
    chart.x_labels = [str(row[0])[:2] + "h" for row in hours]  # "08h", "09h", ...
    if len(hours) > 8:  # every other hour named: a phone has room for about eight labels
        chart.config(x_labels_major_every=2, show_minor_x_labels=False)
    for index, column in enumerate(section.columns[1:-1], start=1):
        chart.add(column.title, [row[index] for row in hours])
    return chart


def revenue_by_day(section: Section) -> pygal.Graph:
    return _bars(section, ["revenue"])


def revenue_by_day_group(section: Section) -> pygal.Graph:
    # Drawn narrow (400 wide), so a phone shows it nearly at its own size and its text stays
    # legible; the groups' long names get one legend line each.
    return _day_group_bars(
        section,
        width=400,
        height=300 + 24 * len(section.columns[2:]),
        legend_at_bottom_columns=1,
        truncate_legend=34,
        style=PHONE_STYLE,
        max_scale=8,
    )


def revenue_by_day_group_print(section: Section) -> pygal.Graph:
    # On A4 the charts share one width (PRINT_SIZE's), so the narrow drawing would print
    # oversized.
    groups = len(section.columns[2:])
    # pygal leaves room for groups // 2 legend rows: an odd last row needs its own margin.
    return _day_group_bars(
        section,
        **{**PRINT_SIZE, "height": 360 + 26 * ((groups + 1) // 2)},
        legend_at_bottom_columns=2,
        truncate_legend=36,
        margin_bottom=20 + 24 * (groups % 2),
    )


def _day_group_bars(section: Section, **options: Any) -> pygal.Graph:
    # One stacked bar per day, one series per OCOP group (the columns between day and total),
    # in millions of đồng so the axis labels stay short.
    chart = pygal.StackedBar(**{**BASE, "value_formatter": _millions, **options})
    chart.x_labels = [_short(row[0]) for row in section.rows]
    chart.y_title = _("Million ₫")
    for index, column in enumerate(section.columns[1:-1], start=1):
        chart.add(column.title, [row[index] / 1_000_000 for row in section.rows])
    return chart


def _millions(value: float | None) -> str:
    if value is None:
        return ""
    return format_number(round(value, 1) if value < 10 else round(value))


def share_pie(section: Section) -> pygal.Graph:
    # The legend goes under the ring, one line per share (two per line when the names are
    # short), and the drawing grows with it: beside the ring it squeezed the ring to a dot and
    # cut off the last names.
    names = [str(row[0]) for row in section.rows]
    columns = 2 if max(map(len, names), default=0) <= 18 else 1
    lines = -(-len(names) // columns)
    chart = pygal.Pie(
        **{
            **BASE,
            "inner_radius": 0.45,
            "legend_at_bottom": True,
            "legend_at_bottom_columns": columns,
            "truncate_legend": 40,
            "height": 280 + 24 * lines,
        }
    )
    index = _column(section, "revenue")
    for row in section.rows:
        chart.add(str(row[0]), [row[index]])
    return chart


def period_by_month(section: Section) -> pygal.Graph:
    return _bars(section, ["entries"])


CHARTS: dict[str, Callable[[Section], pygal.Graph]] = {
    "visitors_by_day": visitors_by_day,
    "visitors_by_gate": visitors_by_gate,
    "entries_by_hour": entries_by_hour,
    "revenue_by_day": revenue_by_day,
    "revenue_by_day_group": revenue_by_day_group,
    "revenue_by_group": share_pie,
    "revenue_by_locality": share_pie,
    "period_by_month": period_by_month,
}
# Where the print layout (and the PDF) draws a chart differently from the screen.
PRINT_DRAWN = {"revenue_by_day_group": revenue_by_day_group_print}
PRINT_CHARTS = {**CHARTS, **PRINT_DRAWN}


@dataclass(frozen=True)
class ChartImage:
    uri: str  # data:image/svg+xml;base64,...
    width: int  # the drawing's own size, for the <img> to reserve its shape before it loads
    height: int


def _drawn(section: Section, printed: bool = False) -> tuple[bytes, int, int]:
    if not section.chart or not section.rows:
        return b"", 0, 0
    chart = (PRINT_CHARTS if printed else CHARTS)[section.chart](section)
    if printed and section.chart not in PRINT_DRAWN:
        chart.config(**PRINT_SIZE)
    chart.title = section.title
    return chart.render(is_unicode=True).encode("utf-8"), chart.config.width, chart.config.height


def svg(section: Section, printed: bool = False) -> bytes:
    """The section's chart as an SVG document (empty bytes when it has no chart or rows)."""
    return _drawn(section, printed)[0]


def chart_image(section: Section, printed: bool = False) -> ChartImage | None:
    image, width, height = _drawn(section, printed)
    if not image:
        return None
    uri = "data:image/svg+xml;base64," + base64.b64encode(image).decode("ascii")
    return ChartImage(uri, width, height)


def chart_uris(report: Report, printed: bool = False) -> dict[str, ChartImage]:
    """{section key: its chart} for every section that has a chart and figures to draw;
    `printed`: as the A4 print layout draws them."""
    return {s.key: image for s in report.sections if (image := chart_image(s, printed))}
