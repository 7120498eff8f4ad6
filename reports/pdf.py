"""PDF of a print view, where the machine can make one: headless Chromium through Playwright.

The print page is rendered in-process and handed to Chromium as HTML; its stylesheets are
served to the browser straight from static/ (no network, no second login). When Playwright or
Chromium is missing the route answers 503 with a sentence, and the print view remains the way
to paper.
"""

from __future__ import annotations

import importlib.util
import mimetypes
import shutil
from pathlib import Path
from typing import Any

from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.settings import BASE_DIR
from ocopfair.static_files import original_name
from ocopfair.urls import static_url

ORIGIN = "http://report.invalid"
STATIC = BASE_DIR / "static"


class PdfUnavailable(Invalid):
    status_code = 503


def available() -> bool:
    """Whether this server can make PDFs: Playwright installed (pip install playwright) and a
    Chromium on the machine (Debian: apt-get install chromium). Pages show the PDF link only
    when it is true, and otherwise say what is missing."""
    return importlib.util.find_spec("playwright") is not None and chromium_path() is not None


def chromium_path() -> str | None:
    for candidate in ("/usr/lib/chromium/chromium", shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


async def html_to_pdf(html: str) -> bytes:
    """A4 PDF of a page; page numbers come from the page's own CSS @page rules."""
    executable = chromium_path()
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        executable = None
    if executable is None:
        raise PdfUnavailable(
            message=_(
                "PDF is not available on this server. Use the print view and your browser's "
                "'Save as PDF'."
            )
        )
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = await browser.new_page()
            await page.route("**/*", _serve_static)
            await page.goto(ORIGIN + "/__print__")
            await page.set_content(html, wait_until="load")
            return await page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            await browser.close()


async def _serve_static(route: Any) -> None:  # Playwright's Route
    url = route.request.url
    if url == ORIGIN + "/__print__":
        await route.fulfill(status=200, content_type="text/html", body="")
        return
    prefix = ORIGIN + static_url("")
    if url.startswith(prefix):
        name, _current = original_name(url[len(prefix) :].split("?")[0])
        path = (STATIC / name).resolve()
        if path.is_file() and STATIC.resolve() in path.parents:
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            await route.fulfill(status=200, content_type=kind, body=path.read_bytes())
            return
    if url.startswith("data:"):
        await route.continue_()
        return
    await route.abort()
