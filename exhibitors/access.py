"""Who may see and change which producer, product, change request and import batch.

Organizers and admins (staff) keep the registry: they see and change every producer and
product, add producers, and approve or reject exhibitors' change requests. Officials read the
whole registry. An exhibitor sees and changes only its own producer: its contact details and
its products, but a new product, star rating or certificate waits for an organizer's approval.
An import batch belongs to the person who uploaded it.

Pages (routes), the JSON API and the registry logic call these same functions, so they agree.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException

from exhibitors import validation as rules
from exhibitors.models import ImportBatch, Product
from ocopfair.models import Role, User

STAFF_ROLES = (Role.ADMIN, Role.ORGANIZER)
READER_ROLES = (Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL)


def is_staff(user: User | None) -> bool:
    return user is not None and user.role in STAFF_ROLES


def require_staff(user: User) -> None:
    """Adding producers and deciding change requests is the OCOP office's work."""
    if not is_staff(user):
        raise HTTPException(403)


def own_producer_id(user: User) -> int | None:
    """The producer an exhibitor account acts for (None for everybody else)."""
    return user.exhibitor_id if user.role == Role.EXHIBITOR else None


def may_edit_producer(user: User | None, exhibitor_id: int) -> bool:
    """Staff act for any producer; an exhibitor only for its own."""
    if user is None:
        return False
    return is_staff(user) or (user.role == Role.EXHIBITOR and user.exhibitor_id == exhibitor_id)


def require_producer_edit(user: User, exhibitor_id: int) -> None:
    if not may_edit_producer(user, exhibitor_id):
        raise HTTPException(403)


def require_producer_view(user: User, exhibitor_id: int) -> None:
    """Readers see every producer; an exhibitor only its own."""
    if user.role not in READER_ROLES:
        require_producer_edit(user, exhibitor_id)


def require_product_view(user: User, product: Product) -> None:
    require_producer_view(user, product.exhibitor_id)


def require_product_edit(user: User, product: Product) -> None:
    require_producer_edit(user, product.exhibitor_id)


def listing_scope(user: User) -> int | None:
    """The one producer whose rows a list shows this user, or None for all of them.

    An exhibitor lists only its own producer; one not linked to a producer yet sees nothing.
    """
    if user.role == Role.EXHIBITOR:
        return user.exhibitor_id or -1
    return None


def producer_fields_for(user: User) -> tuple[str, ...]:
    """The producer fields this user may change: staff all, an exhibitor its contact details."""
    return rules.PRODUCER_FIELDS if is_staff(user) else rules.CONTACT_FIELDS


def needs_approval(user: User) -> bool:
    """A new product, star rating or certificate from this user waits for an organizer."""
    return not is_staff(user)


def require_batch_owner(user: User, batch: ImportBatch) -> None:
    """An import's preview and confirmation belong to whoever uploaded the file."""
    if batch.user_id != user.id:
        raise HTTPException(403)
