"""Who may do what in the office: one function per rule, used by the pages and the API."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from ocopfair.auth import READERS, STAFF, allow
from ocopfair.models import Locality, Role, User

ADMINS = allow(Role.ADMIN)
# Localities are the province's own list: administrators change it, staff and officials read it.
LOCALITY_READERS = READERS
LOCALITY_EDITORS = ADMINS
# People: administrators manage every account; organizers invite producers.
PEOPLE_MANAGERS = ADMINS
INVITERS = STAFF


async def locality_or_404(locality_id: int) -> Locality:
    locality = await Locality.get_or_none(id=locality_id)
    if locality is None:
        raise HTTPException(404)
    return locality


async def managed_user_or_404(user_id: int) -> User:
    found = await User.get_or_none(id=user_id)
    if found is None:
        raise HTTPException(404)
    return found
