"""The events tests' fixed calendar and a valid event form in it.

FAR is a Monday comfortably in the future, so "past" rules stay out; the form describes a
week starting that day, as people type it (dd/mm/yyyy dates, VND with thousands dots).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from events.models import Venue

FAR = dt.date(2031, 3, 3)


def form_of(venue: Venue, **override: Any) -> dict[str, Any]:
    """A valid event form (dd/mm/yyyy dates as people type them)."""
    data = {
        "name": "Hội chợ OCOP Quảng Ninh 2031",
        "kind": "provincial_fair",
        "level": "provincial",
        "organizing_unit": "Sở Nông nghiệp và Môi trường",
        "locality_id": "",
        "venue_id": str(venue.id),
        "start_date": "03/03/2031",
        "end_date": "09/03/2031",
        "opens_at": "08:00",
        "closes_at": "21:00",
        "application_deadline": "20/02/2031",
        "booth_fees.standard": "1.500.000",
        "allocation_mode": "application",
        "max_booths_per_exhibitor": "2",
        "hold_minutes": "30",
        "description": "Hội chợ thường niên",
        "is_public": "1",
    }
    data.update(override)
    return {k: v for k, v in data.items() if v is not None}
