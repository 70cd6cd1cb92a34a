"""LearnerProfile moved to accounts (``accounts.0003``): drop it from this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("colleges", "0003_lifelong"),
        ("accounts", "0003_learnerprofile"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[], state_operations=[migrations.DeleteModel(name="LearnerProfile")]
        ),
    ]
