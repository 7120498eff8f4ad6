"""Models of what happens at the booth beyond SalesRecord/Buyer/TradeDeal (see booths.models)."""

from __future__ import annotations

LABELS: dict = {}
