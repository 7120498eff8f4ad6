"""Styles and scripts written into a phone page instead of linked from it.

On a fairground's line (2 s a round trip) every linked stylesheet or script costs a second
round trip before the page can be used: the gate tally and the sales form, which must open
fast on such a line, carry theirs inside the HTML (gzipped with it), so they are usable one
round trip after they are asked for. Inline code stays forbidden otherwise: the page's
Content-Security-Policy names the SHA-256 of exactly these files, nothing else.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from ocopfair.security import CONTENT_SECURITY_POLICY
from ocopfair.static_files import static_dir
from ocopfair.templating import env, render

INLINED = (
    "app.css",
    "visitors.css",
    "sales.css",
    "js/offline.js",
    "js/tally.js",
    "js/sales-offline.js",
)


@cache
def _text(path: str) -> str:
    return (static_dir() / path).read_text(encoding="utf-8")


def inline(path: str) -> Markup:
    """The file's text, to write between <style> or <script> tags exactly as it is (the
    policy's hash is of these very characters)."""
    if path not in INLINED:
        raise ValueError(f"{path} is not one of the files the policy allows inline")
    return Markup(_text(path))  # noqa: S704 - our own static file, not user input


env.globals["inline"] = inline  # {{ inline("app.css") }} in the layout, when the page asks


def _source(path: str) -> str:
    digest = hashlib.sha256(_text(path).encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@cache
def policy() -> str:
    """The site's policy, allowing these files' contents inline and nothing more."""
    styles = " ".join(_source(p) for p in INLINED if p.endswith(".css"))
    scripts = " ".join(_source(p) for p in INLINED if p.endswith(".js"))
    return CONTENT_SECURITY_POLICY.replace(
        "script-src 'self'", f"script-src 'self' {scripts}"
    ).replace("style-src 'self'", f"style-src 'self' {styles}")


def render_inlined(
    request: Request, name: str, context: dict[str, Any], **options: Any
) -> Response:
    """`render()`, with the page's styles and scripts inside it and the policy that allows them."""
    response = render(request, name, {**context, "inline_assets": True}, **options)
    response.headers["content-security-policy"] = policy()
    return response
