"""Pages of the producer registry: every path, its name and who may open it, in one table.

The pages live in modules named for what they serve: registry_pages (lists, exports, a
producer's page, form and badge), product_pages, change_pages (approvals), import_pages and
public_pages (the public pages and QR codes). They parse input, check who may act on which
object (exhibitors/access.py), call the logic modules and render.
"""

from __future__ import annotations

from exhibitors import (
    change_pages,
    import_pages,
    listing_pages,
    photos,
    product_pages,
    public_pages,
    registry_pages,
)
from ocopfair.auth import ANYONE, READERS, STAFF, GuardedRoute, allow, page
from ocopfair.i18n import N_
from ocopfair.models import Role
from ocopfair.navigation import add_nav_item

EDITORS = allow(Role.ADMIN, Role.ORGANIZER, Role.EXHIBITOR)
VIEWERS = allow(Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL, Role.EXHIBITOR)
EXHIBITORS = allow(Role.EXHIBITOR)
POST = ["POST"]

routes: list[GuardedRoute] = [
    page("/exhibitors", registry_pages.producer_list, access=READERS, name="exhibitor_list"),
    page("/exhibitors/products", registry_pages.product_list, access=READERS, name="product_list"),
    page(
        "/exhibitors/export.xlsx",
        registry_pages.export_xlsx,
        access=READERS,
        name="exhibitor_export_xlsx",
    ),
    page(
        "/exhibitors/export.csv",
        registry_pages.export_csv,
        access=READERS,
        name="exhibitor_export_csv",
    ),
    page(
        "/exhibitors/template.xlsx",
        registry_pages.template_file,
        access=STAFF,
        name="exhibitor_template",
    ),
    page("/exhibitors/new", registry_pages.producer_new, access=STAFF, name="exhibitor_new"),
    page(
        "/exhibitors/new",
        registry_pages.producer_create,
        access=STAFF,
        methods=POST,
        name="exhibitor_create",
    ),
    page("/exhibitors/mine", registry_pages.my_producer, access=EXHIBITORS, name="exhibitor_mine"),
    page("/exhibitors/changes", change_pages.change_list, access=STAFF, name="exhibitor_changes"),
    page(
        "/exhibitors/changes/{change_id:int}/photo",
        change_pages.change_photo,
        access=STAFF,
        name="exhibitor_change_photo",
    ),
    page(
        "/exhibitors/changes/{change_id:int}/approve",
        change_pages.change_approve,
        access=STAFF,
        methods=POST,
        name="exhibitor_change_approve",
    ),
    page(
        "/exhibitors/changes/{change_id:int}/reject",
        change_pages.change_reject,
        access=STAFF,
        methods=POST,
        name="exhibitor_change_reject",
    ),
    page("/exhibitors/import", import_pages.import_form, access=STAFF, name="exhibitor_import"),
    page(
        "/exhibitors/import",
        import_pages.import_upload,
        access=STAFF,
        methods=POST,
        name="exhibitor_import_upload",
    ),
    page(
        "/exhibitors/import/{batch_id:int}",
        import_pages.import_preview,
        access=STAFF,
        name="exhibitor_import_preview",
    ),
    page(
        "/exhibitors/import/{batch_id:int}/confirm",
        import_pages.import_confirm,
        access=STAFF,
        methods=POST,
        name="exhibitor_import_confirm",
    ),
    page(
        "/exhibitors/{exhibitor_id:int}",
        registry_pages.producer_detail,
        access=VIEWERS,
        name="exhibitor_detail",
    ),
    page(
        "/exhibitors/{exhibitor_id:int}/edit",
        registry_pages.producer_edit,
        access=EDITORS,
        name="exhibitor_edit",
    ),
    page(
        "/exhibitors/{exhibitor_id:int}/edit",
        registry_pages.producer_update,
        access=EDITORS,
        methods=POST,
        name="exhibitor_update",
    ),
    page(
        "/exhibitors/{exhibitor_id:int}/badge",
        registry_pages.producer_badge,
        access=EDITORS,
        name="exhibitor_badge",
    ),
    page(
        "/exhibitors/{exhibitor_id:int}/products/new",
        product_pages.product_new,
        access=EDITORS,
        name="product_new",
    ),
    page(
        "/exhibitors/{exhibitor_id:int}/products/new",
        product_pages.product_create,
        access=EDITORS,
        methods=POST,
        name="product_create",
        max_body_size=photos.FORM_MAX_BYTES,
        too_large=photos.TOO_LARGE,
    ),
    page(
        "/exhibitors/products/{product_id:int}/edit",
        product_pages.product_edit,
        access=EDITORS,
        name="product_edit",
    ),
    page(
        "/exhibitors/products/{product_id:int}/edit",
        product_pages.product_update,
        access=EDITORS,
        methods=POST,
        name="product_update",
        max_body_size=photos.FORM_MAX_BYTES,
        too_large=photos.TOO_LARGE,
    ),
    page(
        "/exhibitors/products/{product_id:int}/photo/delete",
        product_pages.photo_delete,
        access=EDITORS,
        methods=POST,
        name="product_photo_delete",
    ),
    page(
        "/exhibitors/products/{product_id:int}/photo",
        product_pages.product_photo,
        access=ANYONE,
        name="product_photo",
    ),
    page(
        "/exhibitors/products/{product_id:int}/listings",
        listing_pages.listing_page,
        access=EDITORS,
        name="product_listings",
    ),
    page(
        "/exhibitors/products/{product_id:int}/listings",
        listing_pages.listing_add,
        access=EDITORS,
        methods=POST,
        name="product_listing_add",
    ),
    page(
        "/exhibitors/products/{product_id:int}/listings/{listing_id:int}/delete",
        listing_pages.listing_remove,
        access=EDITORS,
        methods=POST,
        name="product_listing_remove",
    ),
    page("/p/{product_id:int}", public_pages.public_product, access=ANYONE, name="public_product"),
    page(
        "/e/{exhibitor_id:int}",
        public_pages.public_producer,
        access=ANYONE,
        name="public_producer",
    ),
    page("/p/{pk:int}/qr.svg", public_pages.product_qr, access=ANYONE, name="product_qr"),
    page("/e/{pk:int}/qr.svg", public_pages.producer_qr, access=ANYONE, name="producer_qr"),
]

add_nav_item(N_("Producers"), "exhibitor_list", READERS, order=20)
add_nav_item(N_("My producer"), "exhibitor_mine", EXHIBITORS, order=20)
