"""The object a path names (an event, a series, a venue), or 404: shared by pages and the API."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from events.models import Event, EventSeries, Venue


async def event_or_404(event_id: int, *related: str) -> Event:
    query = Event.get_or_none(id=event_id)
    event = await (query.select_related(*related) if related else query)
    if event is None:
        raise HTTPException(404)
    return event


async def series_or_404(series_id: int, *related: str) -> EventSeries:
    query = EventSeries.get_or_none(id=series_id)
    series = await (query.select_related(*related) if related else query)
    if series is None:
        raise HTTPException(404)
    return series


async def venue_or_404(venue_id: int) -> Venue:
    venue = await Venue.get_or_none(id=venue_id)
    if venue is None:
        raise HTTPException(404)
    return venue


async def occurrences(series: EventSeries) -> list[Event]:
    """The events of a series, in their order."""
    return await Event.filter(series_id=series.id).order_by("series_index")
