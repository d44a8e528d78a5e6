from django.db import migrations, models
from django.http import QueryDict


def fill_from_answers(apps, schema_editor):
    """Each saved result's characteristics, read once from the answers it keeps."""
    SavedAssessment = apps.get_model("models_catalog", "SavedAssessment")
    Characteristic = apps.get_model("models_catalog", "Characteristic")
    Link = SavedAssessment.characteristics.through
    by_number = {str(c.order): c.pk for c in Characteristic.objects.all()}
    links = []
    for pk, answers in SavedAssessment.objects.values_list("pk", "answers").iterator():
        numbers = set(QueryDict(answers).getlist("characteristics"))
        links += [
            Link(savedassessment_id=pk, characteristic_id=by_number[number])
            for number in sorted(numbers)
            if number in by_number
        ]
    Link.objects.bulk_create(links, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("models_catalog", "0006_model_one_pros_as_one_sentence"),
    ]

    operations = [
        migrations.AddField(
            model_name="savedassessment",
            name="characteristics",
            field=models.ManyToManyField(
                blank=True,
                related_name="assessments_holding",
                to="models_catalog.characteristic",
                verbose_name="characteristics that hold",
            ),
        ),
        migrations.RunPython(fill_from_answers, migrations.RunPython.noop),
    ]
