"""Pages: my e-mail choices, and the unsubscribe link of an e-mail."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from notices import choices
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.templating import flash, redirect_after_post, render
from ocopfair.urls import url


async def settings_form(request: Request) -> Response:
    context = {**await choices.current(request.state.user), "errors": {}}
    return render(request, "notices/settings.html", context)


async def settings_save(request: Request) -> Response:
    user = request.state.user
    form = await request.form()
    wanted = [str(v) for v in form.getlist("kinds")]
    try:
        await choices.save(user, form.get("email"), wanted)
    except Invalid as exc:
        context = await choices.current(user)
        context["email"] = str(form.get("email", ""))[:300]
        for kind in context["kinds"]:
            kind["on"] = kind["key"] in wanted
        return render(
            request, "notices/settings.html", {**context, "errors": exc.fields}, status_code=422
        )
    flash(request, _("Your notice settings are saved."))
    return redirect_after_post(request, url("notice_settings"))


async def unsubscribe_form(request: Request) -> Response:
    """GET only shows a button: mail scanners open links, and must not unsubscribe anyone."""
    token = request.path_params["token"]
    found = choices.read_unsubscribe_token(token)
    status = 200 if found else 400
    return render(
        request,
        "notices/unsubscribe.html",
        {"token": token, "valid": found is not None, "done": None},
        status_code=status,
    )


async def unsubscribe_submit(request: Request) -> Response:
    token = request.path_params["token"]
    found = choices.read_unsubscribe_token(token)
    if found is None:
        context = {"token": token, "valid": False, "done": None}
        return render(request, "notices/unsubscribe.html", context, status_code=400)
    changed = await choices.unsubscribe(*found)
    context = {"token": token, "valid": True, "done": "now" if changed else "already"}
    return render(request, "notices/unsubscribe.html", context)
