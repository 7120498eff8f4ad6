"""The office's pages: first-run setup, the province profile, localities, people."""

from __future__ import annotations

from ocopfair.auth import ANYONE, SIGNED_IN, page
from ocopfair.i18n import N_
from ocopfair.navigation import ADMIN_GROUP, add_nav_group, add_nav_item
from office import (
    admin_hub,
    invitation_pages,
    locality_pages,
    partner_pages,
    people_pages,
    setup_pages,
)
from office.access import (
    ADMINS,
    INVITERS,
    LOCALITY_EDITORS,
    LOCALITY_READERS,
    PEOPLE_MANAGERS,
)

POST = ["POST"]
LOCALITY = "/localities/{locality_id:int}"
PERSON = "/admin/users/{user_id:int}"
PARTNER = "/admin/partners/{partner_id:int}"

routes = [
    page("/setup", setup_pages.setup_form, access=ANYONE, name="setup"),
    page("/setup", setup_pages.setup_submit, access=ANYONE, methods=POST, name="setup_submit"),
    page("/setup/next", setup_pages.next_steps, access=ADMINS, name="setup_next"),
    page("/admin/province", setup_pages.profile_form, access=ADMINS, name="province_profile"),
    page(
        "/admin/province",
        setup_pages.profile_submit,
        access=ADMINS,
        methods=POST,
        name="province_profile_save",
    ),
    page("/province/logo", setup_pages.logo, access=ANYONE, name="province_logo"),
    page(
        "/localities", locality_pages.locality_list, access=LOCALITY_READERS, name="locality_list"
    ),
    page(
        "/localities",
        locality_pages.locality_create,
        access=LOCALITY_EDITORS,
        methods=POST,
        name="locality_create",
    ),
    page(
        "/localities/merge",
        locality_pages.locality_merge,
        access=LOCALITY_EDITORS,
        methods=POST,
        name="locality_merge",
    ),
    page(
        "/localities/import",
        locality_pages.import_form,
        access=LOCALITY_EDITORS,
        name="locality_import",
    ),
    page(
        "/localities/import",
        locality_pages.import_preview,
        access=LOCALITY_EDITORS,
        methods=POST,
        name="locality_import_preview",
    ),
    page(
        "/localities/import/confirm",
        locality_pages.import_confirm,
        access=LOCALITY_EDITORS,
        methods=POST,
        name="locality_import_confirm",
    ),
    page(LOCALITY, locality_pages.locality_edit, access=LOCALITY_EDITORS, name="locality_edit"),
    page(
        LOCALITY,
        locality_pages.locality_rename,
        access=LOCALITY_EDITORS,
        methods=POST,
        name="locality_rename",
    ),
    page(
        LOCALITY + "/retire",
        locality_pages.locality_retire,
        access=LOCALITY_EDITORS,
        methods=POST,
        name="locality_retire",
    ),
    page("/admin/users", people_pages.user_list, access=PEOPLE_MANAGERS, name="admin_users"),
    page(
        "/admin/users",
        people_pages.user_create,
        access=PEOPLE_MANAGERS,
        methods=POST,
        name="admin_user_create",
    ),
    page(PERSON, people_pages.person_page, access=PEOPLE_MANAGERS, name="person_page"),
    page(
        PERSON,
        people_pages.person_update,
        access=PEOPLE_MANAGERS,
        methods=POST,
        name="person_update",
    ),
    page(
        PERSON + "/deactivate",
        people_pages.user_deactivate,
        access=PEOPLE_MANAGERS,
        methods=POST,
        name="admin_user_deactivate",
    ),
    page(
        PERSON + "/reactivate",
        people_pages.person_reactivate,
        access=PEOPLE_MANAGERS,
        methods=POST,
        name="person_reactivate",
    ),
    page(
        PERSON + "/reset",
        people_pages.person_reset,
        access=PEOPLE_MANAGERS,
        methods=POST,
        name="person_reset",
    ),
    page(
        "/admin/partners", partner_pages.partner_list, access=PEOPLE_MANAGERS, name="partner_list"
    ),
    page(
        "/admin/partners",
        partner_pages.partner_create,
        access=PEOPLE_MANAGERS,
        methods=POST,
        name="partner_create",
    ),
    page(PARTNER, partner_pages.partner_page, access=PEOPLE_MANAGERS, name="partner_page"),
    page(
        PARTNER,
        partner_pages.partner_rename,
        access=PEOPLE_MANAGERS,
        methods=POST,
        name="partner_rename",
    ),
    page(
        PARTNER + "/deactivate",
        partner_pages.partner_deactivate,
        access=PEOPLE_MANAGERS,
        methods=POST,
        name="partner_deactivate",
    ),
    page(
        PARTNER + "/reactivate",
        partner_pages.partner_reactivate,
        access=PEOPLE_MANAGERS,
        methods=POST,
        name="partner_reactivate",
    ),
    page(
        PARTNER + "/accounts",
        partner_pages.partner_invite,
        access=PEOPLE_MANAGERS,
        methods=POST,
        name="partner_invite",
    ),
    page("/invitations", invitation_pages.choose, access=INVITERS, name="invitations"),
    page(
        "/invitations",
        invitation_pages.create,
        access=INVITERS,
        methods=POST,
        name="invitations_create",
    ),
    page("/welcome", invitation_pages.welcome, access=ANYONE, name="welcome"),
    page("/welcome", invitation_pages.redeem, access=ANYONE, methods=POST, name="welcome_submit"),
    page("/welcome/{code:str}", invitation_pages.welcome_code, access=ANYONE, name="welcome_code"),
    # Signed in, then 403 unless the person may open at least one of its entries.
    page("/admin", admin_hub.admin_hub, access=SIGNED_IN, name="admin_hub"),
]

add_nav_item(N_("Invitations"), "invitations", INVITERS, order=88)
# The settings fold into one "Administration" entry for whoever has two or more of them.
add_nav_group(ADMIN_GROUP, N_("Administration"), "admin_hub", order=89)
add_nav_item(N_("Localities"), "locality_list", LOCALITY_EDITORS, order=89, group=ADMIN_GROUP)
add_nav_item(N_("Users"), "admin_users", PEOPLE_MANAGERS, order=90, group=ADMIN_GROUP)
add_nav_item(
    N_("Partner organisations"), "partner_list", PEOPLE_MANAGERS, order=90, group=ADMIN_GROUP
)
add_nav_item(N_("Province"), "province_profile", ADMINS, order=91, group=ADMIN_GROUP)
