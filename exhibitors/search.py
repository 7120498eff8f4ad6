"""Finding producers and products: search without diacritics, filters, sorting, paging, counts.

Every page of results costs the same few queries, whatever the number of rows: one page of
rows, one count, and one GROUP BY per summary dimension.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from exhibitors.models import Exhibitor, ExhibitorKind, Product, ProductGroup
from ocopfair.i18n import local_today
from ocopfair.models import Locality
from ocopfair.text import fold

PAGE_SIZE = 50
FLAGS = ("ethnic_minority", "remote_area", "island")
PRODUCER_SORTS = {
    "name": "name_search",
    "-name": "-name_search",
    "locality": "locality__name",
    "kind": "kind",
    "updated": "-updated_at",
}
PRODUCT_SORTS = {
    "name": "name_search",
    "-name": "-name_search",
    "stars": "-stars",
    "expiry": "certificate_expiry",
    "producer": "exhibitor__name_search",
    "updated": "-updated_at",
}


def whole_number(
    value: Any, default: int | None = None, lo: int = 1, hi: int = 100_000
) -> int | None:
    """A query-string number, clamped; anything else gives `default` (never an error)."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()):  # "²" is a digit to isdigit(), not to int()
        return default
    # Beyond 12 digits it is above any bound anyway (and int() of thousands of digits raises).
    return max(lo, min(hi, int(text[:12])))


def _one_of(value: Any, allowed: set[str]) -> str:
    return str(value) if value and str(value) in allowed else ""


def _all_values(params: Mapping[str, Any], name: str) -> list[str]:
    """Every value of a repeated query parameter (a plain dict holds one, or a list)."""
    getlist = getattr(params, "getlist", None)
    values = getlist(name) if getlist else params.get(name) or []
    return [values] if isinstance(values, str) else list(values)


@dataclass
class Filters:
    """What the person asked for, read leniently from the query string (bad values ignored)."""

    q: str = ""
    locality: int | None = None
    kind: str = ""
    group: str = ""
    stars: int | None = None
    flags: tuple[str, ...] = ()
    expiring_days: int | None = None
    exhibitor: int | None = None
    sort: str = "name"
    page: int = 1

    @classmethod
    def from_query(cls, params: Mapping[str, Any], sorts: Mapping[str, str]) -> Filters:
        """The filters a query string asks for; unknown values are dropped, not refused."""
        stars = whole_number(params.get("stars"))
        sort = str(params.get("sort") or "name")
        return cls(
            # NUL cannot be in PostgreSQL text, so it cannot be searched for either.
            q=" ".join(str(params.get("q") or "").replace("\x00", " ").split())[:200],
            locality=whole_number(params.get("locality")),
            kind=_one_of(params.get("kind"), {k.value for k in ExhibitorKind}),
            group=_one_of(params.get("group"), {g.value for g in ProductGroup}),
            stars=stars if stars in (3, 4, 5) else None,
            flags=tuple(f for f in FLAGS if f in _all_values(params, "flag")),
            expiring_days=whole_number(params.get("expiring"), None, 0, 3650),
            exhibitor=whole_number(params.get("exhibitor")),
            sort=sort if sort in sorts else "name",
            page=whole_number(params.get("page"), 1) or 1,
        )

    @property
    def product_level(self) -> bool:
        return bool(self.group or self.stars or self.expiring_days is not None)

    def query_items(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs (for paging and export links)."""
        items = [
            ("q", self.q),
            ("locality", self.locality),
            ("kind", self.kind),
            ("group", self.group),
            ("stars", self.stars),
            ("expiring", self.expiring_days),
            ("exhibitor", self.exhibitor),
            ("sort", self.sort),
        ]
        pairs = [(k, str(v)) for k, v in items if v not in (None, "")]
        return pairs + [("flag", f) for f in self.flags]


def _producer_q(f: Filters, prefix: str = "") -> Q:
    conditions: dict[str, Any] = {}
    if f.locality:
        conditions[prefix + "locality_id"] = f.locality
    if f.kind:
        conditions[prefix + "kind"] = f.kind
    if f.exhibitor:
        conditions[prefix + "id"] = f.exhibitor
    for name in f.flags:
        conditions[prefix + name] = True
    return Q(**conditions)


def _product_q(f: Filters, today: dt.date) -> Q:
    conditions: dict[str, Any] = {}
    if f.group:
        conditions["group"] = f.group
    if f.stars:
        conditions["stars"] = f.stars
    if f.expiring_days is not None:
        conditions["certificate_expiry__gte"] = today
        conditions["certificate_expiry__lte"] = today + dt.timedelta(days=f.expiring_days)
    return Q(**conditions)


def products_matching(f: Filters, today: dt.date | None = None) -> QuerySet[Product]:
    today = today or local_today()
    qs = Product.filter(_product_q(f, today), _producer_q(f, "exhibitor__"))
    if f.q:
        key = fold(f.q)
        qs = qs.filter(Q(name_search__contains=key) | Q(exhibitor__name_search__contains=key))
    return qs


def producers_matching(f: Filters, today: dt.date | None = None) -> QuerySet[Exhibitor]:
    """Producers passing the producer filters; with product filters, those with such a product."""
    today = today or local_today()
    qs = Exhibitor.filter(_producer_q(f))
    if f.product_level:
        qs = qs.filter(id__in=Subquery(Product.filter(_product_q(f, today)).values("exhibitor_id")))
    if f.q:
        key = fold(f.q)
        named = Product.filter(_product_q(f, today), name_search__contains=key)
        qs = qs.filter(
            Q(name_search__contains=key) | Q(id__in=Subquery(named.values("exhibitor_id")))
        )
    return qs


@dataclass
class Summary:
    """Counts at the top of the registry: products by stars and group, producers by kind and
    locality, all for the current filters."""

    producers: int = 0
    products: int = 0
    by_stars: dict[int, int] = field(default_factory=dict)
    by_group: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_locality: list[tuple[int | None, str, int]] = field(default_factory=list)


async def _grouped(qs: QuerySet, column: str) -> dict[Any, int]:
    rows = await qs.annotate(n=Count("id")).group_by(column).values(column, "n")
    return {row[column]: row["n"] for row in rows}


async def summarize(f: Filters, today: dt.date | None = None) -> Summary:
    products = products_matching(f, today)
    producers = producers_matching(f, today)
    by_stars = await _grouped(products, "stars")
    by_group = await _grouped(products, "group")
    by_kind = await _grouped(producers, "kind")
    by_locality_id = await _grouped(producers, "locality_id")
    names = dict(await Locality.all().values_list("id", "name"))
    by_locality = sorted(
        ((pk, names.get(pk, "") if pk else "", n) for pk, n in by_locality_id.items()),
        key=lambda row: (-row[2], row[1]),
    )
    return Summary(
        producers=sum(by_kind.values()),
        products=sum(by_stars.values()),
        by_stars={s: by_stars.get(s, 0) for s in (5, 4, 3)},
        by_group={str(g): n for g, n in by_group.items()},
        by_kind={str(k): n for k, n in by_kind.items()},
        by_locality=by_locality,
    )


@dataclass
class Page:
    items: list[Any]
    total: int
    number: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


async def paginate(qs: QuerySet, page: int, size: int = PAGE_SIZE) -> Page:
    total = await qs.count()
    number = min(page, max(1, math.ceil(total / size)))
    items = await qs.offset((number - 1) * size).limit(size)
    return Page(items, total, number, size)


async def producer_page(f: Filters) -> Page:
    qs = producers_matching(f).select_related("locality").order_by(PRODUCER_SORTS[f.sort], "id")
    page = await paginate(qs, f.page)
    counts = (
        await _grouped(Product.filter(exhibitor_id__in=[e.id for e in page.items]), "exhibitor_id")
        if page.items
        else {}
    )
    for exhibitor in page.items:
        exhibitor.product_count = counts.get(exhibitor.id, 0)
    return page


# A product's own columns, read as plain rows so no photo bytes are loaded (pages and API).
PRODUCT_OWN_COLUMNS = (
    "id",
    "name",
    "group",
    "stars",
    "certificate_number",
    "certificate_date",
    "certificate_expiry",
    "traceability_url",
    "photo_type",
)
# A product list's columns: its own, and its producer's.
PRODUCT_COLUMNS = (
    *PRODUCT_OWN_COLUMNS,
    "exhibitor_id",
    "exhibitor__name",
    "exhibitor__locality__name",
)


async def product_page(f: Filters) -> Page:
    qs = products_matching(f).order_by(PRODUCT_SORTS[f.sort], "id")
    total = await qs.count()
    number = min(f.page, max(1, math.ceil(total / PAGE_SIZE)))
    rows = await qs.offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE).values(*PRODUCT_COLUMNS)
    return Page(rows, total, number)
