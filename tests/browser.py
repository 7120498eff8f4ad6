"""A real headless Chromium (Debian's, never a downloaded one) and tabs that watch for errors."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import AsyncIterator
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextlib.asynccontextmanager
async def watched_page(browser: Any, width: int = 390, height: int = 844) -> AsyncIterator[Any]:
    """A fresh browser tab that fails the test on a script error, a Content-Security-Policy
    violation or a script/stylesheet/image that did not load. (A 4xx *page* is an answer,
    e.g. a wrong password, so documents are not counted.)"""
    context = await browser.new_context(viewport={"width": width, "height": height})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400
            and r.request.resource_type in {"script", "stylesheet", "image", "font"}
            else None
        ),
    )
    try:
        yield page
    finally:
        await context.close()
    assert errors == [], f"the browser reported errors: {errors}"
