"""Counting the SQL statements a block of code sends, to prove a page's queries do not grow
with its rows."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class QueryCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.queries: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.queries.append(record.getMessage())

    @property
    def count(self) -> int:
        return len(self.queries)


@contextmanager
def count_queries() -> Iterator[QueryCounter]:
    """Counts SQL statements sent through Tortoise inside the block."""
    logger = logging.getLogger("tortoise.db_client")
    counter = QueryCounter()
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(old_level)
