"""Trade deals made at an event, and the registry of buyers they are made with.

A deal moves forward through the steps of DealStatus (contact made → memorandum signed →
first order → regular supply), each with its date in status_dates. Decision: once an event is
reported, its deals can no longer be created or have their value, volume or products changed
(they are part of the report), but their status may still move forward, because a deal made
at the fair keeps living for months after it (a first order, then regular supply).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tortoise.functions import Count, Sum
from tortoise.transactions import in_transaction

from booths.models import BoothAssignment
from deals.models import Buyer, DealStatus, TradeDeal
from events.lifecycle import is_read_only
from events.models import Event, EventStatus
from exhibitors.models import Exhibitor, Product
from ocopfair import forms
from ocopfair.audit import record as audit
from ocopfair.auth import MAX_ID
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import format_date
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from ocopfair.templating import label

STEPS = list(DealStatus)
MAX_VALUE = 1_000_000_000_000  # one thousand billion đồng: more is a typing slip


async def event_exhibitors(event_id: int) -> list[Exhibitor]:
    """The producers with a booth at the event (one query)."""
    rows = (
        await BoothAssignment.filter(booth__event_id=event_id, active_booth__isnull=False)
        .select_related("exhibitor")
        .order_by("exhibitor__name")
    )
    seen: dict[int, Exhibitor] = {}
    for row in rows:
        seen.setdefault(row.exhibitor_id, row.exhibitor)
    return list(seen.values())


# --- Listing ----------------------------------------------------------------------------------


@dataclass
class DealSummary:
    count: int = 0
    value: int = 0
    by_status: dict[str, dict[str, int]] = field(default_factory=dict)


async def event_deals(
    event_id: int, exhibitor_id: int | None = None
) -> tuple[list[TradeDeal], DealSummary]:
    """The event's deals (an exhibitor's only, when given) and their totals (four queries)."""
    query = TradeDeal.filter(event_id=event_id)
    if exhibitor_id is not None:
        query = query.filter(exhibitor_id=exhibitor_id)
    deals = (
        await query.select_related("exhibitor", "buyer")
        .prefetch_related("products")
        .order_by("exhibitor__name", "id")
    )
    rows = (
        await query.annotate(n=Count("id"), total=Sum("value"))
        .group_by("status")
        .values("status", "n", "total")
    )
    summary = DealSummary()
    for row in rows:
        status = str(getattr(row["status"], "value", row["status"]))
        summary.by_status[status] = {"count": row["n"], "value": int(row["total"] or 0)}
        summary.count += row["n"]
        summary.value += int(row["total"] or 0)
    return deals, summary


# --- Recording --------------------------------------------------------------------------------


@dataclass
class DealInput:
    exhibitor_id: int
    buyer_id: int
    product_ids: list[int]
    expected_volume: str
    value: int
    status: DealStatus
    status_date: dt.date


def _id(value: Any, name: str, message: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise Invalid({name: message}) from None
    if not 0 < number <= MAX_ID:  # no row has it, and the database would fail on it (a 500)
        raise Invalid({name: message})
    return number


def _value(value: Any) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, str) and value.strip().startswith("-"):
        raise Invalid({"value": _("The value of a deal cannot be negative.")})
    amount = forms.vnd(value, "value")
    assert amount is not None
    if amount > MAX_VALUE:
        raise Invalid({"value": _("This value cannot be right: check the number of zeros.")})
    return amount


def _status_date(value: Any, today: dt.date) -> dt.date:
    day = forms.date(value, "status_date", required=False) or today
    if day > today:
        raise Invalid({"status_date": _("The date of a step cannot be in the future.")})
    return day


def parse_deal(
    data: Mapping[str, Any], product_ids: list[Any], today: dt.date, fixed_exhibitor: int | None
) -> DealInput:
    """A deal from a form or JSON body; every bad field reported at once."""
    values: dict[str, Any] = {}

    def exhibitor() -> None:
        raw = fixed_exhibitor if fixed_exhibitor is not None else data.get("exhibitor_id")
        values["exhibitor_id"] = _id(raw, "exhibitor_id", _("Choose the producer."))

    def buyer() -> None:
        values["buyer_id"] = _id(data.get("buyer_id"), "buyer_id", _("Choose the buyer."))

    def products() -> None:
        ids = [_id(p, "products", _("Unknown product.")) for p in product_ids]
        values["product_ids"] = sorted(set(ids))

    def volume() -> None:
        values["expected_volume"] = forms.text(
            data.get("expected_volume"), "expected_volume", max_length=200
        )

    def value() -> None:
        values["value"] = _value(data.get("value"))

    def status() -> None:
        values["status"] = forms.choice(
            data.get("status") or DealStatus.CONTACT.value, "status", DealStatus
        )

    def status_date() -> None:
        values["status_date"] = _status_date(data.get("status_date"), today)

    forms.collect(exhibitor, buyer, products, volume, value, status, status_date)
    return DealInput(**values)


def _snapshot(deal: TradeDeal, product_ids: list[int]) -> dict[str, Any]:
    return {
        "exhibitor_id": deal.exhibitor_id,
        "buyer_id": deal.buyer_id,
        "products": product_ids,
        "expected_volume": deal.expected_volume,
        "value": deal.value,
        "status": deal.status,
        "status_dates": deal.status_dates,
    }


def check_not_frozen(event: Event, user: User) -> None:
    if is_read_only(event, user) or event.status == EventStatus.CANCELLED:
        message = _("This event's figures are final: its deals can only move to their next step.")
        raise Invalid({"form": message}, message)


async def create_deal(user: User, event: Event, deal_input: DealInput) -> TradeDeal:
    """Record a deal (who may is the routes' business: deals.access.require_deal_write)."""
    check_not_frozen(event, user)
    exhibitors = {e.id for e in await event_exhibitors(event.id)}
    errors: dict[str, str] = {}
    if deal_input.exhibitor_id not in exhibitors:
        errors["exhibitor_id"] = _("This producer has no booth at this event.")
    if not await Buyer.exists(id=deal_input.buyer_id):
        errors["buyer_id"] = _("Choose a buyer from the registry.")
    products = await Product.filter(id__in=deal_input.product_ids)
    if len(products) != len(deal_input.product_ids) or any(
        p.exhibitor_id != deal_input.exhibitor_id for p in products
    ):
        errors["products"] = _("Choose products of this producer only.")
    if errors:
        raise Invalid(errors)
    steps = STEPS[: STEPS.index(deal_input.status) + 1]
    dates = {step.value: deal_input.status_date.isoformat() for step in steps}
    async with in_transaction():
        deal = await TradeDeal.create(
            event_id=event.id,
            exhibitor_id=deal_input.exhibitor_id,
            buyer_id=deal_input.buyer_id,
            expected_volume=deal_input.expected_volume,
            value=deal_input.value,
            status=deal_input.status,
            status_dates=dates,
        )
        if products:
            await deal.products.add(*products)
        await audit(
            user, "deal.create", "TradeDeal", deal.id, after=_snapshot(deal, deal_input.product_ids)
        )
    return deal


def _status_change(deal: TradeDeal, data: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """The later step `data` moves the deal to, dated, with the steps it passes; {} if none."""
    if not data.get("status"):
        return {}
    new = forms.choice(data.get("status"), "status", DealStatus)
    if new == deal.status:
        return {}
    current = DealStatus(deal.status)
    if STEPS.index(new) < STEPS.index(current):
        raise Invalid(
            {
                "status": _("A deal only moves forward: it is already at “%(step)s”.")
                % {"step": label(current)}
            }
        )
    day = _status_date(data.get("status_date"), today)
    previous = max((dt.date.fromisoformat(v) for v in deal.status_dates.values()), default=None)
    if previous and day < previous:
        raise Invalid(
            {
                "status_date": _("This step cannot come before the previous one (%(date)s).")
                % {"date": format_date(previous)}
            }
        )
    dates = dict(deal.status_dates)
    for step in STEPS[STEPS.index(current) + 1 : STEPS.index(new) + 1]:
        dates[step.value] = day.isoformat()
    return {"status": new, "status_dates": dates}


def _volume_change(deal: TradeDeal, data: Mapping[str, Any]) -> dict[str, Any]:
    if "expected_volume" not in data:
        return {}
    text = forms.text(data.get("expected_volume"), "expected_volume", max_length=200)
    return {"expected_volume": text} if text != deal.expected_volume else {}


def _value_change(deal: TradeDeal, data: Mapping[str, Any]) -> dict[str, Any]:
    if "value" not in data:
        return {}
    amount = _value(data.get("value"))
    return {"value": amount} if amount != deal.value else {}


async def update_deal(
    user: User, deal: TradeDeal, data: Mapping[str, Any], today: dt.date
) -> TradeDeal:
    """Move a deal to a later step (dated), and/or change its expected volume and value. Who
    may is the routes' business (deals.access.require_deal_change).

    The status update is conditional on the status we read, so two people moving the same
    deal at once cannot both win.
    """
    changes: dict[str, Any] = {}
    forms.collect(
        lambda: changes.update(_status_change(deal, data, today)),
        lambda: changes.update(_volume_change(deal, data)),
        lambda: changes.update(_value_change(deal, data)),
    )
    reason = forms.text(data.get("reason"), "reason", max_length=1000)
    if set(changes) - {"status", "status_dates"}:
        check_not_frozen(deal.event, user)
    if not changes:
        return deal
    product_ids = sorted(p.id for p in deal.products)
    before = _snapshot(deal, product_ids)
    async with in_transaction():
        updated = await TradeDeal.filter(id=deal.id, status=deal.status).update(**changes)
        if not updated:
            raise Conflict(
                {"status": _("Someone else has just changed this deal. Reload and try again.")}
            )
        for key, new_value in changes.items():
            setattr(deal, key, new_value)
        action = "deal.status" if "status" in changes else "deal.update"
        await audit(
            user,
            action,
            "TradeDeal",
            deal.id,
            before=before,
            after=_snapshot(deal, product_ids),
            reason=reason,
        )
    return deal


def deal_json(deal: TradeDeal) -> dict[str, Any]:
    return {
        "id": deal.id,
        "event_id": deal.event_id,
        "exhibitor": {"id": deal.exhibitor.id, "name": deal.exhibitor.name},
        "buyer": {"id": deal.buyer.id, "name": deal.buyer.name, "kind": deal.buyer.kind.value},
        "products": [{"id": p.id, "name": p.name} for p in deal.products],
        "expected_volume": deal.expected_volume,
        "value": deal.value,
        "status": DealStatus(deal.status).value,
        "status_dates": deal.status_dates,
    }
