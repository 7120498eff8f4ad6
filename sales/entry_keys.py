"""One sales entry stored once, whatever number of times a phone sends it.

The phone form (static/js/sales-offline.js) gives each entry a key it makes itself and keeps the
entry until the server answers; a lost answer, a reload or an entry made offline sends the same
key again. The key is written in the same transaction as the figures, so a refused entry (a
wrong figure) leaves its key free, and a stored one makes every later copy a no-op: the same
rule as the counting batches (visitors.counting).
"""

from __future__ import annotations

import re
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from ocopfair.errors import BadRequest
from ocopfair.i18n import gettext as _
from sales.entry import save_day
from sales.models import SalesEntryKey

_KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def parse_client_key(raw: Any) -> str | None:
    """The entry's key, None for a form sent without the script (saved as before)."""
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or not _KEY.match(raw):
        message = _("This entry's key is not valid: reload the page and enter it again.")
        raise BadRequest({"form": message}, message)
    return raw


async def save_day_once(client_key: str, *args: Any, **kwargs: Any) -> bool:
    """save_day (same arguments) unless this key was stored before. True when stored now,
    False for a copy of an entry already stored."""
    assignment, day = args[1], args[3]
    try:
        async with in_transaction():
            await SalesEntryKey.create(client_key=client_key, assignment_id=assignment.id, day=day)
            await save_day(*args, **kwargs)
    except IntegrityError:
        # Taken by an earlier copy (PostgreSQL waits for it to commit first); anything else
        # is some other conflict and goes on as before.
        if await SalesEntryKey.filter(client_key=client_key).exists():
            return False
        raise
    return True
