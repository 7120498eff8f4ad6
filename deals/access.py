"""Who may see and record which trade deals, and the loading of what they concern. Called by
both routes.py and api.py.

Staff and officials read every deal; an exhibitor its own. Organizers record deals for any
exhibitor of the events they may edit (events.access); an exhibitor only its own.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException

from deals.models import TradeDeal
from deals.recording import event_exhibitors
from events.access import require_event_edit
from events.models import Event
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User


async def load_event(event_id: int) -> Event:
    event = await Event.get_or_none(id=event_id)
    if event is None:
        raise HTTPException(404)
    return event


async def load_deal(deal_id: int) -> TradeDeal:
    deal = (
        await TradeDeal.get_or_none(id=deal_id)
        .select_related("event", "exhibitor", "buyer")
        .prefetch_related("products")
    )
    if deal is None:
        raise HTTPException(404)
    return deal


def may_read_all(user: User) -> bool:
    return user.role in (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL)


def own_exhibitor(user: User) -> int | None:
    """The exhibitor whose deals alone this user sees and records, or None for staff and
    officials (every deal)."""
    return user.exhibitor_id if user.role == Role.EXHIBITOR else None


async def booth_holder(user: User, event: Event) -> int | None:
    """On an event's deals page an exhibitor must have had a booth there (403 otherwise): its
    id; None for staff and officials."""
    if user.role != Role.EXHIBITOR:
        return None
    if user.exhibitor_id not in {e.id for e in await event_exhibitors(event.id)}:
        raise HTTPException(403, _("You have no booth at this event."))
    return user.exhibitor_id


def require_deal_write(user: User, event: Event, exhibitor_id: int) -> None:
    """Organizers record deals for any exhibitor of their events; an exhibitor only its own."""
    if user.role == Role.EXHIBITOR:
        if user.exhibitor_id != exhibitor_id:
            raise HTTPException(403)
        return
    require_event_edit(user, event)


def require_deal_change(user: User, deal: TradeDeal) -> None:
    """Moving a deal forward or changing it: the same rule as recording it."""
    require_deal_write(user, deal.event, deal.exhibitor_id)
