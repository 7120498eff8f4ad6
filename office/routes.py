"""The office's pages: first-run setup, the province profile, localities, people."""

from __future__ import annotations

from ocopfair.auth import ANYONE, allow, page
from ocopfair.i18n import N_
from ocopfair.models import Role
from ocopfair.navigation import add_nav_item
from office import setup_pages

ADMINS = allow(Role.ADMIN)
POST = ["POST"]

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
]

add_nav_item(N_("Province"), "province_profile", ADMINS, order=91)
