"""A past fair's results workbook written from known numbers: the test and the benchmark share
it, and every figure the reports show is computed here from the same numbers."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook

from events.models import Event, EventStatus
from exhibitors.models import Exhibitor, ExhibitorKind, Product, ProductGroup
from ocopfair.accounts import create_token
from ocopfair.i18n import local_today
from ocopfair.text import fold
from results import importing
from results.workbook import BOOTHS, COLUMNS, INFO, SALES, VISITORS
from tests.factories import make_event, make_user

HOURS = range(8, 21)  # 08:00–20:59 on the province's clock


@dataclass
class Fair:
    event: Event
    booths: int
    gates: int
    days: list[dt.date]
    producers: list[Exhibitor] = field(default_factory=list)
    products: dict[int, list[Product]] = field(default_factory=dict)
    entries: dict[tuple[dt.date, str, int | None], int] = field(default_factory=dict)
    exits: dict[tuple[dt.date, str, int | None], int] = field(default_factory=dict)
    revenue: dict[tuple[str, dt.date], int] = field(default_factory=dict)
    units: dict[tuple[str, dt.date, int], int] = field(default_factory=dict)


async def make_past_fair(booths: int = 300, gates: int = 8, days: int = 5) -> Fair:
    """An empty finished event and `booths` registered producers (two products each)."""
    event = await make_event(
        "Hội chợ OCOP Quảng Ninh 2025", days=days, days_ahead=-90, status=EventStatus.FINISHED
    )
    start = event.start_date
    fair = Fair(event, booths, gates, [start + dt.timedelta(days=d) for d in range(days)])
    expiry = dt.date(2030, 1, 1)
    await Exhibitor.bulk_create(
        [
            Exhibitor(
                name=f"HTX Sản xuất số {n}",
                name_search=fold(f"HTX Sản xuất số {n}"),
                kind=ExhibitorKind.COOPERATIVE,
                tax_code=f"57{n:08d}",
            )
            for n in range(booths)
        ]
    )
    fair.producers = list(await Exhibitor.filter(tax_code__startswith="57").order_by("tax_code"))
    await Product.bulk_create(
        [
            Product(
                exhibitor_id=p.id,
                name=f"Sản phẩm {k} của {p.name}",
                name_search=fold(f"Sản phẩm {k} của {p.name}"),
                group=ProductGroup.FOOD,
                stars=3 + (n + k) % 3,
                certificate_expiry=expiry,
            )
            for n, p in enumerate(fair.producers)
            for k in (1, 2)
        ]
    )
    for product in await Product.filter(exhibitor_id__in=[p.id for p in fair.producers]).order_by(
        "id"
    ):
        fair.products.setdefault(product.exhibitor_id, []).append(product)
    return fair


def _code(n: int) -> str:
    return f"B{n + 1:03d}"


def workbook_of(fair: Fair, *, hourly_gates: int | None = None) -> bytes:
    """The workbook: gates 1..hourly_gates give hours, the others whole-day totals."""
    hourly = fair.gates - 1 if hourly_gates is None else hourly_gates
    book = Workbook(write_only=True)
    info = book.create_sheet(INFO)
    info.append(["Mã sự kiện", fair.event.id])
    info.append(["Tên sự kiện", fair.event.name])
    sheets = {name: book.create_sheet(name) for name in (BOOTHS, VISITORS, SALES)}
    for name, sheet in sheets.items():
        sheet.append([header for _k, header in COLUMNS[name]])
    for n, producer in enumerate(fair.producers[: fair.booths]):
        names = "; ".join(p.name for p in fair.products[producer.id])
        tax_or_name = [producer.tax_code, ""] if n % 2 else ["", producer.name]
        sheets[BOOTHS].append([_code(n), f"Khu {'ABC'[n % 3]}", "tiêu chuẩn", *tax_or_name, names])
    for d, day in enumerate(fair.days):
        for g in range(fair.gates):
            gate = f"Cổng {g + 1}"
            for hour in HOURS if g < hourly else [None]:
                people_in = 40 + (d * 7 + g * 13 + (hour or 0) * 5) % 300
                people_out = people_in - (hour or 0) % 5
                fair.entries[(day, gate, hour)] = people_in
                fair.exits[(day, gate, hour)] = people_out
                shown_day = day.strftime("%d/%m/%Y") if g % 2 else day
                sheets[VISITORS].append([shown_day, gate, hour, people_in, people_out])
    for n, producer in enumerate(fair.producers[: fair.booths]):
        products = fair.products[producer.id]
        for d, day in enumerate(fair.days):
            revenue = 1_000_000 + ((n * 31 + d * 17) % 97) * 125_000
            fair.revenue[(_code(n), day)] = revenue
            units = [(n + d) % 9 + 1, (n * 3 + d) % 5]
            for product, u in zip(products, units, strict=True):
                fair.units[(_code(n), day, product.id)] = u
            shown: Any = f"{revenue:,}".replace(",", ".") if n % 3 == 0 else revenue
            sheets[SALES].append(
                [
                    _code(n),
                    day,
                    shown,
                    10 + n % 7,
                    products[0].name,
                    units[0],
                    products[1].name,
                    units[1],
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def past_fair_with_booths(booths: int, days: int) -> tuple[Fair, dict[str, str]]:
    """A finished fair whose booths were assigned through a workbook of booths only, and the
    headers of its organizer's API token."""
    fair = await make_past_fair(booths=booths, gates=1, days=days)
    user = await make_user("organizer")
    book = Workbook(write_only=True)
    info = book.create_sheet(INFO)
    info.append(["Mã sự kiện", fair.event.id])
    for name in (BOOTHS, "Khách tham quan", "Doanh thu"):
        sheet = book.create_sheet(name)
        sheet.append([h for _k, h in COLUMNS[name]])
        if name == BOOTHS:
            for n, p in enumerate(fair.producers):
                sheet.append([f"B{n + 1:03d}", "", "", p.tax_code])
    out = io.BytesIO()
    book.save(out)
    kept, plan = await importing.upload(fair.event, user, "b.xlsx", out.getvalue())
    assert plan.error_count == 0
    await importing.confirm(kept, user, "gian hàng giấy", today=local_today())
    return fair, {"Authorization": f"Bearer {await create_token(user)}"}
