"""Reports over many years (issue 21 item 5): indexes that hold what the period report sums
(gate counts by source and direction, a booth's sales by source), so it reads indexes, not rows.
The gate-count index leaves out `count`: counting increments it all day, and an indexed column
would stop PostgreSQL from updating those rows in place (HOT), slowing the busiest write."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("models", "0008_programme")]

    initial = False

    operations = [
        ops.AddIndex(
            model_name="GateCount",
            index=Index(fields=["gate_id", "source", "direction"]),
        ),
        ops.AddIndex(
            model_name="SalesRecord",
            index=Index(fields=["assignment_id", "source", "revenue", "units"]),
        ),
    ]
