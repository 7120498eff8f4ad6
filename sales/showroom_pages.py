"""The showrooms' pages: the public list and each showroom's producers and products; for the
OCOP office, the forms that add a product and record a month's sales."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from events.access import may_plan
from events.models import Venue, VenueKind
from exhibitors.models import Product
from ocopfair.auth import ANYONE, STAFF, page
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.templating import flash, render
from ocopfair.urls import url
from sales import showrooms


async def showroom_list(request: Request) -> Response:
    venues = await Venue.filter(kind=VenueKind.SHOWROOM).order_by("name")
    return render(request, "sales/showrooms.html", {"venues": venues})


async def _showroom(request: Request) -> Venue:
    venue = await showrooms.showroom_or_none(request.path_params["venue_id"])
    if venue is None:
        raise HTTPException(404)
    return venue


async def _page(
    request: Request,
    venue: Venue,
    errors: dict[str, str] | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    staff = may_plan(request.state.user)
    producers = await showrooms.carried(venue.id)
    context: dict[str, Any] = {
        "venue": venue,
        "producers": producers,
        "producer_options": [(p["id"], p["name"]) for p in producers],
        "staff": staff,
        "errors": errors or {},
        "form": form or {},
    }
    if staff:
        context["sales"] = await showrooms.monthly_sales(venue.id)
        context["products"] = (
            await Product.all()
            .order_by("exhibitor__name", "name")
            .values("id", "name", "exhibitor__name")
        )
    return render(request, "sales/showroom.html", context, status_code=status_code)


async def showroom_page(request: Request) -> Response:
    return await _page(request, await _showroom(request))


async def product_add(request: Request) -> Response:
    form = dict((await request.form()).items())
    venue = await _showroom(request)
    try:
        await showrooms.add_product(request.state.user, venue, form.get("product_id"))
    except Invalid as exc:
        return await _page(request, venue, exc.fields, form, exc.status_code)
    flash(request, _("The product was added to the showroom."), "success")
    return RedirectResponse(url("showroom_page", venue_id=venue.id), status_code=303)


async def sale_add(request: Request) -> Response:
    form = dict((await request.form()).items())
    venue = await _showroom(request)
    try:
        await showrooms.record_month(request.state.user, venue, form)
    except Invalid as exc:
        return await _page(request, venue, exc.fields, form, exc.status_code)
    flash(request, _("The month's sales were recorded."), "success")
    return RedirectResponse(url("showroom_page", venue_id=venue.id), status_code=303)


routes = [
    page("/showrooms", showroom_list, access=ANYONE, name="showroom_list"),
    page("/showrooms/{venue_id:int}", showroom_page, access=ANYONE, name="showroom_page"),
    page(
        "/showrooms/{venue_id:int}/products",
        product_add,
        access=STAFF,
        methods=["POST"],
        name="showroom_product_add",
    ),
    page(
        "/showrooms/{venue_id:int}/sales",
        sale_add,
        access=STAFF,
        methods=["POST"],
        name="showroom_sale_add",
    ),
]
