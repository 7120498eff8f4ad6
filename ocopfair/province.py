"""The province this installation serves, as every page, print, export and calendar shows it.

The profile is one database row (ocopfair.models.ProvinceProfile). Pages read it on every
request, so each worker keeps a copy and reloads it when it is older than
`Settings.province_cache_seconds` (a change made in this worker shows at once; other workers
follow within that time). Before the first run's setup there is no row: pages then say plain
"OCOP" rather than a province's name.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from ocopfair.models import ProvinceProfile
from ocopfair.settings import Settings


@dataclass(frozen=True)
class Province:
    name: str = ""
    short_name: str = ""
    agency: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    has_logo: bool = False
    version: int = 0  # changes with every save: a cache key for the logo's address

    @property
    def title(self) -> str:
        """What follows "OCOP" in titles and headers: "OCOP Lạng Sơn", or "OCOP" alone."""
        return f"OCOP {self.name}" if self.name else "OCOP"

    @property
    def is_set_up(self) -> bool:
        return bool(self.name)


NO_PROVINCE = Province()
_cached: Province = NO_PROVINCE
_loaded_at: float | None = None


def current() -> Province:
    """The profile as this worker last read it (a template global: {{ province().name }})."""
    return _cached


def from_row(row: ProvinceProfile | None) -> Province:
    if row is None:
        return NO_PROVINCE
    return Province(
        name=row.name,
        short_name=row.short_name,
        agency=row.agency,
        address=row.address,
        phone=row.phone,
        email=row.email,
        has_logo=bool(row.logo),
        version=int(row.updated_at.timestamp()) if row.updated_at else 0,
    )


async def load() -> Province:
    """Read the profile now (one query) and keep it for the next requests."""
    global _cached, _loaded_at
    row = await ProvinceProfile.filter(singleton=1).first()
    _cached, _loaded_at = from_row(row), time.monotonic()
    return _cached


_loading: asyncio.Future[Province] | None = None


async def refresh_if_stale() -> Province:
    """Called before each page: no query unless this worker's copy has grown old. Requests
    that find it old together share one read (else each would query at every expiry)."""
    global _loading
    if _loaded_at is not None and (
        # The class's value, read from the environment at import: building Settings() here
        # would read the secret key's file on every page.
        time.monotonic() - _loaded_at <= Settings.province_cache_seconds
    ):
        return _cached
    loop = asyncio.get_running_loop()
    if _loading is not None and not _loading.done() and _loading.get_loop() is loop:
        return await asyncio.shield(_loading)
    _loading = loop.create_task(load())
    return await asyncio.shield(_loading)


def forget() -> None:
    """Read the profile again on the next request (after a save, a restore, a test's reset)."""
    global _cached, _loaded_at
    _cached, _loaded_at = NO_PROVINCE, None
