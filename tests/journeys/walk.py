"""A person's way through the app in a real Chromium, checked by axe-core on every page.

A `Walk` starts at the login page and then only clicks and types (no page.goto after signing
in): `click()` follows a visible button or link, `menu()` opens the phone menu first when it
is closed. Every page it arrives on is checked by axe-core (tests/vendor/axe-core, MPL-2.0) at
390×844 and at 1280×800 (the tab is resized, not reloaded): a critical or serious violation
fails the journey; moderate ones are listed in `moderate` and as warnings.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.factories import PASSWORD

AXE = (Path(__file__).parents[1] / "vendor" / "axe-core" / "axe.min.js").read_text()
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
BLOCKING = {"critical", "serious"}
# OCOPFAIR_JOURNEY_SHOTS=/tmp/dir: a full-page screenshot of every page at both sizes, to look at.
SHOTS = os.environ.get("OCOPFAIR_JOURNEY_SHOTS", "")


@dataclass
class Walk:
    page: Any
    base: str
    size: str = "phone"
    visited: list[str] = field(default_factory=list)
    blocking: list[str] = field(default_factory=list)
    moderate: list[str] = field(default_factory=list)

    async def arrive(self) -> None:
        """After a navigation: axe at both sizes, then back to the journey's size."""
        await self.page.wait_for_load_state("networkidle")
        path = self.page.url.removeprefix(self.base)
        self.visited.append(path)
        for name, (width, height) in SIZES.items():
            await self.page.set_viewport_size({"width": width, "height": height})
            await self.check(f"{path} @{name}")
            if SHOTS:
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                slug = re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_") or "home"
                shot = f"{SHOTS}/{len(self.visited):02d}-{slug}-{name}.png"
                await self.page.screenshot(path=shot, full_page=True)
        width, height = SIZES[self.size]
        await self.page.set_viewport_size({"width": width, "height": height})

    async def check(self, where: str) -> None:
        if not await self.page.evaluate("typeof window.axe !== 'undefined'"):
            await self.page.evaluate(AXE)  # through the debugger: the page's CSP stays as it is
        result = await self.page.evaluate(
            "axe.run(document, {resultTypes: ['violations']})"
            ".then(r => r.violations.map(v => [v.id, v.impact, v.nodes.length,"
            " v.nodes.slice(0, 3).map(n => n.target.join(' '))]))"
        )
        for rule, impact, count, targets in result:
            line = f"{where}: {rule} ({impact}) ×{count} {targets}"
            (self.blocking if impact in BLOCKING else self.moderate).append(line)

    async def log_in(self, username: str, password: str = PASSWORD) -> None:
        await self.page.goto(self.base + "/login")
        await self.arrive()
        await self.page.fill("#f-username", username)
        await self.page.fill("#f-password", password)
        await self.click("main button[type=submit].primary")

    async def click(self, target: Any) -> None:
        """Click a selector, or a locator; then check the page it leads to."""
        locator = self.page.locator(target) if isinstance(target, str) else target
        async with self.page.expect_navigation():  # a link, a form, or htmx's HX-Redirect
            await locator.first.click()
        await self.arrive()

    async def button(self, name: str | re.Pattern[str]) -> None:
        """Click the link or button people read as `name`."""
        role_link = self.page.get_by_role("link", name=name)
        if await role_link.count():
            await self.click(role_link)
        else:
            await self.click(self.page.get_by_role("button", name=name))

    async def menu(self, name: str) -> None:
        """A main-menu entry, opening the phone menu first when it is closed."""
        link = self.page.locator("nav.mainnav").get_by_role("link", name=name, exact=True)
        if not await link.is_visible():
            await self.page.click("label.menu-button")
        await self.click(link)

    async def width_overflow(self, selector: str) -> int:
        """How many pixels `selector` reaches past its box (0: nothing hides to the right)."""
        return await self.page.eval_on_selector(
            selector, "e => Math.max(0, e.scrollWidth - e.clientWidth)"
        )

    def done(self) -> None:
        """The journey's accessibility verdict: moderate findings are listed (pytest's warnings
        summary), critical and serious ones fail."""
        for line in self.moderate:
            warnings.warn(f"axe-core moderate: {line}", stacklevel=2)
        assert self.blocking == [], "axe-core found critical/serious violations:\n" + "\n".join(
            self.blocking
        )
