"""Pre-registration of visitors and groups, their QR tickets, and checking them in once.

Ticket codes are 256 random bits (secrets.token_urlsafe(32)): unguessable, so the code alone is
the ticket. Registering is public, so it is rate-limited per client address and per event
(ocopfair.throttle, counted in the database for every worker), and one phone holds at most one
unused ticket per event (a unique constraint on the phone of unused tickets, so two racing
submissions cannot both get one).

Checking a ticket in is visitors/checkin.py.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping
from typing import Any

from tortoise.exceptions import IntegrityError

from events.models import Event, EventStatus
from ocopfair import forms, throttle
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import format_time
from ocopfair.i18n import gettext as _
from ocopfair.settings import Settings
from visitors.models import (
    Registration,
    RegistrationSettings,
)

_PHONE = re.compile(r"^\+?[0-9]{8,15}$")
_CODE_IN_URL = re.compile(r"/tickets/([A-Za-z0-9_-]{20,64})")


def new_code() -> str:
    return secrets.token_urlsafe(32)


async def settings_for(event_id: int) -> RegistrationSettings | None:
    return await RegistrationSettings.filter(event_id=event_id).first()


async def save_settings(
    event_id: int, enabled: bool, max_group_size: int, note: str
) -> RegistrationSettings:
    row, _created = await RegistrationSettings.get_or_create(event_id=event_id)
    row.enabled, row.max_group_size, row.note = enabled, max_group_size, note
    await row.save()
    return row


def registration_open(event: Event, settings: RegistrationSettings | None, today: dt.date) -> bool:
    return bool(
        settings
        and settings.enabled
        and event.end_date >= today
        and event.status not in (EventStatus.DRAFT, EventStatus.CANCELLED)
    )


def limits_for(client: str, event_id: int, config: Settings) -> list[throttle.Limit]:
    """The client's own limit first, then the event's ceiling (see throttle.hit_all)."""
    window = config.register_window_seconds
    return [
        throttle.Limit(f"register:{client}", config.register_per_client, window),
        throttle.Limit(f"register-event:{event_id}", config.register_per_event, window),
    ]


def too_many_message(exc: throttle.TooMany) -> str:
    again = format_time(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=exc.retry_after))
    if exc.key.startswith("register-event:"):
        return _(
            "This event is receiving too many registrations right now. Please try again "
            "after %(time)s."
        ) % {"time": again}
    return _(
        "Too many registrations were sent from your connection. Please try again after %(time)s."
    ) % {"time": again}


def phone_key(phone: str) -> str:
    """One number written two ways is one phone: +84 912 ... is 0912 ..."""
    return "0" + phone[3:] if phone.startswith("+84") else phone


async def register(
    event: Event, data: Mapping[str, Any], today: dt.date, limits: list[throttle.Limit]
) -> Registration:
    """A new registration with its ticket code. Raises Invalid (a field), Conflict (the phone
    already holds an unused ticket for this event) or throttle.TooMany; refused, nothing is
    saved. Only a form that passes its checks counts against the limits, so a visitor's typing
    mistakes do not use them up."""
    settings = await settings_for(event.id)
    if not registration_open(event, settings, today):
        raise Invalid(message=_("This event does not take registrations."))
    assert settings is not None
    values: dict[str, Any] = {}

    def phone() -> None:
        raw = re.sub(r"[\s.-]", "", str(data.get("phone") or ""))
        if not _PHONE.match(raw):
            raise Invalid({"phone": _("Enter a phone number of 8 to 15 digits.")})
        values["phone"] = raw

    forms.collect(
        lambda: values.__setitem__(
            "name", forms.text(data.get("name"), "name", max_length=200, required=True)
        ),
        lambda: values.__setitem__(
            "organization", forms.text(data.get("organization"), "organization", max_length=200)
        ),
        phone,
        lambda: values.__setitem__(
            "group_size",
            forms.integer(
                data.get("group_size"), "group_size", minimum=1, maximum=settings.max_group_size
            ),
        ),
    )
    phone_taken = Conflict(
        {
            "phone": _(
                "This phone number already has a ticket for this event that has not been used yet. "
                "Use that ticket, or register more people in one group."
            )
        }
    )
    active_phone = phone_key(str(values["phone"]))
    # Counted before the phone is looked up, so no one can test phone numbers for tickets
    # faster than they could register.
    await throttle.hit_all(limits)
    if await Registration.exists(event_id=event.id, active_phone=active_phone):
        raise phone_taken
    try:
        return await Registration.create(
            event=event, code=new_code(), active_phone=active_phone, **values
        )
    except IntegrityError:  # the same phone registered at the same moment
        raise phone_taken from None


def code_from_scan(text: str) -> str:
    """What a scanner typed: the bare code, or a ticket link ending in it."""
    text = text.strip()
    match = _CODE_IN_URL.search(text)
    return match.group(1) if match else text
