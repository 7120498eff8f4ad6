"""Conditional GET (RFC 9110 §13): ETag, Last-Modified and 304 Not Modified for generated files.

A client that sends If-None-Match gets 304 when one of its tags is the answer's ETag (weak
comparison, as GET allows); only without If-None-Match does If-Modified-Since count, and then
304 comes when nothing changed after that second. A malformed header (a tag without quotes, a
date that is not an HTTP date) is ignored as if it had not been sent: the full answer, never an
error, since a cache or proxy may garble what it forwards.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from email.utils import format_datetime, parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import Response

# One entity tag: optionally weak (W/), a quoted string of visible characters (RFC 9110 8.8.3).
_TAG = re.compile(r'\s*(?:W/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)')


def etag_of(body: bytes) -> str:
    """A strong tag from the content itself: the same bytes give the same tag on every worker."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


@functools.lru_cache(maxsize=256)  # a feed answers with the same date until its events change
def http_date(moment: dt.datetime) -> str:
    return format_datetime(moment.astimezone(dt.UTC).replace(microsecond=0), usegmt=True)


def _tags(header: str) -> list[str] | None:
    """The opaque tags of If-None-Match ("*" for any); None when the header cannot be read."""
    if header.strip() == "*":
        return ["*"]
    tags, position = [], 0
    while position < len(header):
        match = _TAG.match(header, position)
        if not match:
            return None
        tags.append(match.group(1))
        position = match.end()
    return tags or None


def _since(header: str) -> dt.datetime | None:
    try:
        moment = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None or moment.tzinfo is None:
        return None
    return moment


def not_modified(request: Request, etag: str, last_modified: dt.datetime | None) -> bool:
    """Whether the client's copy (by its conditional headers) is still the current one."""
    none_match = request.headers.get("if-none-match")
    if none_match is not None:
        tags = _tags(none_match)
        if tags is not None:
            return "*" in tags or etag.strip('"') in tags
    since_header = request.headers.get("if-modified-since")
    if since_header is None or last_modified is None:
        return False
    since = _since(since_header)
    if since is None:
        return False
    return last_modified.astimezone(dt.UTC).replace(microsecond=0) <= since


def conditional(
    request: Request,
    body: bytes,
    *,
    etag: str,
    last_modified: dt.datetime | None,
    media_type: str,
    headers: dict[str, str],
) -> Response:
    """200 with the body, or 304 without it; both carry the validators and `headers`."""
    validators = {"ETag": etag, **headers}
    if last_modified is not None:
        validators["Last-Modified"] = http_date(last_modified)
    if not_modified(request, etag, last_modified):
        return Response(status_code=304, headers=validators)
    return Response(body, media_type=media_type, headers=validators)
