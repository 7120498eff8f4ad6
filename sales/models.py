"""Models of the sales domain: what each booth sold, day by day, and how an event collects it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the relations are resolved by name at start-up
    from booths.models import BoothAssignment
    from events.models import Event, Venue
    from exhibitors.models import Exhibitor, Product
    from ocopfair.models import User
from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from ocopfair import audit_register as ar
from ocopfair.i18n import N_
from ocopfair.labels import add_labels

DEFAULT_ENTRY_DAYS = 3
DEFAULT_REVENUE_CEILING = 200_000_000  # VND per booth per day; above it asks for confirmation


class SalesSource(StrEnum):
    ENTERED = "entered"  # typed by the exhibitor or an organizer, or sent by the API
    IMPORTED = "imported"  # from a past fair's results workbook


# One booth's sales on one day, as the exhibitor or an organizer reported them.
class SalesRecord(Model):
    id = fields.IntField(primary_key=True)
    assignment: fields.ForeignKeyRelation[BoothAssignment] = fields.ForeignKeyField(
        "models.BoothAssignment", related_name="sales", on_delete=fields.RESTRICT
    )
    assignment_id: int
    day = fields.DateField()
    revenue = fields.BigIntField(default=0)  # integer VND
    units = fields.IntField(default=0)
    customers = fields.IntField(null=True)
    entered_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sales_entered", null=True, on_delete=fields.SET_NULL
    )
    entered_by_id: int | None
    updated_at = fields.DatetimeField(auto_now=True)
    source = fields.CharEnumField(
        SalesSource, max_length=8, default=SalesSource.ENTERED, db_default=SalesSource.ENTERED.value
    )

    class Meta:
        app = "models"
        unique_together = (("assignment", "day"),)
        # For the reports over many years: a booth's sales summed from the index alone (SQLite),
        # and "has this booth imported sales?" one seek (reports/figures/sources).
        indexes = (("assignment_id", "source", "revenue", "units"),)


# Units of one product sold at one booth on one day (the lines of a SalesRecord).
class SalesLine(Model):
    id = fields.IntField(primary_key=True)
    record: fields.ForeignKeyRelation[SalesRecord] = fields.ForeignKeyField(
        "models.SalesRecord", related_name="lines", on_delete=fields.CASCADE
    )
    record_id: int
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="sales_lines", on_delete=fields.RESTRICT
    )
    product_id: int
    units = fields.IntField(default=0)

    class Meta:
        app = "models"
        unique_together = (("record", "product"),)


# How an event's sales are collected; an event without a row uses the defaults above.
class SalesSettings(Model):
    id = fields.IntField(primary_key=True)
    event: fields.OneToOneRelation[Event] = fields.OneToOneField(
        "models.Event", related_name="sales_settings", on_delete=fields.CASCADE
    )
    event_id: int
    # Exhibitors may enter figures until this many days after the event's last day; later,
    # only an organizer may correct them, giving a reason.
    entry_days_after_end = fields.SmallIntField(default=DEFAULT_ENTRY_DAYS)
    revenue_ceiling = fields.BigIntField(default=DEFAULT_REVENUE_CEILING)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "models"


LABELS = {
    SalesSource.ENTERED: N_("Entered live"),
    SalesSource.IMPORTED: N_("Imported from a workbook"),
}
add_labels(LABELS)


# The key a phone made for one sales entry before sending it (static/js/sales-offline.js): a
# retry of the same entry (a lost answer, a reload, an entry kept offline) finds its key taken
# and stores nothing, even if someone changed the day's figures in between.
class SalesEntryKey(Model):
    id = fields.BigIntField(primary_key=True)
    client_key = fields.CharField(max_length=64, unique=True)
    assignment: fields.ForeignKeyRelation[BoothAssignment] = fields.ForeignKeyField(
        "models.BoothAssignment", related_name="sales_entry_keys", on_delete=fields.CASCADE
    )
    assignment_id: int
    day = fields.DateField()
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"


# A product carried by a permanent OCOP showroom (a venue of kind showroom): "on sale at ...".
class ShowroomProduct(Model):
    id = fields.IntField(primary_key=True)
    venue: fields.ForeignKeyRelation[Venue] = fields.ForeignKeyField(
        "models.Venue", related_name="showroom_products", on_delete=fields.CASCADE
    )
    venue_id: int
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="showrooms", on_delete=fields.CASCADE
    )
    product_id: int

    class Meta:
        app = "models"
        unique_together = (("venue", "product"),)


# One producer's sales at one showroom in one month (the month's first day), integer VND. Kept
# apart from booth sales: the period report shows it as its own section, never in fair figures.
# One row per showroom, producer and month (the constraint refuses a second, even at once).
class ShowroomSale(Model):
    id = fields.IntField(primary_key=True)
    venue: fields.ForeignKeyRelation[Venue] = fields.ForeignKeyField(
        "models.Venue", related_name="showroom_sales", on_delete=fields.RESTRICT
    )
    venue_id: int
    exhibitor: fields.ForeignKeyRelation[Exhibitor] = fields.ForeignKeyField(
        "models.Exhibitor", related_name="showroom_sales", on_delete=fields.RESTRICT
    )
    exhibitor_id: int
    month = fields.DateField(db_index=True)
    revenue = fields.BigIntField()
    entered_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="showroom_sales_entered", null=True, on_delete=fields.SET_NULL
    )
    entered_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"
        unique_together = (("venue", "exhibitor", "month"),)


# The audit log's words for what this domain records (ocopfair.audit_register).
ar.add_actions({"sales.update": N_("Edit sales"), "sales.settings": N_("Change sales settings")})
ar.add_object(
    "SalesRecord",
    ar.ObjectKind(
        N_("Day's sales"),
        SalesRecord,
        "assignment__exhibitor__name",
        "sales_grid",
        {"event_id": "assignment__booth__event_id"},
    ),
)
ar.add_fields(
    {
        "lines": (N_("Products sold"), ar.TEXT),
        "entry_days_after_end": (N_("Days to enter sales after the fair"), ar.NUMBER),
    }
)

# Showrooms (issue 20) in the audit log's words.
ar.add_actions(
    {
        "showroom_product_add": N_("Add a product to a showroom"),
        "showroom_sale": N_("Record a showroom's monthly sales"),
    }
)
ar.add_object(
    "ShowroomSale",
    ar.ObjectKind(
        N_("Showroom sales"),
        ShowroomSale,
        "exhibitor__name",
        "showroom_page",
        {"venue_id": "venue_id"},
    ),
)
ar.add_fields({"month": (N_("Month"), ar.DATE), "product_id": (N_("Product"), ar.TEXT)})
