"""The home page: what each role sees first, with the next step of its work."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from composition.home import home_for, public_home
from ocopfair.auth import ANYONE, page
from ocopfair.i18n import N_
from ocopfair.navigation import add_nav_item
from ocopfair.templating import render
from ocopfair.urls import url
from office.setup import needs_setup


async def home(request: Request) -> Response:
    user = request.state.user
    if user is None:
        if await needs_setup():  # a fresh install: the first visit sets the province up
            return RedirectResponse(url("setup"), status_code=303)
        return render(request, "home/public.html", await public_home())
    template, context = await home_for(user)
    return render(request, template, context)


routes = [
    page("/", home, access=ANYONE, name="home"),
]

add_nav_item(N_("Home"), "home", ANYONE, order=0)
