"""Names, contacts, addresses and tax codes of the producers the demo makes up."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from composition.demo.data import names as name_parts
from composition.demo.data import places, seeds
from exhibitors.models import ExhibitorKind

if TYPE_CHECKING:
    from composition.demo.catalogue import PlannedProducer


class Names:
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
        surnames = name_parts.ETHNIC_SURNAMES if ethnic else name_parts.SURNAMES
        return " ".join(
            (
                rng.choice(surnames),
                rng.choice(name_parts.MIDDLE_NAMES[gender]),
                rng.choice(name_parts.GIVEN_NAMES[gender]),
            )
        )

    def brand(self) -> str:
        def make() -> str:
            first = self.rng.choice(name_parts.BRAND_FIRST)
            second = self.rng.choice([s for s in name_parts.BRAND_SECOND if s != first])
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


def trade_of(product_name: str) -> str:
    lowered = product_name.lower() + " "
    for keywords, trade in name_parts.TRADES:
        if any(k in lowered for k in keywords):
            return trade
    return name_parts.DEFAULT_TRADE


def place_of(commune: str) -> str:
    """'xã Đồng Văn' -> 'Đồng Văn'."""
    for prefix in ("thị trấn ", "phường ", "xã "):
        if commune.startswith(prefix):
            return commune[len(prefix) :]
    return commune


_LOCALITY_LABEL = {"city": "TP", "town": "thị xã", "district": "huyện"}


_LOCALITY_NAMES = {
    code: f"{_LOCALITY_LABEL[kind]} {name}" for code, name, _en, kind in seeds.LOCALITIES
}


def describe(rng: random.Random, names: Names, producer: PlannedProducer, brand: str) -> None:
    """Name, contact, address and tax code of a generated producer, from its main product."""
    code = producer.locality or ""
    trade = trade_of(producer.products[0].name)
    place = place_of(producer.commune)
    # Highland producers are often Tày, Sán Chỉ or Dao; those flagged ethnic-minority always are.
    ethnic = producer.ethnic_minority or (code in places.HIGHLAND and rng.random() < 0.5)
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
