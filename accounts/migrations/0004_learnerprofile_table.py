"""Rename the learner profiles' table after its new app, and move its content type."""

from django.db import migrations


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="accounts", model="learnerprofile").exists():
        ContentType.objects.filter(app_label="colleges", model="learnerprofile").update(app_label="accounts")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="accounts", model="learnerprofile").update(app_label="colleges")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0003_learnerprofile"),
        ("colleges", "0004_learnerprofile_moves_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="learnerprofile", table=None),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
