"""Fixtures of the deals tests: the running fair of the sales tests, and a buyer registry."""

from tests.sales.conftest import buyers, fair  # noqa: F401  (fixtures shared with sales)
