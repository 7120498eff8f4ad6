"""The charts stay legible where they are shown: every share named, hours not overlapping, and
the print layout drawn at its own width."""

from __future__ import annotations

import re

from reports import charts
from reports.sections import Column, Section

PLACES = [
    "Hạ Long",
    "Bình Liêu",
    "Ba Chẽ",
    "Hải Hà",
    "Vân Đồn",
    "Đông Triều",
    "Móng Cái",
    "Quảng Yên",
    "Tiên Yên",
    "Đầm Hà",
    "Uông Bí",
    "Cô Tô",
    "Cẩm Phả",
    "Chưa rõ địa phương",
]


def share_section(names: list[str]) -> Section:
    return Section(
        "revenue_by_locality",
        "Doanh thu theo địa phương",
        [Column("locality", "Địa phương"), Column("revenue", "Doanh thu", "vnd")],
        [[name, 1_000_000 * (i + 1)] for i, name in enumerate(names)],
        chart="revenue_by_locality",
    )


def legend_names(svg: bytes) -> list[str]:
    text = svg.decode()
    legends = re.findall(r'<g class="legends">(.*?)</g>\s*</g>', text, re.S)
    return re.findall(r">([^<>]+)</text>", " ".join(legends) or text)


def test_every_share_is_named_and_the_drawing_grows_with_the_legend():
    few, many = (
        charts.chart_image(share_section(PLACES[:3])),
        charts.chart_image(share_section(PLACES)),
    )
    assert many.height > few.height
    names = legend_names(charts.svg(share_section(PLACES)))
    for place in PLACES:
        assert place in names, place


def test_hours_are_short_labels_and_every_other_one_is_shown():
    hours = [f"{h:02d}:00–{h + 1:02d}:00" for h in range(8, 22)]
    section = Section(
        "entries_by_hour",
        "Lượt vào theo giờ",
        [Column("hour", "Giờ"), Column("g1", "Cổng A", "int"), Column("total", "Tổng", "int")],
        [[h, 10, 10] for h in hours],
        chart="entries_by_hour",
    )
    chart = charts.CHARTS["entries_by_hour"](section)
    assert chart.x_labels[:2] == ["08h", "09h"]
    axis = re.findall(r"<text[^>]*>(\d\dh)</text>", charts.svg(section).decode())
    assert axis == ["08h", "10h", "12h", "14h", "16h", "18h", "20h"]


def test_the_print_layout_draws_wider_than_the_screen():
    screen = charts.chart_image(share_section(PLACES[:3]))
    printed = charts.chart_image(share_section(PLACES[:3]), printed=True)
    assert screen.width == charts.BASE["width"]
    assert printed.width == charts.PRINT_SIZE["width"] > screen.width
