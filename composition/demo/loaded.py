"""What the demo's loading steps hand on to the later ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tortoise.models import Model

from booths.models import ApplicationReview
from composition.demo.catalogue import PlannedProducer, PlannedProduct
from deals.models import Buyer
from events.models import Event, Venue
from exhibitors.models import Product
from ocopfair.models import Locality
from visitors.models import Gate


@dataclass
class Loaded:
    """What the later steps need from the earlier ones."""

    localities: dict[str, Locality] = field(default_factory=dict)
    producers: list[PlannedProducer] = field(default_factory=list)
    exhibitor_ids: dict[str, int] = field(default_factory=dict)
    products: dict[tuple[int, str], Product] = field(default_factory=dict)
    venues: dict[str, Venue] = field(default_factory=dict)
    buyers: dict[str, Buyer] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    weeks: list[Event] = field(default_factory=list)
    booth_ids: dict[tuple[int, str], int] = field(default_factory=dict)  # (event, code) -> id
    booth_fees: dict[int, int] = field(default_factory=dict)
    # event id -> [(assignment id, producer, the booth zone's main group)]
    assigned: dict[int, list[tuple[int, PlannedProducer, str]]] = field(default_factory=dict)
    reviews: list[ApplicationReview] = field(default_factory=list)
    gates_for_staff: list[Gate] = field(default_factory=list)


async def max_id(model: type[Model]) -> int:
    """The highest id of `model`'s table (0 when empty): rows bulk-created after it are new."""
    last = await model.all().order_by("-id").limit(1).values("id")
    return int(last[0]["id"]) if last else 0


def products_of(
    data: Loaded, producer: PlannedProducer, products: Sequence[PlannedProduct]
) -> list[Product]:
    exhibitor_id = data.exhibitor_ids[producer.name]
    return [data.products[exhibitor_id, p.name] for p in products]
