"""The audit log, readable and filterable by officials, organizers and administrators."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from ocopfair import forms
from ocopfair.auth import READERS, page
from ocopfair.errors import Invalid
from ocopfair.i18n import LOCAL_TZ, N_
from ocopfair.models import AuditEntry, User
from ocopfair.navigation import add_nav_item
from ocopfair.templating import render

PAGE_SIZE = 50


def _filters(request: Request) -> tuple[dict, dict[str, str], dict[str, str]]:
    """Query-string filters -> (ORM filter kwargs, the values to show again, errors)."""
    params = request.query_params
    shown = {
        k: params.get(k, "")[:100]
        for k in ("object_type", "object_id", "action", "user", "date_from", "date_to")
    }
    query: dict = {}
    errors: dict[str, str] = {}
    if shown["object_type"]:
        query["object_type"] = shown["object_type"]
    if shown["object_id"]:
        query["object_id"] = shown["object_id"]
    if shown["action"]:
        query["action__startswith"] = shown["action"]
    if shown["user"]:
        query["user__username"] = shown["user"].lower()
    for name, lookup, shift in (("date_from", "at__gte", 0), ("date_to", "at__lt", 1)):
        try:
            day = forms.date(shown[name], name, required=False)
        except Invalid as exc:
            errors.update(exc.fields)
            continue
        if day:
            start = dt.datetime.combine(day + dt.timedelta(days=shift), dt.time(), LOCAL_TZ)
            query[lookup] = start.astimezone(dt.UTC)
    return query, shown, errors


async def audit_log(request: Request) -> Response:
    query, shown, errors = _filters(request)
    page_number = 1
    if not errors:
        # Required, so never None; at least 1.
        page = request.query_params.get("page", "1")
        page_number = forms.integer(page, "page", minimum=1, maximum=100_000) or 1
    entries = (
        []
        if errors
        else await AuditEntry.filter(**query)
        .select_related("user")
        .order_by("-at", "-id")
        .offset((page_number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    )
    context = {
        "entries": entries[:PAGE_SIZE],
        "has_next": len(entries) > PAGE_SIZE,
        "page_number": page_number,
        "form": shown,
        "errors": errors,
        "filter_query": urlencode({k: v for k, v in shown.items() if v}),
        "object_types": await AuditEntry.all()
        .distinct()
        .order_by("object_type")
        .values_list("object_type", flat=True),
        "users": await User.filter(audit_entries__id__isnull=False)
        .distinct()
        .order_by("username")
        .values_list("username", flat=True),
    }
    return render(
        request, "core/audit.html", context, status_code=422 if errors else 200, fragment="results"
    )


routes = [page("/audit", audit_log, access=READERS, name="audit_log")]

add_nav_item(N_("Audit log"), "audit_log", READERS, order=80)
