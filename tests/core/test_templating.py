"""Rendering pages: what a route's context may not do."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from ocopfair.templating import render


@pytest.mark.parametrize("key", ["url", "static", "label"])
def test_a_context_key_may_not_hide_a_template_function(key):
    # The layout calls url(), static() and label(): a page passing a value under one of these
    # names would break on every request, so it fails at once with a sentence instead.
    request = Request({"type": "http", "method": "GET", "path": "/", "headers": []})
    with pytest.raises(ValueError, match=f"'{key}'"):
        render(request, "core/error.html", {key: "x"})
