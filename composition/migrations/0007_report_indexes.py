"""Reports over many years (issue 21 item 5): indexes that hold what the period report sums
(gate counts by source and direction, a booth's sales by source), so it reads indexes, not rows."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("models", "0006_offline")]

    initial = False

    operations = [
        ops.AddIndex(
            model_name="GateCount",
            index=Index(fields=["gate_id", "source", "direction", "count"]),
        ),
        ops.AddIndex(
            model_name="SalesRecord",
            index=Index(fields=["assignment_id", "source", "revenue", "units"]),
        ),
    ]
