"""Results of past fairs (issue 15): direct assignments entered afterwards, imported counts and
sales marked by source, and the uploaded results workbooks kept between preview and confirm."""

from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from sales.models import SalesSource
from tortoise.fields.base import OnDelete
from visitors.models import CountSource
from tortoise import fields
from tortoise.migrations.constraints import UniqueConstraint

# SQLite keeps a table's UNIQUE clause inside its CREATE TABLE, where no statement can drop it;
# the table is rebuilt without it (nothing references gatecount), and AddConstraint below then
# creates the new unique index. PostgreSQL drops the constraint as usual.
_SQLITE_REBUILD = [
    'CREATE TABLE "gatecount_new" ('
    ' "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,'
    ' "bucket_start" TIMESTAMP NOT NULL,'
    ' "direction" VARCHAR(4) NOT NULL,'
    ' "count" INT NOT NULL,'
    ' "gate_id" INT NOT NULL REFERENCES "gate" ("id") ON DELETE CASCADE)',
    'INSERT INTO "gatecount_new" ("id", "bucket_start", "direction", "count", "gate_id")'
    ' SELECT "id", "bucket_start", "direction", "count", "gate_id" FROM "gatecount"',
    'DROP TABLE "gatecount"',
    'ALTER TABLE "gatecount_new" RENAME TO "gatecount"',
]


class DropGateCountUnique(ops.RemoveConstraint):
    async def database_forward(self, app_label, old_state, new_state, state_editor=None):
        if state_editor is None:
            return
        if state_editor.client.capabilities.dialect != "sqlite":
            await super().database_forward(app_label, old_state, new_state, state_editor)
            return
        for statement in _SQLITE_REBUILD:
            await state_editor.client.execute_script(statement)


class Migration(migrations.Migration):
    dependencies = [('models', '0002_province')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ResultsUpload',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event', fields.ForeignKeyField('models.Event', source_field='event_id', db_constraint=True, to_field='id', related_name='results_uploads', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='results_uploads', on_delete=OnDelete.CASCADE)),
                ('filename', fields.CharField(default='', max_length=255)),
                ('data', fields.BinaryField()),
                ('summary', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('applied_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'resultsupload', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='BoothAssignment',
            name='entered_afterwards',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        DropGateCountUnique(
            model_name='GateCount',
            name=None,
            fields=['gate', 'bucket_start', 'direction'],
        ),
        ops.AddField(
            model_name='GateCount',
            name='source',
            field=fields.CharEnumField(default=CountSource.TALLY, description='TALLY: tally\nIMPORT: import', db_default='tally', enum_type=CountSource, max_length=8),
        ),
        ops.AddField(
            model_name='GateCount',
            name='whole_day',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddConstraint(
            model_name='GateCount',
            constraint=UniqueConstraint(fields=('gate', 'bucket_start', 'direction', 'source'), name=None),
        ),
        ops.AddField(
            model_name='SalesRecord',
            name='source',
            field=fields.CharEnumField(default=SalesSource.ENTERED, description='ENTERED: entered\nIMPORTED: imported', db_default='entered', enum_type=SalesSource, max_length=8),
        ),
    ]
