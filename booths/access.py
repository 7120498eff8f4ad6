"""Who may do what to which object in the booths domain: one function per rule.

Pages (booths/*_pages.py) and the JSON API (booths/api.py) both call these, so a rule is
written once. The loaders answer 404 for an object that does not exist; the `require_*`
functions answer 403 (HTTPException) when the user may not act; the `may_*` functions are
the same rules as yes/no, for showing or hiding a button.
"""

from __future__ import annotations

from typing import TypeVar

from starlette.exceptions import HTTPException
from tortoise.models import Model
from tortoise.queryset import QuerySet

from booths.models import (
    STEP_FROM,
    AllocationRun,
    Booth,
    BoothApplication,
    BoothAssignment,
    ReviewStep,
    RunKind,
)
from events.access import is_local_office, owns_event, require_event_edit
from events.lifecycle import is_read_only
from events.models import AllocationMode, Event, EventSeries
from exhibitors.models import Exhibitor
from ocopfair.auth import EVENT_MANAGERS, allow
from ocopfair.models import Role, User

# The review steps of the producer's local OCOP office; the other steps are the province's.
LOCAL_STEPS = {ReviewStep.ENDORSE, ReviewStep.REJECT_LOCALLY}
RowModel = TypeVar("RowModel", bound=Model)

# Route access (who may call a route at all; the functions below then look at the object).
EXHIBITOR = allow(Role.EXHIBITOR)
# An assignment is changed by the event's managers (an owning partner too) or its producer.
MANAGERS_OR_EXHIBITOR = allow(*EVENT_MANAGERS.roles, Role.EXHIBITOR)


# --- Who someone is -----------------------------------------------------------------------------


def is_staff(user: User | None) -> bool:
    return user is not None and user.role in (Role.ADMIN, Role.ORGANIZER)


def is_reader(user: User | None) -> bool:
    """Staff and officials read every booth, application and fee of every event."""
    return user is not None and user.role in (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL)


def is_exhibitor(user: User | None) -> bool:
    return user is not None and user.role == Role.EXHIBITOR


async def exhibitor_of(user: User) -> Exhibitor:
    """The producer an exhibitor account acts for (403 for anyone else)."""
    if user.role != Role.EXHIBITOR or user.exhibitor_id is None:
        raise HTTPException(403)
    return await Exhibitor.get(id=user.exhibitor_id)


def is_own(user: User | None, exhibitor_id: int | None) -> bool:
    """The exhibitor account of this producer."""
    return is_exhibitor(user) and user is not None and user.exhibitor_id == exhibitor_id


def may_see_exhibitor(user: User | None, exhibitor_id: int | None) -> bool:
    """Who holds a booth is shown to readers, and to the holder's own account. (A free booth
    has no holder to hide: accounts bound to no producer see its empty name too.)"""
    return is_reader(user) or (user is not None and user.exhibitor_id == exhibitor_id)


def may_read_event(user: User | None, event: Event) -> bool:
    """Every row of an event (its applications, its booths' holders): readers of every event,
    and the partner that owns this one."""
    return is_reader(user) or owns_event(user, event)


def require_read_event(user: User, event: Event) -> None:
    if not may_read_event(user, event):
        raise HTTPException(403)


def only_visible(query: QuerySet[RowModel], user: User, event: Event) -> QuerySet[RowModel]:
    """A list of an event's applications or assignments: an exhibitor sees its own rows,
    readers (and the event's owning partner) every row, anyone else nothing (403)."""
    if user.role == Role.EXHIBITOR:
        return query.filter(exhibitor_id=user.exhibitor_id)
    require_read_event(user, event)
    return query


# --- Events and their booths --------------------------------------------------------------------


async def load_event(event_id: int) -> Event:
    event = await Event.get_or_none(id=event_id).select_related("series")
    if event is None:
        raise HTTPException(404)
    return event


def may_manage(user: User | None, event: Event) -> bool:
    """Organizers who may edit the event (a local office: its own local events) manage its
    booths; nobody changes a reported event except an administrator."""
    if user is None or not (is_staff(user) or owns_event(user, event)):
        return False
    if is_read_only(event, user):
        return False
    try:
        require_event_edit(user, event)
    except HTTPException:
        return False
    return True


def require_manage(user: User, event: Event) -> None:
    if not may_manage(user, event):
        raise HTTPException(403)


async def load_booth(booth_id: int) -> Booth:
    booth = await Booth.get_or_none(id=booth_id).select_related("event")
    if booth is None:
        raise HTTPException(404)
    return booth


def may_hold(user: User | None, event: Event) -> bool:
    """Producers pick booths themselves only at an event booked on the floor plan."""
    return is_exhibitor(user) and event.allocation_mode == AllocationMode.BOOKING


# --- Holds and assignments ----------------------------------------------------------------------


async def load_assignment(assignment_id: int) -> BoothAssignment:
    assignment = await BoothAssignment.get_or_none(id=assignment_id).select_related("booth__event")
    if assignment is None:
        raise HTTPException(404)
    return assignment


def require_assignment_change(user: User, assignment: BoothAssignment, action: str) -> None:
    """Confirm, record the fee, move: the event's managers. Cancel: they too, and the producer
    holding the booth (it gives the booth up). Checked before the input, so a refused caller
    learns nothing from validation messages."""
    if action == "cancel" and user.role == Role.EXHIBITOR:
        if not is_own(user, assignment.exhibitor_id):
            raise HTTPException(403)
        return
    require_manage(user, assignment.booth.event)


# --- Applications and their review --------------------------------------------------------------


async def load_application(application_id: int, user: User) -> BoothApplication:
    """An application, for its producer or for staff and officials (gate staff: never)."""
    application = await BoothApplication.get_or_none(id=application_id).select_related(
        "event", "exhibitor"
    )
    if application is None:
        raise HTTPException(404)
    if is_reader(user) or owns_event(user, application.event):
        return application
    if user.role == Role.EXHIBITOR and is_own(user, application.exhibitor_id):
        return application
    raise HTTPException(403)  # gate staff, another producer, a partner of another event


def reviews_locally(user: User) -> bool:
    """A local OCOP office endorses (or not) the applications of its locality's producers."""
    return is_local_office(user)


def decides_for_province(user: User) -> bool:
    """Administrators and provincial organizers approve or reject."""
    return user.role == Role.ADMIN or (user.role == Role.ORGANIZER and user.locality_id is None)


def decides_for(user: User, event: Event) -> bool:
    """Who approves or rejects at this event: the province, or the partner that owns it."""
    return decides_for_province(user) or owns_event(user, event)


def may_review(user: User, application: BoothApplication, step: ReviewStep) -> bool:
    """Local steps: an organizer of the producer's locality. Decisions: the province, or the
    partner owning the event. (`application.exhibitor` and `.event` must be loaded.)"""
    if step in LOCAL_STEPS:
        return reviews_locally(user) and user.locality_id == application.exhibitor.locality_id
    return decides_for(user, application.event)


def review_steps(user: User, application: BoothApplication) -> list[ReviewStep]:
    """The steps this user may take on this application now."""
    return [
        step
        for step in ReviewStep
        if (is_staff(user) or owns_event(user, application.event))
        and may_review(user, application, step)
        and application.status in STEP_FROM[step]
    ]


def require_withdraw(user: User, application: BoothApplication) -> None:
    """Only the producer withdraws its application."""
    if not is_own(user, application.exhibitor_id):
        raise HTTPException(403)


# --- Allocation runs (one event, or a whole series) ---------------------------------------------


async def load_series(series_id: int) -> tuple[EventSeries, list[Event]]:
    """A series with its events (its weeks), in date order."""
    series = await EventSeries.get_or_none(id=series_id)
    if series is None:
        raise HTTPException(404)
    return series, await Event.filter(series_id=series.id).order_by("start_date", "id")


def may_manage_series(user: User | None, events: list[Event]) -> bool:
    """A series is allocated by whoever manages the booths of its first event."""
    return bool(events) and may_manage(user, events[0])


def require_manage_series(user: User, events: list[Event]) -> None:
    if not may_manage_series(user, events):
        raise HTTPException(403)


async def load_run(run_id: int, user: User) -> AllocationRun:
    """A preview or committed allocation, for whoever may allocate its event or series."""
    run = await AllocationRun.get_or_none(id=run_id)
    if run is None:
        raise HTTPException(404)
    if run.kind == RunKind.SERIES:
        _series, events = await series_of_run(run)
        allowed = may_manage_series(user, events[:1])
    else:
        allowed = may_manage(user, await event_of_run(run))
    if not allowed:
        raise HTTPException(403)
    return run


async def event_of_run(run: AllocationRun) -> Event:
    if run.event_id is None:
        raise HTTPException(404)
    return await load_event(run.event_id)


async def series_of_run(run: AllocationRun) -> tuple[EventSeries, list[Event]]:
    if run.series_id is None:
        raise HTTPException(404)
    return await load_series(run.series_id)
