"""The events domain's access rules (events/access.py), without a database.

The pages and the API call these same functions; the permission matrix checks the routes end to
end, this table checks the rules themselves.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from starlette.exceptions import HTTPException

from events import access
from events.models import EventLevel, EventStatus
from ocopfair.errors import Invalid
from ocopfair.models import Role

HOME, AWAY = 1, 2
PROVINCE = SimpleNamespace(role=Role.ORGANIZER, locality_id=None)
LOCAL_OFFICE = SimpleNamespace(role=Role.ORGANIZER, locality_id=HOME)
ADMIN = SimpleNamespace(role=Role.ADMIN, locality_id=None)
OFFICIAL = SimpleNamespace(role=Role.OFFICIAL, locality_id=None)


def event(level: EventLevel, locality_id: int | None, **extra) -> SimpleNamespace:
    return SimpleNamespace(level=level, locality_id=locality_id, **extra)


@pytest.mark.parametrize(
    ("who", "provincial", "commune_here", "commune_away"),
    [
        (ADMIN, True, True, True),
        (PROVINCE, True, True, True),
        (LOCAL_OFFICE, False, True, False),
        (OFFICIAL, False, False, False),
        (None, False, False, False),
    ],
)
def test_who_may_change_which_event(who, provincial, commune_here, commune_away):
    assert access.may_edit_event(who, event(EventLevel.PROVINCIAL, None)) == provincial
    assert access.may_edit_event(who, event(EventLevel.COMMUNE, HOME)) == commune_here
    assert access.may_edit_event(who, event(EventLevel.COMMUNE, AWAY)) == commune_away


def test_a_series_is_changed_by_whoever_may_change_its_occurrences():
    here, away = [event(EventLevel.COMMUNE, HOME)], [event(EventLevel.COMMUNE, AWAY)]
    access.require_series_edit(LOCAL_OFFICE, here)
    with pytest.raises(HTTPException) as refused:
        access.require_series_edit(LOCAL_OFFICE, away)
    assert refused.value.status_code == 403
    assert access.may_edit_series(LOCAL_OFFICE, here)
    assert not access.may_edit_series(LOCAL_OFFICE, away)
    assert not access.may_edit_series(PROVINCE, [])


def test_a_local_office_plans_only_local_events_of_its_own_locality():
    access.check_scope(LOCAL_OFFICE, EventLevel.COMMUNE, HOME)
    access.check_scope(PROVINCE, EventLevel.PROVINCIAL, None)
    with pytest.raises(Invalid) as wrong_level:
        access.check_scope(LOCAL_OFFICE, EventLevel.PROVINCIAL, HOME)
    assert list(wrong_level.value.fields) == ["level"]
    with pytest.raises(Invalid) as wrong_place:
        access.check_scope(LOCAL_OFFICE, EventLevel.COMMUNE, AWAY)
    assert list(wrong_place.value.fields) == ["locality_id"]
    assert access.check_venue_scope(LOCAL_OFFICE, AWAY)
    assert access.check_venue_scope(LOCAL_OFFICE, HOME) is None
    assert access.check_venue_scope(PROVINCE, AWAY) is None


def test_only_an_administrator_with_a_reason_books_over_a_clash():
    assert access.may_override_clash(ADMIN, "Hội chợ dời lịch")
    assert not access.may_override_clash(ADMIN, "   ")
    assert not access.may_override_clash(PROVINCE, "Hội chợ dời lịch")


def test_drafts_and_internal_events_are_hidden_from_the_public():
    draft = event(EventLevel.PROVINCIAL, None, is_public=True, status=EventStatus.DRAFT)
    internal = event(EventLevel.PROVINCIAL, None, is_public=False, status=EventStatus.OPEN)
    published = event(EventLevel.PROVINCIAL, None, is_public=True, status=EventStatus.OPEN)
    for hidden in (draft, internal):
        with pytest.raises(HTTPException):
            access.require_visible(None, hidden)
        access.require_visible(OFFICIAL, hidden)
    access.require_visible(None, published)
