"""The floor plan's data: every booth with its state, zone colour and producer, in three
queries whatever the number of booths (event, booths, active assignments)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from booths.models import AssignmentKind, Booth, BoothAssignment

SCALE = 10  # SVG units per metre
MARGIN = 2  # metres around the booths
ZONE_COLOURS = 10  # zone classes z0..z9 in static/booths.css
STATES = ("free", "held", "assigned", "blocked")


@dataclass
class PlanBooth:
    id: int
    code: str
    zone: str
    booth_type: str
    fee: int
    x: int
    y: int
    width: int
    height: int
    state: str
    zone_class: str
    exhibitor: str = ""
    exhibitor_id: int | None = None
    assignment_id: int | None = None
    expires_at: dt.datetime | None = None


def state_of(blocked: bool, assignment: dict[str, Any] | None, now: dt.datetime) -> str:
    """An expired hold is drawn as free (it is released for good at the next booking)."""
    if blocked:
        return "blocked"
    if assignment is None:
        return "free"
    if assignment["kind"] == AssignmentKind.HOLD:
        expires = assignment["expires_at"]
        return "held" if expires is not None and expires >= now else "free"
    return "assigned"


async def plan(event_id: int, now: dt.datetime) -> dict[str, Any]:
    booths = (
        await Booth.filter(event_id=event_id)
        .order_by("code")
        .values("id", "code", "zone", "booth_type", "fee", "x", "y", "width", "height", "blocked")
    )
    active = await BoothAssignment.filter(
        active_booth__isnull=False,
        booth__event_id=event_id,
    ).values("id", "active_booth", "kind", "expires_at", "exhibitor_id", "exhibitor__name")
    by_booth = {a["active_booth"]: a for a in active}
    zones = sorted({b["zone"] for b in booths})
    zone_class = {z: f"z{n % ZONE_COLOURS}" for n, z in enumerate(zones)}
    items = []
    counts = dict.fromkeys(STATES, 0)
    for b in booths:
        a = by_booth.get(b["id"])
        state = state_of(b["blocked"], a, now)
        counts[state] += 1
        shown = a if state in ("held", "assigned") else None
        items.append(
            PlanBooth(
                id=b["id"],
                code=b["code"],
                zone=b["zone"],
                booth_type=str(b["booth_type"]),
                fee=b["fee"],
                x=b["x"],
                y=b["y"],
                width=b["width"],
                height=b["height"],
                state=state,
                zone_class=zone_class[b["zone"]],
                exhibitor=shown["exhibitor__name"] if shown else "",
                exhibitor_id=shown["exhibitor_id"] if shown else None,
                assignment_id=shown["id"] if shown else None,
                expires_at=shown["expires_at"] if shown else None,
            )
        )
    width = max((b.x + b.width for b in items), default=30) + 2 * MARGIN
    height = max((b.y + b.height for b in items), default=20) + 2 * MARGIN
    return {
        "booths": items,
        "zones": [(z, zone_class[z]) for z in zones],
        "counts": counts,
        "view_width": width * SCALE,
        "view_height": height * SCALE,
        "scale": SCALE,
        "margin": MARGIN * SCALE,
    }
