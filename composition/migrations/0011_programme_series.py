"""A partner programme may be a series of sessions (issue 20 item 3): each session's dates, and the
event series a confirmed one became."""

from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0010_province_floor')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Programme',
            name='series',
            field=fields.ForeignKeyField('models.EventSeries', source_field='series_id', null=True, db_constraint=True, to_field='id', related_name='programmes', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Programme',
            name='sessions',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
    ]
