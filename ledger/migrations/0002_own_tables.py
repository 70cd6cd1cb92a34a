"""Give the ledger's tables and indexes its own names, and move their content types (and so
their permissions and admin history) from the evaluation app to the ledger."""

from django.db import migrations

MODELS = ("scheme", "indicator", "evidence", "evidencechange")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="ledger", model=model).exists():
            ContentType.objects.filter(app_label="evaluation", model=model).update(app_label="ledger")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="ledger", model__in=MODELS).update(app_label="evaluation")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("evaluation", "0004_ledger_moves_out"),
        ("ledger", "0001_initial"),
    ]

    operations = [
        migrations.RenameIndex(
            model_name="evidence", new_name="evidence_college_status", old_name="evaluation__college_5ac44c_idx"
        ),
        migrations.RenameIndex(
            model_name="evidence", new_name="evidence_indicator_status", old_name="evaluation__indicat_b55693_idx"
        ),
        migrations.AlterModelTable(name="scheme", table=None),
        migrations.AlterModelTable(name="indicator", table=None),
        migrations.AlterModelTable(name="evidence", table=None),
        migrations.AlterModelTable(name="evidencechange", table=None),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
