"""Learners get a public id: the unguessable subject of their credentials."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    LearnerProfile = apps.get_model("accounts", "LearnerProfile")
    for profile in LearnerProfile.objects.filter(public_id__isnull=True).only("pk"):
        LearnerProfile.objects.filter(pk=profile.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_learnerprofile_table")]

    operations = [
        migrations.AddField(
            model_name="learnerprofile",
            name="public_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="public id"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="learnerprofile",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="public id"),
        ),
    ]
