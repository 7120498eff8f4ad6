"""Who may read which report. Officials, organizers and admins read every report (the routes'
access rule says so); an exhibitor reads only its own figures of events it took part in.
Called by both routes.py and api.py."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException

from booths.models import BoothApplication, BoothAssignment
from events.access import is_publicly_visible
from events.models import Event
from ocopfair.i18n import gettext as _


async def load_event(event_id: int) -> Event:
    event = await Event.filter(id=event_id).select_related("venue").first()
    if event is None:
        raise HTTPException(404)
    return event


async def require_participant(user: Any, event: Event) -> int:
    """The exhibitor's id if it took part in (or applied to) this visible event; else 403/404."""
    if not is_publicly_visible(event):
        raise HTTPException(404)
    exhibitor_id = user.exhibitor_id
    took_part = exhibitor_id is not None and (
        await BoothAssignment.filter(exhibitor_id=exhibitor_id, booth__event_id=event.id).exists()
        or await BoothApplication.filter(exhibitor_id=exhibitor_id, event_id=event.id).exists()
    )
    if not took_part:
        raise HTTPException(403, _("Your producer did not take part in this event."))
    return exhibitor_id
