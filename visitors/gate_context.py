"""What the server knows about a gate and a sender, read to judge (and explain) a refused batch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ocopfair import sql
from ocopfair.models import Role, User
from visitors.models import GateKind


@dataclass
class GateContext:
    gate_id: int
    event_id: int
    kind: GateKind
    start_date: dt.date
    end_date: dt.date
    supervisor: bool = False
    staff_every_day: bool = False
    shift_days: set[dt.date] = field(default_factory=set)
    closed_days: set[dt.date] = field(default_factory=set)

    def may_count_on(self, day: dt.date) -> bool:
        return self.supervisor or self.staff_every_day or day in self.shift_days

    def may_count_here(self) -> bool:
        """On some day at least: a sender with no tie to the gate is refused before any rule
        that would tell it something about the event (its dates, its gates' kinds)."""
        return self.supervisor or self.staff_every_day or bool(self.shift_days)


# One round trip: the gate and its event's dates, the closed days, and every way the user may
# be entitled to count here. (The hot path of counting: keep it to one statement.)
_CONTEXT_SQL = """
SELECT 'gate' AS k, g.kind AS kind, e.start_date AS d, e.end_date AS d2, g.event_id AS n
  FROM gate g JOIN event e ON e.id = g.event_id WHERE g.id = $1
UNION ALL SELECT 'closed', NULL, c.day, NULL, NULL
  FROM dayclosure c JOIN gate g ON g.event_id = c.event_id WHERE g.id = $1
UNION ALL SELECT 'staff', NULL, NULL, NULL, NULL
  FROM gate_user gu WHERE gu.gate_id = $1 AND gu.user_id = $2
UNION ALL SELECT 'shift', NULL, s.day, NULL, NULL
  FROM gateshift s WHERE s.gate_id = $1 AND s.user_id = $2
UNION ALL SELECT 'super', NULL, NULL, NULL, NULL
  FROM eventsupervisor es JOIN gate g ON g.event_id = es.event_id
  WHERE g.id = $1 AND es.user_id = $2
"""


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


async def gate_context(gate_id: int, user: User) -> GateContext | None:
    """The gate with everything needed to judge a batch from `user`, or None if no such gate."""
    rows = await sql.fetch(sql.connection(), _CONTEXT_SQL, [gate_id, user.id])
    gate_row = next((r for r in rows if r["k"] == "gate"), None)
    if gate_row is None:
        return None
    context = GateContext(
        gate_id=gate_id,
        event_id=gate_row["n"],
        kind=GateKind(gate_row["kind"]),
        start_date=_as_date(gate_row["d"]),
        end_date=_as_date(gate_row["d2"]),
        supervisor=user.role in (Role.ADMIN, Role.ORGANIZER),
    )
    for row in rows:
        if row["k"] == "closed":
            context.closed_days.add(_as_date(row["d"]))
        elif row["k"] == "shift":
            context.shift_days.add(_as_date(row["d"]))
        elif row["k"] == "staff":
            context.staff_every_day = True
        elif row["k"] == "super":
            context.supervisor = True
    return context
