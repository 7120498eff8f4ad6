"""Which modules hold models, and where the migrations are: the app's Tortoise configuration.

The core (ocopfair.database) knows how to connect; only this layer knows the domains.
"""

from __future__ import annotations

from typing import Any

from ocopfair import database
from ocopfair.settings import get_settings

# Every module with models, in dependency order (leaves first).
MODEL_MODULES = [
    "ocopfair.models",
    "ocopfair.notice_models",
    "exhibitors.models",
    "events.models",
    "booths.models",
    "sales.models",
    "visitors.models",
    "deals.models",
    "results.models",
    "reports.models",
    "office.models",
]
MIGRATIONS = "composition.migrations"


def tortoise_config(url: str | None = None) -> dict[str, Any]:
    return database.tortoise_config(url or get_settings().database_url, MODEL_MODULES, MIGRATIONS)


async def migrate_database(url: str | None = None) -> None:
    """Bring the database at `url` to the current schema by applying committed migrations."""
    await database.migrate_database(tortoise_config(url))


def __getattr__(name: str) -> Any:
    # For the `tortoise` command line (pyproject's [tool.tortoise]); built on first use so that
    # importing this module reads no settings.
    if name == "TORTOISE_ORM":
        return tortoise_config()
    raise AttributeError(name)
