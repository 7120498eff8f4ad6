"""Figures kept per event for the period report (issue 21 item 5).

A report over five years would otherwise sum millions of gate counts and sales records each
time. Once an event has finished, the figures the period report needs from it are kept here
(reports/figures/kept.py fills them from the same functions the live report uses), and the
database itself drops them, by triggers, whenever a row they were computed from changes; the
next report computes that event live and keeps it again. These tables are derived: a backup
leaves them out and a restore starts without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:  # annotations only: the relations are resolved by name at start-up
    from events.models import Event


class KeptEventFigures(Model):
    """One finished event's headline figures (reports/figures/summaries.py's fields)."""

    DERIVED: ClassVar[bool] = True  # rebuilt from other rows: never backed up

    event: fields.OneToOneRelation[Event] = fields.OneToOneField(
        "models.Event", related_name=False, on_delete=fields.CASCADE, primary_key=True
    )
    event_id: int
    entries = fields.BigIntField()
    exits = fields.BigIntField()
    offered = fields.IntField()
    assigned = fields.IntField()
    occupied = fields.IntField()
    disadvantaged = fields.IntField()
    fees_paid = fields.BigIntField()
    fees_waived = fields.BigIntField()
    producers = fields.IntField()
    products = fields.IntField()
    revenue = fields.BigIntField()
    deals = fields.IntField()
    deal_value = fields.BigIntField()
    source = fields.CharField(max_length=12)  # reports/figures/sources.py: live, imported...
    kept_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        app = "models"
        table = "keptfigures"


class KeptLocalityFigures(Model):
    """One finished event's additive figures per locality of its producers."""

    DERIVED: ClassVar[bool] = True

    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name=False, on_delete=fields.CASCADE
    )
    event_id: int
    locality_id = fields.IntField(null=True)  # no foreign key: a figure, not a relation
    assigned = fields.IntField()
    revenue = fields.BigIntField()
    deals = fields.IntField()
    deal_value = fields.BigIntField()

    class Meta:
        app = "models"
        table = "keptlocalityfigures"
        indexes = (("event_id", "locality_id"),)


class KeptShown(Model):
    """Who took part in a finished event and what they showed: one row per producer (product
    empty) and one per product, so producers and products can be counted distinct across a
    period."""

    DERIVED: ClassVar[bool] = True

    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name=False, on_delete=fields.CASCADE
    )
    event_id: int
    exhibitor_id = fields.IntField()
    locality_id = fields.IntField(null=True)
    product_id = fields.IntField(null=True)

    class Meta:
        app = "models"
        table = "keptshown"
        # The period report reads every column by event: the index answers alone.
        indexes = (("event_id", "exhibitor_id", "locality_id", "product_id"),)
