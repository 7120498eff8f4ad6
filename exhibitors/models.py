"""The OCOP producer registry: producers and their star-rated products."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the relations are resolved by name at start-up
    from ocopfair.models import Locality, User
from tortoise import fields
from tortoise.models import Model

from ocopfair import audit_register as ar
from ocopfair.i18n import N_
from ocopfair.labels import add_labels


class ExhibitorKind(StrEnum):
    ENTERPRISE = "enterprise"
    COOPERATIVE = "cooperative"
    COOP_GROUP = "coop_group"
    HOUSEHOLD = "household"


class ExhibitorStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class ProductGroup(StrEnum):
    """The six official OCOP product groups."""

    FOOD = "food"
    DRINKS = "drinks"
    HERBAL = "herbal"
    TEXTILES = "textiles"
    SOUVENIRS_DECOR = "souvenirs_decor"
    RURAL_TOURISM = "rural_tourism_services"


# A producer that may exhibit: enterprise, cooperative, cooperative group or household.
class Exhibitor(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=255)
    # Lower-case, diacritics removed: lets 'mien dong' find 'Miến dong' on any database.
    name_search = fields.CharField(max_length=255, db_index=True, default="")
    kind = fields.CharEnumField(ExhibitorKind, max_length=16)
    tax_code = fields.CharField(max_length=20, null=True, unique=True)
    locality: fields.ForeignKeyNullableRelation[Locality] = fields.ForeignKeyField(
        "models.Locality", related_name="exhibitors", null=True, on_delete=fields.RESTRICT
    )
    locality_id: int | None
    address = fields.CharField(max_length=255, default="")
    contact_person = fields.CharField(max_length=200, default="")
    phone = fields.CharField(max_length=20, default="")
    email = fields.CharField(max_length=254, default="")
    ethnic_minority = fields.BooleanField(default=False)
    remote_area = fields.BooleanField(default=False)
    island = fields.BooleanField(default=False)
    status = fields.CharEnumField(ExhibitorStatus, max_length=16, default=ExhibitorStatus.ACTIVE)
    # Where the record came from: a seed article's file name, "generated" (demo filler), or
    # "import"/"manual" for real data.
    source = fields.CharField(max_length=120, default="manual")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "models"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_disadvantaged(self) -> bool:
        return self.ethnic_minority or self.remote_area or self.island


class Product(Model):
    id = fields.IntField(primary_key=True)
    exhibitor: fields.ForeignKeyRelation[Exhibitor] = fields.ForeignKeyField(
        "models.Exhibitor", related_name="products", on_delete=fields.RESTRICT, db_index=True
    )
    exhibitor_id: int
    name = fields.CharField(max_length=255)
    name_search = fields.CharField(max_length=255, db_index=True, default="")
    group = fields.CharEnumField(ProductGroup, max_length=32)
    stars = fields.SmallIntField()
    certificate_number = fields.CharField(max_length=64, default="")
    certificate_date = fields.DateField(null=True)
    # An OCOP rating lasts 36 months from its decision date.
    certificate_expiry = fields.DateField(null=True, db_index=True)
    traceability_url = fields.CharField(max_length=500, default="")
    photo = fields.BinaryField(null=True)
    photo_type = fields.CharField(max_length=32, default="")
    photo_thumb = fields.BinaryField(null=True)
    source = fields.CharField(max_length=120, default="manual")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "models"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ListingFloor(StrEnum):
    """Where a product is sold online (an e-commerce floor)."""

    # The province's own OCOP floor; provinces' floors are hosted on postmart.vn (Vietnam Post).
    PROVINCE_FLOOR = "province_floor"
    OCOP_NATIONAL = "ocop_national"  # the national OCOP floor
    SHOPEE = "shopee"
    LAZADA = "lazada"
    TIKI = "tiki"
    OWN_SHOP = "own_shop"
    OTHER = "other"


# A product's page on an e-commerce floor: shown on its public QR page and in the fair guide, so
# a visitor can buy again after the fair. The URL is checked (exhibitors/listings.py).
class ProductListing(Model):
    id = fields.IntField(primary_key=True)
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="listings", on_delete=fields.CASCADE
    )
    product_id: int
    floor = fields.CharEnumField(ListingFloor, max_length=24)
    link = fields.CharField(max_length=500)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"
        ordering = ["floor", "id"]
        unique_together = (("product", "floor", "link"),)


class ChangeStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


# A change to a product's star rating or certificate asked for by an exhibitor; it waits for an
# organizer. `product` is NULL when the exhibitor proposes a new product (then `changes` holds
# every field of it). Values in `changes` / `before` are JSON-safe (dates as ISO strings).
class ProductChange(Model):
    id = fields.IntField(primary_key=True)
    exhibitor: fields.ForeignKeyRelation[Exhibitor] = fields.ForeignKeyField(
        "models.Exhibitor", related_name="product_changes", on_delete=fields.CASCADE
    )
    exhibitor_id: int
    product: fields.ForeignKeyNullableRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="changes", null=True, on_delete=fields.CASCADE
    )
    product_id: int | None
    requested_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="product_changes", null=True, on_delete=fields.SET_NULL
    )
    requested_by_id: int | None
    changes: dict[str, Any] = fields.JSONField(default=dict)
    before: dict[str, Any] = fields.JSONField(default=dict)
    # A new product's photo waits with its change and goes onto the product when approved.
    photo = fields.BinaryField(null=True)
    photo_thumb = fields.BinaryField(null=True)
    status = fields.CharEnumField(
        ChangeStatus, max_length=16, default=ChangeStatus.PENDING, db_index=True
    )
    decided_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="product_decisions", null=True, on_delete=fields.SET_NULL
    )
    decided_by_id: int | None
    decided_at = fields.DatetimeField(null=True)
    reason = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"
        ordering = ["-created_at", "-id"]


class ImportStatus(StrEnum):
    PREVIEW = "preview"
    APPLIED = "applied"


# A parsed upload waiting between its preview and its confirmation. Kept in the database, not in
# process memory, so the confirm request may land on any worker. Owned by the uploader.
class ImportBatch(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="import_batches", on_delete=fields.CASCADE
    )
    user_id: int
    filename = fields.CharField(max_length=255, default="")
    rows: list[Any] = fields.JSONField(default=list)
    status = fields.CharEnumField(ImportStatus, max_length=16, default=ImportStatus.PREVIEW)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    applied_at = fields.DatetimeField(null=True)
    summary: dict[str, Any] = fields.JSONField(default=dict)

    class Meta:
        app = "models"


LABELS = {
    ExhibitorKind.ENTERPRISE: N_("Enterprise"),
    ExhibitorKind.COOPERATIVE: N_("Cooperative"),
    ExhibitorKind.COOP_GROUP: N_("Cooperative group"),
    ExhibitorKind.HOUSEHOLD: N_("Household business"),
    ExhibitorStatus.ACTIVE: N_("Active"),
    ExhibitorStatus.SUSPENDED: N_("Suspended"),
    ProductGroup.FOOD: N_("Food"),
    ProductGroup.DRINKS: N_("Drinks"),
    ProductGroup.HERBAL: N_("Herbal products"),
    ProductGroup.TEXTILES: N_("Textiles and garments"),
    ProductGroup.SOUVENIRS_DECOR: N_("Souvenirs, furniture and decoration"),
    ProductGroup.RURAL_TOURISM: N_("Rural tourism services"),
    ListingFloor.PROVINCE_FLOOR: N_("The province's OCOP floor (postmart.vn)"),
    ListingFloor.OCOP_NATIONAL: N_("National OCOP floor"),
    ListingFloor.SHOPEE: N_("Shopee"),
    ListingFloor.LAZADA: N_("Lazada"),
    ListingFloor.TIKI: N_("Tiki"),
    ListingFloor.OWN_SHOP: N_("The producer's own shop"),
    ListingFloor.OTHER: N_("Other online shop"),
    ChangeStatus.PENDING: N_("Waiting for approval"),
    ChangeStatus.APPROVED: N_("Approved"),
    ChangeStatus.REJECTED: N_("Rejected"),
    ImportStatus.PREVIEW: N_("Preview"),
    ImportStatus.APPLIED: N_("Imported"),
}
add_labels(LABELS)

# The audit log's words for what this domain records (ocopfair.audit_register).
ar.add_actions({"create": N_("Add a producer"), "update": N_("Edit a producer")}, "Exhibitor")
ar.add_actions(
    {
        "create": N_("Add a product"),
        "update": N_("Edit a product"),
        "remove_photo": N_("Remove a product photo"),
    },
    "Product",
)
ar.add_actions(
    {
        "propose": N_("Ask for a product change"),
        "approve": N_("Approve a product change"),
        "reject": N_("Reject a product change"),
    },
    "ProductChange",
)
ar.add_actions({"import": N_("Import producers")}, "ImportBatch")
ar.add_object(
    "Exhibitor",
    ar.ObjectKind(N_("Producer"), Exhibitor, "name", "exhibitor_detail", {"exhibitor_id": "id"}),
)
ar.add_object(
    "Product", ar.ObjectKind(N_("Product"), Product, "name", "product_edit", {"product_id": "id"})
)
ar.add_object(
    "ProductChange",
    ar.ObjectKind(N_("Product change"), ProductChange, "exhibitor__name", "exhibitor_changes"),
)
ar.add_object("ImportBatch", ar.ObjectKind(N_("Producer import")))
ar.add_fields(
    {
        "stars": (N_("Stars"), ar.NUMBER),
        "group": (N_("Group"), ar.ENUM),
        "certificate_number": (N_("Decision number"), ar.TEXT),
        "certificate_date": (N_("Decision date"), ar.DATE),
        "certificate_expiry": (N_("Expiry date"), ar.DATE),
        "traceability_url": (N_("Traceability link"), ar.TEXT),
        "tax_code": (N_("Tax code"), ar.TEXT),
        "contact_person": (N_("Contact person"), ar.TEXT),
        "ethnic_minority": (N_("Ethnic minority"), ar.YES_NO),
        "remote_area": (N_("Remote area"), ar.YES_NO),
        "island": (N_("Island"), ar.YES_NO),
    }
)

# E-commerce listings (issue 20) in the audit log's words.
ar.add_actions(
    {
        "listing_add": N_("Add an online shop link"),
        "listing_remove": N_("Remove an online shop link"),
    }
)
ar.add_fields({"floor": (N_("E-commerce floor"), ar.ENUM), "link": (N_("Link"), ar.TEXT)})
