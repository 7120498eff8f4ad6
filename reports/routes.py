"""Pages of the reports: an event's report tab, the period report, their exports and print views.

Officials, organizers and admins read every report. An exhibitor gets 403 on the full report
and reads instead /events/{id}/report/mine: the event's public totals and its own figures.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from events.models import EventKind, EventLevel
from ocopfair.auth import READERS, allow, page
from ocopfair.errors import Invalid
from ocopfair.i18n import N_, language, local_today
from ocopfair.i18n import gettext as _
from ocopfair.models import Locality, Role
from ocopfair.navigation import add_event_tab, add_nav_item, event_tabs
from ocopfair.templating import label, render
from reports import exports, pdf
from reports.access import load_event, require_participant
from reports.charts import chart_uris
from reports.event_report import event_report
from reports.exhibitor_report import exhibitor_report
from reports.period_report import PeriodFilter, parse_filter, period_report
from reports.sections import Report

FORMATS = ("xlsx", "csv", "pdf")
EXPORT_LANGUAGE = "vi"  # officials file in Vietnamese, whatever language the page is in


def _download(body: bytes, media_type: str, name: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


async def _export(report_of: Any, fmt: str, stem: str) -> Response:
    # Built in Vietnamese: headers, labels and sheet names are what the offices file.
    with language(EXPORT_LANGUAGE):
        report: Report = await report_of()
        if fmt == "xlsx":
            return _download(
                exports.to_xlsx(report), exports.XLSX_TYPE, exports.filename(stem, "xlsx")
            )
        return _download(
            exports.to_csv(report), "text/csv; charset=utf-8", exports.filename(stem, "csv")
        )


# --- One event ----------------------------------------------------------------------------------


async def event_report_page(request: Request) -> Response:
    event = await load_event(request.path_params["event_id"])
    report = await event_report(event)
    return render(
        request,
        "reports/event.html",
        {
            "event": event,
            "report": report,
            "charts": chart_uris(report),
            "tabs": event_tabs(event.id),
            "current_tab": "report",
            "query": "",
            "pdf_ready": pdf.available(),
        },
    )


def _print_view(request: Request, report: Report) -> Response:
    return render(
        request,
        "reports/print.html",
        {"report": report, "charts": chart_uris(report, printed=True), "printed_on": local_today()},
    )


async def event_report_print(request: Request) -> Response:
    event = await load_event(request.path_params["event_id"])
    return _print_view(request, await event_report(event))


def _format(request: Request) -> str:
    fmt = request.path_params["fmt"]
    if fmt not in FORMATS:
        raise HTTPException(404)
    return fmt


async def event_report_export(request: Request) -> Response:
    fmt = _format(request)
    event = await load_event(request.path_params["event_id"])
    stem = f"bao-cao-su-kien-{event.id}"
    if fmt == "pdf":
        return await _pdf(request, lambda: event_report(event), stem)
    return await _export(lambda: event_report(event), fmt, stem)


async def my_event_report(request: Request) -> Response:
    event = await load_event(request.path_params["event_id"])
    exhibitor_id = await require_participant(request.state.user, event)
    report = await exhibitor_report(event, exhibitor_id)
    return render(request, "reports/mine.html", {"event": event, "report": report})


# --- A period -----------------------------------------------------------------------------------


async def _filter_choices() -> dict[str, Any]:
    return {
        "kinds": [(k.value, label(k)) for k in EventKind],
        "levels": [(v.value, label(v)) for v in EventLevel],
        "localities": await Locality.all().values_list("id", "name"),
        "presets": _presets(),
    }


def _presets() -> list[tuple[str, str]]:
    year = local_today().year
    items = []
    for y in (year, year - 1):
        items.append((str(y), _("Year %(year)d") % {"year": y}))
        items.append((f"{y}-H1", _("First 6 months of %(year)d") % {"year": y}))
        for q in range(1, 5):
            items.append((f"{y}-Q{q}", _("Quarter %(q)d of %(year)d") % {"q": q, "year": y}))
    return items


async def period_page(request: Request) -> Response:
    params = request.query_params
    form = {
        k: params.get(k, "")
        for k in ("period", "date_from", "date_to", "kind", "level", "locality")
    }
    context: dict[str, Any] = {
        "form": form,
        "errors": {},
        "pdf_ready": pdf.available(),
        **await _filter_choices(),
    }
    try:
        period = parse_filter(params)
    except Invalid as exc:
        context["errors"] = exc.fields
        return render(
            request,
            "reports/period.html",
            {**context, "report": None},
            status_code=422,
            fragment="results",
        )
    report = await period_report(period)
    query = urlencode(period.query())
    context.update(report=report, charts=chart_uris(report), query=query, period=period)
    return render(request, "reports/period.html", context, fragment="results")


async def period_print(request: Request) -> Response:
    return _print_view(request, await period_report(parse_filter(request.query_params)))


async def period_export(request: Request) -> Response:
    fmt = _format(request)
    period: PeriodFilter = parse_filter(request.query_params)
    stem = f"bao-cao-{period.date_from.isoformat()}-{period.date_to.isoformat()}"
    if fmt == "pdf":
        return await _pdf(request, lambda: period_report(period), stem)
    return await _export(lambda: period_report(period), fmt, stem)


async def _pdf(request: Request, report_of: Any, stem: str) -> Response:
    with language(EXPORT_LANGUAGE):
        html = bytes(_print_view(request, await report_of()).body).decode("utf-8")
    body = await pdf.html_to_pdf(html)
    return _download(body, "application/pdf", exports.filename(stem, "pdf"))


routes: list[BaseRoute] = [
    page("/events/{event_id:int}/report", event_report_page, access=READERS, name="event_report"),
    page(
        "/events/{event_id:int}/report/print",
        event_report_print,
        access=READERS,
        name="event_report_print",
    ),
    page(
        "/events/{event_id:int}/report.{fmt:str}",
        event_report_export,
        access=READERS,
        name="event_report_export",
    ),
    page(
        "/events/{event_id:int}/report/mine",
        my_event_report,
        access=allow(Role.EXHIBITOR),
        name="my_event_report",
    ),
    page("/reports", period_page, access=READERS, name="period_report"),
    page("/reports/print", period_print, access=READERS, name="period_report_print"),
    page("/reports.{fmt:str}", period_export, access=READERS, name="period_report_export"),
]

add_nav_item(N_("Reports"), "period_report", READERS, order=60)
add_event_tab("report", N_("Report"), "event_report", order=60, access=READERS)
