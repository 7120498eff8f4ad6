"""What a printed placard or badge shows of a producer: its booths, its best products, and a QR
code to its public page. The producer's own badge is made here; an event's sheet of placards
is filled by the booths domain (booths/exhibits.py), which knows who has a booth."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from exhibitors import qrcodes
from exhibitors.models import Exhibitor
from ocopfair.urls import absolute_url

PLACARD_PRODUCTS = 6


@dataclass
class Exhibit:
    """One producer at one event: its booths and the products it shows."""

    exhibitor: Exhibitor
    booths: list[str] = field(default_factory=list)
    products: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""
    qr: Any = ""


def with_codes(exhibits: list[Exhibit]) -> list[Exhibit]:
    """Give each exhibit the address of its producer's public page and its QR code."""
    for exhibit in exhibits:
        exhibit.url = absolute_url(qrcodes.producer_path(exhibit.exhibitor.id))
        exhibit.qr = qrcodes.qr_svg(exhibit.url, exhibit.exhibitor.name)
    return exhibits
