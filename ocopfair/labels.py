"""Display names of enum values. Each domain's models module registers its LABELS here when it
is imported; `{{ label(event.status) }}` shows the name in the page's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_LABELS: dict[Any, str] = {}


def add_labels(labels: Mapping[Any, str]) -> None:
    _LABELS.update(labels)


def label_id(value: Any) -> str:
    """The English message id naming `value` (the value itself when it has none)."""
    return _LABELS.get(value, str(value))
