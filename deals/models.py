"""Models of the deals domain: buyers (supermarket chains, distributors...) and the trade deals
producers make with them at events."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the relations are resolved by name at start-up
    from events.models import Event
    from exhibitors.models import Exhibitor, Product
from tortoise import fields
from tortoise.models import Model

from ocopfair import audit_register as ar
from ocopfair.i18n import N_
from ocopfair.labels import add_labels


class BuyerKind(StrEnum):
    SUPERMARKET = "supermarket"
    DISTRIBUTOR = "distributor"
    EXPORTER = "exporter"
    ECOMMERCE = "ecommerce"


class Buyer(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=255, unique=True)
    kind = fields.CharEnumField(BuyerKind, max_length=16)
    source = fields.CharField(max_length=120, default="manual")

    class Meta:
        app = "models"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DealStatus(StrEnum):
    CONTACT = "contact"
    MEMORANDUM = "memorandum"
    FIRST_ORDER = "first_order"
    REGULAR_SUPPLY = "regular_supply"


class TradeDeal(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="deals", on_delete=fields.RESTRICT, db_index=True
    )
    event_id: int
    exhibitor: fields.ForeignKeyRelation[Exhibitor] = fields.ForeignKeyField(
        "models.Exhibitor", related_name="deals", on_delete=fields.RESTRICT
    )
    exhibitor_id: int
    buyer: fields.ForeignKeyRelation[Buyer] = fields.ForeignKeyField(
        "models.Buyer", related_name="deals", on_delete=fields.RESTRICT
    )
    buyer_id: int
    products: fields.ManyToManyRelation[Product] = fields.ManyToManyField(
        "models.Product", related_name="deals"
    )
    expected_volume = fields.CharField(max_length=200, default="")
    value = fields.BigIntField(default=0)  # integer VND
    status = fields.CharEnumField(DealStatus, max_length=16, default=DealStatus.CONTACT)
    status_dates: dict[str, Any] = fields.JSONField(default=dict)  # status -> ISO date of that step
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"


LABELS = {
    BuyerKind.SUPERMARKET: N_("Supermarket chain"),
    BuyerKind.DISTRIBUTOR: N_("Distributor"),
    BuyerKind.EXPORTER: N_("Exporter"),
    BuyerKind.ECOMMERCE: N_("E-commerce platform"),
    DealStatus.CONTACT: N_("Contact made"),
    DealStatus.MEMORANDUM: N_("Memorandum signed"),
    DealStatus.FIRST_ORDER: N_("First order"),
    DealStatus.REGULAR_SUPPLY: N_("Regular supply"),
}
add_labels(LABELS)

# The audit log's words for what this domain records (ocopfair.audit_register).
ar.add_actions(
    {
        "buyer.create": N_("Add a buyer"),
        "deal.create": N_("Record a trade deal"),
        "deal.update": N_("Edit a trade deal"),
        "deal.status": N_("Move a trade deal on"),
    }
)
ar.add_object("Buyer", ar.ObjectKind(N_("Buyer"), Buyer, "name"))
ar.add_object("TradeDeal", ar.ObjectKind(N_("Trade deal"), TradeDeal, "exhibitor__name"))
ar.add_fields(
    {
        "expected_volume": (N_("Expected volume"), ar.TEXT),
        "status_date": (N_("Date of this step"), ar.DATE),
    }
)
