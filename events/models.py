"""Venues, event series and events (fairs, connection weeks, cross-border fairs)."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the relations are resolved by name at start-up
    from ocopfair.models import Locality, PartnerOrganisation, User
from tortoise import fields
from tortoise.models import Model

from ocopfair import audit_register as ar
from ocopfair.i18n import N_
from ocopfair.labels import add_labels


class LocalTimeField(fields.CharField):
    # A wall-clock time of the province ("08:00"), kept as text. Tortoise's TimeField attaches
    # UTC to naive times (TIMETZ on PostgreSQL) and SQLite cannot bind aware times at all, but
    # opening hours are plain local clock readings.
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 5)
        super().__init__(**kwargs)

    def to_db_value(self, value: Any, instance: Any) -> Any:
        if isinstance(value, dt.time):
            value = value.strftime("%H:%M")
        return super().to_db_value(value, instance)

    def to_python_value(self, value: Any) -> Any:
        if value is None or isinstance(value, dt.time):
            return value
        return dt.time.fromisoformat(str(value))


class VenueKind(StrEnum):
    EXHIBITION_GROUND = "exhibition_ground"
    SUPERMARKET = "supermarket"
    MALL = "mall"
    SQUARE = "square"
    SHOWROOM = "showroom"  # an OCOP showroom or product introduction point
    FESTIVAL_GROUND = "festival_ground"
    OTHER = "other"


class EventKind(StrEnum):
    PROVINCIAL_FAIR = "provincial_fair"
    LOCAL_FAIR = "local_fair"
    CONNECTION_WEEK = "connection_week"
    CROSS_BORDER_FAIR = "cross_border_fair"
    # A festival carrying OCOP booths (Binh Lieu flower festival, Van Don orange festival): the
    # same planning, booths, counting, sales and reports as a fair.
    FESTIVAL = "festival"


class EventLevel(StrEnum):
    PROVINCIAL = "provincial"
    # The district tier was merged into communes on 1 July 2025; older records keep it.
    DISTRICT = "district"
    COMMUNE = "commune"


class EventStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    RUNNING = "running"
    FINISHED = "finished"
    REPORTED = "reported"
    CANCELLED = "cancelled"


class SeriesFrequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


class AllocationMode(StrEnum):
    BOOKING = "booking"
    APPLICATION = "application"


class Venue(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=255)
    address = fields.CharField(max_length=255, default="")
    locality: fields.ForeignKeyNullableRelation[Locality] = fields.ForeignKeyField(
        "models.Locality", related_name="venues", null=True, on_delete=fields.RESTRICT
    )
    locality_id: int | None
    kind = fields.CharEnumField(VenueKind, max_length=24)
    capacity = fields.IntField(null=True)
    # Bumped at the start of every scheduling transaction at this venue: the row lock it takes
    # (PostgreSQL) or the write lock (SQLite) makes concurrent bookings of one venue queue up,
    # so the overlap check and the insert that follows cannot interleave.
    schedule_version = fields.IntField(default=0)

    class Meta:
        app = "models"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Events made in one step by a recurrence rule, e.g. 17 connection weeks at one mall.
class EventSeries(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=255)
    kind = fields.CharEnumField(EventKind, max_length=24)
    venue: fields.ForeignKeyRelation[Venue] = fields.ForeignKeyField(
        "models.Venue", related_name="series", on_delete=fields.RESTRICT
    )
    venue_id: int
    level = fields.CharEnumField(EventLevel, max_length=16, default=EventLevel.PROVINCIAL)
    locality: fields.ForeignKeyNullableRelation[Locality] = fields.ForeignKeyField(
        "models.Locality", related_name="event_series", null=True, on_delete=fields.RESTRICT
    )
    locality_id: int | None
    # {"frequency": "weekly", "interval": 1, "count": 17, "start": "2026-01-05", "days": 7}
    rule: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"

    def __str__(self) -> str:
        return self.name


def _new_uid() -> str:
    return f"{uuid.uuid4()}@ocopfair"


class Event(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=255)
    kind = fields.CharEnumField(EventKind, max_length=24, db_index=True)
    level = fields.CharEnumField(EventLevel, max_length=16)
    organizing_unit = fields.CharField(max_length=255, default="")
    locality: fields.ForeignKeyNullableRelation[Locality] = fields.ForeignKeyField(
        "models.Locality", related_name="events", null=True, on_delete=fields.RESTRICT
    )
    locality_id: int | None
    venue: fields.ForeignKeyRelation[Venue] = fields.ForeignKeyField(
        "models.Venue", related_name="events", on_delete=fields.RESTRICT
    )
    venue_id: int
    series: fields.ForeignKeyNullableRelation[EventSeries] = fields.ForeignKeyField(
        "models.EventSeries", related_name="events", null=True, on_delete=fields.SET_NULL
    )
    series_id: int | None
    # 1, 2, 3... within its series: "this occurrence and the following ones" is index >= n.
    series_index = fields.SmallIntField(null=True)
    start_date = fields.DateField(db_index=True)
    end_date = fields.DateField()
    opens_at = LocalTimeField(null=True)
    closes_at = LocalTimeField(null=True)
    application_deadline = fields.DateField(null=True)
    # True when the province pays the booths (many OCOP booths are free to the producer).
    booths_free = fields.BooleanField(default=False)
    # Fee per booth type in integer VND when the booths are not free: {"standard": 1500000}.
    booth_fees: dict[str, Any] = fields.JSONField(default=dict)
    allocation_mode = fields.CharEnumField(
        AllocationMode, max_length=16, default=AllocationMode.APPLICATION
    )
    max_booths_per_exhibitor = fields.SmallIntField(default=2)
    hold_minutes = fields.SmallIntField(default=30)
    description = fields.TextField(default="")
    is_public = fields.BooleanField(default=True)
    # A confirmed partner programme's event: the partner runs it with organizer rights on it only.
    owner_partner: fields.ForeignKeyNullableRelation[PartnerOrganisation] = fields.ForeignKeyField(
        "models.PartnerOrganisation",
        related_name="events",
        null=True,
        on_delete=fields.RESTRICT,
    )
    owner_partner_id: int | None
    status = fields.CharEnumField(EventStatus, max_length=16, default=EventStatus.DRAFT)
    # iCalendar identity: the UID never changes, SEQUENCE rises with every edit.
    ical_uid = fields.CharField(max_length=80, unique=True, default=_new_uid)
    sequence = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "models"
        ordering = ["start_date", "id"]

    def __str__(self) -> str:
        return self.name


class ProgrammeStatus(StrEnum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    REFUSED = "refused"


# A trade-promotion programme a partner organisation proposes; the province's organizers confirm
# it (it becomes an event owned by the partner) or refuse it with a reason (events/programmes.py).
class Programme(Model):
    id = fields.IntField(primary_key=True)
    partner: fields.ForeignKeyRelation[PartnerOrganisation] = fields.ForeignKeyField(
        "models.PartnerOrganisation", related_name="programmes", on_delete=fields.RESTRICT
    )
    partner_id: int
    name = fields.CharField(max_length=255)
    kind = fields.CharEnumField(EventKind, max_length=24, default=EventKind.CONNECTION_WEEK)
    venue: fields.ForeignKeyRelation[Venue] = fields.ForeignKeyField(
        "models.Venue", related_name="programmes", on_delete=fields.RESTRICT
    )
    venue_id: int
    start_date = fields.DateField()
    end_date = fields.DateField()
    expected_producers = fields.IntField(default=0)
    expected_booths = fields.IntField(default=0)
    support_asked = fields.TextField(default="")
    status = fields.CharEnumField(
        ProgrammeStatus, max_length=16, default=ProgrammeStatus.PROPOSED, db_index=True
    )
    reason = fields.TextField(default="")
    proposed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="programmes_proposed", null=True, on_delete=fields.SET_NULL
    )
    proposed_by_id: int | None
    decided_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="programmes_decided", null=True, on_delete=fields.SET_NULL
    )
    decided_by_id: int | None
    decided_at = fields.DatetimeField(null=True)
    event: fields.ForeignKeyNullableRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="programmes", null=True, on_delete=fields.SET_NULL
    )
    event_id: int | None
    # A series (e.g. a supermarket connection programme of weekly sessions): every session's
    # [first day, last day] as ISO dates, in order; start_date/end_date then span them all.
    # None for a programme of one event.
    sessions: list[list[str]] | None = fields.JSONField(null=True)
    # A confirmed series: the event series it became (every event of it owned by the partner;
    # `event` is then its first session).
    series: fields.ForeignKeyNullableRelation[EventSeries] = fields.ForeignKeyField(
        "models.EventSeries", related_name="programmes", null=True, on_delete=fields.SET_NULL
    )
    series_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        app = "models"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


LABELS = {
    VenueKind.EXHIBITION_GROUND: N_("Exhibition ground"),
    VenueKind.SUPERMARKET: N_("Supermarket"),
    VenueKind.MALL: N_("Shopping mall"),
    VenueKind.SQUARE: N_("Square"),
    VenueKind.SHOWROOM: N_("Showroom"),
    VenueKind.FESTIVAL_GROUND: N_("Festival ground"),
    VenueKind.OTHER: N_("Other venue"),
    EventKind.PROVINCIAL_FAIR: N_("Provincial OCOP fair"),
    EventKind.LOCAL_FAIR: N_("Local fair"),
    EventKind.CONNECTION_WEEK: N_("Supermarket connection week"),
    EventKind.CROSS_BORDER_FAIR: N_("Cross-border trade fair"),
    EventKind.FESTIVAL: N_("Festival"),
    EventLevel.PROVINCIAL: N_("Provincial"),
    EventLevel.DISTRICT: N_("District"),
    EventLevel.COMMUNE: N_("Commune"),
    ProgrammeStatus.PROPOSED: N_("Proposed"),
    ProgrammeStatus.CONFIRMED: N_("Confirmed"),
    ProgrammeStatus.REFUSED: N_("Refused"),
    EventStatus.DRAFT: N_("Draft"),
    EventStatus.OPEN: N_("Open for applications"),
    EventStatus.CLOSED: N_("Applications closed"),
    EventStatus.RUNNING: N_("Running"),
    EventStatus.FINISHED: N_("Finished"),
    EventStatus.REPORTED: N_("Reported"),
    EventStatus.CANCELLED: N_("Cancelled"),
    SeriesFrequency.DAILY: N_("Every day"),
    SeriesFrequency.WEEKLY: N_("Every week"),
    SeriesFrequency.MONTHLY: N_("Every month"),
    AllocationMode.BOOKING: N_("Booking on the floor plan"),
    AllocationMode.APPLICATION: N_("Application and allocation"),
}
add_labels(LABELS)

# The audit log's words for what this domain records (ocopfair.audit_register).
ar.add_actions(
    {
        "event.create": N_("Create an event"),
        "event.update": N_("Edit an event"),
        "event.status": N_("Change an event's status"),
        "event.override_conflict": N_("Keep an event despite a clash"),
        "series.create": N_("Create a series"),
        "series.update": N_("Edit a series"),
        "venue.create": N_("Add a venue"),
        "venue.update": N_("Edit a venue"),
        "venue.import": N_("Import venues"),
    }
)
ar.add_object("Event", ar.ObjectKind(N_("Event"), Event, "name", "event_page", {"event_id": "id"}))
ar.add_object(
    "EventSeries",
    ar.ObjectKind(N_("Series"), EventSeries, "name", "series_page", {"series_id": "id"}),
)
ar.add_object("Venue", ar.ObjectKind(N_("Venue"), Venue, "name", "venue_edit", {"venue_id": "id"}))
ar.add_fields(
    {
        "application_deadline": (N_("Application deadline"), ar.DATE),
        "level": (N_("Level"), ar.ENUM),
        "organizing_unit": (N_("Organizing unit"), ar.TEXT),
        "allocation_mode": (N_("Allocation"), ar.ENUM),
        "address": (N_("Address"), ar.TEXT),
        "venue_id": (N_("Venue"), ar.TEXT),
    }
)

# Partner programmes (issue 20) in the audit log's words.
ar.add_actions(
    {
        "programme_propose": N_("Propose a programme"),
        "programme_confirmed": N_("Confirm a programme"),
        "programme_refused": N_("Refuse a programme"),
    }
)
ar.add_object(
    "Programme",
    ar.ObjectKind(N_("Programme"), Programme, "name", "programme_page", {"programme_id": "id"}),
)
ar.add_fields(
    {
        "expected_producers": (N_("Expected producers"), ar.NUMBER),
        "expected_booths": (N_("Expected booths"), ar.NUMBER),
        "support_asked": (N_("Support asked for"), ar.TEXT),
    }
)
