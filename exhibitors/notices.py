"""What exhibitors/ tells people (issue 18), inside the transaction of the change."""

from __future__ import annotations

from exhibitors.models import ProductChange
from ocopfair.i18n import N_
from ocopfair.notices import add_kind, notify, users_of_exhibitors

PRODUCT_CHANGE_DECIDED = "product_change_decided"
add_kind(PRODUCT_CHANGE_DECIDED, N_("Decisions on my product changes"), order=20)


async def product_change_decided(change: ProductChange, approved: bool, name: str) -> None:
    accounts = await users_of_exhibitors([change.exhibitor_id])
    message = (
        N_("Your change to the product %(product)s was approved.")
        if approved
        else N_("Your change to the product %(product)s was rejected: %(reason)s")
    )
    await notify(
        accounts.get(change.exhibitor_id, []),
        PRODUCT_CHANGE_DECIDED,
        message,
        {"product": name, "reason": change.reason},
        route="exhibitor_detail",
        route_params={"exhibitor_id": change.exhibitor_id},
    )
