"""Jinja2 set-up: one environment, gettext, local formats, and htmx-aware rendering.

A page and its htmx fragments come from the same template: a route names the block to send
when htmx asks for part of the page (jinja2-fragments renders just that block).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2
from jinja2_fragments.starlette import Jinja2Blocks
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ocopfair import audit_register, i18n, province
from ocopfair.labels import label_id
from ocopfair.security import csrf_token
from ocopfair.settings import BASE_DIR
from ocopfair.urls import static_url, url

TEMPLATE_DIR = BASE_DIR / "templates"

env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
    autoescape=True,
    extensions=["jinja2.ext.i18n"],
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
# The i18n extension adds install_gettext_callables to the environment at run time.
install_gettext = env.install_gettext_callables  # type: ignore[attr-defined]
install_gettext(i18n.gettext, i18n.ngettext, newstyle=True)
env.filters.update(
    vnd=i18n.format_vnd,
    number=i18n.format_number,
    date=i18n.format_date,
    long_date=i18n.format_long_date,
    datetime=i18n.format_datetime,
    time=i18n.format_time,
)
templates = Jinja2Blocks(env=env)


def label(value: Any) -> str:
    """{{ label(event.status) }} -> 'Đang mở đăng ký' in Vietnamese."""
    return i18n.gettext(label_id(value))


env.globals["label"] = label
# A stored value (an audit entry's, a pending change's) formatted by its field's kind: dates
# dd/mm/yyyy, money with ₫, enums named (ocopfair.audit_register).
env.globals["field_value"] = audit_register.field_value
# Links from route names: {{ url("event_page", event_id=event.id) }}, {{ static("app.css") }}.
env.globals["url"] = url
env.globals["static"] = static_url
# The province's profile ({{ province().name }}, {{ province().title }}): names are data.
env.globals["province"] = province.current
# When the page was made (UTC): a page kept on a phone for offline use says how old its data is.
env.globals["rendered_at"] = lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
# A page's context must not hide these: a context key "url" would turn every {{ url(...) }} of
# the layout into a 500 ("'str' object is not callable"), on that page only.
TEMPLATE_FUNCTIONS = frozenset({"label", "url", "static", "province"})


def is_htmx(request: Request) -> bool:
    """A partial request from htmx (a history restore wants the whole page)."""
    return (
        request.headers.get("hx-request") == "true"
        and request.headers.get("hx-history-restore-request") != "true"
    )


def redirect_after_post(request: Request, url: str) -> Response:
    """After a successful change: 303 for a plain form, HX-Redirect for htmx.

    A 303 answered to htmx would be followed inside the page and swap a whole page into the
    form's target; HX-Redirect makes the browser load the new page instead.
    """
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def flash(request: Request, message: str, level: str = "success") -> None:
    """A message shown once on the next page (kept in the signed session)."""
    request.session.setdefault("flash", []).append([level, message])


def base_context(request: Request, *, whole_page: bool = True) -> dict[str, Any]:
    from ocopfair.navigation import navigation_for, topbar_for

    user = getattr(request.state, "user", None)
    # Outside the session middleware (a last-resort 500 page) there is no session to use.
    session = request.scope.get("session", {})
    return {
        "request": request,
        "user": user,
        "nav": navigation_for(user),
        "topbar": topbar_for(user),
        "csrf_token": csrf_token(session),
        "lang": i18n.current_language.get(),
        # Only a whole page shows flash messages; a fragment must leave them for the next page.
        "flashes": session.pop("flash", []) if whole_page else [],
        # Styles and scripts linked, unless the page is one of ocopfair.inline_assets'.
        "inline_assets": False,
    }


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    fragment: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """Render a page, or only its `fragment` block when htmx asks for part of the page."""
    if hidden := TEMPLATE_FUNCTIONS.intersection(context or {}):
        raise ValueError(
            f"The context of {name} hides the template functions {sorted(hidden)}: "
            "give those keys other names."
        )
    partial = bool(fragment) and is_htmx(request)
    full_context = {**base_context(request, whole_page=not partial), **(context or {})}
    if partial:
        return templates.TemplateResponse(
            request,
            name,
            full_context,
            block_name=fragment,
            status_code=status_code,
            headers=headers,
        )
    return templates.TemplateResponse(
        request, name, full_context, status_code=status_code, headers=headers
    )
