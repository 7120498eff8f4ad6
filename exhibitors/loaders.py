"""The producer or product a path names, or 404: shared by the pages and the API."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from exhibitors.models import Exhibitor, Product


async def producer_or_404(exhibitor_id: int) -> Exhibitor:
    exhibitor = await Exhibitor.get_or_none(id=exhibitor_id).select_related("locality")
    if exhibitor is None:
        raise HTTPException(404)
    return exhibitor


async def product_or_404(product_id: int, related: str = "exhibitor") -> Product:
    product = await Product.get_or_none(id=product_id).select_related(related)
    if product is None:
        raise HTTPException(404)
    return product
