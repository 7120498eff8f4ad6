"""Issue 20: festivals, partner organisations and their programmes, product listings on
e-commerce floors, showroom products and monthly sales, and the fair guide's open counts."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from events.models import EventKind, ProgrammeStatus
from exhibitors.models import ListingFloor
from ocopfair.models import Role
from tortoise.fields.base import OnDelete
from tortoise import fields

class AlterEnumText(ops.AlterField):
    """A new value of a text enum (festival, partner): the column (varchar) is unchanged, only
    the recorded state moves. A real AlterField rebuilds the table on SQLite and loses its
    indexes (event.start_date)."""

    async def database_forward(self, *args: object, **kwargs: object) -> None:
        return None

    async def database_backward(self, *args: object, **kwargs: object) -> None:
        return None


class Migration(migrations.Migration):
    dependencies = [('models', '0007_phone_photos')]

    initial = False

    operations = [
        ops.CreateModel(
            name='GuideOpen',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event', fields.ForeignKeyField('models.Event', source_field='event_id', db_constraint=True, to_field='id', related_name='guide_opens', on_delete=OnDelete.CASCADE)),
                ('exhibitor', fields.ForeignKeyField('models.Exhibitor', source_field='exhibitor_id', db_constraint=True, to_field='id', related_name='guide_opens', on_delete=OnDelete.CASCADE)),
                ('opens', fields.IntField(default=0)),
            ],
            options={'table': 'guideopen', 'app': 'models', 'unique_together': (('event', 'exhibitor'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PartnerOrganisation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=200)),
                ('description', fields.CharField(default='', max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'partnerorganisation', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ProductListing',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('product', fields.ForeignKeyField('models.Product', source_field='product_id', db_constraint=True, to_field='id', related_name='listings', on_delete=OnDelete.CASCADE)),
                ('floor', fields.CharEnumField(description='OCOP_QUANG_NINH: ocop_quang_ninh\nOCOP_NATIONAL: ocop_national\nSHOPEE: shopee\nLAZADA: lazada\nTIKI: tiki\nOWN_SHOP: own_shop\nOTHER: other', enum_type=ListingFloor, max_length=24)),
                ('link', fields.CharField(max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'productlisting', 'app': 'models', 'unique_together': (('product', 'floor', 'link'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Programme',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('partner', fields.ForeignKeyField('models.PartnerOrganisation', source_field='partner_id', db_constraint=True, to_field='id', related_name='programmes', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=255)),
                ('kind', fields.CharEnumField(default=EventKind.CONNECTION_WEEK, description='PROVINCIAL_FAIR: provincial_fair\nLOCAL_FAIR: local_fair\nCONNECTION_WEEK: connection_week\nCROSS_BORDER_FAIR: cross_border_fair\nFESTIVAL: festival', enum_type=EventKind, max_length=24)),
                ('venue', fields.ForeignKeyField('models.Venue', source_field='venue_id', db_constraint=True, to_field='id', related_name='programmes', on_delete=OnDelete.RESTRICT)),
                ('start_date', fields.DateField()),
                ('end_date', fields.DateField()),
                ('expected_producers', fields.IntField(default=0)),
                ('expected_booths', fields.IntField(default=0)),
                ('support_asked', fields.TextField(default='', unique=False)),
                ('status', fields.CharEnumField(default=ProgrammeStatus.PROPOSED, db_index=True, description='PROPOSED: proposed\nCONFIRMED: confirmed\nREFUSED: refused', enum_type=ProgrammeStatus, max_length=16)),
                ('reason', fields.TextField(default='', unique=False)),
                ('proposed_by', fields.ForeignKeyField('models.User', source_field='proposed_by_id', null=True, db_constraint=True, to_field='id', related_name='programmes_proposed', on_delete=OnDelete.SET_NULL)),
                ('decided_by', fields.ForeignKeyField('models.User', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='programmes_decided', on_delete=OnDelete.SET_NULL)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('event', fields.ForeignKeyField('models.Event', source_field='event_id', null=True, db_constraint=True, to_field='id', related_name='programmes', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'programme', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ShowroomProduct',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('venue', fields.ForeignKeyField('models.Venue', source_field='venue_id', db_constraint=True, to_field='id', related_name='showroom_products', on_delete=OnDelete.CASCADE)),
                ('product', fields.ForeignKeyField('models.Product', source_field='product_id', db_constraint=True, to_field='id', related_name='showrooms', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'showroomproduct', 'app': 'models', 'unique_together': (('venue', 'product'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ShowroomSale',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('venue', fields.ForeignKeyField('models.Venue', source_field='venue_id', db_constraint=True, to_field='id', related_name='showroom_sales', on_delete=OnDelete.RESTRICT)),
                ('exhibitor', fields.ForeignKeyField('models.Exhibitor', source_field='exhibitor_id', db_constraint=True, to_field='id', related_name='showroom_sales', on_delete=OnDelete.RESTRICT)),
                ('month', fields.DateField(db_index=True)),
                ('revenue', fields.BigIntField()),
                ('entered_by', fields.ForeignKeyField('models.User', source_field='entered_by_id', null=True, db_constraint=True, to_field='id', related_name='showroom_sales_entered', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'showroomsale', 'app': 'models', 'unique_together': (('venue', 'exhibitor', 'month'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        AlterEnumText(
            model_name='Event',
            name='kind',
            field=fields.CharEnumField(db_index=True, description='PROVINCIAL_FAIR: provincial_fair\nLOCAL_FAIR: local_fair\nCONNECTION_WEEK: connection_week\nCROSS_BORDER_FAIR: cross_border_fair\nFESTIVAL: festival', enum_type=EventKind, max_length=24),
        ),
        ops.AddField(
            model_name='Event',
            name='owner_partner',
            field=fields.ForeignKeyField('models.PartnerOrganisation', source_field='owner_partner_id', null=True, db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.RESTRICT),
        ),
        AlterEnumText(
            model_name='EventSeries',
            name='kind',
            field=fields.CharEnumField(description='PROVINCIAL_FAIR: provincial_fair\nLOCAL_FAIR: local_fair\nCONNECTION_WEEK: connection_week\nCROSS_BORDER_FAIR: cross_border_fair\nFESTIVAL: festival', enum_type=EventKind, max_length=24),
        ),
        AlterEnumText(
            model_name='User',
            name='role',
            field=fields.CharEnumField(description='ADMIN: admin\nORGANIZER: organizer\nEXHIBITOR: exhibitor\nGATE_STAFF: gate_staff\nOFFICIAL: official\nPARTNER: partner', enum_type=Role, max_length=16),
        ),
        ops.AddField(
            model_name='User',
            name='partner',
            field=fields.ForeignKeyField('models.PartnerOrganisation', source_field='partner_id', null=True, db_constraint=True, to_field='id', related_name='users', on_delete=OnDelete.RESTRICT),
        ),
    ]
