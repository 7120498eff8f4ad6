"""The registry of buyers (supermarket chains, distributors, exporters, e-commerce platforms)
that producers make trade deals with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count, Sum
from tortoise.transactions import in_transaction

from deals.models import Buyer, BuyerKind, TradeDeal
from ocopfair import forms
from ocopfair.audit import record as audit
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from ocopfair.text import fold


async def buyers_with_counts() -> list[dict[str, Any]]:
    """Every buyer with its number of deals and their value (two queries)."""
    buyers = await Buyer.all().order_by("name")
    stats = (
        await TradeDeal.annotate(n=Count("id"), total=Sum("value"))
        .group_by("buyer_id")
        .values("buyer_id", "n", "total")
    )
    by_buyer = {row["buyer_id"]: row for row in stats}
    return [
        {
            "buyer": b,
            "deals": (by_buyer.get(b.id) or {}).get("n") or 0,
            "value": int((by_buyer.get(b.id) or {}).get("total") or 0),
        }
        for b in buyers
    ]


async def create_buyer(user: User, data: Mapping[str, Any]) -> Buyer:
    values: dict[str, Any] = {}

    def name() -> None:
        values["name"] = forms.text(data.get("name"), "name", required=True)

    def kind() -> None:
        values["kind"] = forms.choice(data.get("kind"), "kind", BuyerKind)

    forms.collect(name, kind)
    source = forms.text(data.get("source"), "source", max_length=120) or "manual"
    # The same chain typed twice ("Winmart", "WinMart") is one buyer.
    wanted = fold(values["name"])
    for existing in await Buyer.all().only("id", "name"):
        if fold(existing.name) == wanted:
            raise Invalid(
                {"name": _("“%(name)s” is already in the registry.") % {"name": existing.name}}
            )
    try:
        async with in_transaction():
            buyer = await Buyer.create(name=values["name"], kind=values["kind"], source=source)
            await audit(
                user,
                "buyer.create",
                "Buyer",
                buyer.id,
                after={"name": buyer.name, "kind": buyer.kind, "source": source},
            )
    except IntegrityError:
        raise Invalid(
            {"name": _("“%(name)s” is already in the registry.") % {"name": values["name"]}}
        ) from None
    return buyer
