"""The audit log: one call records who changed what, from what to what, and why."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Any

from ocopfair.models import AuditEntry, User


def _jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The named fields of a model instance, as JSON-safe values (for before/after)."""
    return {name: _jsonable(getattr(obj, name)) for name in fields}


async def record(
    user: User | None,
    action: str,
    object_type: str,
    object_id: Any,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Write one audit entry. Call it inside the same transaction as the change it records."""
    return await AuditEntry.create(
        user=user,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=_jsonable(before),
        after=_jsonable(after),
        reason=reason,
    )
