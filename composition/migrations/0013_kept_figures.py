"""Kept figures for reports over many years (issue 21 item 5): three derived tables the period
report reads for finished events, and the triggers that drop an event's rows there whenever a
row they were computed from changes (reports/figures/kept_triggers.py writes them for both
databases; the tests' schema installs the same ones)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

from reports.figures import kept_triggers


async def install_triggers(apps, schema_editor):
    await kept_triggers.install(schema_editor.client)


async def drop_triggers(apps, schema_editor):
    await kept_triggers.uninstall(schema_editor.client)

class Migration(migrations.Migration):
    dependencies = [('models', '0012_partner_active')]

    initial = False

    operations = [
        ops.CreateModel(
            name='KeptEventFigures',
            fields=[
                ('event', fields.OneToOneField('models.Event', source_field='event_id', primary_key=True, db_index=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('entries', fields.BigIntField()),
                ('exits', fields.BigIntField()),
                ('offered', fields.IntField()),
                ('assigned', fields.IntField()),
                ('occupied', fields.IntField()),
                ('disadvantaged', fields.IntField()),
                ('fees_paid', fields.BigIntField()),
                ('fees_waived', fields.BigIntField()),
                ('producers', fields.IntField()),
                ('products', fields.IntField()),
                ('revenue', fields.BigIntField()),
                ('deals', fields.IntField()),
                ('deal_value', fields.BigIntField()),
                ('source', fields.CharField(max_length=12)),
                ('kept_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'keptfigures', 'app': 'models', 'pk_attr': 'event_id', 'table_description': "One finished event's headline figures (reports/figures/summaries.py's fields)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='KeptLocalityFigures',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event', fields.ForeignKeyField('models.Event', source_field='event_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('locality_id', fields.IntField(null=True)),
                ('assigned', fields.IntField()),
                ('revenue', fields.BigIntField()),
                ('deals', fields.IntField()),
                ('deal_value', fields.BigIntField()),
            ],
            options={'table': 'keptlocalityfigures', 'app': 'models', 'indexes': [Index(fields=['event_id', 'locality_id'])], 'pk_attr': 'id', 'table_description': "One finished event's additive figures per locality of its producers."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='KeptShown',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event', fields.ForeignKeyField('models.Event', source_field='event_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('exhibitor_id', fields.IntField()),
                ('locality_id', fields.IntField(null=True)),
                ('product_id', fields.IntField(null=True)),
            ],
            options={'table': 'keptshown', 'app': 'models', 'indexes': [Index(fields=['event_id', 'exhibitor_id', 'locality_id', 'product_id'])], 'pk_attr': 'id', 'table_description': 'Who took part in a finished event and what they showed: one row per producer (product'},
            bases=['Model'],
        ),
        # The detector's state needs the options again for a one-to-one primary key.
        ops.AlterModelOptions(
            name='KeptEventFigures',
            options={'table': 'keptfigures', 'app': 'models', 'pk_attr': 'event_id', 'table_description': "One finished event's headline figures (reports/figures/summaries.py's fields)."},
        ),
        ops.RunPython(install_triggers, drop_triggers),
    ]
