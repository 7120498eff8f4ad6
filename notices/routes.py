"""The table of notice pages."""

from __future__ import annotations

from notices import admin_pages, choice_pages, feed_pages, pages
from ocopfair.auth import ANYONE, SIGNED_IN, allow, page
from ocopfair.i18n import N_
from ocopfair.models import Role
from ocopfair.navigation import ADMIN_GROUP, add_nav_item, add_topbar_link

FEED_USERS = allow(Role.EXHIBITOR, Role.ORGANIZER, Role.ADMIN)
ADMIN = allow(Role.ADMIN)

add_topbar_link(N_("Notices"), "notices", "notices_badge")
add_nav_item(N_("E-mails sent"), "notice_deliveries", ADMIN, order=95, group=ADMIN_GROUP)

routes = [
    page("/notices", pages.notice_list, access=SIGNED_IN, name="notices"),
    page("/notices/badge", pages.unread_badge, access=SIGNED_IN, name="notices_badge"),
    page(
        "/notices/{notice_id:int}/read",
        pages.mark_read,
        access=SIGNED_IN,
        methods=["POST"],
        name="notice_read",
    ),
    page(
        "/notices/read-all",
        pages.mark_all_read,
        access=SIGNED_IN,
        methods=["POST"],
        name="notices_read_all",
    ),
    page("/notices/settings", choice_pages.settings_form, access=SIGNED_IN, name="notice_settings"),
    page(
        "/notices/settings",
        choice_pages.settings_save,
        access=SIGNED_IN,
        methods=["POST"],
        name="notice_settings_save",
    ),
    page(
        "/notices/unsubscribe/{token:str}",
        choice_pages.unsubscribe_form,
        access=ANYONE,
        name="notice_unsubscribe",
    ),
    page(
        "/notices/unsubscribe/{token:str}",
        choice_pages.unsubscribe_submit,
        access=ANYONE,
        methods=["POST"],
        name="notice_unsubscribe_submit",
    ),
    page("/notices/calendar", feed_pages.feed_page, access=FEED_USERS, name="notice_feed"),
    page(
        "/notices/calendar/rotate",
        feed_pages.feed_rotate,
        access=FEED_USERS,
        methods=["POST"],
        name="notice_feed_rotate",
    ),
    page(
        "/notices/calendar/revoke",
        feed_pages.feed_revoke,
        access=FEED_USERS,
        methods=["POST"],
        name="notice_feed_revoke",
    ),
    page("/feeds/{token:str}.ics", feed_pages.personal_feed, access=ANYONE, name="personal_feed"),
    page("/admin/deliveries", admin_pages.delivery_list, access=ADMIN, name="notice_deliveries"),
    page(
        "/admin/deliveries/{delivery_id:int}/retry",
        admin_pages.delivery_retry,
        access=ADMIN,
        methods=["POST"],
        name="notice_delivery_retry",
    ),
]
