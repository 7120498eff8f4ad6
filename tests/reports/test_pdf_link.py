"""The PDF link is shown only where the server can make a PDF; otherwise the page says what is
missing and points to the print view (issue 17, item 9)."""

from __future__ import annotations

import pytest

from reports import pdf
from tests.login import login

MISSING = "chưa tạo được tệp PDF"


@pytest.mark.parametrize("ready", [True, False])
async def test_the_pdf_link_follows_what_the_server_can_do(client, fair, monkeypatch, ready):
    monkeypatch.setattr(pdf, "available", lambda: ready)
    await login(client, "official")
    event_id = fair["event"].id
    event_page = await client.get(f"/events/{event_id}/report")
    period_page = await client.get("/reports?date_from=01/01/2025&date_to=31/12/2025")
    for page in (event_page, period_page):
        assert page.status_code == 200
        assert (".pdf" in page.text) is ready
        assert (MISSING in page.text) is not ready
        assert "print" in page.text  # the print view is always offered


def test_available_is_false_without_chromium(monkeypatch) -> None:
    monkeypatch.setattr(pdf, "chromium_path", lambda: None)
    assert pdf.available() is False
