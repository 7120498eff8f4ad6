"""Gates, visitor counts and the batches they came in, registrations."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the relations are resolved by name at start-up
    from events.models import Event
    from ocopfair.models import User
from tortoise import fields
from tortoise.models import Model

from ocopfair import audit_register as ar
from ocopfair.i18n import N_
from ocopfair.labels import add_labels


class GateKind(StrEnum):
    ENTRANCE = "entrance"
    EXIT = "exit"
    BOTH = "both"


class CountSource(StrEnum):
    TALLY = "tally"  # tapped live at the gate (or a registration checked in)
    IMPORT = "import"  # a total from a past fair's workbook or the bulk totals API


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


# The ways a gate of each kind counts people.
DIRECTIONS_OF_KIND = {
    GateKind.ENTRANCE: {Direction.IN},
    GateKind.EXIT: {Direction.OUT},
    GateKind.BOTH: {Direction.IN, Direction.OUT},
}


class Gate(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="gates", on_delete=fields.CASCADE
    )
    event_id: int
    name = fields.CharField(max_length=64)
    kind = fields.CharEnumField(GateKind, max_length=16, default=GateKind.BOTH)
    staff: fields.ManyToManyRelation[User] = fields.ManyToManyField(
        "models.User", related_name="gates"
    )

    class Meta:
        app = "models"
        unique_together = (("event", "name"),)
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# People through one gate in one direction during one 15-minute bucket. Imported totals are
# filed here too (source "import"), under their hour's first bucket, or under the day's first
# moment with `whole_day` when the paper gave no hour: the reports read them with the same
# queries as tallied counts, and leave whole-day totals out of the hours and the occupancy.
class GateCount(Model):
    id = fields.BigIntField(primary_key=True)
    gate: fields.ForeignKeyRelation[Gate] = fields.ForeignKeyField(
        "models.Gate", related_name="counts", on_delete=fields.CASCADE
    )
    gate_id: int
    bucket_start = fields.DatetimeField()
    direction = fields.CharEnumField(Direction, max_length=4)
    count = fields.IntField(default=0)
    source = fields.CharEnumField(
        CountSource, max_length=8, default=CountSource.TALLY, db_default=CountSource.TALLY.value
    )
    whole_day = fields.BooleanField(default=False, db_default=False)

    class Meta:
        app = "models"
        unique_together = (("gate", "bucket_start", "direction", "source"),)
        # For the reports over many years: "has this event imported counts?" is one seek per
        # gate (reports/figures/sources). Not `count` in it: counting increments that all day,
        # and an indexed column stops PostgreSQL from updating the row in place (HOT).
        indexes = (("gate_id", "source", "direction"),)


# A batch of taps as a device sent it. The key made on the device is unique, so a retry counts once.
class CountBatch(Model):
    id = fields.BigIntField(primary_key=True)
    client_key = fields.CharField(max_length=64, unique=True)
    body_hash = fields.CharField(max_length=64)
    gate: fields.ForeignKeyRelation[Gate] = fields.ForeignKeyField(
        "models.Gate", related_name="batches", on_delete=fields.CASCADE
    )
    gate_id: int
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="count_batches", null=True, on_delete=fields.SET_NULL
    )
    user_id: int | None
    # Which device (a browser's stored id, or a turnstile's name) sent it: undo taps are only
    # accepted for that device's own earlier taps.
    device_id = fields.CharField(max_length=64, default="")
    taps: list[Any] = fields.JSONField(default=list)
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"
        indexes = (("gate_id", "device_id"),)


# One undo of one tap: unique, so a tap can be taken back once, even by concurrent batches.
class CountUndo(Model):
    id = fields.BigIntField(primary_key=True)
    gate: fields.ForeignKeyRelation[Gate] = fields.ForeignKeyField(
        "models.Gate", related_name="undos", on_delete=fields.CASCADE
    )
    gate_id: int
    device_id = fields.CharField(max_length=64)
    tap_id = fields.CharField(max_length=64)
    batch: fields.ForeignKeyRelation[CountBatch] = fields.ForeignKeyField(
        "models.CountBatch", related_name="undos", on_delete=fields.CASCADE
    )
    batch_id: int

    class Meta:
        app = "models"
        unique_together = (("gate", "device_id", "tap_id"),)


# A staff member assigned to a gate for one day of the event (Gate.staff = every day).
class GateShift(Model):
    id = fields.IntField(primary_key=True)
    gate: fields.ForeignKeyRelation[Gate] = fields.ForeignKeyField(
        "models.Gate", related_name="shifts", on_delete=fields.CASCADE
    )
    gate_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="gate_shifts", on_delete=fields.CASCADE
    )
    user_id: int
    day = fields.DateField()

    class Meta:
        app = "models"
        unique_together = (("gate", "user", "day"),)
        ordering = ["day"]


# A user who supervises the gates of one event (organizers and admins supervise every event).
class EventSupervisor(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="supervisors", on_delete=fields.CASCADE
    )
    event_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="supervised_events", on_delete=fields.CASCADE
    )
    user_id: int

    class Meta:
        app = "models"
        unique_together = (("event", "user"),)


# An adjustment a supervisor entered, with its reason; counts themselves are never overwritten.
class CountCorrection(Model):
    id = fields.IntField(primary_key=True)
    gate: fields.ForeignKeyRelation[Gate] = fields.ForeignKeyField(
        "models.Gate", related_name="corrections", on_delete=fields.CASCADE, db_index=True
    )
    gate_id: int
    day = fields.DateField()
    direction = fields.CharEnumField(Direction, max_length=4)
    delta = fields.IntField()
    reason = fields.TextField()
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="count_corrections", null=True, on_delete=fields.SET_NULL
    )
    user_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"
        ordering = ["-created_at", "-id"]


# A day whose counts are final: taps for it are refused, only corrections remain possible.
class DayClosure(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="day_closures", on_delete=fields.CASCADE
    )
    event_id: int
    day = fields.DateField()
    closed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="day_closures", null=True, on_delete=fields.SET_NULL
    )
    closed_by_id: int | None
    closed_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"
        unique_together = (("event", "day"),)
        ordering = ["day"]


# Whether an event takes pre-registrations (events/ belongs to its own domain, so the flag
# lives here, one row per event; no row means registration is off).
class RegistrationSettings(Model):
    id = fields.IntField(primary_key=True)
    event: fields.OneToOneRelation[Event] = fields.OneToOneField(
        "models.Event", related_name="registration_settings", on_delete=fields.CASCADE
    )
    event_id: int
    enabled = fields.BooleanField(default=False)
    max_group_size = fields.SmallIntField(default=60)
    note = fields.TextField(default="")

    class Meta:
        app = "models"


# A visitor or group registered ahead; the code on its QR ticket checks it in once.
class Registration(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="registrations", on_delete=fields.CASCADE
    )
    event_id: int
    name = fields.CharField(max_length=200)
    phone = fields.CharField(max_length=20, default="")
    group_size = fields.SmallIntField(default=1)
    code = fields.CharField(max_length=64, unique=True)
    checked_in_at = fields.DatetimeField(null=True)
    checked_in_gate: fields.ForeignKeyNullableRelation[Gate] = fields.ForeignKeyField(
        "models.Gate", related_name="checkins", null=True, on_delete=fields.SET_NULL
    )
    checked_in_gate_id: int | None
    checked_in_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="checkins", null=True, on_delete=fields.SET_NULL
    )
    checked_in_by_id: int | None
    # School, tour operator, buyers' delegation... (free text; empty for a single visitor).
    organization = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    # The phone (as registrations.phone_key writes it) while the ticket is unused, NULL once it
    # is checked in: unique per event, so one phone holds one unused ticket per event even when
    # two submissions race (NULLs never collide).
    active_phone = fields.CharField(max_length=20, null=True)

    class Meta:
        app = "models"
        unique_together = (("event", "active_phone"),)


LABELS = {
    GateKind.ENTRANCE: N_("Entrance"),
    GateKind.EXIT: N_("Exit"),
    GateKind.BOTH: N_("Entrance and exit"),
    CountSource.TALLY: N_("Tallied live"),
    CountSource.IMPORT: N_("Imported from a workbook"),
    Direction.IN: N_("In"),
    Direction.OUT: N_("Out"),
}
add_labels(LABELS)

# The audit log's words for what this domain records (ocopfair.audit_register).
ar.add_actions(
    {
        "gate.create": N_("Add a gate"),
        "gate.assign": N_("Assign gate staff"),
        "gate.unassign": N_("Unassign gate staff"),
        "event.add_supervisor": N_("Add a count supervisor"),
        "count.correct": N_("Correct a count"),
        "count.close_day": N_("Close a day's counts"),
        "count.reopen_day": N_("Reopen a day's counts"),
    }
)
ar.add_object("Gate", ar.ObjectKind(N_("Gate"), Gate, "name", "gate_tally", {"gate_id": "id"}))
ar.add_fields({"delta": (N_("Change"), ar.NUMBER), "count": (N_("Count"), ar.NUMBER)})
