"""Reminders fire at the right local time (Asia/Ho_Chi_Minh), once, with a controllable clock."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from booths.models import AssignmentKind, Booth, BoothApplication
from events.models import AllocationMode
from notices import reminders
from ocopfair.i18n import LOCAL_TZ, local_today
from ocopfair.notice_models import Notice
from tests.factories import (
    assign_booth,
    make_event,
    make_exhibitor,
    make_producer_user,
    make_product,
    make_user,
)


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL_TZ).astimezone(dt.UTC)


pytestmark = pytest.mark.usefixtures("every_notice_mailed_once")


async def test_certificate_expiring_at_eight_local_time_once(db):
    today = dt.date(2027, 3, 1)
    user, exhibitor, _products = await make_producer_user("HTX Giấy", expiry_days=1000)
    soon = await make_product(
        exhibitor, "Chè Đường Hoa", certificate_expiry=today + dt.timedelta(days=45)
    )
    await make_product(exhibitor, "Mực", certificate_expiry=today + dt.timedelta(days=61))
    other, _e, _p = await make_producer_user("HTX Khác", expiry_days=1000)
    # 07:59 in Hạ Long is 00:59 UTC: not yet.
    assert await reminders.certificates(local(today, 7, 59)) == 0
    assert await reminders.certificates(local(today, 8, 0)) == 1
    assert await reminders.certificates(local(today, 9, 0)) == 0  # once
    got = await Notice.get(user_id=user.id)
    assert got.params["product"] == soon.name and got.params["date"] == "15/04/2027"
    assert await Notice.filter(user_id=other.id).count() == 0


async def test_deadline_in_three_days_for_eligible_producers_that_have_not_applied(db):
    today = local_today()
    event = await make_event(
        mode=AllocationMode.APPLICATION, application_deadline=today + dt.timedelta(days=3)
    )
    waiting, _e1, _p1 = await make_producer_user("HTX Chưa nộp")
    applied, applied_ex, _p2 = await make_producer_user("HTX Đã nộp")
    await BoothApplication.create(event=event, exhibitor=applied_ex)
    uncertified = await make_exhibitor("HTX Chưa chứng nhận")
    await make_product(uncertified, certificate_expiry=None)
    no_cert_user = await make_user("exhibitor", username="nocert", exhibitor_id=uncertified.id)
    await make_user("organizer")
    assert await reminders.deadlines(local(today, 7, 0)) == 0
    assert await reminders.deadlines(local(today, 8, 5)) == 1
    assert await reminders.deadlines(local(today, 20, 0)) == 0
    assert await Notice.filter(kind="application_deadline").values_list("user_id", flat=True) == [
        waiting.id
    ]
    assert applied.id != waiting.id and no_cert_user.id != waiting.id


async def test_hold_expiring_then_expired(db):
    event = await make_event(booths=1)
    user, exhibitor, _products = await make_producer_user("HTX Giữ chỗ")
    booth = await Booth.get(event_id=event.id)
    now = dt.datetime(2027, 3, 1, 3, 0, tzinfo=dt.UTC)
    hold = await assign_booth(booth, exhibitor, kind=AssignmentKind.HOLD)
    hold.expires_at = now + dt.timedelta(minutes=25)
    await hold.save()
    assert await reminders.holds(now) == 0  # 25 minutes left: too early
    assert await reminders.holds(now + dt.timedelta(minutes=17)) == 1
    assert await reminders.holds(now + dt.timedelta(minutes=18)) == 0
    notice = await Notice.get(kind="hold_expiring")
    assert notice.params == {"booth": booth.code, "minutes": 8}
    assert await reminders.holds(now + dt.timedelta(minutes=26)) == 1
    assert await Notice.filter(kind="hold_expired", user_id=user.id).count() == 1


async def test_fair_tomorrow_from_five_pm_with_booth_and_set_up_time(db):
    today = dt.date(2027, 5, 9)
    event = await make_event(start=today + dt.timedelta(days=1), booths=2)
    user, exhibitor, _products = await make_producer_user("HTX Mai đi chợ")
    bystander, _e, _p = await make_producer_user("HTX Không gian hàng")
    booth = (await Booth.filter(event_id=event.id).order_by("code"))[0]
    await assign_booth(booth, exhibitor)
    assert await reminders.fair_tomorrow(local(today, 16, 59)) == 0
    assert await reminders.fair_tomorrow(local(today, 17, 0)) == 1
    got = await Notice.get(user_id=user.id)
    assert got.params["booth"] == booth.code and got.params["venue"]
    assert await Notice.filter(user_id=bystander.id).count() == 0


async def test_two_workers_making_reminders_at_once_make_each_once(db):
    today = dt.date(2027, 3, 1)
    users = []
    for i in range(5):
        user, exhibitor, _products = await make_producer_user(f"HTX {i}", expiry_days=1000)
        await make_product(exhibitor, f"SP {i}", certificate_expiry=today + dt.timedelta(days=10))
        users.append(user)
    at = local(today, 8, 30)
    await asyncio.gather(*(reminders.certificates(at) for _ in range(3)))
    assert await Notice.filter(kind="certificate_expiring").count() == 5


async def test_evening_sales_reminder_only_for_booths_without_sales_today(db):
    from events.models import EventStatus
    from notices import digests
    from sales.models import SalesRecord

    today = local_today()
    event = await make_event(start=today, days=3, booths=2, status=EventStatus.RUNNING)
    first, first_ex, _p1 = await make_producer_user("HTX Quên nhập")
    done, done_ex, _p2 = await make_producer_user("HTX Đã nhập")
    a, b = await Booth.filter(event_id=event.id).order_by("code")
    await assign_booth(a, first_ex)
    entered = await assign_booth(b, done_ex)
    await SalesRecord.create(assignment=entered, day=today, revenue=1_000_000, units=10)
    assert await digests.sales_missing(local(today, 18, 59)) == 0
    assert await digests.sales_missing(local(today, 19, 0)) == 1
    assert await digests.sales_missing(local(today, 21, 0)) == 0
    assert await Notice.filter(kind="sales_missing").values_list("user_id", flat=True) == [first.id]


async def test_morning_digest_for_organizers_with_decisions_waiting(db):
    from exhibitors.models import ProductChange
    from notices import digests
    from tests.factories import make_locality

    today = dt.date(2027, 3, 1)
    ha_long = await make_locality("HL", "Hạ Long")
    mong_cai = await make_locality("MC", "Móng Cái")
    event = await make_event()
    user, exhibitor, products = await make_producer_user("HTX Chờ duyệt", locality=ha_long)
    await BoothApplication.create(event=event, exhibitor=exhibitor)
    await ProductChange.create(exhibitor=exhibitor, product=products[0], changes={"stars": 5})
    province = await make_user("organizer", username="province")
    local_office = await make_user("organizer", username="hl", locality_id=ha_long.id)
    idle_office = await make_user("organizer", username="mc", locality_id=mong_cai.id)
    assert await digests.organizer_digest(local(today, 6, 59)) == 0
    assert await digests.organizer_digest(local(today, 7, 0)) == 2
    assert await digests.organizer_digest(local(today, 7, 30)) == 0
    assert (await Notice.get(user_id=province.id)).params == {"applications": 1, "changes": 1}
    assert (await Notice.get(user_id=local_office.id)).params == {"applications": 1, "changes": 0}
    assert await Notice.filter(user_id=idle_office.id).count() == 0
    assert await digests.organizer_digest(local(today + dt.timedelta(days=1), 7, 0)) == 2
