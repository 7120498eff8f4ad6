"""The plan of a results workbook: what each row will do (new, changed, unchanged) or why it
cannot (an error per cell), before anything is written, and again just before writing.

Booth rows follow the rules of a direct assignment (booths.direct, booths.eligibility): a
registered, active producer; products of that producer; a booth that is free or already this
producer's; the per-producer limit. Visitor rows become imported counts filed under their hour
(or the day); sales rows, the booth-day's figures.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from booths import eligibility
from booths.models import BoothType
from exhibitors.models import ExhibitorStatus
from ocopfair import forms
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.text import fold
from results import cells
from results.lookups import Lookups
from results.visitor_rows import bucket_of, visitor_row
from results.workbook import BOOTHS, HEADER_OF, PRODUCT_PAIRS, SALES, VISITORS, ResultsFile, Row

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
TYPE_OF = {fold(t.value): t for t in BoothType} | {
    "tieu chuan": BoothType.STANDARD,
    "goc": BoothType.CORNER,
    "doi": BoothType.DOUBLE,
    "ngoai troi": BoothType.OUTDOOR,
}


@dataclass
class RowPlan:
    sheet: str
    number: int
    status: str = UNCHANGED
    errors: dict[str, str] = field(default_factory=dict)  # column header -> sentence

    def as_json(self) -> dict[str, Any]:
        return {"s": self.sheet, "n": self.number, "a": self.status, "e": self.errors}


@dataclass
class BoothPlan:
    code: str
    zone: str
    booth_type: BoothType
    exhibitor_id: int | None
    product_ids: list[int]
    new_booth: bool
    new_assignment: bool


@dataclass
class SalePlan:
    code: str
    day: dt.date
    revenue: int
    customers: int | None
    lines: dict[int, int]


@dataclass
class Plan:
    rows: list[RowPlan] = field(default_factory=list)
    booths: dict[str, BoothPlan] = field(default_factory=dict)  # code -> plan
    new_gates: list[str] = field(default_factory=list)
    # (gate name, bucket start UTC, direction) -> (people, whole day)
    counts: dict[tuple[str, dt.datetime, str], tuple[int, bool]] = field(default_factory=dict)
    sales: list[SalePlan] = field(default_factory=list)
    event_error: str = ""

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors) + (1 if self.event_error else 0)

    def summary(self) -> dict[str, Any]:
        by = Counter((r.sheet, r.status) for r in self.rows)
        return {
            "rows": len(self.rows),
            "errors": self.error_count,
            "event_error": self.event_error,
            **{f"{sheet}:{status}": n for (sheet, status), n in sorted(by.items())},
        }


def _fail(row: RowPlan, sheet: str, exc: Invalid) -> None:
    for key, message in exc.fields.items():
        row.errors[HEADER_OF.get((sheet, key), key)] = message
    row.status = ERROR


def make_plan(file: ResultsFile, found: Lookups) -> Plan:
    plan = Plan()
    if str(file.event_id).strip() != str(found.event.id):
        plan.event_error = _(
            "This workbook belongs to another event (%(name)s): download this event's template."
        ) % {"name": file.event_name or str(file.event_id)}
    _plan_booths(plan, file.sheets.get(BOOTHS, []), found)
    _plan_visitors(plan, file.sheets.get(VISITORS, []), found)
    _plan_sales(plan, file.sheets.get(SALES, []), found)
    return plan


# --- Booths -----------------------------------------------------------------------------------


def _producer(row: Row, found: Lookups) -> dict[str, Any] | None:
    tax = cells.text(row.cells.get("tax_code"), "tax_code")
    name = cells.text(row.cells.get("producer"), "producer")
    if not tax and not name:
        return None
    producer = found.by_tax.get(tax) if tax else None
    if producer is None and name and not tax:
        matches = found.by_name.get(fold(name), [])
        if len(matches) > 1:
            raise Invalid(
                {
                    "producer": _("Several producers are named “%(name)s”: give the tax code.")
                    % {"name": name}
                }
            )
        producer = matches[0] if matches else None
    if producer is None:
        field_name = "tax_code" if tax else "producer"
        raise Invalid(
            {
                field_name: _("“%(who)s” is not in the OCOP producer registry.")
                % {"who": tax or name}
            }
        )
    if producer["status"] != ExhibitorStatus.ACTIVE:
        raise Invalid(
            {
                "producer": _("%(name)s is suspended and cannot take part in events.")
                % {"name": producer["name"]}
            }
        )
    return producer


def _products(row: Row, producer: dict[str, Any] | None, found: Lookups) -> list[int]:
    raw = cells.text(row.cells.get("products"), "products")
    names = [n.strip() for n in raw.replace("\n", ";").split(";") if n.strip()]
    if names and producer is None:
        raise Invalid({"products": _("Products are shown by a producer: name it first.")})
    own = found.products.get(producer["id"], {}) if producer else {}
    ids = []
    for name in names:
        if fold(name) not in own:
            raise Invalid(
                {
                    "products": _("“%(name)s” is not a product of %(producer)s.")
                    % {"name": name, "producer": producer["name"] if producer else ""}
                }
            )
        ids.append(own[fold(name)])
    return ids


def _booth_type(row: Row) -> BoothType:
    type_text = fold(cells.text(row.cells.get("booth_type"), "booth_type"))
    if type_text and type_text not in TYPE_OF:
        raise Invalid({"booth_type": _("Booth types: tiêu chuẩn, góc, đôi, ngoài trời.")})
    return TYPE_OF.get(type_text, BoothType.STANDARD)


def _who_has_it(code: str, holder: dict[str, Any] | None, exhibitor_id: int | None) -> int | None:
    """The booth's producer: the row's, which must be the one already holding it, if any."""
    if holder is None:
        return exhibitor_id
    if exhibitor_id is not None and holder["exhibitor_id"] != exhibitor_id:
        raise Invalid(
            {
                "code": _("Booth %(code)s is already held or assigned to %(name)s.")
                % {"code": code, "name": holder["exhibitor__name"]}
            }
        )
    return int(holder["exhibitor_id"])


def _booth_row(row: Row, found: Lookups, seen: dict[str, int]) -> tuple[BoothPlan, str]:
    code = cells.text(row.cells.get("code"), "code", required=True).upper()[:16]
    if code in seen:
        raise Invalid(
            {
                "code": _("Booth %(code)s is already on row %(row)d of this sheet.")
                % {"code": code, "row": seen[code]}
            }
        )
    seen[code] = row.number
    booth_type = _booth_type(row)
    producer = _producer(row, found)
    product_ids = _products(row, producer, found)
    booth = found.booths.get(code)
    if booth is not None and booth["blocked"]:
        raise Invalid({"code": _("Booth %(code)s is blocked.") % {"code": code}})
    holder = found.active.get(booth["id"]) if booth else None
    exhibitor_id = _who_has_it(code, holder, producer["id"] if producer else None)
    plan = BoothPlan(
        code=code,
        zone=cells.text(row.cells.get("zone"), "zone")[:64],
        booth_type=booth_type,
        exhibitor_id=exhibitor_id,
        product_ids=product_ids,
        new_booth=booth is None,
        new_assignment=holder is None and exhibitor_id is not None,
    )
    return plan, NEW if plan.new_booth or plan.new_assignment else UNCHANGED


def _plan_booths(plan: Plan, rows: list[Row], found: Lookups) -> None:
    seen: dict[str, int] = {}
    planned: list[tuple[RowPlan, BoothPlan]] = []
    for row in rows:
        result = RowPlan(BOOTHS, row.number)
        plan.rows.append(result)
        try:
            booth, result.status = _booth_row(row, found, seen)
        except Invalid as exc:
            _fail(result, BOOTHS, exc)
            continue
        plan.booths[booth.code] = booth
        planned.append((result, booth))
    more = Counter(b.exhibitor_id for _r, b in planned if b.new_assignment)
    for result, booth in planned:
        if not booth.new_assignment or booth.exhibitor_id is None:
            continue
        try:  # the same limit as every other way to a booth
            eligibility.check_limit(
                found.event, found.in_use.get(booth.exhibitor_id, 0), more[booth.exhibitor_id]
            )
        except Invalid as exc:
            _fail(result, BOOTHS, Invalid({"producer": exc.fields["booth"]}))


# --- Visitors ---------------------------------------------------------------------------------


def _plan_visitors(plan: Plan, rows: list[Row], found: Lookups) -> None:
    seen: dict[tuple[str, dt.date, int | None], int] = {}
    whole: dict[tuple[str, dt.date], bool] = {}
    for row in rows:
        result = RowPlan(VISITORS, row.number)
        plan.rows.append(result)
        try:
            gate, day, hour, people_in, people_out = visitor_row(row, found)
            key = (fold(gate), day, hour)
            if key in seen:
                raise Invalid(
                    {
                        "hour": _("This gate, day and hour is already on row %(row)d.")
                        % {"row": seen[key]}
                    }
                )
            if whole.setdefault((fold(gate), day), hour is None) != (hour is None):
                raise Invalid(
                    {
                        "hour": _(
                            "Give this gate's day either hour by hour or as one "
                            "whole-day total, not both."
                        )
                    }
                )
            seen[key] = row.number
        except Invalid as exc:
            _fail(result, VISITORS, exc)
            continue
        known = found.gates.get(fold(gate))
        if known is None and fold(gate) not in {fold(g) for g in plan.new_gates}:
            plan.new_gates.append(gate)
        bucket = bucket_of(day, hour)
        statuses = set()
        for direction, people in (("in", people_in), ("out", people_out)):
            if people is None:
                continue
            plan.counts[(gate, bucket, direction)] = (people, hour is None)
            stored = found.counts.get((known["id"], bucket, direction)) if known else None
            statuses.add(NEW if stored is None else UNCHANGED if stored == people else CHANGED)
        result.status = NEW if NEW in statuses else CHANGED if CHANGED in statuses else UNCHANGED


# --- Sales ------------------------------------------------------------------------------------


def _sale_row(row: Row, plan: Plan, found: Lookups) -> tuple[SalePlan, int | None]:
    event = found.event
    values: dict[str, Any] = {}

    def put(key: str, parse: Any) -> Any:
        return lambda: values.__setitem__(key, parse(row.cells.get(key), key))

    forms.collect(
        put("code", lambda v, k: cells.text(v, k, required=True).upper()),
        put(
            "day",
            lambda v, k: cells.day(v, k, event.start_date, min(event.end_date, found.now.date())),
        ),
        put("revenue", cells.money),
        put("customers", cells.count),
    )
    code = values["code"]
    booth_plan = plan.booths.get(code)
    stored = found.booths.get(code)
    holder = found.active.get(stored["id"]) if stored else None
    exhibitor_id = booth_plan.exhibitor_id if booth_plan else (holder or {}).get("exhibitor_id")
    if exhibitor_id is None:
        raise Invalid(
            {
                "code": _(
                    "Booth %(code)s has no producer: list it on the “Gian hàng” sheet "
                    "with its producer."
                )
                % {"code": code}
            }
        )
    lines = _lines(
        row, found.products.get(exhibitor_id, {}), found.exhibitor_names.get(exhibitor_id, "")
    )
    sale = SalePlan(code, values["day"], values["revenue"], values["customers"], lines)
    return sale, holder["id"] if holder else None


def _lines(row: Row, own: dict[str, int], producer: str) -> dict[int, int]:
    if isinstance(row.cells.get("units"), dict):  # the API names products by id
        return _lines_by_id(row.cells["units"], set(own.values()))
    lines: dict[int, int] = {}
    for n in range(1, PRODUCT_PAIRS + 1):
        name = cells.text(row.cells.get(f"product_{n}"), f"product_{n}")
        units = cells.count(row.cells.get(f"units_{n}"), f"units_{n}")
        if not name:
            if units:
                raise Invalid({f"product_{n}": _("Name the product of these units.")})
            continue
        if fold(name) not in own:
            raise Invalid(
                {
                    f"product_{n}": _("“%(name)s” is not a product of %(producer)s.")
                    % {"name": name, "producer": producer}
                }
            )
        lines[own[fold(name)]] = lines.get(own[fold(name)], 0) + (units or 0)
    return lines


def _lines_by_id(units: dict[Any, Any], own: set[int]) -> dict[int, int]:
    lines: dict[int, int] = {}
    for key, value in units.items():
        product_id = forms.optional_id(key)
        if product_id is None or product_id not in own:
            raise Invalid({f"units.{key}": _("This product is not the booth's producer's.")})
        amount = cells.count(value, f"units.{key}")
        if amount:
            lines[product_id] = amount
    return lines


def _plan_sales(plan: Plan, rows: list[Row], found: Lookups) -> None:
    seen: dict[tuple[str, dt.date], int] = {}
    for row in rows:
        result = RowPlan(SALES, row.number)
        plan.rows.append(result)
        try:
            sale, assignment_id = _sale_row(row, plan, found)
            if (sale.code, sale.day) in seen:
                raise Invalid(
                    {
                        "day": _("This booth and day is already on row %(row)d.")
                        % {"row": seen[sale.code, sale.day]}
                    }
                )
            seen[sale.code, sale.day] = row.number
        except Invalid as exc:
            _fail(result, SALES, exc)
            continue
        plan.sales.append(sale)
        stored = found.sales.get((assignment_id, sale.day)) if assignment_id else None
        if stored is None:
            result.status = NEW
        else:
            same = stored == (sale.revenue, sale.customers, sale.lines)
            result.status = UNCHANGED if same else CHANGED
