"""The province's own OCOP e-commerce floor is named by the installation's profile, not in code:
the stored value `ocop_quang_ninh` becomes `province_floor`."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from exhibitors.models import ListingFloor


class Migration(migrations.Migration):
    dependencies = [("models", "0009_report_indexes")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="ProductListing",
            name="floor",
            field=fields.CharEnumField(
                description="PROVINCE_FLOOR: province_floor\nOCOP_NATIONAL: ocop_national\n"
                "SHOPEE: shopee\nLAZADA: lazada\nTIKI: tiki\nOWN_SHOP: own_shop\nOTHER: other",
                enum_type=ListingFloor,
                max_length=24,
            ),
        ),
        ops.RunSQL(
            "UPDATE productlisting SET floor = 'province_floor' WHERE floor = 'ocop_quang_ninh'",
            reverse_sql="UPDATE productlisting SET floor = 'ocop_quang_ninh'"
            " WHERE floor = 'province_floor'",
        ),
    ]
