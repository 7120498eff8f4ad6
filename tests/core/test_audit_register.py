"""The audit log reads like a register (issue 16, item 4): every action the code records has a
name, objects are named with a link, changes are shown field by field with formatted values,
people by their full names; filters in users' terms; an Excel export; bounded queries."""

from __future__ import annotations

import ast
import importlib
import io
import pathlib

import openpyxl
import pytest

from booths.models import ReviewStep
from composition.database import MODEL_MODULES
from ocopfair import audit_register
from ocopfair.audit import record
from tests.factories import make_exhibitor, make_user
from tests.login import login
from tests.queries import count_queries

ROOT = pathlib.Path(__file__).resolve().parents[2]
SKIP = {".venv", "tests", "migrations", "benchmarks", "scripts", "docs"}
# Call sites whose action is a variable: every value it can take.
DYNAMIC = {
    ("booths/applications.py", "action"): ["application.changed", "application.submitted"],
    ("booths/applications.py", "f'application.{step.value}'"): [
        f"application.{s.value}" for s in ReviewStep
    ],
    ("deals/recording.py", "action"): ["deal.status", "deal.update"],
    ("events/programmes.py", "f'programme_{status.value}'"): [
        "programme_confirmed",
        "programme_refused",
    ],
    ("results/importing.py", "action"): [
        "results.import",
        "results.api_sales",
        "results.api_visitors",
    ],
}


def _recorded() -> list[tuple[str, str, str]]:
    """(file, action, object type) of every audit.record call in the code."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if SKIP & set(rel.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or len(node.args) < 3:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in ("record", "audit") or not isinstance(node.args[2], ast.Constant):
                continue
            kind = node.args[2].value
            action = node.args[1]
            if isinstance(action, ast.Constant):
                values = [action.value]
            elif isinstance(action, ast.IfExp) and all(
                isinstance(b, ast.Constant) for b in (action.body, action.orelse)
            ):
                values = [action.body.value, action.orelse.value]  # type: ignore[attr-defined]
            else:
                key = (str(rel), ast.unparse(action))
                assert key in DYNAMIC, f"{key}: list the actions it can record in DYNAMIC"
                values = DYNAMIC[key]
            found += [(str(rel), v, kind) for v in values]
    return found


def test_every_recorded_action_and_object_has_a_name():
    for module in MODEL_MODULES:  # each domain registers its words beside its models
        importlib.import_module(module)
    recorded = _recorded()
    assert len(recorded) > 60
    unnamed = [r for r in recorded if not audit_register.action_label_id(r[1], r[2])]
    assert not unnamed, f"actions without a label in the audit register: {unnamed}"
    kinds = [r for r in recorded if not audit_register.known_object(r[2])]
    assert not kinds, f"object types without a name: {kinds}"


async def _entries(places_name: str = "HTX Miến dong Bình Liêu", who: str = "organizer"):
    organizer = await make_user("organizer", who, full_name="Nguyễn Thị Lan")
    exhibitor = await make_exhibitor(places_name)
    await record(
        organizer,
        "create",
        "Exhibitor",
        exhibitor.id,
        before={"status": "active", "certificate_date": "2025-06-15"},
        after={"status": "active", "certificate_date": "2025-07-01", "decision": "QĐ 1234/QĐ-UBND"},
        reason="Theo quyết định",
    )
    await record(
        organizer,
        "sales.update",
        "SalesRecord",
        999999,
        before={"revenue": 1571073},
        after={"revenue": 157107300},
    )
    return organizer, exhibitor


async def test_the_log_reads_like_a_register(client):
    _organizer, exhibitor = await _entries()
    await make_user("official")
    await login(client, "official")
    page = await client.get("/audit")
    assert page.status_code == 200
    text = page.text
    assert "Sửa doanh số" in text
    assert "Doanh thu" in text and "1.571.073" in text and "157.107.300" in text
    assert "15/06/2025" in text and "01/07/2025" in text and "2025-06-15" not in text
    assert "QĐ 1234/QĐ-UBND" in text and "\\u" not in text
    assert "Nguyễn Thị Lan" in text
    assert f'href="/exhibitors/{exhibitor.id}"' in text and "HTX Miến dong Bình Liêu" in text
    assert "sales.update" not in text.split('id="results"')[1]


async def test_the_approval_of_an_application_is_named_in_vietnamese(client):
    organizer = await make_user("organizer", full_name="Trần Văn Bình")
    await record(organizer, "application.approve", "BoothApplication", 5, reason="Đủ điều kiện")
    await make_user("official")
    await login(client, "official")
    text = (await client.get("/audit")).text
    assert "Duyệt đơn đăng ký" in text and "Đơn đăng ký" in text


async def test_filters_in_users_terms_and_bad_values_get_a_sentence(client):
    organizer, _exhibitor = await _entries()
    await make_user("official")
    await login(client, "official")
    sales_only = await client.get("/audit", params={"action": "sales.update"})
    assert "157.107.300" in sales_only.text and "Theo quyết định" not in sales_only.text
    mine = await client.get("/audit", params={"user": str(organizer.id)})
    assert "Theo quyết định" in mine.text
    for params in ({"action": "drop table"}, {"object_type": "Nope"}, {"user": "x'--"}):
        bad = await client.get("/audit", params=params)
        assert bad.status_code == 422
        assert "trong danh sách" in bad.text


async def test_the_page_makes_a_bounded_number_of_queries(client):
    await make_user("official")
    await login(client, "official")
    await _entries()
    with count_queries() as few:
        assert (await client.get("/audit")).status_code == 200
    for n in range(12):
        await _entries(f"HTX số {n}", f"organizer{n}")
    with count_queries() as many:
        assert (await client.get("/audit")).status_code == 200
    assert many.count == few.count


async def test_the_filtered_log_exports_to_excel(client):
    await _entries()
    await make_user("official")
    await login(client, "official")
    answer = await client.get("/audit/export.xlsx", params={"action": "sales.update"})
    assert answer.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == "Sửa doanh số"
    assert rows[1][5] == "Doanh thu" and rows[1][7] == "157.107.300\xa0₫"
    bad = await client.get("/audit/export.xlsx", params={"object_type": "Nope"})
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Doanh thu theo địa phương và nhóm sản phẩm", "Doanh thu theo địa phương và…"),
        ("Tóm tắt", "Tóm tắt"),
    ],
)
def test_sheet_names_are_cut_on_a_word(title, expected):
    from ocopfair.tables import sheet_name

    assert sheet_name(title, set()) == expected and len(expected) <= 31
