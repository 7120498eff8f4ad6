"""Phone photos (issue 16, item 5): a product keeps a thumbnail beside its photo, and an
exhibitor's new product keeps its photo with the change waiting for approval."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_offline')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Product',
            name='photo_thumb',
            field=fields.BinaryField(null=True),
        ),
        ops.AddField(
            model_name='ProductChange',
            name='photo',
            field=fields.BinaryField(null=True),
        ),
        ops.AddField(
            model_name='ProductChange',
            name='photo_thumb',
            field=fields.BinaryField(null=True),
        ),
    ]
