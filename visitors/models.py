"""Gates, visitor counts and the batches they came in, registrations."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from ocopfair.i18n import N_


class GateKind(StrEnum):
    ENTRANCE = "entrance"
    EXIT = "exit"
    BOTH = "both"


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class Gate(Model):
    id = fields.IntField(primary_key=True)
    event = fields.ForeignKeyField("models.Event", related_name="gates", on_delete=fields.CASCADE)
    name = fields.CharField(max_length=64)
    kind = fields.CharEnumField(GateKind, max_length=16, default=GateKind.BOTH)
    staff = fields.ManyToManyField("models.User", related_name="gates")

    class Meta:
        app = "models"
        unique_together = (("event", "name"),)
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# People through one gate in one direction during one 15-minute bucket.
class GateCount(Model):
    id = fields.BigIntField(primary_key=True)
    gate = fields.ForeignKeyField("models.Gate", related_name="counts", on_delete=fields.CASCADE)
    bucket_start = fields.DatetimeField()
    direction = fields.CharEnumField(Direction, max_length=4)
    count = fields.IntField(default=0)

    class Meta:
        app = "models"
        unique_together = (("gate", "bucket_start", "direction"),)


# A batch of taps as a device sent it. The key made on the device is unique, so a retry counts once.
class CountBatch(Model):
    id = fields.BigIntField(primary_key=True)
    client_key = fields.CharField(max_length=64, unique=True)
    body_hash = fields.CharField(max_length=64)
    gate = fields.ForeignKeyField("models.Gate", related_name="batches", on_delete=fields.CASCADE)
    user = fields.ForeignKeyField(
        "models.User", related_name="count_batches", null=True, on_delete=fields.SET_NULL
    )
    taps = fields.JSONField(default=list)
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"


# A visitor or group registered ahead; the code on its QR ticket checks it in once.
class Registration(Model):
    id = fields.IntField(primary_key=True)
    event = fields.ForeignKeyField(
        "models.Event", related_name="registrations", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    phone = fields.CharField(max_length=20, default="")
    group_size = fields.SmallIntField(default=1)
    code = fields.CharField(max_length=64, unique=True)
    checked_in_at = fields.DatetimeField(null=True)
    checked_in_gate = fields.ForeignKeyField(
        "models.Gate", related_name="checkins", null=True, on_delete=fields.SET_NULL
    )
    checked_in_by = fields.ForeignKeyField(
        "models.User", related_name="checkins", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"


LABELS = {
    GateKind.ENTRANCE: N_("Entrance"),
    GateKind.EXIT: N_("Exit"),
    GateKind.BOTH: N_("Entrance and exit"),
    Direction.IN: N_("In"),
    Direction.OUT: N_("Out"),
}
