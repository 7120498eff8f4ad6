"""Load a realistic demo database for Quảng Ninh: producers, products, venues, fairs, users.

Everything that the seeds name (localities, 16 producers, 49 products, 16 buyers) is loaded as
written; the rest is generated to reach the province's published totals (186 producers, 432
products: 5 five-star, 107 four-star, 320 three-star) and marked source="generated". A fixed
random seed makes every run identical for a given `today`; all dates are relative to `today`, so
a demo loaded any day has a finished fair, a running connection week and fairs to apply to.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from tortoise.models import Model
from tortoise.transactions import in_transaction

from booths.models import (
    AllocationRules,
    ApplicationReview,
    ApplicationStatus,
    AssignmentKind,
    Booth,
    BoothApplication,
    BoothAssignment,
    BoothType,
    PaymentStatus,
    ReviewStep,
)
from composition.demo_data import pools, seeds
from deals.models import Buyer, BuyerKind, DealStatus, TradeDeal
from events.models import (
    AllocationMode,
    Event,
    EventKind,
    EventLevel,
    EventSeries,
    EventStatus,
    Venue,
    VenueKind,
)
from exhibitors.models import Exhibitor, ExhibitorKind, Product, ProductGroup
from ocopfair.models import Locality, LocalityKind, Role, User
from ocopfair.passwords import hash_password
from ocopfair.settings import TIMEZONE
from ocopfair.text import fold
from sales.models import SalesRecord
from visitors.models import Direction, Gate, GateCount, GateKind

DEMO_PASSWORD = "demo1234"

# (username, role, full name). The people are made up; the exhibitor account acts for a real
# cooperative named in the seeds, so the self-service pages show real products.
DEMO_USERS: list[tuple[str, str, str]] = [
    ("admin", Role.ADMIN.value, "Nguyễn Minh Quân"),
    ("organizer", Role.ORGANIZER.value, "Phạm Thu Hà"),
    ("exhibitor", Role.EXHIBITOR.value, "Hoàng Thị Liên"),
    ("gate", Role.GATE_STAFF.value, "Trần Văn Dũng"),
    ("official", Role.OFFICIAL.value, "Đỗ Thị Thanh Hương"),
]
# A local OCOP office's organizer, bound to Bình Liêu, to show locality-limited editing.
LOCAL_ORGANIZER: tuple[str, str, str, str] = (
    "organizer_bl",
    Role.ORGANIZER.value,
    "Lục Văn Thắng",
    "BL",
)

# The exhibitor account's producer. [000] cites it among the ethnic-minority and remote subjects.
DEMO_EXHIBITOR = "HTX Dịch vụ nông nghiệp và du lịch Bình Liêu"
# Named right after the seed's "15 ethnic-minority, remote or island subjects" sentence ([000]),
# so the demo flags them as such.
SEED_DISADVANTAGED = (DEMO_EXHIBITOR, "HTX Sản xuất và Kinh doanh ba kích Ba Chẽ")

RANDOM_SEED = 2013  # the year the Quảng Ninh OCOP programme started
STEPS = (
    "localities",
    "producers",
    "products",
    "venues",
    "buyers",
    "events",
    "booths",
    "gates and counts",
    "sales",
    "users",
)

LOCAL_TZ = ZoneInfo(TIMEZONE)
OPENS, CLOSES = dt.time(8, 0), dt.time(22, 0)  # local wall-clock (Event.opens_at is text)
BUCKET_MINUTES = 15
# Share of a day's entries per opening hour (08:00 ... 21:00): a morning bump, a quiet midday and
# the evening peak typical of Vietnamese fairs. Demo values.
HOURLY_WEIGHTS = (0.35, 0.6, 0.8, 0.8, 0.55, 0.5, 0.6, 0.8, 0.95, 1.15, 1.6, 1.75, 1.45, 0.7)
WEEKDAY_WEIGHTS = (0.8, 0.8, 0.85, 0.9, 1.1, 1.5, 1.45)  # Monday ... Sunday
STAY_BUCKETS = 6  # visitors stay about 1.5 hours, so exits trail entries by six buckets

# Booth zones by OCOP product group: (code letter, zone name, groups shown there).
ZONES: dict[str, tuple[str, tuple[str, ...]]] = {
    "A": ("Thực phẩm", (ProductGroup.FOOD.value,)),
    "B": ("Đồ uống", (ProductGroup.DRINKS.value,)),
    "C": ("Thảo dược", (ProductGroup.HERBAL.value,)),
    "D": ("Thủ công – lưu niệm", (ProductGroup.SOUVENIRS_DECOR.value, ProductGroup.TEXTILES.value)),
    "E": ("Du lịch nông thôn", (ProductGroup.RURAL_TOURISM.value,)),
}
PROVINCIAL_FAIR_ZONES = [("A", 34), ("B", 12), ("C", 7), ("D", 5), ("E", 2)]  # 60 booths
UPCOMING_FAIR_ZONES = [("A", 44), ("B", 16), ("C", 10), ("D", 6), ("E", 4)]  # 80 booths
CONNECTION_WEEK_ZONES = [("A", 18), ("B", 7), ("C", 3), ("D", 2)]  # 30 booths (figures.md F08)
LOCAL_FAIR_ZONES = [("A", 12), ("B", 4), ("C", 2), ("D", 2)]

# Demo money values, integer VND: a 3x3 m booth at a provincial fair, and a booth's typical takings
# and unit price per OCOP group on an average fair day.
FAIR_FEES = {BoothType.STANDARD.value: 3_000_000, BoothType.CORNER.value: 3_500_000}
LOCAL_FEES = {BoothType.STANDARD.value: 500_000, BoothType.CORNER.value: 700_000}
DAILY_TAKINGS = {
    "food": 6_500_000,
    "drinks": 7_000_000,
    "herbal": 5_000_000,
    "textiles": 3_500_000,
    "souvenirs_decor": 6_000_000,
    "rural_tourism_services": 2_500_000,
}
UNIT_PRICE = {
    "food": 90_000,
    "drinks": 180_000,
    "herbal": 250_000,
    "textiles": 220_000,
    "souvenirs_decor": 450_000,
    "rural_tourism_services": 350_000,
}

PROVINCE_OFFICE = "Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh"
TRADE_OFFICE = "Sở Công Thương tỉnh Quảng Ninh"
SEASONS = ("Xuân", "Xuân", "Xuân", "Hè", "Hè", "Hè", "Thu", "Thu", "Thu", "Đông", "Đông", "Đông")

Progress = Callable[[str, int, int], None]


# ---------------------------------------------------------------------------------------------
# Planning in memory (pure, deterministic), then loading in one transaction.


@dataclass
class _Product:
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
class _Producer:
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
    products: list[_Product] = field(default_factory=list)

    @property
    def disadvantaged(self) -> bool:
        return self.ethnic_minority or self.remote_area or self.island

    def certified(self, on: dt.date, groups: Sequence[str] = ()) -> list[_Product]:
        """Products whose certificate is valid on `on` (booths/eligibility.py's rule), those of
        `groups` first."""
        valid = [p for p in self.products if p.expiry and p.expiry >= on]
        return sorted(valid, key=lambda p: p.group not in groups)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's end (29/2 + 12 months = 28/2)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


class _Names:
    """Unique names, brands, phone numbers and tax codes drawn from one random stream."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng = rng
        self.used: set[str] = set(taken)

    def _unique(self, make: Callable[[], str]) -> str:
        while (value := make()) in self.used:
            pass
        self.used.add(value)
        return value

    def person(self, ethnic: bool = False) -> str:
        rng = self.rng
        gender = rng.choice(("male", "female"))
        surnames = pools.ETHNIC_SURNAMES if ethnic else pools.SURNAMES
        return " ".join(
            (
                rng.choice(surnames),
                rng.choice(pools.MIDDLE_NAMES[gender]),
                rng.choice(pools.GIVEN_NAMES[gender]),
            )
        )

    def brand(self) -> str:
        def make() -> str:
            first = self.rng.choice(pools.BRAND_FIRST)
            second = self.rng.choice([s for s in pools.BRAND_SECOND if s != first])
            return f"{first} {second}"

        return self._unique(make)

    def phone(self) -> str:
        return self._unique(lambda: "09" + "".join(self.rng.choices("0123456789", k=8)))

    def tax_code(self, prefix: str) -> str:
        digits = 10 - len(prefix)
        return self._unique(lambda: prefix + "".join(self.rng.choices("0123456789", k=digits)))

    def take(self, *candidates: str) -> str:
        """The first candidate name not used yet (the last one is made unique if need be)."""
        for name in candidates:
            if name not in self.used:
                self.used.add(name)
                return name
        return self._unique(lambda: f"{candidates[-1]} {self.rng.randint(2, 9)}")


def _trade(product_name: str) -> str:
    lowered = product_name.lower() + " "
    for keywords, trade in pools.TRADES:
        if any(k in lowered for k in keywords):
            return trade
    return pools.DEFAULT_TRADE


def _place(commune: str) -> str:
    """'xã Đồng Văn' -> 'Đồng Văn'."""
    for prefix in ("thị trấn ", "phường ", "xã "):
        if commune.startswith(prefix):
            return commune[len(prefix) :]
    return commune


_LOCALITY_LABEL = {"city": "TP", "town": "thị xã", "district": "huyện"}
_LOCALITY_NAMES = {
    code: f"{_LOCALITY_LABEL[kind]} {name}" for code, name, _en, kind in seeds.LOCALITIES
}


def _spread(rng: random.Random, producers: list[_Producer], total: int, cap: int) -> None:
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
    options, chosen = list(options), []
    for _ in range(k):
        group = primary or (chosen[0][1] if chosen else None)
        weights = [4 if g == group else 1 for _n, g in options]
        pick = rng.choices(options, weights=weights)[0]
        options.remove(pick)
        chosen.append(pick)
    return chosen


def _plan_generated(
    rng: random.Random, named: list[_Producer], orphans: dict[str, list[_Product]]
) -> list[_Producer]:
    names = _Names(rng, {p.name for p in named})
    kinds = [kind for kind, n in pools.GENERATED_KINDS.items() for _ in range(n)]
    rng.shuffle(kinds)
    producers: list[_Producer] = []
    for code, count in pools.GENERATED_PRODUCERS.items():
        flagged, ethnic, remote, island = pools.DISADVANTAGED.get(code, (0, False, False, False))
        remote_communes, other_communes = pools.COMMUNES[code]
        for i in range(count):
            is_flagged = i < flagged
            producer = _Producer(
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

    # Product counts: the flagged producers share exactly what figures.md S08/P12 leaves after the
    # named ones; everyone else shares the rest of the 432.
    flagged_producers = [p for p in producers if p.disadvantaged]
    others = [p for p in producers if not p.disadvantaged]
    named_products = sum(len(p.products) for p in named)
    named_flagged_products = sum(len(p.products) for p in named if p.disadvantaged)
    flagged_total = seeds.DISADVANTAGED_PRODUCTS - named_flagged_products
    _spread(rng, flagged_producers, flagged_total, cap=4)
    _spread(rng, others, sum(seeds.STARS_TOTAL.values()) - named_products - flagged_total, cap=5)

    # Named products without a named producer go to a generated producer of their locality.
    for code, products in orphans.items():
        local = [p for p in producers if p.locality == code]
        for product in products:
            free = [p for p in local if len(p.products) < p.target]
            if not free:
                raise ValueError(f"no room for {product.name} in {code}")
            rng.choice(free).products.append(product)

    for producer in producers:
        brand = names.brand()
        taken = {p.name for p in producer.products}
        options = [o for o in pools.SPECIALITIES[producer.locality] if o[0] not in taken]
        primary = producer.products[0].group if producer.products else None
        for item, group in _pick_weighted(
            rng, options, primary, producer.target - len(producer.products)
        ):
            producer.products.append(_Product(f"{item} {brand}", group, "generated"))
        _describe(rng, names, producer, brand)
    return producers


def _describe(rng: random.Random, names: _Names, producer: _Producer, brand: str) -> None:
    """Name, contact, address and tax code of a generated producer, from its main product."""
    code = producer.locality or ""
    trade = _trade(producer.products[0].name)
    place = _place(producer.commune)
    # Highland producers are often Tày, Sán Chỉ or Dao; those flagged ethnic-minority always are.
    ethnic = producer.ethnic_minority or (code in pools.HIGHLAND and rng.random() < 0.5)
    person = names.person(ethnic=ethnic)
    if producer.kind == ExhibitorKind.ENTERPRISE:
        form = rng.choice(("Công ty TNHH", "Công ty CP", "Công ty TNHH MTV"))
        producer.name = names.take(f"{form} {trade} {brand}")
        producer.tax_code = names.tax_code("57")  # 57: Quảng Ninh's prefix in tax codes
    elif producer.kind == ExhibitorKind.COOPERATIVE:
        producer.name = names.take(f"HTX {trade} {place}", f"HTX {trade} {brand}")
        producer.tax_code = names.tax_code("57")
    elif producer.kind == ExhibitorKind.COOP_GROUP:
        # A cooperative group (tổ hợp tác) has no legal personality and often no tax code.
        producer.name = names.take(
            f"Tổ hợp tác {trade.lower()} {place}", f"Tổ hợp tác {trade.lower()} {brand}"
        )
    else:
        producer.name = names.take(f"Hộ kinh doanh {person}")
        if rng.random() < 0.5:
            producer.tax_code = names.tax_code("8")  # personal tax codes start with 8
    producer.contact_person = person
    producer.phone = names.phone()
    unit = "Thôn" if producer.commune.startswith("xã") else "Tổ"
    producer.address = f"{unit} {rng.randint(1, 12)}, {producer.commune}, {_LOCALITY_NAMES[code]}"


def _draw_stars(rng: random.Random, products: list[_Product]) -> None:
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
    products: list[_Product],
    today: dt.date,
    keep_valid: Sequence[_Product] = (),
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


def plan_catalogue(rng: random.Random, today: dt.date) -> list[_Producer]:
    """All 186 producers with their 432 products, in memory."""
    named = [_Producer(name, kind, code, source) for name, kind, code, source in seeds.EXHIBITORS]
    by_name = {p.name: p for p in named}
    for name in SEED_DISADVANTAGED:
        by_name[name].ethnic_minority = by_name[name].remote_area = True
    orphans: dict[str, list[_Product]] = defaultdict(list)
    for name, _en, group, producer, code, source in seeds.PRODUCTS:
        # Stars of named products are demo values: the seeds rate no single product.
        product = _Product(name, group, source, pools.DEMO_STARS.get((name, producer or ""), 3))
        if producer:
            by_name[producer].products.append(product)
        else:
            orphans[code or pools.ORPHAN_LOCALITY[name]].append(product)
    for name, items in pools.UNNAMED_PRODUCTS.items():
        for product_name, group, stars in items:
            by_name[name].products.append(_Product(product_name, group, "generated", stars))

    producers = named + _plan_generated(rng, named, orphans)
    products = [p for producer in producers for p in producer.products]
    _draw_stars(rng, products)
    _draw_certificates(rng, products, today, keep_valid=by_name[DEMO_EXHIBITOR].products)
    return producers


# ---------------------------------------------------------------------------------------------
# Events: layout, choosing exhibitors, visitors and sales.


def _layout(
    event_id: int, zones: list[tuple[str, int]], fees: dict[str, int], per_row: int = 10
) -> list[Booth]:
    """3x3 m booths in rows of `per_row`, a 3 m aisle between rows, each zone on its own rows."""
    booths, row = [], 0
    for letter, count in zones:
        for i in range(count):
            col = i % per_row
            if i and col == 0:
                row += 1
            corner = col == 0 or col == per_row - 1 or i == count - 1
            booth_type = BoothType.CORNER if corner else BoothType.STANDARD
            booths.append(
                Booth(
                    event_id=event_id,
                    code=f"{letter}{i + 1:02d}",
                    zone=ZONES[letter][0],
                    booth_type=booth_type,
                    fee=fees.get(booth_type.value, 0),
                    x=col * 3,
                    y=row * 6,
                    width=3,
                    height=3,
                )
            )
        row += 1
    return booths


def _zone_groups(zones: list[tuple[str, int]]) -> dict[str, list[str]]:
    """AllocationRules.zone_groups: which product groups each zone of the layout suits."""
    return {ZONES[letter][0]: list(ZONES[letter][1]) for letter, _n in zones}


def _zone_of(producer: _Producer, on: dt.date) -> str:
    group = producer.certified(on)[0].group
    return next(letter for letter, (_z, groups) in ZONES.items() if group in groups)


def _choose(
    rng: random.Random,
    producers: Sequence[_Producer],
    zones: list[tuple[str, int]],
    on: dt.date,
    exclude: set[str],
    first: Sequence[str] = (),
) -> dict[str, list[_Producer]]:
    """Distinct producers per zone, each with a product of that zone's groups certified `on`.

    `first` names go in before anyone else; small zones are filled before food, so the few
    tourism or handicraft producers are not used up in the food hall.
    """
    used = set(exclude)
    pool = list(producers)
    rng.shuffle(pool)
    pool.sort(key=lambda p: p.name not in first)  # stable: keeps the shuffle otherwise
    chosen: dict[str, list[_Producer]] = {}
    for letter, count in sorted(zones, key=lambda z: z[1]):
        groups = ZONES[letter][1]
        fits = [
            p
            for p in pool
            if p.name not in used and any(c.group in groups for c in p.certified(on))
        ]
        chosen[letter] = fits[:count]
        used.update(p.name for p in chosen[letter])
    return chosen


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to `weights` summing exactly to `total` (largest remainder)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    counts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _buckets(day: dt.date) -> list[dt.datetime]:
    """Start of every 15-minute bucket of the opening hours, as UTC datetimes."""
    start = dt.datetime.combine(day, OPENS, tzinfo=LOCAL_TZ)
    n = (CLOSES.hour - OPENS.hour) * 60 // BUCKET_MINUTES
    return [(start + dt.timedelta(minutes=BUCKET_MINUTES * i)).astimezone(dt.UTC) for i in range(n)]


def _day_weight(day: dt.date, first_day: dt.date) -> float:
    return WEEKDAY_WEIGHTS[day.weekday()] * (0.9 if day == first_day else 1.0)


def _gate_counts(
    rng: random.Random,
    gates: list[tuple[int, float]],
    days: list[dt.date],
    first_day: dt.date,
    total: int,
) -> list[GateCount]:
    """Entries and exits per gate and bucket, `total` entries in all."""
    bucket_weights = [w for w in HOURLY_WEIGHTS for _ in range(60 // BUCKET_MINUTES)]
    keys, weights = [], []
    for gate_id, share in gates:
        for day in days:
            for i, bucket in enumerate(_buckets(day)):
                keys.append((gate_id, day, bucket))
                weights.append(
                    share * _day_weight(day, first_day) * bucket_weights[i] * rng.uniform(0.8, 1.2)
                )
    entries = _apportion(total, weights)
    rows: list[GateCount] = []
    by_gate_day: dict[tuple[int, dt.date], list[tuple[dt.datetime, int]]] = defaultdict(list)
    for (gate_id, day, bucket), n in zip(keys, entries, strict=True):
        by_gate_day[gate_id, day].append((bucket, n))
        if n:
            rows.append(
                GateCount(gate_id=gate_id, bucket_start=bucket, direction=Direction.IN, count=n)
            )
    for (gate_id, _day), day_entries in by_gate_day.items():
        # Exits trail entries by about 1.5 hours; those still inside at closing leave in the last
        # hour. A few per cent are never counted out (they leave by a gate nobody watches).
        ins = [n for _b, n in day_entries]
        trail = [0.0] * STAY_BUCKETS + [float(n) for n in ins[:-STAY_BUCKETS]]
        for k in range(1, 5):
            trail[-k] += sum(ins[-STAY_BUCKETS:]) / 4
        exits = _apportion(
            round(sum(ins) * rng.uniform(0.94, 0.98)),
            [t * rng.uniform(0.85, 1.15) + 1e-9 for t in trail],
        )
        rows.extend(
            GateCount(gate_id=gate_id, bucket_start=bucket, direction=Direction.OUT, count=n)
            for (bucket, _n), n in zip(day_entries, exits, strict=True)
            if n
        )
    return rows


def _sales(
    rng: random.Random,
    assignments: list[tuple[int, str]],
    days: list[dt.date],
    first_day: dt.date,
    scale: float = 1.0,
) -> list[SalesRecord]:
    """One record per assignment and day: revenue in whole thousands of VND, units, customers."""
    rows = []
    for assignment_id, group in assignments:
        strength = rng.uniform(0.5, 1.8)  # some booths simply sell more
        for day in days:
            revenue = (
                DAILY_TAKINGS[group]
                * scale
                * strength
                * _day_weight(day, first_day)
                * rng.uniform(0.8, 1.2)
            )
            revenue = int(round(revenue, -3))
            units = max(1, round(revenue / (UNIT_PRICE[group] * rng.uniform(0.8, 1.25))))
            rows.append(
                SalesRecord(
                    assignment_id=assignment_id,
                    day=day,
                    revenue=revenue,
                    units=units,
                    customers=max(1, round(units / rng.uniform(1.2, 1.8))),
                )
            )
    return rows


def _season_name(day: dt.date) -> str:
    return f"{SEASONS[day.month - 1]} {day.year}"


def _weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


# ---------------------------------------------------------------------------------------------
# Loading.


@dataclass
class _Loaded:
    """What the later steps need from the earlier ones."""

    localities: dict[str, Locality] = field(default_factory=dict)
    producers: list[_Producer] = field(default_factory=list)
    exhibitor_ids: dict[str, int] = field(default_factory=dict)
    products: dict[tuple[int, str], Product] = field(default_factory=dict)
    venues: dict[str, Venue] = field(default_factory=dict)
    buyers: dict[str, Buyer] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    weeks: list[Event] = field(default_factory=list)
    booth_ids: dict[tuple[int, str], int] = field(default_factory=dict)  # (event, code) -> id
    booth_fees: dict[int, int] = field(default_factory=dict)
    # event id -> [(assignment id, producer, the booth zone's main group)]
    assigned: dict[int, list[tuple[int, _Producer, str]]] = field(default_factory=dict)
    reviews: list[ApplicationReview] = field(default_factory=list)
    gates_for_staff: list[Gate] = field(default_factory=list)


async def _max_id(model: type[Model]) -> int:
    last = await model.all().order_by("-id").first().values_list("id", flat=True)
    return int(last or 0)


async def _load_localities(data: _Loaded) -> None:
    existing = {loc.code: loc for loc in await Locality.all()}
    for code, name, name_en, kind in seeds.LOCALITIES:
        if code not in existing:
            existing[code] = await Locality.create(
                code=code, name=name, name_en=name_en, kind=LocalityKind(kind)
            )
    data.localities = existing


async def _load_producers(data: _Loaded) -> None:
    start = await _max_id(Exhibitor)
    await Exhibitor.bulk_create(
        [
            Exhibitor(
                name=p.name,
                name_search=fold(p.name),
                kind=ExhibitorKind(p.kind),
                tax_code=p.tax_code,
                locality_id=data.localities[p.locality].id if p.locality else None,
                address=p.address,
                contact_person=p.contact_person,
                phone=p.phone,
                ethnic_minority=p.ethnic_minority,
                remote_area=p.remote_area,
                island=p.island,
                source=p.source,
            )
            for p in data.producers
        ]
    )
    rows = await Exhibitor.filter(id__gt=start).values_list("id", "name")
    data.exhibitor_ids = {name: pk for pk, name in rows}


async def _load_products(data: _Loaded) -> None:
    start = await _max_id(Product)
    await Product.bulk_create(
        [
            Product(
                exhibitor_id=data.exhibitor_ids[producer.name],
                name=p.name,
                name_search=fold(p.name),
                group=ProductGroup(p.group),
                stars=p.stars,
                certificate_number=p.certificate_number,
                certificate_date=p.certificate_date,
                certificate_expiry=p.expiry,
                source=p.source,
            )
            for producer in data.producers
            for p in producer.products
        ]
    )
    data.products = {(p.exhibitor_id, p.name): p for p in await Product.filter(id__gt=start)}


def _products_of(data: _Loaded, producer: _Producer, products: Sequence[_Product]) -> list[Product]:
    exhibitor_id = data.exhibitor_ids[producer.name]
    return [data.products[exhibitor_id, p.name] for p in products]


async def _load_venues(data: _Loaded) -> None:
    for key, name, address, code, kind, capacity in pools.VENUES:
        data.venues[key] = await Venue.create(
            name=name,
            address=address,
            locality=data.localities[code],
            kind=VenueKind(kind),
            capacity=capacity,
        )


async def _load_buyers(data: _Loaded) -> None:
    # The seeds' malls and supermarkets are all retail chains that buy to resell.
    kinds = {
        "supermarket": BuyerKind.SUPERMARKET,
        "mall": BuyerKind.SUPERMARKET,
        "e-commerce": BuyerKind.ECOMMERCE,
    }
    for name, kind, source in seeds.BUYERS:
        data.buyers[name] = await Buyer.create(name=name, kind=kinds[kind], source=source)


def _week_status(start: dt.date, deadline: dt.date, index: int, today: dt.date) -> EventStatus:
    """Past weeks finished, this week running; the next few take applications until their
    deadline (then closed, waiting to run); later ones are still drafts."""
    if start + dt.timedelta(days=6) < today:
        return EventStatus.FINISHED
    if start <= today:
        return EventStatus.RUNNING
    if deadline < today:
        return EventStatus.CLOSED
    return EventStatus.OPEN if index <= 7 else EventStatus.DRAFT


async def _load_events(data: _Loaded, today: dt.date) -> None:
    loc, venues = data.localities, data.venues
    fair_office = f"{PROVINCE_OFFICE}; Liên minh Hợp tác xã tỉnh Quảng Ninh"
    # (a) A provincial fair about two months ago, Wednesday to Sunday.
    past_start = _weekday_on_or_before(today - dt.timedelta(days=60), 2)
    data.events["past"] = await Event.create(
        name=f"Hội chợ OCOP Quảng Ninh {_season_name(past_start)}",
        kind=EventKind.PROVINCIAL_FAIR,
        level=EventLevel.PROVINCIAL,
        organizing_unit=fair_office,
        locality=loc["HL"],
        venue=venues["ground"],
        start_date=past_start,
        end_date=past_start + dt.timedelta(days=4),
        opens_at=OPENS,
        closes_at=CLOSES,
        application_deadline=past_start - dt.timedelta(days=21),
        booth_fees=FAIR_FEES,
        description="Giới thiệu, kết nối tiêu thụ sản phẩm OCOP của 13 địa phương trong tỉnh.",
        status=EventStatus.FINISHED,
    )
    # (b) The next provincial fair, about six weeks ahead, open for applications for three weeks.
    next_start = _weekday_on_or_before(today + dt.timedelta(days=44), 2)
    data.events["upcoming"] = await Event.create(
        name=f"Hội chợ OCOP Quảng Ninh {_season_name(next_start)}",
        kind=EventKind.PROVINCIAL_FAIR,
        level=EventLevel.PROVINCIAL,
        organizing_unit=fair_office,
        locality=loc["HL"],
        venue=venues["ground"],
        start_date=next_start,
        end_date=next_start + dt.timedelta(days=4),
        opens_at=OPENS,
        closes_at=CLOSES,
        application_deadline=today + dt.timedelta(days=21),
        booth_fees=FAIR_FEES,
        description="Sản phẩm OCOP từ 3 sao, chứng nhận còn hiệu lực đến hết ngày hội chợ. "
        "Chủ thể là đồng bào dân tộc thiểu số, vùng sâu, vùng xa, hải đảo được "
        "miễn phí gian hàng.",
        status=EventStatus.OPEN,
    )
    # (c) 17 connection weeks at Big C (figures.md F06-F10), stored the way events/series.py
    # makes them; the current week is the third.
    first_monday = _weekday_on_or_before(today, 0) - dt.timedelta(weeks=2)
    name = "Tuần kết nối tiêu dùng sản phẩm OCOP tại Trung tâm thương mại Big C Hạ Long"
    count = seeds.CONNECTION_WEEKS
    series = await EventSeries.create(
        name=name,
        kind=EventKind.CONNECTION_WEEK,
        venue=venues["bigc"],
        level=EventLevel.PROVINCIAL,
        locality=loc["HL"],
        rule={
            "frequency": "weekly",
            "interval": 1,
            "count": count,
            "days": 7,
            "deadline_days_before": 7,
            "start": first_monday.isoformat(),
        },
    )
    for index in range(1, count + 1):
        start = first_monday + dt.timedelta(weeks=index - 1)
        deadline = start - dt.timedelta(days=7)
        data.weeks.append(
            await Event.create(
                name=f"{name} ({index}/{count})",
                kind=EventKind.CONNECTION_WEEK,
                level=EventLevel.PROVINCIAL,
                organizing_unit=TRADE_OFFICE,
                locality=loc["HL"],
                venue=venues["bigc"],
                series=series,
                series_index=index,
                start_date=start,
                end_date=start + dt.timedelta(days=6),
                opens_at=OPENS,
                closes_at=CLOSES,
                application_deadline=deadline,
                booths_free=True,
                max_booths_per_exhibitor=1,
                description="30 gian hàng mỗi tuần, 150–180 sản phẩm OCOP của tỉnh.",
                status=_week_status(start, deadline, index, today),
            )
        )
    # (d) The Việt–Trung cross-border fair (figures.md F13-F15, F26), still a draft.
    border_start = today + dt.timedelta(days=120)
    data.events["border"] = await Event.create(
        name=f"Hội chợ Thương mại và Du lịch quốc tế Việt – Trung {border_start.year} tại Móng Cái",
        kind=EventKind.CROSS_BORDER_FAIR,
        level=EventLevel.PROVINCIAL,
        organizing_unit=f"UBND tỉnh Quảng Ninh; {TRADE_OFFICE}",
        locality=loc["MC"],
        venue=venues["mongcai"],
        start_date=border_start,
        end_date=border_start + dt.timedelta(days=4),
        opens_at=OPENS,
        closes_at=CLOSES,
        booth_fees=FAIR_FEES,
        description="Hàng trăm gian hàng, trong đó dự kiến 70–80 gian hàng OCOP với trên 200 "
        "sản phẩm.",
        status=EventStatus.DRAFT,
    )
    # A local fair. District-level government ended on 1 July 2025, so it is commune level.
    local_start = _weekday_on_or_before(today + dt.timedelta(days=27), 4)
    data.events["local"] = await Event.create(
        name=f"Hội chợ OCOP và sản phẩm vùng cao Bình Liêu {local_start.year}",
        kind=EventKind.LOCAL_FAIR,
        level=EventLevel.COMMUNE,
        organizing_unit="UBND xã Bình Liêu",
        locality=loc["BL"],
        venue=venues["binhlieu"],
        start_date=local_start,
        end_date=local_start + dt.timedelta(days=2),
        opens_at=dt.time(7, 30),
        closes_at=dt.time(21, 0),
        application_deadline=today + dt.timedelta(days=10),
        booth_fees=LOCAL_FEES,
        allocation_mode=AllocationMode.BOOKING,
        max_booths_per_exhibitor=1,
        description="Miến dong, trà, dược liệu và hàng thổ cẩm của đồng bào Tày, Sán Chỉ, Dao.",
        status=EventStatus.OPEN,
    )


def _review(data: _Loaded, application: BoothApplication, *steps: ReviewStep) -> None:
    # Reviews by the local offices and the province, whose people have no demo account.
    data.reviews.extend(
        ApplicationReview(application_id=application.id, step=step) for step in steps
    )


async def _apply(
    data: _Loaded,
    event: Event,
    producer: _Producer,
    zone: str,
    status: ApplicationStatus,
    **extra: object,
) -> BoothApplication:
    """An application showing the producer's products certified through the event's end."""
    products = producer.certified(event.end_date, ZONES[zone][1])[:6]
    application = await BoothApplication.create(
        event=event,
        exhibitor_id=data.exhibitor_ids[producer.name],
        preferred_zones=[ZONES[zone][0]],
        status=status,
        **extra,
    )
    await application.products.add(*_products_of(data, producer, products))
    return application


async def _allocate(
    rng: random.Random,
    data: _Loaded,
    event: Event,
    zones: list[tuple[str, int]],
    exclude: set[str],
    first: Sequence[str] = (),
) -> set[str]:
    """Applications that were endorsed, approved and allocated, with their booths assigned.

    Paid fees get a receipt number; disadvantaged producers' fees are waived, as are the booths
    the province pays for. Returns the names of the producers placed.
    """
    chosen = _choose(rng, data.producers, zones, event.end_date, exclude, first)
    start = await _max_id(BoothAssignment)
    rows, placed = [], []
    receipt = 0
    for letter, producers in sorted(chosen.items()):
        for i, producer in enumerate(producers):
            application = await _apply(data, event, producer, letter, ApplicationStatus.ALLOCATED)
            _review(data, application, ReviewStep.ENDORSE, ReviewStep.APPROVE)
            booth_id = data.booth_ids[event.id, f"{letter}{i + 1:02d}"]
            fee = data.booth_fees[booth_id]
            if fee and not producer.disadvantaged:
                receipt += 1
                payment, number = PaymentStatus.PAID, f"PT{event.start_date.year}-{receipt:04d}"
            else:
                payment, number = PaymentStatus.WAIVED, ""
            rows.append(
                BoothAssignment(
                    booth_id=booth_id,
                    active_booth=booth_id,
                    exhibitor_id=data.exhibitor_ids[producer.name],
                    application_id=application.id,
                    kind=AssignmentKind.ASSIGNED,
                    fee=fee,
                    payment_status=payment,
                    receipt_number=number,
                )
            )
            placed.append((booth_id, producer, ZONES[letter][1][0]))
    await BoothAssignment.bulk_create(rows)
    ids = dict(await BoothAssignment.filter(id__gt=start).values_list("active_booth", "id"))
    data.assigned[event.id] = [
        (ids[booth_id], producer, group) for booth_id, producer, group in placed
    ]
    return {producer.name for _b, producer, _g in placed}


async def _load_booths(rng: random.Random, data: _Loaded) -> None:
    past, upcoming, local = data.events["past"], data.events["upcoming"], data.events["local"]
    plans = [
        (past, PROVINCIAL_FAIR_ZONES, FAIR_FEES),
        (upcoming, UPCOMING_FAIR_ZONES, FAIR_FEES),
        (local, LOCAL_FAIR_ZONES, LOCAL_FEES),
    ]
    # Booths only for the first three weeks: later weeks are laid out when they open.
    plans += [(week, CONNECTION_WEEK_ZONES, {}) for week in data.weeks[:3]]
    start = await _max_id(Booth)
    await Booth.bulk_create(
        [b for event, zones, fees in plans for b in _layout(event.id, zones, fees)]
    )
    rows = await Booth.filter(id__gt=start).values_list("id", "event_id", "code", "fee")
    data.booth_ids = {(event_id, code): pk for pk, event_id, code, _fee in rows}
    data.booth_fees = {pk: fee for pk, _e, _c, fee in rows}
    await AllocationRules.bulk_create(
        [
            AllocationRules(
                event_id=event.id,
                zone_groups=_zone_groups(zones),
                # The upcoming fair keeps a tenth of its booths for disadvantaged
                # producers, to show the rule; the others have no such share.
                disadvantaged_share=10 if event is upcoming else 0,
            )
            for event, zones, _fees in plans
        ]
    )

    producers = data.producers
    by_name = {p.name: p for p in producers}
    named = [p.name for p in producers if p.source != "generated"]
    # The past fair: every named producer and others drawn, each through an application; a few
    # more stayed on the waiting list.
    taken = await _allocate(rng, data, past, PROVINCIAL_FAIR_ZONES, set(), [DEMO_EXHIBITOR, *named])
    waiting = [
        p
        for p in producers
        if p.name not in taken and any(c.group == "food" for c in p.certified(past.end_date))
    ]
    for position, producer in enumerate(rng.sample(waiting, 4), start=1):
        application = await _apply(
            data,
            past,
            producer,
            "A",
            ApplicationStatus.WAITLISTED,
            waitlist_position=position,
            decision_reason="Hết gian hàng khu Thực phẩm.",
        )
        _review(data, application, ReviewStep.ENDORSE, ReviewStep.APPROVE)

    # The upcoming fair: a handful of applications, some endorsed by their local office.
    eligible = [p for p in producers if p.name != DEMO_EXHIBITOR and p.certified(upcoming.end_date)]
    applicants = [by_name[DEMO_EXHIBITOR], *rng.sample(eligible, 7)]
    for i, producer in enumerate(applicants):
        endorsed = i % 2 == 0
        application = await _apply(
            data,
            upcoming,
            producer,
            _zone_of(producer, upcoming.end_date),
            ApplicationStatus.ENDORSED if endorsed else ApplicationStatus.SUBMITTED,
            booths_wanted=2 if i == 3 else 1,
        )
        if endorsed:
            _review(data, application, ReviewStep.ENDORSE)

    # Connection weeks 1-3: nobody twice (rotation), the demo exhibitor in the running week.
    used = {DEMO_EXHIBITOR}
    for week in data.weeks[:3]:
        first = [DEMO_EXHIBITOR] if week.status == EventStatus.RUNNING else []
        used |= await _allocate(rng, data, week, CONNECTION_WEEK_ZONES, used - set(first), first)
    await ApplicationReview.bulk_create(data.reviews)


def _event_days(event: Event, before: dt.date | None = None) -> list[dt.date]:
    days = [
        event.start_date + dt.timedelta(days=i)
        for i in range((event.end_date - event.start_date).days + 1)
    ]
    return [d for d in days if before is None or d < before]


async def _load_gates(rng: random.Random, data: _Loaded, today: dt.date) -> None:
    past, upcoming = data.events["past"], data.events["upcoming"]
    fair_gates = [
        ("Cổng chính", 0.4),
        ("Cổng phụ số 1", 0.25),
        ("Cổng phụ số 2", 0.2),
        ("Cổng bãi xe", 0.15),
    ]
    mall_gates = [("Cửa chính", 0.65), ("Cửa hầm gửi xe", 0.35)]
    counts: list[GateCount] = []

    async def gates_of(event: Event, spec: list[tuple[str, float]]) -> list[tuple[Gate, float]]:
        return [
            (await Gate.create(event=event, name=name, kind=GateKind.BOTH), share)
            for name, share in spec
        ]

    # The past fair: 60-70 thousand entries over its days (figures.md F04).
    gates = await gates_of(past, fair_gates)
    total = rng.randint(seeds.FAIR_VISITORS[0] + 2_000, seeds.FAIR_VISITORS[1] - 2_000)
    counts += _gate_counts(
        rng, [(g.id, s) for g, s in gates], _event_days(past), past.start_date, total
    )
    await gates_of(upcoming, fair_gates)  # ready, not counted yet

    # Connection weeks: about 45,000 entries a week (F10); the running week only up to
    # yesterday, so today is left for the gate staff to count live.
    for week in data.weeks[:3]:
        gates = await gates_of(week, mall_gates)
        if week.status == EventStatus.RUNNING:
            data.gates_for_staff = [g for g, _s in gates]
        days = _event_days(week, before=today)
        if not days:
            continue
        week_total = seeds.CONNECTION_WEEK_VISITORS * rng.uniform(0.93, 1.07)
        share = sum(_day_weight(d, week.start_date) for d in days) / sum(
            _day_weight(d, week.start_date) for d in _event_days(week)
        )
        counts += _gate_counts(
            rng, [(g.id, s) for g, s in gates], days, week.start_date, round(week_total * share)
        )
    await GateCount.bulk_create(counts, batch_size=1000)


async def _load_sales(rng: random.Random, data: _Loaded, today: dt.date) -> None:
    past = data.events["past"]
    rows = _sales(
        rng, [(a, g) for a, _p, g in data.assigned[past.id]], _event_days(past), past.start_date
    )
    for week in data.weeks[:3]:
        days = _event_days(week, before=today)
        # A supermarket booth sells less a day than a fair booth: fewer visitors per booth.
        rows += _sales(
            rng, [(a, g) for a, _p, g in data.assigned[week.id]], days, week.start_date, scale=0.45
        )
    await SalesRecord.bulk_create(rows, batch_size=1000)

    # Trade deals made at the past fair, at different stages since.
    steps = [
        DealStatus.CONTACT,
        DealStatus.MEMORANDUM,
        DealStatus.FIRST_ORDER,
        DealStatus.REGULAR_SUPPLY,
    ]
    at_fair = {p.name: p for _a, p, _g in data.assigned[past.id]}
    others = rng.sample(sorted(set(at_fair) - {DEMO_EXHIBITOR}), 6)
    deals = [
        # The seed says this cooperative put its noodles on the national OCOP platform ([000]).
        ("Sàn OCOP quốc gia", DealStatus.FIRST_ORDER, "1.200 gói/tháng"),
        ("GO! Hạ Long", DealStatus.MEMORANDUM, "800 sản phẩm/tháng"),
        ("WinMart", DealStatus.CONTACT, ""),
        ("MM Mega Market", DealStatus.FIRST_ORDER, "2.000 sản phẩm/quý"),
        ("Big C", DealStatus.REGULAR_SUPPLY, "500 hộp/tháng"),
        ("Shopee", DealStatus.CONTACT, ""),
        ("Sàn OCOP Quảng Ninh (postmart.vn)", DealStatus.REGULAR_SUPPLY, "300 đơn/tháng"),
    ]
    for name, (buyer, status, volume) in zip([DEMO_EXHIBITOR, *others], deals, strict=True):
        producer = at_fair[name]
        day = past.start_date + dt.timedelta(days=rng.randint(0, 4))
        dates = {}
        for step in steps[: steps.index(status) + 1]:
            dates[step.value] = min(day, today).isoformat()
            day += dt.timedelta(days=rng.randint(10, 25))
        value = 0 if status == DealStatus.CONTACT else rng.randint(5, 60) * 10_000_000
        deal = await TradeDeal.create(
            event=past,
            exhibitor_id=data.exhibitor_ids[name],
            buyer=data.buyers[buyer],
            expected_volume=volume,
            value=value,
            status=status,
            status_dates=dates,
        )
        await deal.products.add(
            *_products_of(data, producer, producer.certified(past.end_date)[:2])
        )


async def _load_users(data: _Loaded) -> None:
    bound = {"exhibitor": {"exhibitor_id": data.exhibitor_ids[DEMO_EXHIBITOR]}}
    for username, role, full_name in DEMO_USERS:
        user = await User.create(
            username=username,
            password_hash=hash_password(DEMO_PASSWORD),
            full_name=full_name,
            role=Role(role),
            **bound.get(username, {}),
        )
        if role == Role.GATE_STAFF:
            for gate in data.gates_for_staff:
                await gate.staff.add(user)
    username, role, full_name, code = LOCAL_ORGANIZER
    await User.create(
        username=username,
        password_hash=hash_password(DEMO_PASSWORD),
        full_name=full_name,
        role=Role(role),
        locality=data.localities[code],
    )


COUNTED: dict[str, type[Model]] = {
    "localities": Locality,
    "exhibitors": Exhibitor,
    "products": Product,
    "venues": Venue,
    "buyers": Buyer,
    "event_series": EventSeries,
    "events": Event,
    "booths": Booth,
    "applications": BoothApplication,
    "application_reviews": ApplicationReview,
    "allocation_rules": AllocationRules,
    "assignments": BoothAssignment,
    "gates": Gate,
    "gate_counts": GateCount,
    "sales_records": SalesRecord,
    "trade_deals": TradeDeal,
    "users": User,
}


async def load_demo(
    progress: Progress | None = None, today: dt.date | None = None
) -> dict[str, int]:
    """Fill an empty, migrated database with the demo data; returns row counts per table.

    Runs in one transaction, so a failure leaves nothing behind. `today` defaults to the
    current date in Quảng Ninh.
    """
    today = today or dt.datetime.now(LOCAL_TZ).date()
    rng = random.Random(RANDOM_SEED)
    data = _Loaded(producers=plan_catalogue(rng, today))
    steps: list[Callable[[], Awaitable[None]]] = [
        lambda: _load_localities(data),
        lambda: _load_producers(data),
        lambda: _load_products(data),
        lambda: _load_venues(data),
        lambda: _load_buyers(data),
        lambda: _load_events(data, today),
        lambda: _load_booths(rng, data),
        lambda: _load_gates(rng, data, today),
        lambda: _load_sales(rng, data, today),
        lambda: _load_users(data),
    ]
    async with in_transaction():
        for done, (name, step) in enumerate(zip(STEPS, steps, strict=True), start=1):
            await step()
            if progress:
                progress(name, done, len(STEPS))
        return {key: await model.all().count() for key, model in COUNTED.items()}


async def has_data() -> bool:
    """True once the database holds users or producers (so the demo must not be loaded)."""
    return await User.exists() or await Exhibitor.exists()
