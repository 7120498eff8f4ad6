"""Importing a results workbook: upload → preview (the plan, row by row) → confirm.

Reading the file runs in a worker thread (unzipping and XML parsing would stall every other
request on the event loop). Confirming reads and plans the kept file again against the
database as it is then, and writes everything in ONE transaction, or nothing. After the sales
entry window has closed, confirming needs a reason, as a hand correction does (sales.window).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from booths.direct import check_event
from events.models import Event
from ocopfair import forms, offload
from ocopfair.audit import record
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from results import apply, lookups, workbook
from results.models import ResultsUpload
from results.plan import Plan, make_plan
from sales.entry_rules import MAX_REASON, check_window
from sales.models import SalesSettings
from sales.window import EntryWindow, entry_window

KEEP_HOURS = 24


async def plan_bytes(event: Event, data: bytes, now: dt.datetime) -> Plan:
    # In the offload process: parsing a workbook in a thread would still hold the interpreter.
    parsed = await offload.run_in_process(workbook.read, data)
    found = await lookups.load(event, parsed, now)
    return make_plan(parsed, found)


async def window_of(event: Event, user: User | None, today: dt.date) -> EntryWindow:
    settings = await SalesSettings.get_or_none(event_id=event.id) or SalesSettings(
        event_id=event.id
    )
    return entry_window(event, settings, user, today)


async def upload(
    event: Event, user: User, filename: str, data: bytes, *, now: dt.datetime | None = None
) -> tuple[ResultsUpload, Plan]:
    """Read and plan a file, and keep it for the confirmation."""
    now = now or dt.datetime.now(dt.UTC)
    check_event(event)
    plan = await plan_bytes(event, data, now)
    await ResultsUpload.filter(expires_at__lt=now).delete()  # forget abandoned previews
    kept = await ResultsUpload.create(
        event_id=event.id,
        user=user,
        filename=filename[:255],
        data=data,
        summary={**plan.summary(), "rows_plan": [r.as_json() for r in plan.rows]},
        expires_at=now + dt.timedelta(hours=KEEP_HOURS),
    )
    return kept, plan


async def confirm(
    kept: ResultsUpload,
    user: User,
    reason: Any,
    *,
    today: dt.date,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Plan the kept file again and write it all, or nothing."""
    now = now or dt.datetime.now(dt.UTC)
    event = await Event.get(id=kept.event_id)
    why = await check_may_write(event, user, reason, today)
    plan = await plan_bytes(event, bytes(kept.data), now)
    if plan.error_count:
        raise Invalid(
            {
                "file": plan.event_error
                or _("%(n)d rows have errors: nothing was imported.") % {"n": plan.error_count}
            },
            _("Nothing was imported: correct the file and upload it again."),
        )
    return await write_plan(event, plan, user, why, now=now, upload_id=kept.id)


async def check_may_write(event: Event, user: User, reason: Any, today: dt.date) -> str:
    """The event takes results, and after the entry window a reason is given; the reason."""
    check_event(event)
    why = forms.text(reason, "reason", max_length=MAX_REASON)
    check_window(await window_of(event, user, today), why)
    return why


async def write_plan(
    event: Event,
    plan: Plan,
    user: User,
    why: str,
    *,
    now: dt.datetime,
    upload_id: int | None = None,
    action: str = "results.import",
) -> dict[str, Any]:
    """Write an error-free plan in one transaction, with one audit entry."""
    summary = plan.summary()
    try:
        async with in_transaction():
            if upload_id is not None and not await ResultsUpload.filter(
                id=upload_id, applied_at__isnull=True
            ).update(applied_at=now):
                raise Conflict({"file": _("This file was already imported.")})
            await apply.write(event, plan, user.id)
            await record(user, action, "Event", event.id, after=summary, reason=why)
    except IntegrityError:  # a booth taken or a figure entered meanwhile: nothing was written
        raise Conflict(
            {"file": _("The event changed while importing; nothing was imported. Try again.")}
        ) from None
    return summary
