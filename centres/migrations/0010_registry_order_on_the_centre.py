"""The registry's order on the centre's own row: the region's order copied, the
level's rank computed by the database (indexed in 0011)."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_region_order(apps, schema_editor):
    Centre = apps.get_model("centres", "Centre")
    Region = apps.get_model("centres", "Region")
    Centre.objects.update(
        region_order=Subquery(Region.objects.filter(pk=OuterRef("region_id")).values("order"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0009_profile_versions_named"),
        ("models_catalog", "0007_characteristics_of_saved_assessments"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="centre",
            name="level_rank",
            field=models.GeneratedField(
                db_persist=True,
                verbose_name="rank of the level",
                expression=models.Case(
                    models.When(level="regional", then=models.Value(0)),
                    models.When(level="municipal", then=models.Value(1)),
                    models.When(level="partner", then=models.Value(2)),
                    output_field=models.PositiveSmallIntegerField(),
                ),
                output_field=models.PositiveSmallIntegerField(),
            ),
        ),
        migrations.AddField(
            model_name="centre",
            name="region_order",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="order of the region"
            ),
        ),
        migrations.RunPython(copy_region_order, migrations.RunPython.noop),
    ]
