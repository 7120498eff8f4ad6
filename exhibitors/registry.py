"""Creating and changing producers and products, and the approval of exhibitors' rating changes.

Every function checks who may do it with the rules of exhibitors/access.py, so the pages and the
API agree: organizers and admins change everything; an exhibitor changes its contact details and
its products, but a new star rating or certificate (and a new product) waits for an organizer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from exhibitors import notices
from exhibitors import validation as rules
from exhibitors.access import (
    needs_approval,
    producer_fields_for,
    require_producer_edit,
    require_product_edit,
    require_staff,
)
from exhibitors.models import ChangeStatus, Exhibitor, Product, ProductChange
from exhibitors.photos import CONTENT_TYPE, Photo, checked_photo
from ocopfair.audit import record, snapshot
from ocopfair.errors import Conflict, Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import User
from ocopfair.text import fold


def _jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        k: (v.isoformat() if isinstance(v, dt.date) else getattr(v, "value", v))
        for k, v in values.items()
    }


def _from_json(values: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in ("certificate_date", "certificate_expiry"):
        if out.get(key):
            out[key] = dt.date.fromisoformat(out[key])
    return out


def producer_raw(exhibitor: Exhibitor) -> dict[str, Any]:
    return {name: getattr(exhibitor, name) for name in rules.PRODUCER_FIELDS}


def product_raw(product: Product) -> dict[str, Any]:
    return {name: getattr(product, name) for name in rules.PRODUCT_FIELDS}


def _merge_product(product: Product | None, raw: Mapping[str, Any]) -> dict[str, Any]:
    merged = {**(product_raw(product) if product else {}), **raw}
    # A new decision date without an expiry means "36 months from it", not the old expiry.
    if "certificate_date" in raw and "certificate_expiry" not in raw:
        merged.pop("certificate_expiry", None)
    return merged


async def _save_producer(exhibitor: Exhibitor, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        setattr(exhibitor, name, value)
    exhibitor.name_search = fold(exhibitor.name)
    try:
        await exhibitor.save()
    except IntegrityError:  # two people saved the same tax code at once
        raise Invalid(
            {"tax_code": _("This tax code already belongs to another producer.")}
        ) from None


async def create_producer(user: User, raw: Mapping[str, Any]) -> Exhibitor:
    require_staff(user)
    values = rules.clean_producer(raw, await rules.Localities.load())
    await rules.check_tax_code_free(values["tax_code"])
    async with in_transaction():
        exhibitor = Exhibitor(source="manual")
        await _save_producer(exhibitor, values)
        await record(
            user,
            "create",
            "Exhibitor",
            exhibitor.id,
            after=snapshot(exhibitor, list(rules.PRODUCER_FIELDS)),
        )
    return exhibitor


async def update_producer(user: User, exhibitor: Exhibitor, raw: Mapping[str, Any]) -> Exhibitor:
    """Staff change every field; the producer's own user only its contact details."""
    require_producer_edit(user, exhibitor.id)
    allowed = producer_fields_for(user)
    forbidden = [k for k in raw if k in rules.PRODUCER_FIELDS and k not in allowed]
    if forbidden and any(raw[k] != getattr(exhibitor, k) for k in forbidden):
        raise Invalid({k: _("Only an organizer can change this.") for k in forbidden})
    merged = {**producer_raw(exhibitor), **{k: v for k, v in raw.items() if k in allowed}}
    values = rules.clean_producer(merged, await rules.Localities.load(), only=allowed)
    if "tax_code" in values:
        await rules.check_tax_code_free(values["tax_code"], exclude_id=exhibitor.id)
    before = snapshot(exhibitor, list(allowed))
    async with in_transaction():
        await _save_producer(exhibitor, values)
        await record(
            user,
            "update",
            "Exhibitor",
            exhibitor.id,
            before=before,
            after=snapshot(exhibitor, list(allowed)),
        )
    return exhibitor


async def create_product(
    user: User, exhibitor: Exhibitor, raw: Mapping[str, Any], photo: bytes | None = None
) -> Product | ProductChange:
    """Staff add a product at once; an exhibitor's new product waits for approval."""
    require_producer_edit(user, exhibitor.id)
    values = rules.clean_product(_merge_product(None, raw))
    prepared = await checked_photo(photo) if photo else None
    async with in_transaction():
        if needs_approval(user):
            change = await ProductChange.create(
                exhibitor=exhibitor,
                product=None,
                requested_by=user,
                changes=_jsonable(values),
                photo=prepared.data if prepared else None,
                photo_thumb=prepared.thumbnail if prepared else None,
            )
            await record(user, "propose", "ProductChange", change.id, after=change.changes)
            return change
        product = Product(exhibitor=exhibitor, name_search=fold(values["name"]), **values)
        _set_photo(product, prepared)
        await product.save()
        await record(
            user,
            "create",
            "Product",
            product.id,
            after=snapshot(product, list(rules.PRODUCT_FIELDS)),
        )
    return product


async def update_product(
    user: User, product: Product, raw: Mapping[str, Any], photo: bytes | None = None
) -> ProductChange | None:
    """Apply a change; for an exhibitor the rating part becomes a pending change (returned)."""
    require_product_edit(user, product)
    values = rules.clean_product(_merge_product(product, raw))
    prepared = await checked_photo(photo) if photo else None
    direct = dict(values)
    waiting: dict[str, Any] = {}
    if needs_approval(user):
        for name in rules.RATING_FIELDS:
            new = direct.pop(name)
            if new != getattr(product, name):
                waiting[name] = new
    before = snapshot(product, list(rules.PRODUCT_FIELDS))
    change = None
    async with in_transaction():
        for name, value in direct.items():
            setattr(product, name, value)
        product.name_search = fold(product.name)
        _set_photo(product, prepared)
        await product.save()
        after = snapshot(product, list(rules.PRODUCT_FIELDS))
        if after != before or photo:
            await record(user, "update", "Product", product.id, before=before, after=after)
        if waiting:
            change = await _propose(user, product, waiting)
    return change


def _set_photo(product: Product, prepared: Photo | None) -> None:
    if prepared:
        product.photo, product.photo_type = prepared.data, prepared.content_type
        product.photo_thumb = prepared.thumbnail


async def _propose(user: User, product: Product, waiting: dict[str, Any]) -> ProductChange:
    """One pending change per product: a newer request replaces the one still waiting."""
    before = _jsonable({name: getattr(product, name) for name in waiting})
    change = await ProductChange.filter(product=product, status=ChangeStatus.PENDING).first()
    if change is None:
        change = ProductChange(
            exhibitor_id=product.exhibitor_id,
            product=product,
        )
    change.requested_by = user
    change.changes = _jsonable(waiting)
    change.before = before
    await change.save()
    await record(user, "propose", "ProductChange", change.id, before=before, after=change.changes)
    return change


async def remove_photo(user: User, product: Product) -> None:
    require_product_edit(user, product)
    async with in_transaction():
        await Product.filter(id=product.id).update(photo=None, photo_type="", photo_thumb=None)
        await record(user, "remove_photo", "Product", product.id)


async def decide_change(
    user: User, change_id: int, *, approve: bool, reason: str = ""
) -> ProductChange:
    """Approve (apply) or reject a pending change, once: a second decision gets a conflict."""
    require_staff(user)
    reason = " ".join(reason.split())[:1000]
    if not approve and not reason:
        raise Invalid({"reason": _("Say why the change is rejected; the exhibitor will see it.")})
    async with in_transaction():
        status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
        # A conditional update: of two organizers deciding at once, exactly one wins.
        won = await ProductChange.filter(id=change_id, status=ChangeStatus.PENDING).update(
            status=status, decided_by_id=user.id, decided_at=dt.datetime.now(dt.UTC), reason=reason
        )
        if not won:
            if not await ProductChange.exists(id=change_id):
                raise HTTPException(404)
            raise Conflict(message=_("This change was already decided."))
        change = await ProductChange.get(id=change_id).select_related("product", "exhibitor")
        if approve:
            await _apply(user, change)
        change.reason = reason
        name = change.product.name if change.product else str(change.changes.get("name", ""))
        await notices.product_change_decided(change, approve, name)
        await record(
            user,
            "approve" if approve else "reject",
            "ProductChange",
            change.id,
            before=change.before,
            after=change.changes,
            reason=reason,
        )
    return change


async def _apply(user: User, change: ProductChange) -> None:
    values = _from_json(change.changes)
    if change.product is None:
        product = await Product.create(
            exhibitor_id=change.exhibitor_id,
            name_search=fold(values["name"]),
            photo=change.photo,
            photo_type=CONTENT_TYPE if change.photo else "",
            photo_thumb=change.photo_thumb,
            **values,
        )
        change.product = product
        await ProductChange.filter(id=change.id).update(product_id=product.id)
        await record(user, "create", "Product", product.id, after=change.changes)
        return
    product = change.product
    before = snapshot(product, list(values))
    for name, value in values.items():
        setattr(product, name, value)
    await product.save()
    await record(
        user, "update", "Product", product.id, before=before, after=snapshot(product, list(values))
    )
