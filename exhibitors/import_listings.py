"""A product's listings in the registry import: reading the floor columns, comparing them with
the registry, and writing them in the import's transaction.

A floor's column, when the file has it, says the product's complete list of links on that floor:
the import replaces that floor's listings of the product with the cell's links (an empty cell
removes them). A floor whose column is left out of the file keeps its listings. Each link passes
the same rule as the product page's form (exhibitors.listings.check_link).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from exhibitors.listings import MAX_LISTINGS, check_link
from exhibitors.models import ListingFloor, ProductListing
from exhibitors.sheet import LISTING_KEYS
from ocopfair.errors import Invalid
from ocopfair.i18n import gettext as _

PREFIX = "listing_"
# {floor value: [link, ...]} for the floors whose columns the file has
Listings = dict[str, list[str]]
_SEPARATORS = re.compile(r"\s+")


def floor_of(key: str) -> ListingFloor:
    return ListingFloor(key.removeprefix(PREFIX))


def present_floors(columns: Iterable[str]) -> list[str]:
    return [floor_of(k).value for k in LISTING_KEYS if k in columns]


def clean(values: dict[str, str], columns: list[str]) -> Listings:
    """The row's links per floor, each checked; Invalid keyed by the floor's column."""
    found: Listings = {}
    errors: dict[str, str] = {}
    for key in LISTING_KEYS:
        if key not in columns:
            continue
        floor = floor_of(key)
        links: list[str] = []
        try:
            for raw in _SEPARATORS.split(values.get(key, "").strip()):
                if raw:
                    link = check_link(floor, raw)
                    if link not in links:
                        links.append(link)
        except Invalid as exc:
            errors[key] = next(iter(exc.fields.values()), exc.message)
        found[floor.value] = links
    if errors:
        raise Invalid(errors)
    return found


def check_alone(listings: Listings) -> None:
    """Links on a row without a product have nothing to belong to."""
    for floor, links in listings.items():
        if links:
            raise Invalid({PREFIX + floor: _("A listing needs a product on this row.")})


def checked(
    values: dict[str, str], columns: list[str], has_product: bool
) -> tuple[Listings, dict[str, str]]:
    """The row's links per floor, and the errors of its cells (keyed by column)."""
    try:
        listings = clean(values, columns)
        if not has_product:
            check_alone(listings)
    except Invalid as exc:
        return {}, exc.fields
    return listings, {}


def merged(new: Listings, old: Listings | None) -> Listings | None:
    """The product's listings after the import, or None when nothing changes."""
    old = old or {}
    if all(set(links) == set(old.get(floor, [])) for floor, links in new.items()):
        return None
    kept = {floor: links for floor, links in old.items() if floor not in new}
    result = {**kept, **new}
    if sum(len(links) for links in result.values()) > MAX_LISTINGS:
        first = next(iter(new))
        raise Invalid(
            {PREFIX + first: _("A product keeps at most %(n)d listings.") % {"n": MAX_LISTINGS}}
        )
    return result


async def load() -> dict[int, Listings]:
    """Every product's listings, per floor, in one query."""
    found: dict[int, Listings] = {}
    rows = await ProductListing.all().order_by("id").values("product_id", "floor", "link")
    for row in rows:
        floor = getattr(row["floor"], "value", row["floor"])
        found.setdefault(row["product_id"], {}).setdefault(floor, []).append(row["link"])
    return found


async def replace(changes: dict[int, Listings], floors: list[str], chunk: int) -> None:
    """Remove the named floors' listings of the changed products, then write the new ones.

    Runs inside the import's transaction; a statement per `chunk` products, whatever the rows.
    """
    ids = sorted(changes)
    for start in range(0, len(ids), chunk):
        await ProductListing.filter(
            product_id__in=ids[start : start + chunk], floor__in=floors
        ).delete()
    new = [
        ProductListing(product_id=pid, floor=ListingFloor(floor), link=link)
        for pid, listings in changes.items()
        for floor, links in listings.items()
        if floor in floors
        for link in links
    ]
    if new:
        await ProductListing.bulk_create(new, batch_size=chunk)
