"""The access rules of booths/access.py, one by one (pages and API both call them)."""

from __future__ import annotations

import pytest
from starlette.exceptions import HTTPException

from booths import access
from booths.models import (
    ApplicationStatus,
    AssignmentKind,
    Booth,
    BoothApplication,
    BoothAssignment,
    ReviewStep,
)
from events.models import AllocationMode, EventLevel, EventStatus
from tests.factories import make_event, make_locality, make_producer, make_producer_user, make_user


def refused(check, *args) -> int | None:
    """The status a require_* rule answers with, or None when it lets the user through."""
    try:
        check(*args)
    except HTTPException as exc:
        return exc.status_code
    return None


async def test_who_may_take_which_review_step(db):
    ha_long = await make_locality("HL", "Hạ Long")
    cam_pha = await make_locality("CP", "Cẩm Phả")
    event = await make_event(mode=AllocationMode.APPLICATION)
    exhibitor, _products = await make_producer("HTX Hạ Long", locality=ha_long)
    application = await BoothApplication.create(event=event, exhibitor=exhibitor)
    await application.fetch_related("exhibitor")
    local = await make_user("organizer", username="local", locality_id=ha_long.id)
    other_local = await make_user("organizer", username="other", locality_id=cam_pha.id)
    province = await make_user("organizer", username="province")
    admin = await make_user("admin")
    official = await make_user("official")

    assert access.review_steps(local, application) == [
        ReviewStep.ENDORSE,
        ReviewStep.REJECT_LOCALLY,
    ]
    assert access.review_steps(other_local, application) == []
    assert access.review_steps(province, application) == [ReviewStep.APPROVE, ReviewStep.REJECT]
    assert access.review_steps(admin, application) == [ReviewStep.APPROVE, ReviewStep.REJECT]
    assert access.review_steps(official, application) == []
    # Once the province approved, only a rejection is left, and only for the province.
    application.status = ApplicationStatus.APPROVED
    assert access.review_steps(local, application) == []
    assert access.review_steps(province, application) == [ReviewStep.REJECT]


async def test_who_sees_and_withdraws_an_application(db):
    event = await make_event(mode=AllocationMode.APPLICATION)
    owner, exhibitor, _products = await make_producer_user("HTX Chủ đơn")
    stranger, _e, _p = await make_producer_user("HTX Người lạ")
    application = await BoothApplication.create(event=event, exhibitor=exhibitor)
    for role in ("official", "organizer", "admin"):
        reader = await make_user(role)
        assert (await access.load_application(application.id, reader)).id == application.id
    assert (await access.load_application(application.id, owner)).id == application.id
    for user in (stranger, await make_user("gate_staff")):
        with pytest.raises(HTTPException) as refusal:
            await access.load_application(application.id, user)
        assert refusal.value.status_code == 403
    with pytest.raises(HTTPException) as missing:
        await access.load_application(999_999, owner)
    assert missing.value.status_code == 404
    assert refused(access.require_withdraw, owner, application) is None
    assert refused(access.require_withdraw, stranger, application) == 403


async def test_who_may_change_an_assignment(db):
    event = await make_event(booths=2)
    holder, exhibitor, _products = await make_producer_user("HTX Giữ gian")
    stranger, _e, _p = await make_producer_user("HTX Người lạ")
    booth = await Booth.filter(event_id=event.id).first()
    assert booth is not None
    held = await BoothAssignment.create(
        booth=booth, active_booth=booth.id, exhibitor=exhibitor, kind=AssignmentKind.HOLD
    )
    assignment = await access.load_assignment(held.id)
    organizer = await make_user("organizer")
    local = await make_user("organizer", username="local", locality_id=(await make_locality()).id)

    # The producer gives its own booth up, and does nothing else to it.
    assert refused(access.require_assignment_change, holder, assignment, "cancel") is None
    assert refused(access.require_assignment_change, holder, assignment, "confirm") == 403
    assert refused(access.require_assignment_change, stranger, assignment, "cancel") == 403
    # The event's managers do everything; a local office does not manage a provincial event.
    assert event.level == EventLevel.PROVINCIAL
    for action in ("cancel", "confirm", "payment", "move"):
        assert refused(access.require_assignment_change, organizer, assignment, action) is None
        assert refused(access.require_assignment_change, local, assignment, action) == 403
    # A reported event's booths are final, except for an administrator.
    event.status = EventStatus.REPORTED
    assert not access.may_manage(organizer, event)
    assert access.may_manage(await make_user("admin"), event)


async def test_who_sees_the_holder_and_lists(db):
    event = await make_event(booths=1)
    holder, exhibitor, _products = await make_producer_user("HTX Giữ gian")
    stranger, _e, _p = await make_producer_user("HTX Người lạ")
    assert access.may_see_exhibitor(await make_user("official"), exhibitor.id)
    assert access.may_see_exhibitor(holder, exhibitor.id)
    assert not access.may_see_exhibitor(stranger, exhibitor.id)
    assert not access.may_see_exhibitor(await make_user("gate_staff"), exhibitor.id)
    query = BoothAssignment.filter(booth__event_id=event.id)
    with pytest.raises(HTTPException) as refusal:
        access.only_visible(query, await make_user("gate_staff", username="gate2"), event)
    assert refusal.value.status_code == 403
    assert access.may_hold(holder, event)
    assert not access.may_hold(await make_user("organizer"), event)
