"""An event's booths: create a block in one step, edit, block, remove, copy a layout.

Positions are whole metres from the hall's top-left corner. Two booths of one event may touch
but never overlap; codes are unique per event (also a database constraint).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from booths.layout import BlockSpec, Rect, first_overlap
from booths.models import AllocationRules, Booth, BoothAssignment, BoothType
from events.models import Event
from ocopfair import forms
from ocopfair.audit import record, snapshot
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User

MAX_BLOCK = 1000  # booths made in one step; a fair has 300–500
MAX_BOOTHS_PER_EVENT = 5000
MAX_METRES = 2000
BOOTH_FIELDS = ["code", "zone", "booth_type", "fee", "x", "y", "width", "height", "blocked"]


def fee_for(event: Event, booth_type: BoothType | str) -> int:
    """The fee of a booth type at this event (0 when the province pays the booths)."""
    if event.booths_free:
        return 0
    fees = getattr(event, "booth_fees", None) or {}
    return int(fees.get(str(booth_type), 0) or 0)


def parse_block(data: Mapping[str, Any]) -> BlockSpec:
    values: dict[str, Any] = {}

    def take(name: str, parse: Any) -> None:
        values[name] = parse()

    forms.collect(
        lambda: take(
            "rows", lambda: forms.integer(data.get("rows"), "rows", minimum=0, maximum=MAX_BLOCK)
        ),
        lambda: take(
            "columns",
            lambda: forms.integer(data.get("columns"), "columns", minimum=0, maximum=MAX_BLOCK),
        ),
        lambda: take("zone", lambda: forms.text(data.get("zone"), "zone", max_length=64)),
        lambda: take(
            "booth_type",
            lambda: forms.choice(data.get("booth_type") or "standard", "booth_type", BoothType),
        ),
        lambda: take("prefix", lambda: _prefix(data.get("prefix"))),
        lambda: take(
            "start_number",
            lambda: forms.integer(
                data.get("start_number") or 1, "start_number", minimum=0, maximum=99999
            ),
        ),
        lambda: take(
            "x", lambda: forms.integer(data.get("x") or 0, "x", minimum=0, maximum=MAX_METRES)
        ),
        lambda: take(
            "y", lambda: forms.integer(data.get("y") or 0, "y", minimum=0, maximum=MAX_METRES)
        ),
        lambda: take(
            "aisle", lambda: forms.integer(data.get("aisle") or 0, "aisle", minimum=0, maximum=50)
        ),
    )
    count = values["rows"] * values["columns"]
    if count < 1:
        raise Invalid({"rows": _("A block needs at least one row and one column.")})
    if count > MAX_BLOCK:
        raise Invalid(
            {
                "rows": _(
                    "A block may have at most %(max)d booths (this one would have %(count)d). "
                    "Make several blocks."
                )
                % {"max": MAX_BLOCK, "count": count}
            }
        )
    return BlockSpec(**values)


def _prefix(value: Any) -> str:
    prefix = forms.text(value, "prefix", max_length=8).upper()
    if not prefix.replace("-", "").isalnum() and prefix:
        raise Invalid({"prefix": _("Use letters and digits only, for example A or KV1-.")})
    return prefix


async def _existing(event_id: int, exclude: int | None = None) -> list[tuple[str, Rect]]:
    rows = await Booth.filter(event_id=event_id).values("id", "code", "x", "y", "width", "height")
    return [
        (r["code"], Rect(r["x"], r["y"], r["width"], r["height"]))
        for r in rows
        if r["id"] != exclude
    ]


def _overlap_error(pair: tuple[str, str]) -> Invalid:
    return Invalid(
        {
            "x": _(
                "Booth %(a)s would overlap booth %(b)s on the floor plan. Move it to a free place."
            )
            % {"a": pair[0], "b": pair[1]}
        }
    )


async def create_block(event: Event, spec: BlockSpec, user: User | None) -> list[Booth]:
    """Make rows × columns booths in one step (all or nothing)."""
    planned = spec.booths()
    existing = await _existing(event.id)
    if len(existing) + len(planned) > MAX_BOOTHS_PER_EVENT:
        raise Invalid(
            {"rows": _("An event may have at most %(max)d booths.") % {"max": MAX_BOOTHS_PER_EVENT}}
        )
    taken = {code for code, _rect in existing} & {code for code, _rect in planned}
    if taken:
        raise Invalid(
            {
                "prefix": _(
                    "These codes already exist at this event: %(codes)s. "
                    "Choose another prefix or first number."
                )
                % {"codes": ", ".join(sorted(taken)[:5])}
            }
        )
    pair = first_overlap(planned, existing)
    if pair:
        raise _overlap_error(pair)
    fee = fee_for(event, spec.booth_type)
    booths = [
        Booth(
            event_id=event.id,
            code=code,
            zone=spec.zone,
            booth_type=spec.booth_type,
            fee=fee,
            x=r.x,
            y=r.y,
            width=r.width,
            height=r.height,
        )
        for code, r in planned
    ]
    try:
        async with in_transaction():
            await Booth.bulk_create(booths, batch_size=500)
            await record(
                user,
                "booths.block_created",
                "Event",
                event.id,
                after={
                    "count": len(booths),
                    "first": planned[0][0],
                    "last": planned[-1][0],
                    "zone": spec.zone,
                    "booth_type": spec.booth_type,
                },
            )
    except IntegrityError:
        raise Conflict(
            {"prefix": _("Someone else just added booths with these codes. Reload and try again.")}
        ) from None
    return booths


def parse_booth(data: Mapping[str, Any], booth: Booth) -> dict[str, Any]:
    values: dict[str, Any] = {}

    def take(name: str, parse: Any) -> None:
        values[name] = parse()

    def code() -> str:
        value = forms.text(data.get("code", booth.code), "code", max_length=16, required=True)
        return value.upper()

    forms.collect(
        lambda: take("code", code),
        lambda: take(
            "zone", lambda: forms.text(data.get("zone", booth.zone), "zone", max_length=64)
        ),
        lambda: take(
            "booth_type",
            lambda: forms.choice(data.get("booth_type", booth.booth_type), "booth_type", BoothType),
        ),
        lambda: take("fee", lambda: forms.vnd(data.get("fee", booth.fee), "fee")),
        *[
            _measure(take, data, booth, name, low, high)
            for name, low, high in (
                ("x", 0, MAX_METRES),
                ("y", 0, MAX_METRES),
                ("width", 1, 100),
                ("height", 1, 100),
            )
        ],
    )
    return values


def _measure(
    take: Any, data: Mapping[str, Any], booth: Booth, name: str, low: int, high: int
) -> Any:
    return lambda: take(
        name,
        lambda: forms.integer(
            data.get(name, getattr(booth, name)), name, minimum=low, maximum=high
        ),
    )


async def update_booth(booth: Booth, data: Mapping[str, Any], user: User | None) -> Booth:
    values = parse_booth(data, booth)
    if values["code"] != booth.code and await Booth.exists(
        event_id=booth.event_id, code=values["code"]
    ):
        raise Invalid(
            {
                "code": _("Another booth of this event already has code %(code)s.")
                % {"code": values["code"]}
            }
        )
    rect = Rect(values["x"], values["y"], values["width"], values["height"])
    pair = first_overlap([(values["code"], rect)], await _existing(booth.event_id, booth.id))
    if pair:
        raise _overlap_error(pair)
    before = snapshot(booth, BOOTH_FIELDS)
    booth.update_from_dict(values)
    try:
        async with in_transaction():
            await booth.save()
            await record(
                user,
                "booth.updated",
                "Booth",
                booth.id,
                before=before,
                after=snapshot(booth, BOOTH_FIELDS),
            )
    except IntegrityError:
        raise Invalid(
            {
                "code": _("Another booth of this event already has code %(code)s.")
                % {"code": values["code"]}
            }
        ) from None
    return booth


def _assigned_error(booth: Booth) -> Conflict:
    return Conflict(
        {
            "booth": _(
                "Booth %(code)s is held or assigned to an exhibitor: release it "
                "first (or move the exhibitor)."
            )
            % {"code": booth.code}
        }
    )


async def set_blocked(booth: Booth, blocked: bool, user: User | None, reason: str = "") -> Booth:
    """Take a booth out of use (a pillar, a stage) or back; never one that is held/assigned."""
    async with in_transaction():
        if blocked and await BoothAssignment.exists(active_booth=booth.id):
            raise _assigned_error(booth)
        await Booth.filter(id=booth.id).update(blocked=blocked)
        await record(
            user,
            "booth.blocked" if blocked else "booth.unblocked",
            "Booth",
            booth.id,
            before={"blocked": booth.blocked},
            after={"blocked": blocked},
            reason=reason,
        )
    booth.blocked = blocked
    return booth


async def remove_booth(booth: Booth, user: User | None) -> None:
    """Delete a booth that was never held or assigned (history keeps the others: block them)."""
    if await BoothAssignment.exists(active_booth=booth.id):
        raise _assigned_error(booth)
    if await BoothAssignment.exists(booth_id=booth.id):
        raise Conflict(
            {
                "booth": _("Booth %(code)s has a booking history: block it instead of removing it.")
                % {"code": booth.code}
            }
        )
    try:
        async with in_transaction():
            await record(
                user, "booth.removed", "Booth", booth.id, before=snapshot(booth, BOOTH_FIELDS)
            )
            await Booth.filter(id=booth.id).delete()
    except IntegrityError:  # held in the meantime: the foreign key refuses the delete
        raise _assigned_error(booth) from None


async def copy_layout(source: Event, target: Event, user: User | None) -> int:
    """Copy the booths (and zone rules) of an earlier event to an event that has none yet."""
    if source.id == target.id:
        raise Invalid({"source": _("Choose another event to copy from.")})
    if await Booth.exists(event_id=target.id):
        raise Invalid(
            {
                "source": _(
                    "This event already has booths: a layout can only be copied "
                    "into an empty floor plan."
                )
            }
        )
    rows = await Booth.filter(event_id=source.id).values(
        "code", "zone", "booth_type", "x", "y", "width", "height", "blocked"
    )
    if not rows:
        raise Invalid({"source": _("That event has no booths to copy.")})
    booths = [Booth(event_id=target.id, fee=fee_for(target, r["booth_type"]), **r) for r in rows]
    rules = await AllocationRules.get_or_none(event_id=source.id)
    try:
        async with in_transaction():
            await Booth.bulk_create(booths, batch_size=500)
            if rules:
                await AllocationRules.update_or_create(
                    event_id=target.id, defaults={"zone_groups": rules.zone_groups}
                )
            await record(
                user,
                "booths.layout_copied",
                "Event",
                target.id,
                after={"from_event": source.id, "count": len(booths)},
            )
    except IntegrityError:
        raise Conflict(
            {"source": _("Someone else just added booths here. Reload and try again.")}
        ) from None
    return len(booths)
