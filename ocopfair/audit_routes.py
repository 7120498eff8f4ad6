"""The audit log, read like a register by officials, organizers and administrators: actions
named in words, the object by its name with a link to its page, changes field by field,
people by their full names; filtered in the readers' terms and exported to Excel for an
inspection."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from ocopfair import audit_register, forms, offload
from ocopfair.audit_export import EXPORT_LIMIT, XLSX_TYPE, to_xlsx
from ocopfair.auth import READERS, page
from ocopfair.errors import Invalid
from ocopfair.i18n import LOCAL_TZ, N_
from ocopfair.i18n import gettext as _
from ocopfair.models import AuditEntry, User
from ocopfair.navigation import add_nav_item
from ocopfair.templating import render

PAGE_SIZE = 50
FILTERS = ("user", "action", "object_type", "object_id", "date_from", "date_to")


def _choice_filters(shown: dict[str, str], query: dict, errors: dict[str, str]) -> None:
    if shown["object_type"]:
        if audit_register.known_object(shown["object_type"]):
            query["object_type"] = shown["object_type"]
        else:
            errors["object_type"] = _("Choose a kind of object from the list.")
    if shown["object_id"]:
        query["object_id"] = shown["object_id"]
    if shown["action"]:
        if audit_register.known_action(shown["action"]):
            query["action__in"] = audit_register.actions_named_like(shown["action"])
        else:
            errors["action"] = _("Choose a kind of action from the list.")
    if shown["user"]:
        if shown["user"].isdigit() and len(shown["user"]) < 10:
            query["user_id"] = int(shown["user"])
        else:
            errors["user"] = _("Choose a person from the list.")


def _filters(request: Request) -> tuple[dict, dict[str, str], dict[str, str]]:
    """Query-string filters -> (ORM filter kwargs, the values to show again, errors)."""
    params = request.query_params
    shown = {k: params.get(k, "")[:100].strip() for k in FILTERS}
    query: dict = {}
    errors: dict[str, str] = {}
    _choice_filters(shown, query, errors)
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


async def _people() -> list[tuple[int, str]]:
    rows = (
        await User.filter(audit_entries__id__isnull=False)
        .distinct()
        .values("id", "full_name", "username")
    )
    return sorted(
        ((r["id"], r["full_name"] or r["username"]) for r in rows), key=lambda p: p[1].lower()
    )


async def audit_log(request: Request) -> Response:
    query, shown, errors = _filters(request)
    page_number = 1
    if not errors:
        page_text = request.query_params.get("page", "1")
        page_number = forms.integer(page_text, "page", minimum=1, maximum=100_000) or 1
    entries = (
        []
        if errors
        else await AuditEntry.filter(**query)
        .select_related("user")
        .order_by("-at", "-id")
        .offset((page_number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    )
    filter_query = urlencode({k: v for k, v in shown.items() if v})
    context: dict[str, Any] = {
        "rows": await audit_register.describe(entries[:PAGE_SIZE]),
        "has_next": len(entries) > PAGE_SIZE,
        "page_number": page_number,
        "form": shown,
        "errors": errors,
        "filter_query": filter_query,
        "object_types": audit_register.object_choices(),
        "actions": audit_register.action_choices(),
        "people": await _people(),
    }
    return render(
        request, "core/audit.html", context, status_code=422 if errors else 200, fragment="results"
    )


async def audit_export(request: Request) -> Response:
    """The filtered log as an Excel workbook (at most EXPORT_LIMIT newest entries)."""
    query, _shown, errors = _filters(request)
    if errors:
        raise Invalid(errors)
    entries = (
        await AuditEntry.filter(**query)
        .select_related("user")
        .order_by("-at", "-id")
        .limit(EXPORT_LIMIT)
    )
    rows = await audit_register.describe(entries)
    body = await offload.run_in_process(to_xlsx, rows)
    stamp = dt.datetime.now(LOCAL_TZ).strftime("%Y%m%d-%H%M")
    return Response(
        body,
        media_type=XLSX_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="nhat-ky-thay-doi-{stamp}.xlsx"',
            "Cache-Control": "no-store",
        },
    )


routes = [
    page("/audit", audit_log, access=READERS, name="audit_log"),
    page("/audit/export.xlsx", audit_export, access=READERS, name="audit_export"),
]

add_nav_item(N_("Audit log"), "audit_log", READERS, order=80)
