"""The registry's access rules (exhibitors/access.py), role by role, without a database.

The pages and the API call these same functions; the permission matrix (tests/permissions.csv)
checks the routes end to end, this table checks the rules themselves.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from starlette.exceptions import HTTPException

from exhibitors import access
from exhibitors import validation as rules
from ocopfair.models import Role

OWN, OTHER = 7, 8


def person(role: Role, exhibitor_id: int | None = None, uid: int = 1) -> SimpleNamespace:
    return SimpleNamespace(role=role, exhibitor_id=exhibitor_id, id=uid)


def refused(check, *args) -> bool:
    try:
        check(*args)
    except HTTPException as exc:
        assert exc.status_code == 403
        return True
    return False


def allowed(check, *args) -> bool:
    return not refused(check, *args)


@pytest.mark.parametrize(
    ("who", "see_own", "see_other", "edit_own", "edit_other"),
    [
        (person(Role.ADMIN), True, True, True, True),
        (person(Role.ORGANIZER), True, True, True, True),
        (person(Role.OFFICIAL), True, True, False, False),
        (person(Role.EXHIBITOR, OWN), True, False, True, False),
        (person(Role.EXHIBITOR, None), False, False, False, False),
        (person(Role.GATE_STAFF), False, False, False, False),
    ],
)
def test_who_may_see_and_change_which_producer(who, see_own, see_other, edit_own, edit_other):
    assert allowed(access.require_producer_view, who, OWN) == see_own
    assert allowed(access.require_producer_view, who, OTHER) == see_other
    assert access.may_edit_producer(who, OWN) == edit_own
    assert access.may_edit_producer(who, OTHER) == edit_other
    assert allowed(access.require_producer_edit, who, OTHER) == edit_other
    product = SimpleNamespace(exhibitor_id=OWN)
    assert allowed(access.require_product_view, who, product) == see_own
    assert allowed(access.require_product_edit, who, product) == edit_own


def test_an_exhibitor_changes_its_contact_details_and_waits_for_approval_of_the_rest():
    exhibitor, organizer = person(Role.EXHIBITOR, OWN), person(Role.ORGANIZER)
    assert access.producer_fields_for(exhibitor) == rules.CONTACT_FIELDS
    assert access.producer_fields_for(organizer) == rules.PRODUCER_FIELDS
    assert access.needs_approval(exhibitor) and not access.needs_approval(organizer)
    assert refused(access.require_staff, exhibitor)
    assert refused(access.require_staff, person(Role.OFFICIAL))
    assert allowed(access.require_staff, organizer)


def test_lists_show_an_exhibitor_only_its_own_producer():
    assert access.listing_scope(person(Role.EXHIBITOR, OWN)) == OWN
    assert access.listing_scope(person(Role.EXHIBITOR, None)) == -1  # matches nothing
    assert access.listing_scope(person(Role.OFFICIAL)) is None
    assert access.own_producer_id(person(Role.EXHIBITOR, OWN)) == OWN
    assert access.own_producer_id(person(Role.ORGANIZER, OWN)) is None


def test_an_import_batch_belongs_to_its_uploader():
    batch = SimpleNamespace(user_id=1)
    assert allowed(access.require_batch_owner, person(Role.ORGANIZER, uid=1), batch)
    assert refused(access.require_batch_owner, person(Role.ORGANIZER, uid=2), batch)
