"""Schemes, indicators and evidence moved to the ledger app (``ledger.0001``): drop them from
this app's state. The tables stay; nothing in the database changes here."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0003_radar"),
        ("ledger", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="scorecard",
                    name="scheme",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="scorecards",
                        to="ledger.scheme",
                    ),
                ),
                migrations.DeleteModel(name="EvidenceChange"),
                migrations.DeleteModel(name="Evidence"),
                migrations.DeleteModel(name="Indicator"),
                migrations.DeleteModel(name="Scheme"),
            ],
        ),
    ]
