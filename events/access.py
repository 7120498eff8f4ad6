"""Who may plan which events: the province plans everything, a local office only its own.

An organizer bound to a locality (User.locality) is a local OCOP office: it may create and edit
only district- or commune-level events of that locality. Admins and provincial organizers
(no locality) may do everything. Officials read, never write. Only an administrator may book a
venue over a clash, and only with a written reason.

Pages (routes) and the JSON API (api) call these same functions, so they always agree.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.exceptions import HTTPException

from events.models import Event, EventLevel, EventStatus, Venue
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User

LOCAL_LEVELS = {EventLevel.DISTRICT, EventLevel.COMMUNE}
# Statuses the public (and the public feeds) never see.
HIDDEN_STATUSES = {EventStatus.DRAFT}


def is_local_office(user: User) -> bool:
    return user.role == Role.ORGANIZER and user.locality_id is not None


def may_plan(user: User | None) -> bool:
    return user is not None and user.role in (Role.ADMIN, Role.ORGANIZER)


def may_read_internal(user: User | None) -> bool:
    """Organizers, admins and officials see drafts and internal events."""
    return user is not None and user.role in (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL)


def check_scope(user: User, level: EventLevel, locality_id: int | None) -> None:
    """Refuse, next to the fields, an event a local office may not plan (used on input)."""
    if not is_local_office(user):
        return
    if level not in LOCAL_LEVELS:
        raise Invalid({"level": _("A local office may only plan district or commune events.")})
    if locality_id != user.locality_id:
        raise Invalid(
            {"locality_id": _("A local office may only plan events of its own locality.")}
        )


def check_venue_scope(user: User, locality_id: int | None) -> str | None:
    """Why this user may not place a venue in this locality (a sentence), or None."""
    if is_local_office(user) and locality_id != user.locality_id:
        return _("A local office may only add venues of its own locality.")
    return None


def owns_event(user: User | None, event: Event) -> bool:
    """A partner organisation's account, on an event of its confirmed programme."""
    return (
        user is not None
        and user.role == Role.PARTNER
        and user.partner_id is not None
        and event.owner_partner_id == user.partner_id
    )


def require_event_edit(user: User, event: Event) -> None:
    """403 unless this user may change this event (loaded object, checked in the route).

    The one place that says "may manage this event": a partner has organizer rights on the
    events it owns and on no other (booths/access.may_manage asks here too)."""
    if owns_event(user, event):
        return
    if not may_plan(user):
        raise HTTPException(403)
    if is_local_office(user) and (
        event.level not in LOCAL_LEVELS or event.locality_id != user.locality_id
    ):
        raise HTTPException(403, _("This event belongs to another locality or to the province."))


def may_edit_event(user: User | None, event: Event) -> bool:
    """The same rule as require_event_edit, as a yes/no for showing buttons."""
    if user is None:
        return False
    try:
        require_event_edit(user, event)
    except HTTPException:
        return False
    return True


def require_series_edit(user: User, occurrences: Sequence[Event]) -> None:
    """A series is changed through its occurrences: whoever may change the first may change it."""
    if occurrences:
        require_event_edit(user, occurrences[0])


def require_series_read(user: User, occurrences: Sequence[Event]) -> None:
    """Readers see every series; a partner only the series of its own confirmed programme."""
    if user.role == Role.PARTNER and not (occurrences and owns_event(user, occurrences[0])):
        raise HTTPException(403)


def may_edit_series(user: User | None, occurrences: Sequence[Event]) -> bool:
    return bool(occurrences) and may_edit_event(user, occurrences[0])


def require_venue_edit(user: User, venue: Venue) -> None:
    if not may_plan(user):
        raise HTTPException(403)
    if is_local_office(user) and venue.locality_id != user.locality_id:
        raise HTTPException(403, _("This venue belongs to another locality."))


def may_override_clash(user: User, reason: str) -> bool:
    """Only an administrator may book over a clash, and only with a written reason."""
    return user.role == Role.ADMIN and bool(reason.strip())


def is_publicly_visible(event: Event) -> bool:
    return event.is_public and event.status not in HIDDEN_STATUSES


def require_visible(user: User | None, event: Event) -> None:
    """Drafts and internal events exist only for the people who plan and read them."""
    if not is_publicly_visible(event) and not may_read_internal(user):
        raise HTTPException(404)
