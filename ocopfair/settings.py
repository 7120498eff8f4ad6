"""Settings read once from the environment, so one image runs anywhere.

Every setting has a safe default for a laptop: a SQLite file next to the code and a
secret key generated on first run and kept in var/ (so sessions survive restarts).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("OCOPFAIR_VAR_DIR", BASE_DIR / "var"))
TIMEZONE = "Asia/Ho_Chi_Minh"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def _secret_key() -> str:
    if key := os.environ.get("OCOPFAIR_SECRET_KEY"):
        return key
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _default_database_url() -> str:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite://{VAR_DIR / 'ocopfair.sqlite3'}"


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def public_base_url(value: str) -> str:
    """The site's public address, checked once at start-up: http(s), a host, no query.

    Every absolute URL the app writes (QR codes, calendar links, API links, e-mails) starts
    with it, never with the Host header of a request, which anyone can set.
    """
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"OCOPFAIR_BASE_URL must look like https://hoicho.example.vn: {value!r}")
    return value.strip().rstrip("/")


def _host_list(value: str) -> tuple[str, ...]:
    return tuple(h.strip().lower() for h in value.split(",") if h.strip())


@dataclass(frozen=True)
class Settings:
    database_url: str = field(
        default_factory=lambda: os.environ.get("DATABASE_URL") or _default_database_url()
    )
    secret_key: str = field(default_factory=_secret_key)
    # A signed session cookie older than this is refused and the person logs in again.
    session_max_age: int = int(os.environ.get("OCOPFAIR_SESSION_MAX_AGE", 12 * 3600))
    max_body_size: int = int(os.environ.get("OCOPFAIR_MAX_BODY", 10 * 1024 * 1024))
    debug: bool = os.environ.get("OCOPFAIR_DEBUG") == "1"
    # Public pre-registration (each makes a QR ticket): at most this many per client address,
    # and per event from every address together, in each window of this many seconds. Counted
    # in the database (ocopfair.throttle), so the limits hold across all app workers. The
    # per-event ceiling only stops a flood from many addresses; a real rush stays far below it.
    register_window_seconds: int = int(os.environ.get("OCOPFAIR_REGISTER_WINDOW", 600))
    register_per_client: int = int(os.environ.get("OCOPFAIR_REGISTER_PER_CLIENT", 10))
    register_per_event: int = int(os.environ.get("OCOPFAIR_REGISTER_PER_EVENT", 1000))
    # How old a worker's copy of the province profile may grow before it reads it again
    # (ocopfair.province): a profile saved in another worker shows within this time.
    province_cache_seconds: float = float(os.environ.get("OCOPFAIR_PROVINCE_CACHE", 60))
    # The public address (scheme, host, optional port and path prefix) of the site.
    base_url: str = field(
        default_factory=lambda: os.environ.get("OCOPFAIR_BASE_URL", "http://localhost:8000")
    )
    # Host headers accepted (others get 400). Empty: the base URL's host and the loopback names.
    allowed_hosts: tuple[str, ...] = field(
        default_factory=lambda: _host_list(os.environ.get("OCOPFAIR_ALLOWED_HOSTS", ""))
    )
    # Addresses of reverse proxies whose X-Forwarded-For/-Proto are believed ("" = none).
    forwarded_allow_ips: str = field(
        default_factory=lambda: os.environ.get("OCOPFAIR_FORWARDED_ALLOW_IPS", "")
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", public_base_url(self.base_url))

    def trusted_hosts(self) -> list[str]:
        if self.allowed_hosts:
            return list(self.allowed_hosts)
        host = urlsplit(self.base_url).hostname or ""
        return [host.lower(), *(h for h in LOOPBACK_HOSTS if h != host.lower())]


def get_settings() -> Settings:
    return Settings()
