"""Pages of trade deals (per event) and of the buyer registry. Who may: deals.access; the rules
and the writing: deals.recording and deals.buyers."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from deals import access, buyers, recording
from deals.models import Buyer, BuyerKind, DealStatus
from events.access import may_plan
from events.models import Event
from exhibitors.models import Product
from ocopfair import forms
from ocopfair.auth import READERS, STAFF, allow, page
from ocopfair.errors import Invalid
from ocopfair.i18n import N_, local_today
from ocopfair.i18n import gettext as _
from ocopfair.models import Role, User
from ocopfair.navigation import add_event_tab, add_nav_item, event_tabs
from ocopfair.templating import flash, label, render
from ocopfair.urls import url

WRITERS = allow(Role.ADMIN, Role.ORGANIZER, Role.EXHIBITOR)
READERS_AND_EXHIBITORS = allow(Role.ADMIN, Role.ORGANIZER, Role.OFFICIAL, Role.EXHIBITOR)


def _options(enum_type: Any) -> list[tuple[str, str]]:
    return [(member.value, label(member)) for member in enum_type]


async def _deals_context(
    request: Request,
    event: Event,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    user = request.state.user
    own = await access.booth_holder(user, event)
    items, summary = await recording.event_deals(event.id, own)
    form = form or {}
    exhibitor_id = own or form.get("exhibitor_id")
    chosen = forms.optional_id(exhibitor_id)
    products = await Product.filter(exhibitor_id=chosen).order_by("name") if chosen else []
    return {
        "event": event,
        "deals": items,
        "summary": summary,
        "form": form,
        "errors": errors or {},
        "own": own,
        "exhibitor_options": []
        if own
        else [(e.id, e.name) for e in await recording.event_exhibitors(event.id)],
        "buyers": await Buyer.all().order_by("name").values_list("id", "name"),
        "products": products,
        "chosen_products": {str(p) for p in form.get("products", [])},
        "statuses": _options(DealStatus),
        "steps": list(DealStatus),
        "may_write": user.role != Role.OFFICIAL,
        "frozen": _frozen(event, user),
        "tabs": [] if own else event_tabs(event.id),
        "current_tab": "deals",
        "today": local_today(),
        "form_error": None,
    }


def _frozen(event: Event, user: User) -> bool:
    try:
        recording.check_not_frozen(event, user)
    except Invalid:
        return True
    return False


async def deals_page(request: Request) -> Response:
    event = await access.load_event(request.path_params["event_id"])
    return render(request, "deals/deals.html", await _deals_context(request, event))


async def deal_products(request: Request) -> Response:
    """The product checkboxes of the chosen producer (htmx, when the producer changes)."""
    event = await access.load_event(request.path_params["event_id"])
    form = {"exhibitor_id": request.query_params.get("exhibitor_id", "")}
    return render(
        request, "deals/deals.html", await _deals_context(request, event, form), fragment="products"
    )


async def deal_create(request: Request) -> Response:
    user = request.state.user
    event = await access.load_event(request.path_params["event_id"])
    raw = await request.form()
    form: dict[str, Any] = {key: raw.get(key) for key in raw}
    form["products"] = raw.getlist("products")
    own = await access.booth_holder(user, event)
    if form.get("step") == "products":  # without JS: show the chosen producer's products
        return render(request, "deals/deals.html", await _deals_context(request, event, form))
    try:
        deal_input = recording.parse_deal(form, form["products"], local_today(), own)
        access.require_deal_write(user, event, deal_input.exhibitor_id)
        await recording.create_deal(user, event, deal_input)
    except Invalid as exc:
        context = await _deals_context(request, event, form, exc.fields)
        context["form_error"] = exc.fields.get("form") or exc.message
        return render(request, "deals/deals.html", context, status_code=exc.status_code)
    flash(request, _("The deal is recorded."))
    return RedirectResponse(url("deals_event", event_id=event.id), status_code=303)


async def deal_update(request: Request) -> Response:
    user = request.state.user
    deal = await access.load_deal(request.path_params["deal_id"])
    access.require_deal_change(user, deal)
    raw = await request.form()
    form = {key: raw.get(key) for key in raw}
    back = url("deals_event", event_id=deal.event.id) + f"#deal-{deal.id}"
    try:
        await recording.update_deal(user, deal, form, local_today())
    except Invalid as exc:
        for message in exc.fields.values() or [exc.message]:
            flash(request, message, "error")
        return RedirectResponse(back, status_code=303)
    flash(request, _("The deal is updated."))
    return RedirectResponse(back, status_code=303)


# --- Buyers -----------------------------------------------------------------------------------


async def _buyers_context(
    request: Request, form: dict[str, Any] | None = None, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "buyers": await buyers.buyers_with_counts(),
        "kinds": _options(BuyerKind),
        "form": form or {},
        "errors": errors or {},
        "may_add": may_plan(request.state.user),
    }


async def buyers_page(request: Request) -> Response:
    return render(request, "deals/buyers.html", await _buyers_context(request))


async def buyer_create(request: Request) -> Response:
    raw = await request.form()
    form = {key: raw.get(key) for key in raw}
    try:
        buyer = await buyers.create_buyer(request.state.user, form)
    except Invalid as exc:
        return render(
            request,
            "deals/buyers.html",
            await _buyers_context(request, form, exc.fields),
            status_code=exc.status_code,
        )
    flash(request, _("%(name)s is added to the registry.") % {"name": buyer.name})
    return RedirectResponse(url("buyers"), status_code=303)


routes = [
    page(
        "/events/{event_id:int}/deals",
        deals_page,
        access=READERS_AND_EXHIBITORS,
        name="deals_event",
    ),
    page(
        "/events/{event_id:int}/deals",
        deal_create,
        access=WRITERS,
        methods=["POST"],
        name="deals_create",
    ),
    page(
        "/events/{event_id:int}/deals/products",
        deal_products,
        access=WRITERS,
        name="deals_products",
    ),
    page(
        "/deals/{deal_id:int}", deal_update, access=WRITERS, methods=["POST"], name="deals_update"
    ),
    page("/buyers", buyers_page, access=READERS, name="buyers"),
    page("/buyers", buyer_create, access=STAFF, methods=["POST"], name="buyers_create"),
]

add_nav_item(N_("Buyers"), "buyers", READERS, order=46)
add_event_tab("deals", N_("Trade deals"), "deals_event", order=55, access=READERS)
