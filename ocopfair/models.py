"""Models shared by every domain: localities, users, API tokens, the audit log.

Locality lives here, not in exhibitors/ or events/, because both of those leaves need it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model
from tortoise.signals import pre_save

from ocopfair import audit_register as ar
from ocopfair.i18n import N_
from ocopfair.labels import add_labels
from ocopfair.text import fold


class LocalityKind(StrEnum):
    CITY = "city"
    TOWN = "town"
    DISTRICT = "district"
    WARD = "ward"
    COMMUNE = "commune"
    SPECIAL_ZONE = "special_zone"


# Kinds of unit before the 1 July 2025 reorganisation (district level) and after (commune level).
DISTRICT_LEVEL = frozenset({LocalityKind.CITY, LocalityKind.TOWN, LocalityKind.DISTRICT})


# A unit of the province (the grouping key of every OCOP statistic): a district-level unit
# before 1 July 2025, a commune, ward or special zone after. Units are data, never code: an
# office adds, renames, retires and merges them (office/localities.py).
class Locality(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=8, unique=True)
    name = fields.CharField(max_length=100)
    name_en = fields.CharField(max_length=100, default="")
    kind = fields.CharEnumField(LocalityKind, max_length=16)
    # The folded name (ocopfair.text.fold) of a unit in use: unique, so "Ha Long" and
    # "Hạ Long" cannot both be added, even by two offices at once. A retired unit's key gets
    # its id appended, which frees the name for a new unit.
    name_key = fields.CharField(max_length=120, unique=True, null=True)
    retired_on = fields.DateField(null=True)
    # The unit it was merged into (its producers, users and future events moved there; past
    # events stay here, under the name they had then).
    merged_into: fields.ForeignKeyNullableRelation[Locality] = fields.ForeignKeyField(
        "models.Locality", related_name="merged_from", null=True, on_delete=fields.RESTRICT
    )
    merged_into_id: int | None

    class Meta:
        app = "models"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The province that runs this installation: one row, made by the first run's setup. Every page
# title, footer, print and export header and calendar name comes from it (ocopfair.province).
class ProvinceProfile(Model):
    id = fields.IntField(primary_key=True)
    # Always 1: the unique constraint makes a second profile impossible, even from two set-ups
    # racing on an empty database.
    singleton = fields.SmallIntField(default=1, unique=True)
    name = fields.CharField(max_length=100)  # "Lạng Sơn"
    short_name = fields.CharField(max_length=40)  # "LS"
    agency = fields.CharField(max_length=255)  # the provincial OCOP coordination office
    address = fields.CharField(max_length=255, default="")
    phone = fields.CharField(max_length=40, default="")
    email = fields.CharField(max_length=254, default="")
    # An optional logo (PNG or JPEG, a few tens of kB), kept in the database so a backup holds it.
    logo = fields.BinaryField(null=True)
    logo_type = fields.CharField(max_length=20, default="")
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "models"


@pre_save(Locality)
async def _fill_name_key(
    sender: type[Locality], instance: Locality, using_db: Any, update_fields: Any
) -> None:
    """Keep the folded-name key in step with the name on every save (see Locality.name_key)."""
    instance.name_key = name_key_of(
        instance.name, None if instance.retired_on is None else instance.id
    )


def name_key_of(name: str, retired_id: int | None = None) -> str:
    """The folded name of a unit in use; with the id appended for a retired unit, which frees
    the name for a new one."""
    key = fold(name)[:100]
    return key if retired_id is None else f"{key}~{retired_id}"


class Role(StrEnum):
    ADMIN = "admin"
    ORGANIZER = "organizer"
    EXHIBITOR = "exhibitor"
    GATE_STAFF = "gate_staff"
    OFFICIAL = "official"
    # A partner organisation's account (a supermarket chain, a district office, an
    # association): proposes trade-promotion programmes; organizer rights on the events it owns.
    PARTNER = "partner"


# An organisation that runs trade-promotion programmes the province confirms. Kept in the core
# beside Locality: users belong to one, and events (events/) are owned by one.
class PartnerOrganisation(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    description = fields.CharField(max_length=255, default="")
    # A deactivated organisation's accounts are closed with it (office.partners); its events
    # and programmes stay, as history.
    is_active = fields.BooleanField(default=True, db_default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)
    password_hash = fields.CharField(max_length=255)
    full_name = fields.CharField(max_length=200, default="")
    role = fields.CharEnumField(Role, max_length=16)
    # An exhibitor user acts for exactly one producer; an organizer may be bound to a locality
    # (a local OCOP office), which limits which local events it may edit.
    # The producer an exhibitor account acts for. The core knows no domain, so its type is
    # the plain Model here; exhibitors.models.Exhibitor at run time.
    exhibitor: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "models.Exhibitor", related_name="users", null=True, on_delete=fields.RESTRICT
    )
    exhibitor_id: int | None
    locality: fields.ForeignKeyNullableRelation[Locality] = fields.ForeignKeyField(
        "models.Locality", related_name="users", null=True, on_delete=fields.RESTRICT
    )
    locality_id: int | None
    # The organisation a partner account acts for (Role.PARTNER only).
    partner: fields.ForeignKeyNullableRelation[PartnerOrganisation] = fields.ForeignKeyField(
        "models.PartnerOrganisation", related_name="users", null=True, on_delete=fields.RESTRICT
    )
    partner_id: int | None
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"

    def __str__(self) -> str:
        return self.full_name or self.username


# A bearer token for machines. Only its SHA-256 is stored, so a leaked table is useless.
class ApiToken(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="tokens", on_delete=fields.CASCADE
    )
    user_id: int
    name = fields.CharField(max_length=100, default="")
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        app = "models"


# A signed-in browser. The cookie carries a random key; only its SHA-256 is stored here, and a
# request is signed in only while its row is live (not ended, not expired): logging out,
# changing the password, deactivation and "sign out everywhere" end rows, and with them every
# copy of the cookie, however it was saved.
class LoginSession(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE
    )
    user_id: int
    key_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_seen_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)
    ended_at = fields.DatetimeField(null=True)
    user_agent = fields.CharField(max_length=200, default="")
    client = fields.CharField(max_length=64, default="")

    class Meta:
        app = "models"


# Failed logins per username, kept whether or not the account exists (no enumeration).
class LoginThrottle(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)
    failures = fields.IntField(default=0)
    last_failure_at = fields.DatetimeField(null=True)

    class Meta:
        app = "models"


# One fixed-window rate limit (ocopfair.throttle): the hits counted under `key` (for example
# "register:<client address>") since `window_start` (Unix seconds). In the database, so every
# app worker counts the same hits.
class Throttle(Model):
    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=128, unique=True)
    hits = fields.IntField(default=0)
    window_start = fields.BigIntField(db_index=True)

    class Meta:
        app = "models"


# Who changed what, when, from what to what, and why. Never updated, never deleted.
class AuditEntry(Model):
    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True, db_index=True)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="audit_entries", null=True, on_delete=fields.SET_NULL
    )
    user_id: int | None
    action = fields.CharField(max_length=64)
    object_type = fields.CharField(max_length=64)
    object_id = fields.CharField(max_length=64)
    before: Any = fields.JSONField(null=True)
    after: Any = fields.JSONField(null=True)
    reason = fields.TextField(default="")

    class Meta:
        app = "models"
        indexes = (("object_type", "object_id"),)
        ordering = ["-at", "-id"]


# Display names of this module's enum values (English ids, translated where shown).
LABELS = {
    Role.ADMIN: N_("Administrator"),
    Role.ORGANIZER: N_("Organizer"),
    Role.EXHIBITOR: N_("Exhibitor"),
    Role.GATE_STAFF: N_("Gate staff"),
    Role.OFFICIAL: N_("Official"),
    Role.PARTNER: N_("Partner organisation"),
    LocalityKind.CITY: N_("City"),
    LocalityKind.TOWN: N_("Town"),
    LocalityKind.DISTRICT: N_("District"),
    LocalityKind.WARD: N_("Ward"),
    LocalityKind.COMMUNE: N_("Commune"),
    LocalityKind.SPECIAL_ZONE: N_("Special zone"),
}
add_labels(LABELS)

# The audit log's words for what the core records (ocopfair.audit_register).
ar.add_actions(
    {
        "password_changed": N_("Change password"),
        "user_deactivated": N_("Close an account"),
        "session_ended": N_("Sign out a device"),
        "signed_out_everywhere": N_("Sign out everywhere"),
        "token_revoked": N_("Revoke an API key"),
        "user.create": N_("Create an account"),
        "user.edit": N_("Edit an account"),
        "user.deactivate": N_("Close an account"),
        "user.reactivate": N_("Reopen an account"),
        "user.password_reset": N_("Reset a password"),
        "user.code_redeemed": N_("Use an invitation code"),
        "user.invite": N_("Invite an account"),
        "partner.create": N_("Add a partner organisation"),
        "partner.rename": N_("Rename a partner organisation"),
        "partner.deactivate": N_("Deactivate a partner organisation"),
        "partner.reactivate": N_("Reactivate a partner organisation"),
        "locality.create": N_("Add a locality"),
        "locality.rename": N_("Rename a locality"),
        "locality.retire": N_("Retire a locality"),
        "locality.merge": N_("Merge localities"),
        "locality.import": N_("Import localities"),
        "province.setup": N_("Set up the province"),
        "province.update": N_("Edit the province profile"),
        "notices.settings": N_("Change notice settings"),
        "notices.unsubscribed": N_("Unsubscribe from e-mails"),
        "notices.feed_rotated": N_("Renew a notice feed link"),
        "notices.feed_revoked": N_("Revoke a notice feed link"),
        "notices.retry": N_("Resend a notice"),
    }
)
ar.add_object(
    "User", ar.ObjectKind(N_("Account"), User, "full_name", "person_page", {"user_id": "id"})
)
ar.add_object(
    "Locality",
    ar.ObjectKind(N_("Locality"), Locality, "name", "locality_edit", {"locality_id": "id"}),
)
ar.add_object(
    "PartnerOrganisation",
    ar.ObjectKind(
        N_("Partner organisation"),
        PartnerOrganisation,
        "name",
        "partner_page",
        {"partner_id": "id"},
    ),
)
ar.add_object("ProvinceProfile", ar.ObjectKind(N_("Province profile"), ProvinceProfile, "name"))
ar.add_object("LoginSession", ar.ObjectKind(N_("Signed-in device")))
ar.add_object("ApiToken", ar.ObjectKind(N_("API key"), ApiToken, "name"))
ar.add_object("Delivery", ar.ObjectKind(N_("Notice")))
ar.add_fields(
    {
        "name": (N_("Name"), ar.TEXT),
        "full_name": (N_("Full name"), ar.TEXT),
        "username": (N_("User name"), ar.TEXT),
        "role": (N_("Role"), ar.ENUM),
        "status": (N_("Status"), ar.ENUM),
        "kind": (N_("Kind"), ar.ENUM),
        "email": (N_("E-mail"), ar.TEXT),
        "phone": (N_("Phone"), ar.TEXT),
        "is_active": (N_("Active"), ar.YES_NO),
        "locality_id": (N_("Locality"), ar.TEXT),
        "event_id": (N_("Event"), ar.TEXT),
        "exhibitor_id": (N_("Producer"), ar.TEXT),
        "partner_id": (N_("Partner organisation"), ar.TEXT),
        "description": (N_("Description"), ar.TEXT),
        "start_date": (N_("Start date"), ar.DATE),
        "end_date": (N_("End date"), ar.DATE),
        "day": (N_("Day"), ar.DATE),
        "date": (N_("Date"), ar.DATE),
        "fee": (N_("Fee"), ar.MONEY),
        "revenue": (N_("Revenue"), ar.MONEY),
        "value": (N_("Value"), ar.MONEY),
        "amount": (N_("Amount"), ar.MONEY),
        "revenue_ceiling": (N_("Revenue ceiling"), ar.MONEY),
        "units": (N_("Units sold"), ar.NUMBER),
        "customers": (N_("Customers"), ar.NUMBER),
        "reason": (N_("Reason"), ar.TEXT),
        "decision": (N_("Decision"), ar.TEXT),
    }
)
