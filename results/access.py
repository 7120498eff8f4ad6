"""Who may import an event's results: whoever manages its booths (booths.access.may_manage:
organizers who may edit the event, never on a reported event except an administrator), and
only the uploader reads its own preview."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from booths import access as booth_access
from events.models import Event
from ocopfair.models import User
from results.models import ResultsUpload


async def load_event(event_id: int) -> Event:
    return await booth_access.load_event(event_id)


def may_import(user: User | None, event: Event) -> bool:
    return booth_access.may_manage(user, event)


def require_import(user: User, event: Event) -> None:
    if not may_import(user, event):
        raise HTTPException(403)


async def load_upload(upload_id: int, user: User) -> ResultsUpload:
    upload = await ResultsUpload.get_or_none(id=upload_id).select_related("event")
    if upload is None:
        raise HTTPException(404)
    require_import(user, upload.event)
    if upload.user_id != user.id:
        raise HTTPException(403)
    return upload
