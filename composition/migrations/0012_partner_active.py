"""Partner organisations can be deactivated (issue 20 item 3, the administrators' screen): a
column with a database default, so the rows already there stay active."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0011_programme_series")]

    initial = False

    operations = [
        ops.AddField(
            model_name="PartnerOrganisation",
            name="is_active",
            field=fields.BooleanField(default=True, db_default=True),
        ),
    ]
