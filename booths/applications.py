"""Applying for booths, and the two-level review (locality endorses, province decides)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from booths import access, booking, eligibility, notices, waitlist
from booths.models import (
    STEP_FROM,
    STEP_TO,
    ApplicationReview,
    ApplicationStatus,
    Booth,
    BoothApplication,
    BoothAssignment,
    ReviewStep,
)
from events.models import AllocationMode, Event
from exhibitors.models import Exhibitor, Product
from ocopfair import forms
from ocopfair.audit import record
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User


def _id_list(value: Any, field: str) -> list[int]:
    if value in (None, ""):
        return []
    items = value if isinstance(value, list | tuple) else [value]
    # Required numbers: a blank raises Invalid, so the filter only tells the type checker.
    return [n for item in items if (n := forms.integer(item, field, minimum=1)) is not None]


def _text_list(value: Any, field: str) -> list[str]:
    if value in (None, ""):
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [forms.text(item, field, max_length=64) for item in items if str(item).strip()]


async def apply(
    event: Event,
    exhibitor: Exhibitor,
    data: Mapping[str, Any],
    user: User | None,
    *,
    today: dt.date,
) -> BoothApplication:
    """Submit (or, while still undecided, change) a producer's application to an event."""
    if event.allocation_mode != AllocationMode.APPLICATION:
        raise Invalid(
            {
                "event": _(
                    "Booths of this event are booked on the floor plan; there is no application."
                )
            }
        )
    eligibility.check_open(event, today)
    eligibility.check_exhibitor(exhibitor)
    values = _parse_application(event, data)
    products = await eligibility.check_products(exhibitor, values["products"], event)
    await _check_zones(event, values["preferred_zones"])
    weeks = await _check_weeks(event, values["available_weeks"])
    fields = {
        "booths_wanted": values["booths_wanted"],
        "preferred_zones": values["preferred_zones"],
        "available_weeks": weeks,
    }
    try:
        application = await _save_application(event, exhibitor, fields, products, user)
    except IntegrityError:
        raise Conflict({"event": _("You have already applied to this event.")}) from None
    await application.refresh_from_db()
    return application


def _parse_application(event: Event, data: Mapping[str, Any]) -> dict[str, Any]:
    """The form's fields, every mistake reported at once."""
    values: dict[str, Any] = {}

    def take(name: str, parse: Any) -> None:
        values[name] = parse()

    forms.collect(
        lambda: take("products", lambda: _id_list(data.get("products"), "products")),
        lambda: take(
            "booths_wanted",
            lambda: forms.integer(
                data.get("booths_wanted") or 1,
                "booths_wanted",
                minimum=1,
                maximum=event.max_booths_per_exhibitor,
            ),
        ),
        lambda: take(
            "preferred_zones", lambda: _text_list(data.get("preferred_zones"), "preferred_zones")
        ),
        lambda: take(
            "available_weeks", lambda: _id_list(data.get("available_weeks"), "available_weeks")
        ),
    )
    return values


async def _check_zones(event: Event, wished: list[str]) -> None:
    zones = {row["zone"] for row in await Booth.filter(event_id=event.id).values("zone")}
    unknown = [z for z in wished if z not in zones]
    if unknown:
        raise Invalid(
            {"preferred_zones": _("This event has no zone “%(zone)s”.") % {"zone": unknown[0]}}
        )


async def _check_weeks(event: Event, chosen: list[int]) -> list[int]:
    """The weeks (events of the same series) the producer can come, sorted."""
    weeks = sorted(set(chosen))
    if not weeks:
        return weeks
    if event.series_id is None:
        raise Invalid({"available_weeks": _("Weeks can only be chosen for an event of a series.")})
    series_events = {
        row["id"] for row in await Event.filter(series_id=event.series_id).values("id")
    }
    if set(weeks) - series_events:
        raise Invalid({"available_weeks": _("Choose weeks of this series only.")})
    return weeks


async def _save_application(
    event: Event,
    exhibitor: Exhibitor,
    fields: dict[str, Any],
    products: list[Product],
    user: User | None,
) -> BoothApplication:
    """Create the application, or change it while nobody has reviewed it yet (all or nothing)."""
    existing = await BoothApplication.get_or_none(event_id=event.id, exhibitor_id=exhibitor.id)
    async with in_transaction():
        if existing and existing.status == ApplicationStatus.CANCELLED:
            await existing.delete()  # a withdrawn application may be made again
            existing = None
        if existing:
            changed = await BoothApplication.filter(
                id=existing.id, status=ApplicationStatus.SUBMITTED
            ).update(**fields, updated_at=dt.datetime.now(dt.UTC))
            if not changed:
                raise Conflict(
                    {
                        "event": _(
                            "Your application is already being reviewed and "
                            "can no longer be changed."
                        )
                    }
                )
            application = existing
            await application.products.clear()
            action = "application.changed"
        else:
            application = await BoothApplication.create(
                event_id=event.id, exhibitor_id=exhibitor.id, **fields
            )
            action = "application.submitted"
        await application.products.add(*products)
        if action == "application.submitted":
            await notices.application_received(application, event.name)
        await record(
            user,
            action,
            "BoothApplication",
            application.id,
            after={**fields, "products": [p.id for p in products]},
        )
    return application


async def review(
    application: BoothApplication, step_given: Any, reason_given: Any, user: User
) -> BoothApplication:
    """One review step, with its reason, audit-logged; guarded against a concurrent step."""
    step: ReviewStep = forms.choice(step_given, "step", ReviewStep)
    reason = forms.text(reason_given, "reason", max_length=2000)
    await application.fetch_related("exhibitor")
    await _check_review(application, step, reason, user)
    old = application.status
    new = STEP_TO[step]
    async with in_transaction():
        changed = await BoothApplication.filter(id=application.id, status=old).update(
            status=new,
            decision_reason=reason,
            waitlist_position=None,
            updated_at=dt.datetime.now(dt.UTC),
        )
        if not changed:
            raise Conflict(
                {
                    "step": _(
                        "Someone else reviewed this application meanwhile. Reload and try again."
                    )
                }
            )
        await ApplicationReview.create(
            application_id=application.id, step=step, user=user, reason=reason
        )
        event = await application.event
        await notices.application_decided(application, step, event.name, reason)
        await record(
            user,
            f"application.{step.value}",
            "BoothApplication",
            application.id,
            before={"status": old},
            after={"status": new},
            reason=reason,
        )
    application.status = new
    application.decision_reason = reason
    return application


async def _check_review(
    application: BoothApplication, step: ReviewStep, reason: str, user: User
) -> None:
    """Who may take this step, with which reason, from which status (as sentences)."""
    if not access.may_review(user, application, step):
        raise Invalid(
            {
                "step": _(
                    "Only the local OCOP office of the producer's locality may "
                    "endorse; only the province may approve or reject."
                )
                if step in access.LOCAL_STEPS
                else _("Only a provincial organizer may approve or reject.")
            }
        )
    overriding = (
        step == ReviewStep.APPROVE and application.status == ApplicationStatus.REJECTED_LOCALLY
    )
    if not reason and (step in (ReviewStep.REJECT, ReviewStep.REJECT_LOCALLY) or overriding):
        raise Invalid({"reason": _("Give a reason: the producer will read it.")})
    if application.status not in STEP_FROM[step]:
        raise Conflict(
            {
                "step": _("This application is “%(status)s”: that step is not possible now.")
                % {"status": _status_label(application.status)}
            }
        )
    if step == ReviewStep.REJECT and await BoothAssignment.exists(
        application_id=application.id, active_booth__isnull=False
    ):
        raise Conflict({"step": _("This application already has a booth: cancel the booth first.")})


def _status_label(status: Any) -> str:
    from ocopfair.templating import label

    return label(ApplicationStatus(status))


async def withdraw(application: BoothApplication, user: User | None, reason: str = "") -> None:
    """The producer withdraws; its booths are released (and go to the waiting list)."""
    if application.status in (ApplicationStatus.CANCELLED, ApplicationStatus.REJECTED):
        raise Conflict({"application": _("This application is already closed.")})
    active = await BoothAssignment.filter(application_id=application.id, active_booth__isnull=False)
    async with in_transaction():
        for assignment in active:
            await booking.cancel(assignment, user, reason)
        position = application.waitlist_position
        changed = await BoothApplication.filter(
            id=application.id, status=application.status, waitlist_position=position
        ).update(
            status=ApplicationStatus.CANCELLED,
            waitlist_position=None,
            updated_at=dt.datetime.now(dt.UTC),
        )
        if not changed:
            raise Conflict(
                {"application": _("This application changed meanwhile. Reload and try again.")}
            )
        if position is not None:
            await waitlist.close_gap(application.event_id, position)
        await record(
            user,
            "application.withdrawn",
            "BoothApplication",
            application.id,
            before={"status": application.status},
            after={"status": "cancelled"},
            reason=reason,
        )
    application.status = ApplicationStatus.CANCELLED
