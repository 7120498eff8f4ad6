"""Where a domain plugs into pages it does not own: the main menu, the tabs of an event, and
sections of another domain's pages.

A domain registers its entries when its routes module is loaded (the composition layer loads
them all). The page that shows them names no other domain: events/ lists the tabs it is given,
it never writes /events/{id}/booths nor imports booths/.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from ocopfair.auth import SIGNED_IN, Access
from ocopfair.i18n import gettext
from ocopfair.models import User
from ocopfair.urls import url


@dataclass(frozen=True)
class NavItem:
    label: str  # an English message id, translated when shown
    route: str  # a route name without parameters
    access: Access
    order: int = 50
    group: str = ""  # the key of a NavGroup it is folded into, or "" for the menu itself


@dataclass(frozen=True)
class NavGroup:
    """Entries folded into one, when a person has two or more of them: an administrator's
    settings would otherwise wrap the desktop menu onto a second line. The group's route is a
    page listing them (grouped_items)."""

    key: str
    label: str
    route: str
    order: int = 50


# The group of an office's settings (localities, people, the province, e-mails sent).
ADMIN_GROUP = "admin"
_ITEMS: list[NavItem] = []
_GROUPS: dict[str, NavGroup] = {}


def add_nav_item(
    label: str, route: str, access: Access, order: int = 50, *, group: str = ""
) -> None:
    if all(item.route != route for item in _ITEMS):
        _ITEMS.append(NavItem(label, route, access, order, group))
        _ITEMS.sort(key=lambda item: item.order)


def add_nav_group(key: str, label: str, route: str, order: int = 50) -> None:
    _GROUPS.setdefault(key, NavGroup(key, label, route, order))


def grouped_items(key: str, user: User | None) -> list[dict[str, str]]:
    """The entries of group `key` that `user` may open."""
    return [
        {"label": gettext(item.label), "path": url(item.route)}
        for item in _ITEMS
        if item.group == key and item.access.allows(user)
    ]


def navigation_for(user: User | None) -> list[dict[str, str]]:
    allowed = [item for item in _ITEMS if item.access.allows(user)]
    shown: list[tuple[int, str, str]] = []
    for item in allowed:
        members = [i for i in allowed if item.group and i.group == item.group]
        group = _GROUPS.get(item.group)
        if group is None or len(members) < 2:
            shown.append((item.order, gettext(item.label), url(item.route)))
        elif item is members[0]:
            shown.append((group.order, gettext(group.label), url(group.route)))
    shown.sort(key=lambda entry: entry[0])
    return [{"label": label, "path": path} for _order, label, path in shown]


# --- Tabs of an event's pages -------------------------------------------------------------------


@dataclass(frozen=True)
class EventTab:
    key: str  # what a page passes as current_tab
    label: str  # an English message id
    route: str  # a route name taking event_id
    order: int = 50
    access: Access = SIGNED_IN


_EVENT_TABS: list[EventTab] = []


def add_event_tab(
    key: str, label: str, route: str, *, order: int = 50, access: Access = SIGNED_IN
) -> None:
    if all(tab.key != key for tab in _EVENT_TABS):
        _EVENT_TABS.append(EventTab(key, label, route, order, access))
        _EVENT_TABS.sort(key=lambda tab: tab.order)


def event_tabs(event_id: int, user: User | None = None) -> list[dict[str, str]]:
    """For templates/events/_tabs.html: [{"key", "label", "path"}] of one event."""
    return [
        {"key": tab.key, "label": gettext(tab.label), "path": url(tab.route, event_id=event_id)}
        for tab in _EVENT_TABS
        if user is None or tab.access.allows(user)
    ]


# --- Sections of another domain's pages ---------------------------------------------------------

# Loads what a section shows about one object (an event, a producer) for one viewer; None
# leaves the section out. Its template receives the dict as `section`.
SectionLoader = Callable[[Any, "User | None"], Awaitable["dict[str, Any] | None"]]


@dataclass(frozen=True)
class Section:
    page: str  # which page it joins, e.g. "event_public", "exhibitor_detail"
    key: str
    template: str
    load: SectionLoader
    order: int = 50


_SECTIONS: list[Section] = []


def add_section(page: str, key: str, template: str, load: SectionLoader, order: int = 50) -> None:
    if all((s.page, s.key) != (page, key) for s in _SECTIONS):
        _SECTIONS.append(Section(page, key, template, load, order))
        _SECTIONS.sort(key=lambda s: s.order)


async def sections_for(page: str, obj: Any, user: User | None) -> list[dict[str, Any]]:
    """The sections other domains add to `page` for `obj`: [{"key", "template", "section"}]."""
    shown = []
    for section in _SECTIONS:
        if section.page != page:
            continue
        data = await section.load(obj, user)
        if data is not None:
            shown.append({"key": section.key, "template": section.template, "section": data})
    return shown


# --- Links in the top bar beside the account name ----------------------------------------------


@dataclass(frozen=True)
class TopbarLink:
    label: str  # an English message id
    route: str  # the page
    badge_route: str  # a fragment htmx loads into the link after the page (an unread count)
    access: Access = SIGNED_IN


_TOPBAR: list[TopbarLink] = []


def add_topbar_link(label: str, route: str, badge_route: str, access: Access = SIGNED_IN) -> None:
    if all(link.route != route for link in _TOPBAR):
        _TOPBAR.append(TopbarLink(label, route, badge_route, access))


def topbar_for(user: User | None) -> list[dict[str, str]]:
    """Loaded after the page by htmx, so the layout itself runs no query for a count."""
    return [
        {"label": gettext(link.label), "path": url(link.route), "badge": url(link.badge_route)}
        for link in _TOPBAR
        if user is not None and link.access.allows(user)
    ]
