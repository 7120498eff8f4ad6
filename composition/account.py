"""Each person's own account: change the password, see and end the sessions signed in as them,
see and revoke their API tokens. Reached from the person's name at the top of every page."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ocopfair import accounts, audit, sessions
from ocopfair.auth import SIGNED_IN, log_in, log_out, page
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.models import ApiToken
from ocopfair.templating import flash, render
from ocopfair.urls import url


async def _context(request: Request, errors: dict[str, str] | None = None) -> dict:
    user = request.state.user
    return {
        "sessions": await sessions.live_sessions(user.id, request.session.get("sid")),
        "tokens": await ApiToken.filter(user_id=user.id, revoked_at=None).order_by("-created_at"),
        "errors": errors or {},
        "form": {},
    }


async def account_page(request: Request) -> Response:
    return render(request, "home/account.html", await _context(request))


async def change_password(request: Request) -> Response:
    form = await request.form()
    current, new, repeated = (
        str(form.get(k, ""))[:1000] for k in ("current_password", "new_password", "repeat_password")
    )
    user = request.state.user
    try:
        await accounts.change_password(user, current, new, repeated)
    except Invalid as exc:
        context = await _context(request, exc.fields)
        return render(request, "home/account.html", context, status_code=422)
    await log_in(request, user)  # every old session ended; this browser carries on
    flash(request, _("Your password was changed. Every other session was signed out."))
    return RedirectResponse(url("account"), status_code=303)


async def end_session(request: Request) -> Response:
    user = request.state.user
    if not await sessions.end_one(user.id, request.path_params["session_id"]):
        raise HTTPException(404)
    await audit.record(user, "session_ended", "LoginSession", request.path_params["session_id"])
    flash(request, _("That session was signed out."))
    return RedirectResponse(url("account"), status_code=303)


async def sign_out_everywhere(request: Request) -> Response:
    """Ends every session, this one too: a stolen copy of this very cookie must stop as well."""
    user = request.state.user
    count = await sessions.end_all(user.id)
    await audit.record(user, "signed_out_everywhere", "User", user.id, after={"sessions": count})
    await log_out(request)
    flash(request, _("You were signed out on every device."))
    return RedirectResponse(url("login"), status_code=303)


async def revoke_token(request: Request) -> Response:
    user = request.state.user
    token_id = request.path_params["token_id"]
    if not await accounts.revoke_token(token_id, user.id):
        raise HTTPException(404)
    await audit.record(user, "token_revoked", "ApiToken", token_id)
    flash(request, _("The token was revoked."))
    return RedirectResponse(url("account"), status_code=303)


routes = [
    page("/account", account_page, access=SIGNED_IN, name="account"),
    page(
        "/account/password",
        change_password,
        access=SIGNED_IN,
        methods=["POST"],
        name="account_password",
    ),
    page(
        "/account/sessions/{session_id:int}/end",
        end_session,
        access=SIGNED_IN,
        methods=["POST"],
        name="account_session_end",
    ),
    page(
        "/account/sessions/end-all",
        sign_out_everywhere,
        access=SIGNED_IN,
        methods=["POST"],
        name="account_sign_out_everywhere",
    ),
    page(
        "/account/tokens/{token_id:int}/revoke",
        revoke_token,
        access=SIGNED_IN,
        methods=["POST"],
        name="account_token_revoke",
    ),
]
