from django.db import migrations

FIRST = (
    "вся деятельность НКО, активных граждан координируется данным специалистом, "
    "который всегда в курсе всех процессов, происходящих в секторе"
)
SECOND = (
    "своевременно может среагировать на негативные практики, привлечь НКО в качестве "
    "ресурса для решения стоящих перед Администрацией задач"
)


def join_model_one_pros(apps, schema_editor):
    """Model 1's pros are one sentence about the specialist; seeded, it was cut in two."""
    Point = apps.get_model("models_catalog", "Point")
    pros = Point.objects.filter(model__number=1, side="pro")
    first, second = pros.filter(text=FIRST).first(), pros.filter(text=SECOND).first()
    if first is None or second is None:
        return  # changed by the admins since: theirs stays
    first.text = f"{FIRST}, {SECOND}"
    first.save(update_fields=["text"])
    second.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("models_catalog", "0005_admin_names_and_own_column_orders"),
    ]

    operations = [
        migrations.RunPython(join_model_one_pros, migrations.RunPython.noop),
    ]
