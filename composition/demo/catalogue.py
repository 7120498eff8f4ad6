"""The demo's producers and products, planned in memory (pure, deterministic): the 16 named
producers and 49 named products of the seeds, and generated ones up to the province's totals
(186 producers, 432 products: 5 five-star, 107 four-star, 320 three-star)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from composition.demo.data import places, pools, seeds
from composition.demo.days import add_months
from composition.demo.naming import Names, describe

# The exhibitor account's producer. [000] cites it among the ethnic-minority and remote subjects.
DEMO_EXHIBITOR = "HTX Dịch vụ nông nghiệp và du lịch Bình Liêu"

# Named right after the seed's "15 ethnic-minority, remote or island subjects" sentence ([000]),
# so the demo flags them as such.
SEED_DISADVANTAGED = (DEMO_EXHIBITOR, "HTX Sản xuất và Kinh doanh ba kích Ba Chẽ")


@dataclass
class PlannedProduct:
    name: str
    group: str
    source: str
    stars: int = 0  # 0 until drawn
    certificate_number: str = ""
    certificate_date: dt.date | None = None

    @property
    def expiry(self) -> dt.date | None:
        # An OCOP rating lasts 36 months from its decision date.
        return add_months(self.certificate_date, 36) if self.certificate_date else None


@dataclass
class PlannedProducer:
    name: str
    kind: str
    locality: str | None
    source: str
    ethnic_minority: bool = False
    remote_area: bool = False
    island: bool = False
    tax_code: str | None = None
    address: str = ""
    contact_person: str = ""
    phone: str = ""
    commune: str = ""
    target: int = 0  # how many products a generated producer gets
    products: list[PlannedProduct] = field(default_factory=list)

    @property
    def disadvantaged(self) -> bool:
        return self.ethnic_minority or self.remote_area or self.island

    def certified(self, on: dt.date, groups: Sequence[str] = ()) -> list[PlannedProduct]:
        """Products whose certificate is valid on `on` (booths/eligibility.py's rule), those of
        `groups` first."""
        valid = [p for p in self.products if p.expiry and p.expiry >= on]
        return sorted(valid, key=lambda p: p.group not in groups)


def _spread(rng: random.Random, producers: list[PlannedProducer], total: int, cap: int) -> None:
    """Give every producer at least one product and `total` in all, at most `cap` each."""
    if not len(producers) <= total <= cap * len(producers):
        raise ValueError(f"cannot spread {total} products over {len(producers)} producers")
    for producer in producers:
        producer.target = 1
    for _ in range(total - len(producers)):
        rng.choice([p for p in producers if p.target < cap]).target += 1


def _pick_weighted(
    rng: random.Random, options: list[tuple[str, str]], primary: str | None, k: int
) -> list[tuple[str, str]]:
    """k distinct options, favouring the producer's main group (producers tend to specialise)."""
    options = list(options)
    chosen: list[tuple[str, str]] = []
    for _ in range(k):
        group = primary or (chosen[0][1] if chosen else None)
        weights = [4 if g == group else 1 for _n, g in options]
        pick = rng.choices(options, weights=weights)[0]
        options.remove(pick)
        chosen.append(pick)
    return chosen


def _plan_generated(
    rng: random.Random, named: list[PlannedProducer], orphans: dict[str, list[PlannedProduct]]
) -> list[PlannedProducer]:
    # The steps draw from one random sequence: their order is part of the demo's data.
    names = Names(rng, {p.name for p in named})
    producers = _generated_producers(rng)
    _share_product_counts(rng, producers, named)
    _place_orphans(rng, producers, orphans)
    _fill_products(rng, names, producers)
    return producers


def _generated_producers(rng: random.Random) -> list[PlannedProducer]:
    """The generated producers of each locality, the disadvantaged ones first (no products)."""
    kinds = [kind for kind, n in pools.GENERATED_KINDS.items() for _ in range(n)]
    rng.shuffle(kinds)
    producers: list[PlannedProducer] = []
    for code, count in pools.GENERATED_PRODUCERS.items():
        flagged, ethnic, remote, island = pools.DISADVANTAGED.get(code, (0, False, False, False))
        remote_communes, other_communes = places.COMMUNES[code]
        for i in range(count):
            is_flagged = i < flagged
            producer = PlannedProducer(
                name="",
                kind=kinds.pop(),
                locality=code,
                source="generated",
                ethnic_minority=is_flagged and ethnic,
                remote_area=is_flagged and remote,
                island=is_flagged and island,
            )
            producer.commune = rng.choice(
                remote_communes if is_flagged else remote_communes + other_communes
            )
            producers.append(producer)
    return producers


def _share_product_counts(
    rng: random.Random, producers: list[PlannedProducer], named: list[PlannedProducer]
) -> None:
    """Product counts: the flagged producers share exactly what figures.md S08/P12 leaves after
    the named ones; everyone else shares the rest of the 432."""
    flagged_producers = [p for p in producers if p.disadvantaged]
    others = [p for p in producers if not p.disadvantaged]
    named_products = sum(len(p.products) for p in named)
    named_flagged_products = sum(len(p.products) for p in named if p.disadvantaged)
    flagged_total = seeds.DISADVANTAGED_PRODUCTS - named_flagged_products
    _spread(rng, flagged_producers, flagged_total, cap=4)
    _spread(rng, others, sum(seeds.STARS_TOTAL.values()) - named_products - flagged_total, cap=5)


def _place_orphans(
    rng: random.Random,
    producers: list[PlannedProducer],
    orphans: dict[str, list[PlannedProduct]],
) -> None:
    """Named products without a named producer go to a generated producer of their locality."""
    for code, products in orphans.items():
        local = [p for p in producers if p.locality == code]
        for product in products:
            free = [p for p in local if len(p.products) < p.target]
            if not free:
                raise ValueError(f"no room for {product.name} in {code}")
            rng.choice(free).products.append(product)


def _fill_products(rng: random.Random, names: Names, producers: list[PlannedProducer]) -> None:
    """Each generated producer's other products, from its locality's specialities, and its
    name and description."""
    for producer in producers:
        brand = names.brand()
        taken = {p.name for p in producer.products}
        code = producer.locality or ""  # a generated producer always has one
        options = [o for o in pools.SPECIALITIES[code] if o[0] not in taken]
        primary = producer.products[0].group if producer.products else None
        for item, group in _pick_weighted(
            rng, options, primary, producer.target - len(producer.products)
        ):
            producer.products.append(PlannedProduct(f"{item} {brand}", group, "generated"))
        describe(rng, names, producer, brand)


def _draw_stars(rng: random.Random, products: list[PlannedProduct]) -> None:
    """Give unrated products stars so the totals are exactly 5 / 107 / 320 (figures.md P01-P04)."""
    needed = dict(seeds.STARS_TOTAL)
    for product in products:
        if product.stars:
            needed[product.stars] -= 1
    unrated = [p for p in products if not p.stars]
    if min(needed.values()) < 0 or sum(needed.values()) != len(unrated):
        raise ValueError(f"star totals cannot be met: {needed}, {len(unrated)} unrated")
    rng.shuffle(unrated)
    stars = [s for s in (5, 4, 3) for _ in range(needed[s])]
    for product, star in zip(unrated, stars, strict=True):
        product.stars = star


def _draw_certificates(
    rng: random.Random,
    products: list[PlannedProduct],
    today: dt.date,
    keep_valid: Sequence[PlannedProduct] = (),
) -> None:
    """Certificates by batch decisions; a few expired and a few expiring within 60 days.

    A rating lasts 36 months, so the windows are computed back from `today`. `keep_valid` stay
    out of the expired and expiring ones (the demo exhibitor must be able to apply).
    """

    def decisions(first: dt.date, last: dt.date, n: int) -> list[tuple[dt.date, str]]:
        span = (last - first).days
        days = sorted(first + dt.timedelta(days=rng.randint(0, span)) for _ in range(n))
        return [(d, f"QĐ {rng.randint(100, 4999)}/QĐ-UBND") for d in days]

    expired = decisions(add_months(today, -44), add_months(today, -36) - dt.timedelta(days=7), 3)
    expiring = decisions(
        add_months(today + dt.timedelta(days=5), -36),
        add_months(today + dt.timedelta(days=55), -36),
        2,
    )
    valid = decisions(
        add_months(today, -36) + dt.timedelta(days=75), today - dt.timedelta(days=15), 40
    )
    order = list(products)
    rng.shuffle(order)
    protected = {id(p) for p in keep_valid}
    order.sort(key=lambda p: id(p) in protected)  # stable: the shuffle stays otherwise
    for i, product in enumerate(order):
        pool = expired if i < 10 else expiring if i < 18 else valid
        product.certificate_date, product.certificate_number = rng.choice(pool)


def plan_catalogue(rng: random.Random, today: dt.date) -> list[PlannedProducer]:
    """All 186 producers with their 432 products, in memory."""
    named = [
        PlannedProducer(name, kind, code, source) for name, kind, code, source in seeds.EXHIBITORS
    ]
    by_name = {p.name: p for p in named}
    for name in SEED_DISADVANTAGED:
        by_name[name].ethnic_minority = by_name[name].remote_area = True
    orphans: dict[str, list[PlannedProduct]] = defaultdict(list)
    for name, _en, group, producer, code, source in seeds.PRODUCTS:
        # Stars of named products are demo values: the seeds rate no single product.
        product = PlannedProduct(
            name, group, source, pools.DEMO_STARS.get((name, producer or ""), 3)
        )
        if producer:
            by_name[producer].products.append(product)
        else:
            orphans[code or pools.ORPHAN_LOCALITY[name]].append(product)
    for name, items in pools.UNNAMED_PRODUCTS.items():
        for product_name, group, stars in items:
            by_name[name].products.append(PlannedProduct(product_name, group, "generated", stars))

    producers = named + _plan_generated(rng, named, orphans)
    products = [p for producer in producers for p in producer.products]
    _draw_stars(rng, products)
    _draw_certificates(rng, products, today, keep_valid=by_name[DEMO_EXHIBITOR].products)
    return producers
