"""Where the tests run: the checkout, the PostgreSQL server, the secret, CI or not.

Outside CI a missing PostgreSQL or Chromium skips the tests that need it, with a reason; under
CI=true it fails them, so CI can never pass by skipping.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI") == "true"
PG_URL = os.environ.get("OCOPFAIR_TEST_PG", "postgres://postgres@127.0.0.1:5432/test")
TEST_SECRET = "test-secret-key-not-for-production"


def skip_or_fail(reason: str) -> None:
    import pytest  # here, not at the top: benchmarks import this package without pytest

    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this must run, not skip)")
    pytest.skip(reason)


def postgres_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False
