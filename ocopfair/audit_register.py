"""What the audit log needs to read like a register: each action's name, each kind of object's
name and page, each field's label and kind of value. The core knows no domain: each domain
registers its own here, beside its models (as with `ocopfair.labels.add_labels`).

`describe(entries)` turns stored entries into rows people read: "Sửa doanh số", "Gian hàng
B-12 · HTX Miến dong Bình Liêu" with a link, "Doanh thu: 1.571.073 ₫ → 157.107.300 ₫".
Names are loaded with one query per kind of object on the page, never one per row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ocopfair import i18n
from ocopfair.labels import label_id

MONEY, DATE, DATETIME, ENUM, TEXT, YES_NO, NUMBER = (
    "money",
    "date",
    "datetime",
    "enum",
    "text",
    "yes_no",
    "number",
)


@dataclass(frozen=True)
class ObjectKind:
    label: str  # message id: "Booth"
    model: Any = None  # the Tortoise model whose rows these entries are about
    name: str = "name"  # the field (or related path, "assignment__exhibitor__name") naming one
    route: str | None = None  # the page of one object
    params: Mapping[str, str] = field(default_factory=dict)  # path parameter -> field path


_ACTIONS: dict[str, str] = {}
_TYPED_ACTIONS: dict[tuple[str, str], str] = {}
_OBJECTS: dict[str, ObjectKind] = {}
_FIELDS: dict[str, tuple[str, str]] = {}
_TYPED_FIELDS: dict[tuple[str, str], tuple[str, str]] = {}


def add_actions(labels: Mapping[str, str], object_type: str | None = None) -> None:
    """Action id -> message id; with `object_type`, only for entries about that kind of object
    (the registry's plain "create" means "Add a product" for a Product)."""
    for action, text in labels.items():
        if object_type:
            _TYPED_ACTIONS[(object_type, action)] = text
        else:
            _ACTIONS[action] = text


def add_object(object_type: str, kind: ObjectKind) -> None:
    _OBJECTS[object_type] = kind


def add_fields(fields: Mapping[str, tuple[str, str]], object_type: str | None = None) -> None:
    """Field name -> (message id of its label, kind of value: MONEY, DATE, ENUM…)."""
    for name, spec in fields.items():
        if object_type:
            _TYPED_FIELDS[(object_type, name)] = spec
        else:
            _FIELDS[name] = spec


def action_label_id(action: str, object_type: str = "") -> str | None:
    return _TYPED_ACTIONS.get((object_type, action)) or _ACTIONS.get(action)


def action_choices() -> list[tuple[str, str]]:
    """(action id, its name) for the filter, by name; one row per name."""
    seen: dict[str, str] = {}
    for action, text in _ACTIONS.items():
        seen.setdefault(i18n.gettext(text), action)
    for (_type, action), text in _TYPED_ACTIONS.items():
        seen.setdefault(i18n.gettext(text), action)
    return sorted(((a, n) for n, a in seen.items()), key=lambda pair: pair[1])


def actions_named_like(action: str) -> list[str]:
    """Every action id sharing the name of `action` (the filter's one choice for each name)."""
    wanted = i18n.gettext(action_label_id(action) or action)
    ids = {a for a, t in _ACTIONS.items() if i18n.gettext(t) == wanted}
    ids |= {a for (_t, a), t in _TYPED_ACTIONS.items() if i18n.gettext(t) == wanted}
    return sorted(ids | {action})


def known_action(action: str) -> bool:
    return action in _ACTIONS or any(a == action for (_t, a) in _TYPED_ACTIONS)


def object_choices() -> list[tuple[str, str]]:
    return sorted(
        ((t, i18n.gettext(k.label)) for t, k in _OBJECTS.items()), key=lambda pair: pair[1]
    )


def known_object(object_type: str) -> bool:
    return object_type in _OBJECTS


def object_label(object_type: str) -> str:
    kind = _OBJECTS.get(object_type)
    return i18n.gettext(kind.label) if kind else object_type


def _field(object_type: str, name: str) -> tuple[str, str]:
    spec = _TYPED_FIELDS.get((object_type, name)) or _FIELDS.get(name)
    if spec:
        return i18n.gettext(spec[0]), spec[1]
    return name.replace("_", " ").capitalize(), TEXT


def _typed(value: Any, kind: str) -> str | None:
    """Money, a date or a moment, when the field is of that kind; else None."""
    try:
        if kind == MONEY and isinstance(value, int | float):
            return i18n.format_vnd(int(value))
        if kind == DATE and isinstance(value, str):
            return i18n.format_date(dt.date.fromisoformat(value[:10]))
        if kind == DATETIME and isinstance(value, str):
            return i18n.format_datetime(dt.datetime.fromisoformat(value))
    except ValueError:
        return str(value)
    return None


def _plain(value: Any, kind: str) -> str:
    if isinstance(value, bool):
        return i18n.gettext("Yes") if value else i18n.gettext("No")
    if isinstance(value, int | float):
        return i18n.format_number(value)
    if isinstance(value, list):
        return ", ".join(format_value(v, kind) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {format_value(v)}" for k, v in value.items())
    return i18n.gettext(label_id(value))


def format_value(value: Any, kind: str = TEXT) -> str:
    """A stored JSON value as people read it: money with ₫, dates dd/mm/yyyy, enums named."""
    if value is None or value == "":
        return "—"
    typed = _typed(value, kind)
    return typed if typed is not None else _plain(value, kind)


def field_value(object_type: str, name: str, value: Any) -> str:
    """One field's stored value as people read it ({{ field_value("Product", k, v) }})."""
    return format_value(value, _field(object_type, name)[1])


@dataclass
class Change:
    label: str
    before: str
    after: str


def changes(object_type: str, before: Any, after: Any) -> list[Change]:
    """Field by field: only what differs, each with its label and formatted values."""
    old = before if isinstance(before, dict) else ({} if before is None else {"": before})
    new = after if isinstance(after, dict) else ({} if after is None else {"": after})
    rows = []
    for name in list(dict.fromkeys([*old, *new])):
        if name in old and name in new and old[name] == new[name]:
            continue
        label_text, kind = _field(object_type, name) if name else ("", TEXT)
        rows.append(
            Change(
                label_text,
                format_value(old.get(name), kind) if name in old else "",
                format_value(new.get(name), kind) if name in new else "",
            )
        )
    return rows


@dataclass
class Row:
    at: dt.datetime
    who: str
    action: str
    kind: str
    name: str
    link: str | None
    changes: list[Change]
    reason: str


async def _names(entries: Iterable[Any]) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(object type, id) -> (name, link), one query per kind of object."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.object_type in _OBJECTS and str(entry.object_id).isdigit():
            wanted[entry.object_type].add(int(entry.object_id))
    from ocopfair.urls import url

    found: dict[tuple[str, str], tuple[str, str | None]] = {}
    for object_type, ids in wanted.items():
        kind = _OBJECTS[object_type]
        if kind.model is None:
            continue
        columns = list(dict.fromkeys(["id", kind.name, *kind.params.values()]))
        for row in await kind.model.filter(id__in=sorted(ids)).values(*columns):
            link = None
            if kind.route and all(row.get(p) is not None for p in kind.params.values()):
                link = url(kind.route, **{k: row[v] for k, v in kind.params.items()})
            found[(object_type, str(row["id"]))] = (str(row[kind.name] or ""), link)
    return found


async def describe(entries: list[Any]) -> list[Row]:
    """Entries (with `user` loaded) as rows people read."""
    names = await _names(entries)
    rows = []
    for e in entries:
        action_id = action_label_id(e.action, e.object_type)
        name, link = names.get((e.object_type, str(e.object_id)), (f"#{e.object_id}", None))
        rows.append(
            Row(
                at=e.at,
                who=str(e.user) if e.user else "—",
                action=i18n.gettext(action_id) if action_id else e.action,
                kind=object_label(e.object_type),
                name=name,
                link=link,
                changes=changes(e.object_type, e.before, e.after),
                reason=e.reason,
            )
        )
    return rows
