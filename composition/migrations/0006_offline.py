"""Phone pages offline (issue 19): the key a phone makes for each sales entry, so a retry of an
entry kept offline is stored once."""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0005_notices')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SalesEntryKey',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('client_key', fields.CharField(unique=True, max_length=64)),
                ('assignment', fields.ForeignKeyField('models.BoothAssignment', source_field='assignment_id', db_constraint=True, to_field='id', related_name='sales_entry_keys', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'salesentrykey', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
