"""What people are told (issue 18): notices, their deliveries by a channel, each person's
choices and calendar-feed tokens.

In the core, below every domain, because the change that causes a notice (an application
reviewed, a booth allocated) writes it in its own transaction: a change is never without its
notice, and a rolled-back change never leaves one behind (a transactional outbox).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from ocopfair.i18n import N_
from ocopfair.labels import add_labels
from ocopfair.models import User


# One thing one person is told. The text is an English message id with its parameters,
# translated when shown (each reader's language) or mailed (Vietnamese).
class Notice(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="notices", on_delete=fields.CASCADE
    )
    user_id: int
    kind = fields.CharField(max_length=48)
    message = fields.CharField(max_length=500)
    params: dict[str, Any] = fields.JSONField(default=dict)
    # The object it is about, as a route name and its parameters (links from route names).
    route = fields.CharField(max_length=64, default="")
    route_params: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    read_at = fields.DatetimeField(null=True)
    # Reminders carry a key ("hold_expiring:assignment:12") so that a reminder scheduled by
    # several workers, or twice by one, exists once per person: the unique pair decides.
    dedupe_key = fields.CharField(max_length=160, null=True)
    # The rows written by one call of notify(), to find their ids again in one query.
    batch = fields.CharField(max_length=32, db_index=True)

    class Meta:
        app = "models"
        unique_together = (("user", "dedupe_key"),)
        indexes = (("user_id", "read_at"),)
        ordering = ["-created_at", "-id"]


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


# One notice to send by one channel (only e-mail exists). A worker claims a row with a lease
# (claimed_by, lease_until) in one conditional statement, sends, and marks it sent only when
# the server accepted it; a worker killed meanwhile leaves a lease that expires, and another
# worker tries again. The unique pair (notice, channel) makes a second delivery impossible.
class Delivery(Model):
    id = fields.BigIntField(primary_key=True)
    notice: fields.ForeignKeyRelation[Notice] = fields.ForeignKeyField(
        "models.Notice", related_name="deliveries", on_delete=fields.CASCADE
    )
    notice_id: int
    channel = fields.CharField(max_length=16, default="email")
    address = fields.CharField(max_length=254)
    status = fields.CharEnumField(DeliveryStatus, max_length=16, default=DeliveryStatus.QUEUED)
    attempts = fields.SmallIntField(default=0)
    next_attempt_at = fields.DatetimeField(db_index=True)
    claimed_by = fields.CharField(max_length=64, default="")
    lease_until = fields.DatetimeField(null=True)
    last_error = fields.TextField(default="")
    sent_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"
        unique_together = (("notice", "channel"),)
        indexes = (("status", "next_attempt_at"),)


# A person's own address for notices and the kinds it does not want by e-mail. Without an
# address (and, for a producer's account, without the producer's address) notices stay in-app.
class NoticeSettings(Model):
    id = fields.IntField(primary_key=True)
    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="notice_settings", on_delete=fields.CASCADE
    )
    user_id: int
    email = fields.CharField(max_length=254, default="")
    email_off: list[str] = fields.JSONField(default=list)

    class Meta:
        app = "models"


# A private calendar-feed link. Only the SHA-256 of its token is kept; rotating revokes it.
class FeedToken(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="feed_tokens", on_delete=fields.CASCADE
    )
    user_id: int
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        app = "models"


LABELS = {
    DeliveryStatus.QUEUED: N_("Queued"),
    DeliveryStatus.SENDING: N_("Sending"),
    DeliveryStatus.SENT: N_("Sent"),
    DeliveryStatus.FAILED: N_("Failed"),
}
add_labels(LABELS)
