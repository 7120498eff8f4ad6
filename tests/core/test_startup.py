"""What the served app does when it starts: connect, then freeze what start-up built."""

from __future__ import annotations

import subprocess
import sys

from tests.environment import ROOT, TEST_SECRET

# Run in a process of its own: the lifespan connects Tortoise globally, and closes it on exit,
# which must not touch the test session's own connections.
PROBE = """
import asyncio, gc
from composition.app import create_app
from ocopfair.settings import Settings

async def main():
    app = create_app(Settings(secret_key={secret!r}, database_url={url!r}))
    before = gc.get_freeze_count()
    async with app.router.lifespan_context(app):
        print(before, gc.get_freeze_count())

asyncio.run(main())
"""


def test_startup_objects_are_kept_out_of_full_collections(tmp_path):
    code = PROBE.format(secret=TEST_SECRET, url=f"sqlite://{tmp_path / 'startup.sqlite3'}")
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    before, after = map(int, result.stdout.split())
    assert before == 0
    # The routes, models, catalogs and templates made at start-up are all in the frozen set.
    assert after > 10_000
