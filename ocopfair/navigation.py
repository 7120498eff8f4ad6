"""The menu, by role. Each domain adds its own entries when its routes are loaded."""

from __future__ import annotations

from dataclasses import dataclass

from ocopfair.auth import Access
from ocopfair.i18n import gettext
from ocopfair.models import User


@dataclass(frozen=True)
class NavItem:
    label: str  # an English message id, translated when shown
    path: str
    access: Access
    order: int = 50


_ITEMS: list[NavItem] = []


def add_nav_item(label: str, path: str, access: Access, order: int = 50) -> None:
    if all(item.path != path for item in _ITEMS):
        _ITEMS.append(NavItem(label, path, access, order))
        _ITEMS.sort(key=lambda item: item.order)


def navigation_for(user: User | None) -> list[dict[str, str]]:
    return [
        {"label": gettext(item.label), "path": item.path}
        for item in _ITEMS
        if item.access.allows(user)
    ]
