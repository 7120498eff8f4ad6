"""Checking a ticket in at a gate: once, across gates and workers, its group added once.

A scan is two statements on PostgreSQL, one when the ticket was used already:
1. `SITUATION_SQL` reads in one query all a scan must know: the gate and its event (404), the
   user's right to work there today (403, the rule of access.may_work_at as SQL), whether the
   day's counts are closed, the ticket with its event and, for a used ticket, where and by whom.
2. `CHECK_IN_PG` checks it in with a conditional UPDATE ... WHERE checked_in_at IS NULL and adds
   the group to the gate's count in the same statement (a data-modifying WITH): two gates
   scanning the same ticket at once change the row once (the second waits for the first's row
   lock, then finds checked_in_at set), and the count moves only with that row.
SQLite has no data-modifying WITH: there the UPDATE and the upsert are two statements of one
transaction (in the same process, no round trip), under SQLite's single writer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from tortoise.transactions import in_transaction

from ocopfair import sql
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import format_date, format_time
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from visitors import access
from visitors.buckets import bucket_start, local_day
from visitors.models import DIRECTIONS_OF_KIND, Direction, Gate, GateKind, Registration
from visitors.registrations import code_from_scan

SITUATION_SQL = f"""
SELECT g.id AS gate_id, g.name AS gate_name, g.kind AS gate_kind, g.event_id AS gate_event_id,
  ge.name AS gate_event_name,
  {access.work_at_gate_sql(2, 3, 4, 6)} AS allowed,
  EXISTS (SELECT 1 FROM dayclosure c WHERE c.event_id = g.event_id AND c.day = $4) AS closed,
  r.id AS r_id, r.event_id AS r_event_id, r.name AS r_name, r.group_size AS r_group_size,
  r.code AS r_code, r.organization AS r_organization, r.checked_in_at AS r_checked_in_at,
  re.name AS r_event_name, cg.name AS r_gate_name, cu.full_name AS r_by_full_name,
  cu.username AS r_by_username, r.checked_in_gate_id AS r_gate_id, r.checked_in_by_id AS r_by_id
FROM gate g
JOIN event ge ON ge.id = g.event_id
LEFT JOIN registration r ON r.code = $5
LEFT JOIN event re ON re.id = r.event_id
LEFT JOIN gate cg ON cg.id = r.checked_in_gate_id
LEFT JOIN "user" cu ON cu.id = r.checked_in_by_id
WHERE g.id = $1
"""

_MARK_USED = (
    "UPDATE registration SET checked_in_at = $1, checked_in_gate_id = $2, checked_in_by_id = $3,"
    " active_phone = NULL WHERE id = $4 AND checked_in_at IS NULL"  # a used ticket: the phone
)  # may register again
_ADD_GROUP = (
    "INSERT INTO gatecount (gate_id, bucket_start, direction, count) {rows}"
    " ON CONFLICT (gate_id, bucket_start, direction, source)"
    " DO UPDATE SET count = gatecount.count + excluded.count"
)
CHECK_IN_PG = (
    f"WITH used AS ({_MARK_USED} RETURNING group_size),"
    f" counted AS ({_ADD_GROUP.format(rows='SELECT $2, $5, $6, group_size FROM used')})"
    " SELECT count(*) AS changed FROM used"
)
CHECK_IN_SQLITE_COUNT = _ADD_GROUP.format(rows="VALUES ($1, $2, $3, $4)")


@dataclass
class CheckIn:
    registration: Registration
    already: bool
    gate: Any  # the gate, with .id, .name, .kind, .event_id and .event.name (for the page)


def already_message(registration: Registration) -> str:
    at = registration.checked_in_at
    gate = registration.checked_in_gate
    by = registration.checked_in_by
    return _("Already checked in at %(time)s on %(day)s at %(gate)s by %(who)s.") % {
        "time": format_time(at),
        "day": format_date(local_day(at)) if at else "",
        "gate": gate.name if gate else "?",
        "who": str(by) if by else "?",
    }


def _ticket(row: dict[str, Any]) -> Registration:
    """The scanned ticket as the pages and the API show it (not for saving)."""
    ticket = Registration(
        id=row["r_id"],
        event_id=row["r_event_id"],
        name=row["r_name"],
        group_size=row["r_group_size"],
        code=row["r_code"],
        organization=row["r_organization"],
        checked_in_at=sql.moment(row["r_checked_in_at"]),
    )
    if row["r_gate_name"] is not None:
        ticket.checked_in_gate = Gate(name=row["r_gate_name"])
    if row["r_by_username"] is not None:
        ticket.checked_in_by = User(username=row["r_by_username"], full_name=row["r_by_full_name"])
    return ticket


async def _situation(user: User, gate_id: int, code: str, day: dt.date) -> dict[str, Any] | None:
    all_events = access.supervises_all_events(user)
    params = [gate_id, all_events, user.id, day, code, access.owned_by(user)]
    rows = await sql.fetch(sql.connection(), SITUATION_SQL, params)
    return rows[0] if rows else None


async def _mark_used(user: User, row: dict[str, Any], now: dt.datetime) -> bool:
    """Check the ticket in and add its group to the gate's count, atomically; False when
    another scan was first."""
    gate_id, bucket = row["gate_id"], bucket_start(now)
    conn = sql.connection()
    if not sql.is_sqlite(conn):
        params = [now, gate_id, user.id, row["r_id"], bucket, Direction.IN.value]
        [result] = await sql.fetch(conn, CHECK_IN_PG, params)
        return bool(result["changed"])
    async with in_transaction() as conn:
        changed = await sql.execute(conn, _MARK_USED, [now, gate_id, user.id, row["r_id"]])
        if changed:
            params = [gate_id, bucket, Direction.IN.value, row["r_group_size"]]
            await sql.execute(conn, CHECK_IN_SQLITE_COUNT, params)
    return bool(changed)


def _gate(row: dict[str, Any]) -> SimpleNamespace:
    event = SimpleNamespace(id=row["gate_event_id"], name=row["gate_event_name"])
    kind = GateKind(row["gate_kind"])
    return SimpleNamespace(
        id=row["gate_id"], name=row["gate_name"], kind=kind, event_id=event.id, event=event
    )


async def check_in(user: User, gate_id: int, scanned: str, now: dt.datetime) -> CheckIn:
    """Check a ticket in at this gate once; a second scan reports when, where and by whom.
    Raises 404/403 (the gate, the right to work there today), Invalid or Conflict."""
    code = code_from_scan(scanned)
    day = local_day(now)
    row = await _situation(user, gate_id, code if 20 <= len(code) <= 64 else "", day)
    access.require_found_and_allowed(row is not None, bool(row and row["allowed"]))
    assert row is not None
    if row["r_id"] is None:
        raise Invalid({"code": _("This is not a ticket of this system.")})
    if row["r_event_id"] != row["gate_event_id"]:
        raise Invalid(
            {
                "code": _("This ticket is for another event: %(event)s.")
                % {"event": row["r_event_name"]}
            }
        )
    ticket, gate = _ticket(row), _gate(row)
    if ticket.checked_in_at is not None:
        # A code kept on a phone offline, sent again because the answer to its first sending
        # was lost, arrives with the same scan time: that is this very check-in, not a second use.
        resent = (row["r_gate_id"], row["r_by_id"], ticket.checked_in_at) == (gate.id, user.id, now)
        return CheckIn(ticket, not resent, gate)
    if Direction.IN not in DIRECTIONS_OF_KIND[gate.kind]:
        raise Invalid({"code": _("Check visitors in at an entrance, not at an exit.")})
    if row["closed"]:
        raise Conflict({"code": _("The counts of %(day)s are closed.") % {"day": format_date(day)}})
    if not await _mark_used(user, row, now):
        # Another gate or worker was first: report its check-in (one more query, rare).
        row = await _situation(user, gate_id, code, day)
        assert row is not None
        return CheckIn(_ticket(row), True, gate)
    ticket.checked_in_at = now
    ticket.checked_in_gate = Gate(name=gate.name)
    ticket.checked_in_by = user
    return CheckIn(ticket, False, gate)
