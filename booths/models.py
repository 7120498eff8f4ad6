"""Booths, applications, their review, allocation runs and assignments."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the relations are resolved by name at start-up
    from events.models import Event, EventSeries
    from exhibitors.models import Exhibitor, Product
    from ocopfair.models import User
from tortoise import fields
from tortoise.models import Model

from ocopfair import audit_register as ar
from ocopfair.i18n import N_
from ocopfair.labels import add_labels


class BoothType(StrEnum):
    STANDARD = "standard"
    CORNER = "corner"
    DOUBLE = "double"
    OUTDOOR = "outdoor"


class Booth(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="booths", on_delete=fields.CASCADE
    )
    event_id: int
    code = fields.CharField(max_length=16)
    zone = fields.CharField(max_length=64, default="")
    booth_type = fields.CharEnumField(BoothType, max_length=16, default=BoothType.STANDARD)
    fee = fields.BigIntField(default=0)  # integer VND
    # Place on the floor plan, in metres from the hall's top-left corner.
    x = fields.IntField(default=0)
    y = fields.IntField(default=0)
    width = fields.IntField(default=3)
    height = fields.IntField(default=3)
    blocked = fields.BooleanField(default=False)

    class Meta:
        app = "models"
        unique_together = (("event", "code"),)
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


# How a booth is drawn on the floor plan (computed, not stored).
class BoothState(StrEnum):
    FREE = "free"
    HELD = "held"
    ASSIGNED = "assigned"
    BLOCKED = "blocked"


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    ENDORSED = "endorsed"  # the local OCOP office supports it
    REJECTED_LOCALLY = "rejected_locally"
    APPROVED = "approved"  # the province accepts it for allocation
    REJECTED = "rejected"
    ALLOCATED = "allocated"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class BoothApplication(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="applications", on_delete=fields.CASCADE
    )
    event_id: int
    exhibitor: fields.ForeignKeyRelation[Exhibitor] = fields.ForeignKeyField(
        "models.Exhibitor", related_name="applications", on_delete=fields.RESTRICT
    )
    exhibitor_id: int
    products: fields.ManyToManyRelation[Product] = fields.ManyToManyField(
        "models.Product", related_name="applications"
    )
    booths_wanted = fields.SmallIntField(default=1)
    preferred_zones: list[Any] = fields.JSONField(default=list)
    available_weeks: list[Any] = fields.JSONField(
        default=list
    )  # for a series: the event ids it can attend
    status = fields.CharEnumField(
        ApplicationStatus, max_length=20, default=ApplicationStatus.SUBMITTED
    )
    waitlist_position = fields.IntField(null=True)
    # The rule that decided the allocation (a code from booths/solver.py, explained by
    # booths/reasons.py in the reader's language); decision_reason keeps people's own words.
    decision_rule = fields.CharField(max_length=32, default="")
    decision_reason = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    reviews: fields.ReverseRelation[ApplicationReview]  # filled in by ApplicationReview

    class Meta:
        app = "models"
        unique_together = (("event", "exhibitor"),)


class AssignmentKind(StrEnum):
    HOLD = "hold"  # time-limited, while the organizer confirms or the fee is paid
    ASSIGNED = "assigned"


class PaymentStatus(StrEnum):
    UNPAID = "unpaid"
    PAID = "paid"
    WAIVED = "waived"


# A booth held by or given to an exhibitor.
#
# `active_booth` equals the booth's id while the hold or assignment is in force and NULL once
# released. Its UNIQUE constraint is what makes double booking impossible on every database:
# two active rows for one booth cannot both be written, however the requests interleave.
class BoothAssignment(Model):
    id = fields.IntField(primary_key=True)
    booth: fields.ForeignKeyRelation[Booth] = fields.ForeignKeyField(
        "models.Booth", related_name="assignments", on_delete=fields.RESTRICT, db_index=True
    )
    booth_id: int
    active_booth = fields.IntField(null=True, unique=True)
    exhibitor: fields.ForeignKeyRelation[Exhibitor] = fields.ForeignKeyField(
        "models.Exhibitor", related_name="assignments", on_delete=fields.RESTRICT, db_index=True
    )
    exhibitor_id: int
    application: fields.ForeignKeyNullableRelation[BoothApplication] = fields.ForeignKeyField(
        "models.BoothApplication", related_name="assignments", null=True, on_delete=fields.SET_NULL
    )
    application_id: int | None
    kind = fields.CharEnumField(AssignmentKind, max_length=16)
    expires_at = fields.DatetimeField(null=True)
    fee = fields.BigIntField(default=0)
    payment_status = fields.CharEnumField(
        PaymentStatus, max_length=16, default=PaymentStatus.UNPAID
    )
    receipt_number = fields.CharField(max_length=64, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    released_at = fields.DatetimeField(null=True)
    # Given by an organizer after the event had finished (a past fair entered afterwards, or a
    # paper assignment recorded late): the report says so.
    entered_afterwards = fields.BooleanField(default=False, db_default=False)

    class Meta:
        app = "models"


class ReviewStep(StrEnum):
    ENDORSE = "endorse"
    REJECT_LOCALLY = "reject_locally"
    APPROVE = "approve"
    REJECT = "reject"


# Which status each review step moves from and to.
STEP_FROM = {
    ReviewStep.ENDORSE: {ApplicationStatus.SUBMITTED},
    ReviewStep.REJECT_LOCALLY: {ApplicationStatus.SUBMITTED},
    ReviewStep.APPROVE: {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.ENDORSED,
        ApplicationStatus.REJECTED_LOCALLY,
    },
    ReviewStep.REJECT: {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.ENDORSED,
        ApplicationStatus.REJECTED_LOCALLY,
        ApplicationStatus.APPROVED,
        ApplicationStatus.WAITLISTED,
    },
}
STEP_TO = {
    ReviewStep.ENDORSE: ApplicationStatus.ENDORSED,
    ReviewStep.REJECT_LOCALLY: ApplicationStatus.REJECTED_LOCALLY,
    ReviewStep.APPROVE: ApplicationStatus.APPROVED,
    ReviewStep.REJECT: ApplicationStatus.REJECTED,
}


# One step of the two-level review: the local office endorses or rejects, the province decides.
class ApplicationReview(Model):
    id = fields.IntField(primary_key=True)
    application: fields.ForeignKeyRelation[BoothApplication] = fields.ForeignKeyField(
        "models.BoothApplication", related_name="reviews", on_delete=fields.CASCADE
    )
    application_id: int
    step = fields.CharEnumField(ReviewStep, max_length=16)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="booth_reviews", null=True, on_delete=fields.SET_NULL
    )
    user_id: int | None
    reason = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"
        ordering = ["created_at", "id"]


# The rules an event's allocation follows (one row per event, made on first use).
class AllocationRules(Model):
    id = fields.IntField(primary_key=True)
    event: fields.OneToOneRelation[Event] = fields.OneToOneField(
        "models.Event", related_name="allocation_rules", on_delete=fields.CASCADE
    )
    event_id: int
    # zone -> list of product group values it suits; a zone not listed suits every group.
    zone_groups: dict[str, Any] = fields.JSONField(default=dict)
    disadvantaged_share = fields.SmallIntField(default=0)  # percent of the booths on offer
    # str(locality id) -> {"min": int, "max": int | None}
    locality_limits: dict[str, Any] = fields.JSONField(default=dict)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        app = "models"


class RunKind(StrEnum):
    EVENT = "event"
    SERIES = "series"


# A computed allocation: shown as a preview, committed later only if its inputs are unchanged
# (the fingerprint of the applications, free booths and rules it was computed from).
class AllocationRun(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(RunKind, max_length=8, default=RunKind.EVENT)
    event: fields.ForeignKeyNullableRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="allocation_runs", null=True, on_delete=fields.CASCADE
    )
    event_id: int | None
    series: fields.ForeignKeyNullableRelation[EventSeries] = fields.ForeignKeyField(
        "models.EventSeries",
        related_name="allocation_runs",
        null=True,
        on_delete=fields.CASCADE,
    )
    series_id: int | None
    fingerprint = fields.CharField(max_length=64)
    result: dict[str, Any] = fields.JSONField(default=dict)
    objective = fields.CharField(max_length=64, default="")
    bound = fields.CharField(max_length=64, default="")
    seconds = fields.FloatField(default=0)  # ok: the solver's run time, not money
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="allocation_runs", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    committed_at = fields.DatetimeField(null=True)

    class Meta:
        app = "models"
        ordering = ["-created_at", "-id"]


# How many times visitors opened a producer in an event's fair guide (booths/guide.py). A count,
# nothing else: no address, no time, no visitor. Raised by one conditional upsert.
class GuideOpen(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="guide_opens", on_delete=fields.CASCADE
    )
    event_id: int
    exhibitor: fields.ForeignKeyRelation[Exhibitor] = fields.ForeignKeyField(
        "models.Exhibitor", related_name="guide_opens", on_delete=fields.CASCADE
    )
    exhibitor_id: int
    opens = fields.IntField(default=0)

    class Meta:
        app = "models"
        table = "guideopen"
        unique_together = (("event", "exhibitor"),)


LABELS = {
    BoothType.STANDARD: N_("Standard booth (3×3 m)"),
    BoothType.CORNER: N_("Corner booth"),
    BoothType.DOUBLE: N_("Double booth"),
    BoothType.OUTDOOR: N_("Outdoor booth"),
    BoothState.FREE: N_("Free"),
    BoothState.HELD: N_("Held"),
    BoothState.BLOCKED: N_("Blocked"),
    ApplicationStatus.SUBMITTED: N_("Submitted"),
    ApplicationStatus.ENDORSED: N_("Endorsed by the locality"),
    ApplicationStatus.REJECTED_LOCALLY: N_("Not endorsed by the locality"),
    ApplicationStatus.APPROVED: N_("Approved"),
    ApplicationStatus.REJECTED: N_("Rejected"),
    ApplicationStatus.ALLOCATED: N_("Booth allocated"),
    ApplicationStatus.WAITLISTED: N_("On the waiting list"),
    ApplicationStatus.CANCELLED: N_("Cancelled"),
    AssignmentKind.HOLD: N_("Held"),
    AssignmentKind.ASSIGNED: N_("Assigned"),
    PaymentStatus.UNPAID: N_("Unpaid"),
    PaymentStatus.PAID: N_("Paid"),
    PaymentStatus.WAIVED: N_("Waived (subsidized)"),
    ReviewStep.ENDORSE: N_("Endorsed by the locality"),
    ReviewStep.REJECT_LOCALLY: N_("Not endorsed by the locality"),
    ReviewStep.APPROVE: N_("Approved by the province"),
    ReviewStep.REJECT: N_("Rejected by the province"),
    RunKind.EVENT: N_("One event"),
    RunKind.SERIES: N_("Whole series"),
}
add_labels(LABELS)

# The audit log's words for what this domain records (ocopfair.audit_register).
ar.add_actions(
    {
        "application.submitted": N_("Apply for a booth"),
        "application.changed": N_("Change an application"),
        "application.withdrawn": N_("Withdraw an application"),
        "application.endorse": N_("Endorse an application"),
        "application.reject_locally": N_("Decline an application locally"),
        "application.approve": N_("Approve an application"),
        "application.reject": N_("Reject an application"),
        "allocation.rules": N_("Change the allocation rules"),
        "allocation.committed": N_("Confirm the allocation"),
        "allocation.series_committed": N_("Confirm a series' allocation"),
        "booth.held": N_("Hold a booth"),
        "booth.confirmed": N_("Confirm a booth"),
        "booth.released": N_("Release a booth"),
        "booth.moved": N_("Move to another booth"),
        "booth.swapped": N_("Swap booths"),
        "booth.assigned_directly": N_("Give a booth directly"),
        "booth.payment": N_("Record a booth fee"),
        "booth.blocked": N_("Block a booth"),
        "booth.unblocked": N_("Unblock a booth"),
        "booth.updated": N_("Edit a booth"),
        "booth.removed": N_("Remove a booth"),
        "booths.block_created": N_("Add a block of booths"),
        "booths.layout_copied": N_("Copy a floor plan"),
        "booth.waitlist_promoted": N_("Give a booth from the waiting list"),
    }
)
ar.add_object("Booth", ar.ObjectKind(N_("Booth"), Booth, "code"))
ar.add_object(
    "BoothApplication",
    ar.ObjectKind(
        N_("Application"),
        BoothApplication,
        "exhibitor__name",
        "application_page",
        {"application_id": "id"},
    ),
)
ar.add_object(
    "BoothAssignment", ar.ObjectKind(N_("Booth assignment"), BoothAssignment, "booth__code")
)
ar.add_fields(
    {
        "booth_type": (N_("Booth type"), ar.ENUM),
        "zone": (N_("Zone"), ar.TEXT),
        "code": (N_("Booth"), ar.TEXT),
        "payment_status": (N_("Payment"), ar.ENUM),
        "expires_at": (N_("Held until"), ar.DATETIME),
        "booth_id": (N_("Booth"), ar.TEXT),
        "booths_wanted": (N_("Booths wanted"), ar.NUMBER),
    }
)
