"""An uploaded results workbook, kept between its preview and its confirmation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the relations are resolved by name at start-up
    from events.models import Event
    from ocopfair.models import User
from tortoise import fields
from tortoise.models import Model

from ocopfair import audit_register as ar
from ocopfair.i18n import N_


# The file itself is kept (not only its preview): confirming reads and plans it again against
# the database as it is then, so a preview that went stale can never be applied blindly.
class ResultsUpload(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="results_uploads", on_delete=fields.CASCADE
    )
    event_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="results_uploads", on_delete=fields.CASCADE
    )
    user_id: int
    filename = fields.CharField(max_length=255, default="")
    data = fields.BinaryField()
    summary: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    applied_at = fields.DatetimeField(null=True)

    class Meta:
        app = "models"


# The audit log's words for what this domain records (ocopfair.audit_register).
ar.add_actions(
    {
        "results.import": N_("Import a fair's results"),
        "results.api_sales": N_("Send a fair's sales"),
        "results.api_visitors": N_("Send a fair's visitor counts"),
    }
)
