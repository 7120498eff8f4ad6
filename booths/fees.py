"""Booth fees: what each assignment owes, payments recorded by organizers, the event's summary."""

from __future__ import annotations

from typing import Any

from tortoise.functions import Count, Sum
from tortoise.transactions import in_transaction

from booths.models import AssignmentKind, BoothAssignment, PaymentStatus
from ocopfair import forms
from ocopfair.audit import record
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User


async def record_payment(
    assignment: BoothAssignment,
    status: Any,
    receipt_number: Any,
    user: User | None,
    reason: str = "",
) -> BoothAssignment:
    """Paid (with its receipt number), waived (subsidized) or back to unpaid. Recording a
    payment on a hold confirms it: the fee is what the hold was waiting for."""
    status = forms.choice(status, "payment_status", PaymentStatus)
    receipt = forms.text(receipt_number, "receipt_number", max_length=64)
    if status == PaymentStatus.PAID and not receipt:
        raise Invalid({"receipt_number": _("Write the receipt number of the payment.")})
    if assignment.active_booth is None:
        raise Conflict({"payment_status": _("This booth has been released.")})
    before = {
        "payment_status": assignment.payment_status,
        "receipt_number": assignment.receipt_number,
        "kind": assignment.kind,
    }
    values: dict[str, Any] = {
        "payment_status": status,
        "receipt_number": receipt if status == PaymentStatus.PAID else "",
    }
    if status != PaymentStatus.UNPAID:
        values.update(kind=AssignmentKind.ASSIGNED, expires_at=None)
    async with in_transaction():
        changed = await BoothAssignment.filter(id=assignment.id, active_booth__isnull=False).update(
            **values
        )
        if not changed:
            raise Conflict({"payment_status": _("This booth has been released.")})
        await record(
            user,
            "booth.payment",
            "BoothAssignment",
            assignment.id,
            before=before,
            after=values,
            reason=reason,
        )
    assignment.update_from_dict(values)
    return assignment


async def fee_summary(event_id: int) -> dict[str, Any]:
    """Per booth type and payment status: booths and amounts, from one GROUP BY query."""
    rows = (
        await BoothAssignment.filter(
            active_booth__isnull=False,
            booth__event_id=event_id,
        )
        .annotate(n=Count("id"), amount=Sum("fee"))
        .group_by("booth__booth_type", "payment_status")
        .values("booth__booth_type", "payment_status", "n", "amount")
    )
    by_type: dict[str, dict[str, Any]] = {}
    totals = {s.value: {"n": 0, "amount": 0} for s in PaymentStatus}
    for row in rows:
        kind = str(row["booth__booth_type"])
        status = str(row["payment_status"])
        entry = by_type.setdefault(kind, {s.value: {"n": 0, "amount": 0} for s in PaymentStatus})
        entry[status] = {"n": row["n"], "amount": int(row["amount"] or 0)}
        totals[status]["n"] += row["n"]
        totals[status]["amount"] += int(row["amount"] or 0)
    due = sum(t["amount"] for t in totals.values())
    return {
        "by_type": by_type,
        "totals": totals,
        "due": due,
        "collected": totals["paid"]["amount"],
        "waived": totals["waived"]["amount"],
        "outstanding": totals["unpaid"]["amount"],
    }
