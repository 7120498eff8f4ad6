"""The plan of an import: what each row of a spreadsheet will do to the registry, before anything
is written (the preview), and again just before writing (the confirmation).

Every row is checked with the same rules as the forms (exhibitors.validation) against lookups
loaded once, in a fixed number of queries, whatever the number of rows. A row goes through
four steps, each named for what it checks: its cells are clean, the producer it names is the
same one everywhere (tax code, or folded name and locality), what happens to that producer,
and what happens to its product. The first step that finds a problem stops the row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from exhibitors import import_listings
from exhibitors import validation as rules
from exhibitors.import_listings import Listings
from exhibitors.models import Exhibitor, Product
from exhibitors.sheet import COLUMNS, HEADER_OF
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _
from ocopfair.text import fold

PRODUCER_KEYS = [key for _h, key, whose, _r in COLUMNS if whose == "producer"]
PRODUCT_KEYS = [key for _h, key, whose, _r in COLUMNS if whose == "product"]
# A product row's keys as the validation module names them.
_PRODUCT_FIELD = {"product_name": "name"}
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

# Who a row's producer is: ("tax", code), or ("name", folded name, locality id).
ProducerKey = tuple[Any, ...]
NameKey = tuple[str, Any]


@dataclass
class RowPlan:
    number: int
    values: dict[str, str]
    producer_action: str = ""
    product_action: str = ""
    errors: dict[str, str] = field(default_factory=dict)  # column header -> sentence
    warnings: list[str] = field(default_factory=list)

    @property
    def action(self) -> str:
        actions = {self.producer_action, self.product_action} - {""}
        for candidate in (CREATE, UPDATE):
            if candidate in actions:
                return candidate
        return UNCHANGED

    def as_json(self) -> dict[str, Any]:
        return {
            "n": self.number,
            "v": self.values,
            "pa": self.producer_action,
            "ta": self.product_action,
            "e": self.errors,
            "w": self.warnings,
            "a": self.action,
        }


@dataclass
class ProducerPlan:
    """One producer as the file describes it, and what it matches in the database."""

    key: ProducerKey
    first_row: int
    values: dict[str, Any]
    existing: dict[str, Any] | None
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    rows: list[RowPlan]
    producers: dict[ProducerKey, ProducerPlan]
    new_products: list[tuple[ProducerKey, dict[str, Any]]] = field(default_factory=list)
    changed_products: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    # Listings after the import: of new products (producer, folded name), of existing ones (id).
    new_listings: list[tuple[ProducerKey, str, Listings]] = field(default_factory=list)
    changed_listings: dict[int, Listings] = field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    def summary(self) -> dict[str, int]:
        producers = list(self.producers.values())
        return {
            "rows": len(self.rows),
            "errors": self.error_count,
            "producers_created": sum(1 for p in producers if p.existing is None),
            "producers_updated": sum(1 for p in producers if p.existing and p.changes),
            "products_created": len(self.new_products),
            "products_updated": len(self.changed_products),
            "listings_changed": len(self.new_listings) + len(self.changed_listings),
            "unchanged": sum(1 for r in self.rows if not r.errors and r.action == UNCHANGED),
        }


def _to_headers(fields: dict[str, str]) -> dict[str, str]:
    """Errors keyed by the file's column names (product fields already renamed)."""
    return {HEADER_OF.get(k, k): msg for k, msg in fields.items()}


def _warnings(values: dict[str, str]) -> list[str]:
    """Cells that look like formulas are stored as text; say so, so nobody is surprised."""
    return [
        _("“%(column)s” starts with “%(char)s”: kept as text, not calculated.")
        % {"column": HEADER_OF[key], "char": value[0]}
        for key, value in values.items()
        if value and value[0] in "=@" and key in HEADER_OF
    ]


def _differences(new: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    if old is None:
        return dict(new)
    return {k: v for k, v in new.items() if old.get(k) != v}


class Lookups:
    """Everything the plan compares against, loaded in a fixed number of queries."""

    def __init__(self) -> None:
        self.localities = rules.Localities()
        self.by_tax: dict[str, dict[str, Any]] = {}
        self.by_name: dict[NameKey, dict[str, Any]] = {}
        self.products: dict[tuple[int, str], dict[str, Any]] = {}
        self.listings: dict[int, Listings] = {}

    @classmethod
    async def load(cls) -> Lookups:
        found = cls()
        found.localities = await rules.Localities.load()
        for row in await Exhibitor.all().values("id", "name_search", *rules.PRODUCER_FIELDS):
            if row["tax_code"]:
                found.by_tax[row["tax_code"]] = row
            found.by_name.setdefault((row["name_search"], row["locality_id"]), row)
        for row in await Product.all().values(
            "id", "exhibitor_id", "name_search", *rules.PRODUCT_FIELDS
        ):
            found.products.setdefault((row["exhibitor_id"], row["name_search"]), row)
        found.listings = await import_listings.load()
        return found


@dataclass
class _Identity:
    """Who the producer of a row is."""

    key: ProducerKey
    name_key: NameKey
    tax: str | None


class Planner:
    """Plans rows one after another, remembering what earlier rows said."""

    def __init__(self, columns: list[str], lookups: Lookups) -> None:
        self.columns = columns
        self.lookups = lookups
        self.plan = Plan([], {})
        # The first producer key and row seen for each folded name and locality.
        self.names: dict[NameKey, tuple[ProducerKey, int]] = {}
        self.seen_products: dict[tuple[ProducerKey, str], int] = {}

    def add_row(self, row: dict[str, Any]) -> RowPlan:
        number = int(row["_n"])
        values = {k: str(v) for k, v in row.items() if k != "_n"}
        result = RowPlan(number, values, warnings=_warnings(values))
        try:
            producer_values, product_values, listings = self._clean(values)
            who = self._identify(producer_values)
            self._check_same_producer(who, producer_values, number)
            producer = self._plan_producer(result, who, producer_values)
            if product_values:
                self._plan_product(result, producer, product_values, listings)
        except Invalid as exc:
            result.errors = _to_headers(exc.fields)
        self.plan.rows.append(result)
        return result

    def _clean(self, values: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any], Listings]:
        """The row's producer, product and listing values, checked like the forms (every error
        at once)."""
        errors: dict[str, str] = {}
        producer_values: dict[str, Any] = {}
        product_values: dict[str, Any] = {}
        present = tuple(k for k in PRODUCER_KEYS if k in self.columns)
        try:
            producer_values = rules.clean_producer(values, self.lookups.localities, only=present)
        except Invalid as exc:
            errors.update(exc.fields)
        if any(values.get(k) for k in PRODUCT_KEYS):
            raw = {_PRODUCT_FIELD.get(k, k): v for k, v in values.items() if k in PRODUCT_KEYS}
            given = tuple(_PRODUCT_FIELD.get(k, k) for k in PRODUCT_KEYS if k in self.columns)
            try:
                product_values = rules.clean_product(raw, only=given)
            except Invalid as exc:
                errors.update(
                    {("product_name" if k == "name" else k): v for k, v in exc.fields.items()}
                )
        has_product = any(values.get(k) for k in PRODUCT_KEYS)
        listings, listing_errors = import_listings.checked(values, self.columns, has_product)
        errors.update(listing_errors)
        if errors:
            raise Invalid(errors)
        return producer_values, product_values, listings

    @staticmethod
    def _identify(producer_values: dict[str, Any]) -> _Identity:
        """The tax code if given, else the folded name and the locality."""
        name_key = (rules.fold_word(producer_values["name"]), producer_values["locality_id"])
        tax = producer_values.get("tax_code")
        return _Identity(("tax", tax) if tax else ("name", *name_key), name_key, tax)

    def _check_same_producer(
        self, who: _Identity, producer_values: dict[str, Any], number: int
    ) -> None:
        """One producer, one tax code, the same details on every row and in the registry."""
        first_key, first_row = self.names.setdefault(who.name_key, (who.key, number))
        producer = self.plan.producers.get(who.key)
        if first_key != who.key:
            named = self.plan.producers.get(first_key)
            raise Invalid(
                {
                    "tax_code": _("Row %(n)s names the same producer with another tax code.")
                    % {"n": named.first_row if named else first_row}
                }
            )
        if producer is not None:
            self._check_repeated(who, producer, producer_values)
        elif who.tax is None or who.tax not in self.lookups.by_tax:
            existing = self.lookups.by_name.get(who.name_key)
            if existing and who.tax and existing["tax_code"]:
                raise Invalid(
                    {
                        "tax_code": _("%(name)s is registered with tax code %(code)s.")
                        % {"name": existing["name"], "code": existing["tax_code"]}
                    }
                )

    @staticmethod
    def _check_repeated(
        who: _Identity, producer: ProducerPlan, producer_values: dict[str, Any]
    ) -> None:
        """A producer met on an earlier row must be written the same way here."""
        if who.tax and fold(producer.values["name"]) != who.name_key[0]:
            raise Invalid(
                {
                    "tax_code": _("Tax code %(code)s is already used for %(name)s on row %(n)s.")
                    % {"code": who.tax, "name": producer.values["name"], "n": producer.first_row}
                }
            )
        mine = {k: v for k, v in producer_values.items() if not (k == "tax_code" and not v)}
        if _differences(mine, producer.values):
            raise Invalid(
                {
                    "name": _(
                        "This producer's details differ from row %(n)s; write them the "
                        "same way on every row."
                    )
                    % {"n": producer.first_row}
                }
            )

    def _plan_producer(
        self, result: RowPlan, who: _Identity, producer_values: dict[str, Any]
    ) -> ProducerPlan:
        """Create, update or leave the producer (decided on the first row that names it)."""
        producer = self.plan.producers.get(who.key)
        if producer is not None:
            result.producer_action = UNCHANGED
            return producer
        existing = self.lookups.by_tax.get(who.tax) if who.tax else None
        existing = existing or self.lookups.by_name.get(who.name_key)
        to_save = dict(producer_values)
        if not who.tax:
            to_save.pop("tax_code", None)  # an empty cell never clears the identifying code
        producer = ProducerPlan(who.key, result.number, to_save, existing)
        self.plan.producers[who.key] = producer
        producer.changes = _differences(to_save, existing)
        if existing is None:
            producer.changes["name_search"] = who.name_key[0]
        result.producer_action = (
            CREATE if existing is None else UPDATE if producer.changes else UNCHANGED
        )
        return producer

    def _plan_product(
        self,
        result: RowPlan,
        producer: ProducerPlan,
        product_values: dict[str, Any],
        listings: Listings,
    ) -> None:
        """Create, update or leave the product and its listings; the same product twice is
        refused."""
        product_key = fold(product_values["name"])
        seen = self.seen_products.setdefault((producer.key, product_key), result.number)
        if seen != result.number:
            raise Invalid(
                {
                    "product_name": _("Row %(n)s already has this product of this producer.")
                    % {"n": seen}
                }
            )
        existing = (
            self.lookups.products.get((producer.existing["id"], product_key))
            if producer.existing
            else None
        )
        changes = _differences(product_values, existing)
        old_listings = self.lookups.listings.get(existing["id"]) if existing else None
        new_listings = import_listings.merged(listings, old_listings) if listings else None
        if existing is None:
            self.plan.new_products.append(
                (producer.key, {**product_values, "name_search": product_key})
            )
            if new_listings:
                self.plan.new_listings.append((producer.key, product_key, new_listings))
            result.product_action = CREATE
        elif changes or new_listings is not None:
            self.plan.changed_products.append(
                (existing["id"], {**changes, "name_search": product_key})
            )
            if new_listings is not None:
                self.plan.changed_listings[existing["id"]] = new_listings
            result.product_action = UPDATE
        else:
            result.product_action = UNCHANGED


async def make_plan(columns: list[str], rows: Iterable[dict[str, Any]]) -> Plan:
    planner = Planner(columns, await Lookups.load())
    for row in rows:
        planner.add_row(row)
    return planner.plan
