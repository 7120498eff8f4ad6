"""What every page module of the booths domain shares: reading a form, the reason field,
redirecting to a named route, and the tabs of an event's pages."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from booths import access
from events.access import owns_event
from events.models import Event
from ocopfair import forms
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from ocopfair.navigation import event_tabs
from ocopfair.urls import url

MAX_REASON = 500  # characters of a reason kept with an audit entry


async def form_data(request: Request) -> dict[str, Any]:
    """The posted form as a dict: a field sent several times becomes a list."""
    form = await request.form()
    return {
        key: (form.getlist(key) if len(form.getlist(key)) > 1 else form.get(key)) for key in form
    }


def as_list(value: Any) -> list[Any]:
    """A form field that may be sent once, several times or not at all, as a list."""
    if value in (None, ""):
        return []
    return value if isinstance(value, list) else [value]


def reason_of(form: dict[str, Any]) -> str:
    return str(form.get("reason") or "")[:MAX_REASON]


def chosen_id(value: Any) -> int:
    """The id picked in a list (a select); anything else (text, a negative or a number no row
    can have, which the database would refuse) is a mistake of the form."""
    chosen = forms.optional_id(value)
    if chosen is None:
        raise Invalid({"id": _("Choose an item from the list.")})
    return chosen


def redirect_to(route: str, **params: Any) -> Response:
    """After a successful post: 303 to the named page."""
    return RedirectResponse(url(route, **params), status_code=303)


def event_tabs_for(event: Event, user: User | None) -> list[dict[str, str]]:
    """The tabs of an event's pages, for the people who read its internal pages."""
    if not access.may_read_event(user, event):
        return []
    # An owning partner sees only the tabs its role may open.
    return event_tabs(event.id, user if owns_event(user, event) else None)
