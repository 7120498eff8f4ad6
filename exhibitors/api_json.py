"""What the registry's API answers: producers, products and change requests as JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request

from exhibitors import qrcodes, search
from exhibitors.models import Exhibitor, Product, ProductChange
from ocopfair.urls import absolute_url

# The product columns a JSON product carries (a listing's rows have them, plus the producer's).
PRODUCT_KEYS = search.PRODUCT_OWN_COLUMNS


def producer_json(request: Request, e: Exhibitor) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "kind": e.kind.value,
        "tax_code": e.tax_code,
        "locality_id": e.locality_id,
        "locality": e.locality.name if e.locality else None,
        "address": e.address,
        "contact_person": e.contact_person,
        "phone": e.phone,
        "email": e.email,
        "ethnic_minority": e.ethnic_minority,
        "remote_area": e.remote_area,
        "island": e.island,
        "status": e.status.value,
        "public_url": absolute_url(qrcodes.producer_path(e.id)),
    }


def change_json(change: ProductChange | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {
        "id": change.id,
        "status": change.status.value,
        "changes": change.changes,
        "before": change.before,
    }


def _row_of(product: Product) -> dict[str, Any]:
    """A loaded product (its producer joined) as the row a listing query gives."""
    return {
        **{key: getattr(product, key) for key in PRODUCT_KEYS},
        "exhibitor_id": product.exhibitor_id,
        "exhibitor__name": product.exhibitor.name,
    }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def product_json(
    request: Request, p: dict[str, Any] | Product, pending: ProductChange | None = None
) -> dict[str, Any]:
    row = p if isinstance(p, dict) else _row_of(p)
    return {
        "id": row["id"],
        "exhibitor_id": row["exhibitor_id"],
        "producer": row["exhibitor__name"],
        "name": row["name"],
        "group": str(row["group"]),
        "stars": row["stars"],
        "certificate_number": row["certificate_number"],
        "certificate_date": _iso(row["certificate_date"]),
        "certificate_expiry": _iso(row["certificate_expiry"]),
        "traceability_url": row["traceability_url"],
        "has_photo": bool(row["photo_type"]),
        "public_url": absolute_url(qrcodes.product_path(row["id"])),
        "pending_change": change_json(pending),
    }


def counts_json(summary: search.Summary) -> dict[str, Any]:
    return {
        "producers": summary.producers,
        "products": summary.products,
        "by_stars": {str(k): v for k, v in summary.by_stars.items()},
        "by_group": summary.by_group,
        "by_kind": summary.by_kind,
        "by_locality": {name or "": n for _pk, name, n in summary.by_locality},
    }


def listing_json(
    items: list[dict[str, Any]], page: search.Page, summary: search.Summary
) -> dict[str, Any]:
    return {
        "items": items,
        "total": page.total,
        "page": page.number,
        "pages": page.pages,
        "counts": counts_json(summary),
    }
