"""Venues: exhibition grounds, supermarkets, malls and squares where events are held."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from events.access import check_venue_scope
from events.models import Event, Venue, VenueKind
from ocopfair import forms
from ocopfair.audit import record, snapshot
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality, User

VENUE_FIELDS = ["name", "address", "locality_id", "kind", "capacity"]


async def parse_venue(user: User, data: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    parsers = {
        "name": lambda: forms.text(data.get("name"), "name", required=True),
        "address": lambda: forms.text(data.get("address"), "address"),
        "kind": lambda: forms.choice(data.get("kind"), "kind", VenueKind),
        "capacity": lambda: forms.integer(
            data.get("capacity"), "capacity", minimum=1, maximum=10_000_000, required=False
        ),
        "locality_id": lambda: forms.integer(
            data.get("locality_id"), "locality_id", minimum=1, required=False
        ),
    }
    for name, parse in parsers.items():
        try:
            values[name] = parse()
        except Invalid as exc:
            errors.update(exc.fields)
    locality_id = values.get("locality_id")
    if locality_id is not None and not await Locality.exists(id=locality_id):
        errors["locality_id"] = _("Choose a locality from the list.")
    scope_error = check_venue_scope(user, locality_id)
    if "locality_id" in values and scope_error:
        errors["locality_id"] = scope_error
    if errors:
        raise Invalid(errors)
    return values


def venue_input(venue: Venue) -> dict[str, Any]:
    return {
        "name": venue.name,
        "address": venue.address,
        "kind": venue.kind,
        "capacity": venue.capacity if venue.capacity is not None else "",
        "locality_id": venue.locality_id or "",
    }


async def create_venue(user: User, data: Mapping[str, Any]) -> Venue:
    values = await parse_venue(user, data)
    async with in_transaction():
        venue = await Venue.create(**values)
        await record(user, "venue.create", "Venue", venue.id, after=snapshot(venue, VENUE_FIELDS))
    return venue


async def update_venue(
    user: User, venue: Venue, data: Mapping[str, Any], *, partial: bool = False
) -> Venue:
    source = {**venue_input(venue), **data} if partial else data
    values = await parse_venue(user, source)
    before = snapshot(venue, VENUE_FIELDS)
    async with in_transaction():
        await Venue.filter(id=venue.id).update(**values)
        if (values.get("name"), values.get("address")) != (venue.name, venue.address):
            # The events' LOCATION changed: a new SEQUENCE tells subscribed calendars, and
            # moves the feed cache's version (events.feed_cache).
            await Event.filter(venue_id=venue.id).update(
                sequence=F("sequence") + 1, updated_at=dt.datetime.now(dt.UTC)
            )
        await venue.refresh_from_db()
        await record(
            user,
            "venue.update",
            "Venue",
            venue.id,
            before=before,
            after=snapshot(venue, VENUE_FIELDS),
        )
    return venue
