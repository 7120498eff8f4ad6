"""Import 5,000 OCOP products from an XLSX into a fresh SQLite database, and time it.

Generates ~1,250 producers with 4 products each in the import format (exhibitors.sheet),
imports it once (everything new), then again (everything unchanged, nothing written).
Target: the whole file in under 5 s. Last line: BENCH import_5000 seconds=… rows_per_s=…
"""

from __future__ import annotations

import asyncio
import io
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402

from exhibitors import importing  # noqa: E402
from exhibitors.models import Exhibitor, Product  # noqa: E402
from exhibitors.sheet import HEADERS, parse  # noqa: E402
from ocopfair.models import LocalityKind  # noqa: E402
from tests.databases import connected  # noqa: E402
from tests.factories import make_locality  # noqa: E402

ROWS = 5000
PLACES = [
    "Hạ Long",
    "Cẩm Phả",
    "Uông Bí",
    "Móng Cái",
    "Đông Triều",
    "Quảng Yên",
    "Bình Liêu",
    "Tiên Yên",
    "Đầm Hà",
    "Hải Hà",
    "Ba Chẽ",
    "Vân Đồn",
    "Cô Tô",
]
KINDS = ["Doanh nghiệp", "Hợp tác xã", "Tổ hợp tác", "Hộ kinh doanh"]
GROUPS = [
    "Thực phẩm",
    "Đồ uống",
    "Thảo dược",
    "Vải và may mặc",
    "Lưu niệm - nội thất - trang trí",
    "Dịch vụ du lịch nông thôn",
]


def make_workbook(rows: int) -> bytes:
    rng = random.Random(5000)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADERS)
    for i in range(rows):
        p = i // 4
        sheet.append(
            [
                f"Hợp tác xã Nông sản số {p}",
                KINDS[p % 4],
                f"57{p:08d}",
                PLACES[p % 13],
                f"Thôn {p % 20}, xã Đồng Văn",
                "Nguyễn Thị Hoa",
                f"09{p:08d}",
                f"htx{p}@ocop.vn",
                "Có" if p % 5 == 0 else "",
                "Có" if p % 7 == 0 else "",
                "Có" if p % 13 == 12 else "",
                "Đang hoạt động",
                f"Sản phẩm OCOP {i} – miến dong",
                GROUPS[i % 6],
                rng.choice((3, 3, 3, 4, 4, 5)),
                f"{1000 + i}/QĐ-UBND",
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/2024",
                "",
                f"https://qn.check.net.vn/sp/{i}",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def main() -> None:
    started = time.perf_counter()
    data = make_workbook(ROWS)
    made = time.perf_counter() - started
    print(f"generated {ROWS} rows, {len(data) / 1024:.0f} KiB XLSX in {made:.2f} s")

    with tempfile.TemporaryDirectory() as folder:
        async with connected(f"sqlite://{folder}/bench.sqlite3", create_schema=True):
            for index, name in enumerate(PLACES):
                await make_locality(f"L{index}", name, LocalityKind.DISTRICT)

            t0 = time.perf_counter()
            parsed = parse(data)
            t1 = time.perf_counter()
            summary = await importing.apply_rows(None, parsed.columns, parsed.rows)
            t2 = time.perf_counter()
            total = t2 - t0
            print(
                f"read the XLSX {t1 - t0:.2f} s · check every row and write "
                f"(one transaction, bulk statements) {t2 - t1:.2f} s"
            )
            print(f"first import: {summary}")
            print(
                f"database: {await Exhibitor.all().count()} producers, "
                f"{await Product.all().count()} products"
            )
            assert summary["products_created"] == ROWS and summary["errors"] == 0

            t3 = time.perf_counter()
            plan = await importing.make_plan(parsed.columns, parsed.rows)
            t4 = time.perf_counter()
            again = await importing.import_bytes(None, data)
            t5 = time.perf_counter()
            print(
                f"preview of the same file again (check only): {t4 - t3:.2f} s, "
                f"{plan.summary()['unchanged']} rows unchanged"
            )
            print(f"re-import of the same file: {t5 - t4:.2f} s, {again}")
            assert again["products_created"] == again["products_updated"] == 0

    print(f"whole file (parse + check + write in one transaction): {total:.2f} s (target < 5 s)")
    print(f"BENCH import_5000 seconds={total:.2f} rows_per_s={ROWS / total:.0f}")


if __name__ == "__main__":
    asyncio.run(main())
