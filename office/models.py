"""One-time codes that let a person set their own password: a producer's invitation, or a
password reset made by an administrator."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from ocopfair.i18n import N_
from ocopfair.labels import add_labels
from ocopfair.models import User


class CodePurpose(StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"


# Only the code's SHA-256 is kept (the code is 128 random bits, so a fast hash is enough and a
# leaked table opens nothing). A code works once: redeeming it is one conditional UPDATE
# (used_at IS NULL AND expires_at > now), so of two redemptions at once only one changes a row.
class AccessCode(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="access_codes", on_delete=fields.CASCADE
    )
    user_id: int
    purpose = fields.CharEnumField(CodePurpose, max_length=16)
    code_hash = fields.CharField(max_length=64, unique=True)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="access_codes_made", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        app = "models"
        indexes = (("user_id", "used_at"),)


LABELS = {
    CodePurpose.INVITATION: N_("Invitation"),
    CodePurpose.PASSWORD_RESET: N_("Password reset"),
}
add_labels(LABELS)
