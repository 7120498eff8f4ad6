"""The home page: what each role sees first, with the next step of its work."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from composition.home import home_for, public_home
from ocopfair.auth import ANYONE, page
from ocopfair.i18n import N_
from ocopfair.navigation import add_nav_item
from ocopfair.templating import render


async def home(request: Request) -> Response:
    user = request.state.user
    if user is None:
        return render(request, "home/public.html", await public_home())
    template, context = await home_for(user)
    return render(request, template, context)


routes = [
    page("/", home, access=ANYONE, name="home"),
]

add_nav_item(N_("Home"), "home", ANYONE, order=0)
