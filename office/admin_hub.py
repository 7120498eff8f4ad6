"""The administration page: the settings a person may open that the main menu folds into one
entry ("Quản trị"), so an administrator's menu stays on one line on a desktop."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ocopfair.navigation import ADMIN_GROUP, grouped_items
from ocopfair.templating import render


async def admin_hub(request: Request) -> Response:
    items = grouped_items(ADMIN_GROUP, request.state.user)
    if not items:
        raise HTTPException(403)  # nothing here is this person's to open
    return render(request, "office/admin_hub.html", {"items": items})
