"""Static files under fingerprinted names, cached for a year, and the version the service worker
carries.

`static("app.css")` in a template gives "/static/app.3f9c0a1b2d.css": the name carries a hash of
the file's bytes, computed once when the process starts. A changed file gets a new name, so a
phone may keep every file for a year without asking again (on slow 3G each "is it still the
same?" costs a two-second round trip), and a deployment is seen at once.

A request for a name whose hash is no longer current (a page cached before a deployment) still
gets today's file, but only with a short cache life.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from ocopfair.settings import BASE_DIR

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
_HASH = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{10})(?P<suffix>\.[A-Za-z0-9]+)$")


def static_dir() -> Path:
    """Where the files are; OCOPFAIR_STATIC_DIR lets a test serve a changed copy (a deployment)."""
    return Path(os.environ.get("OCOPFAIR_STATIC_DIR") or BASE_DIR / "static")


def _fingerprinted(name: str, digest: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{name}.{digest}"


@lru_cache(maxsize=1)
def fingerprints() -> dict[str, str]:
    """Each file's path under static/ → its fingerprinted path (read once per process)."""
    root = static_dir()
    names: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            name = path.relative_to(root).as_posix()
            names[name] = _fingerprinted(name, digest)
    return names


@lru_cache(maxsize=1)
def _originals() -> dict[str, str]:
    return {hashed: name for name, hashed in fingerprints().items()}


def version() -> str:
    """One hash of every static file: the service worker's cache name changes with it."""
    joined = "\n".join(sorted(fingerprints().values()))
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def hashed_name(path: str) -> str:
    """ "app.css" → "app.3f9c0a1b2d.css" (an unknown file keeps its name)."""
    name = path.lstrip("/")
    return fingerprints().get(name, name)


def original_name(path: str) -> tuple[str, bool]:
    """The file a fingerprinted name stands for, and whether the hash is the current one."""
    name = path.lstrip("/")
    if name in _originals():
        return _originals()[name], True
    match = _HASH.match(name)
    if match:
        return match["stem"] + match["suffix"], False
    return name, False


class FingerprintedStaticFiles(StaticFiles):
    """StaticFiles that understands fingerprinted names and says how long to keep each file."""

    def __init__(self) -> None:
        super().__init__(directory=static_dir())

    async def get_response(self, path: str, scope: Scope) -> Response:
        name, current = original_name(path)
        response = await super().get_response(name, scope)
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = IMMUTABLE if current else SHORT
        return response
