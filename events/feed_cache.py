"""The calendar files' cache: each worker keeps the feeds (and single events' .ics files) it
built, valid while the events' version in the database is the one they were built at.

The version is one cheap query over the event table (`VERSION_SQL`): how many events, the
highest id, the sum of their SEQUENCEs and the latest change. Every change of an event a feed
shows raises SEQUENCE (iCalendar requires it, or subscribed clients ignore the change) and
updated_at: an edit, a status change (a cancellation), a venue's new name or address (its
events' LOCATION, see events.venues.update_venue) and a locality merge (see office.merging);
a new event raises the count and the highest id. So any change moves the version, and every
worker sees it on its next request: nothing is served late, with no message between workers.

Requests in flight together share one version read (ocopfair.fresh_read), but never one that
began before they came: the next request after a change still sees it.

The version is read before the events: a change that lands between the two reads leaves an
entry newer than its version, which the next request replaces. Entries also expire after
`MAX_AGE` seconds, for what lies outside the event table (the province's name in the title).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any

from ocopfair import sql
from ocopfair.conditional import etag_of
from ocopfair.fresh_read import FreshRead

VERSION_SQL = (
    "SELECT count(*) AS n, max(id) AS top, sum(sequence) AS edits, max(updated_at) AS changed"
    " FROM event"
)
MAX_ENTRIES = 64
MAX_AGE = 300.0


@dataclass(frozen=True)
class Version:
    values: tuple[Any, ...]
    changed: dt.datetime | None  # the latest change of any event: the feeds' Last-Modified


@dataclass(frozen=True)
class Feed:
    version: Version
    body: bytes
    etag: str
    built: float
    subject: Any = None  # what the file was built from (one event's .ics: the event)


_entries: OrderedDict[Hashable, Feed] = OrderedDict()


async def _read_version() -> Version:
    [row] = await sql.fetch(sql.connection(), VERSION_SQL, [])
    return Version(
        (row["n"], row["top"], row["edits"], str(row["changed"])), sql.moment(row["changed"])
    )


_shared_version = FreshRead(_read_version)


async def current_version() -> Version:
    """The events' version now: read by this call, or by a read that began after it."""
    return await _shared_version()


def clear() -> None:
    _entries.clear()


async def feed(key: Hashable, build: Callable[[], Awaitable[tuple[bytes, Any]]]) -> Feed:
    """The file for `key` at the database's current version: from this worker's cache when it
    was built at that version (one query), else built now (`build` gives the bytes and what
    they were built from) and kept."""
    version = await current_version()
    entry = _entries.get(key)
    if entry and entry.version == version and time.monotonic() - entry.built < MAX_AGE:
        _entries.move_to_end(key)
        return entry
    body, subject = await build()
    entry = Feed(version, body, etag_of(body), time.monotonic(), subject)
    _entries[key] = entry
    _entries.move_to_end(key)
    while len(_entries) > MAX_ENTRIES:
        _entries.popitem(last=False)
    return entry
