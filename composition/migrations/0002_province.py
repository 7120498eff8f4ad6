from tortoise import migrations
from tortoise.migrations import operations as ops
from office.models import CodePurpose
from events.models import VenueKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

from ocopfair.text import fold


async def fill_name_keys(apps, schema_editor):
    """Give the localities already there their folded-name key (a repeated name keeps its id
    appended, as a retired unit's does, rather than failing the unique constraint)."""
    client = schema_editor.client
    _count, rows = await client.execute_query("SELECT id, name FROM locality ORDER BY id")
    seen = set()
    for row in rows:
        key = fold(row["name"])[:100]
        if key in seen:
            key = f"{key}~{row['id']}"
        seen.add(key)
        await client.execute_query(
            "UPDATE locality SET name_key = " + ("$1" if client.capabilities.dialect == "postgres" else "?")
            + " WHERE id = " + str(int(row["id"])),
            [key],
        )


class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AccessCode',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='access_codes', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharEnumField(description='INVITATION: invitation\nPASSWORD_RESET: password_reset', enum_type=CodePurpose, max_length=16)),
                ('code_hash', fields.CharField(unique=True, max_length=64)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='access_codes_made', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'accesscode', 'app': 'models', 'indexes': [Index(fields=['user_id', 'used_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ProvinceProfile',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('singleton', fields.SmallIntField(default=1, unique=True)),
                ('name', fields.CharField(max_length=100)),
                ('short_name', fields.CharField(max_length=40)),
                ('agency', fields.CharField(max_length=255)),
                ('address', fields.CharField(default='', max_length=255)),
                ('phone', fields.CharField(default='', max_length=40)),
                ('email', fields.CharField(default='', max_length=254)),
                ('logo', fields.BinaryField(null=True)),
                ('logo_type', fields.CharField(default='', max_length=20)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'provinceprofile', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Locality',
            name='merged_into',
            field=fields.ForeignKeyField('models.Locality', source_field='merged_into_id', null=True, db_constraint=True, to_field='id', related_name='merged_from', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Locality',
            name='name_key',
            field=fields.CharField(null=True, unique=True, max_length=120),
        ),
        ops.AddField(
            model_name='Locality',
            name='retired_on',
            field=fields.DateField(null=True),
        ),
        ops.AlterField(
            model_name='Venue',
            name='kind',
            field=fields.CharEnumField(description='EXHIBITION_GROUND: exhibition_ground\nSUPERMARKET: supermarket\nMALL: mall\nSQUARE: square\nSHOWROOM: showroom\nFESTIVAL_GROUND: festival_ground\nOTHER: other', enum_type=VenueKind, max_length=24),
        ),
        ops.RunPython(fill_name_keys),
    ]
