"""A learner's profile belongs with the people (accounts), not with the colleges: the table
made by colleges' migrations is taken over here, then renamed (``0004``)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("colleges", "0003_lifelong"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="LearnerProfile",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "entry_year",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1990),
                                    django.core.validators.MaxValueValidator(2100),
                                ],
                                verbose_name="entry year",
                            ),
                        ),
                        ("graduated_on", models.DateField(blank=True, null=True, verbose_name="graduated on")),
                        (
                            "college",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="learners",
                                to="colleges.college",
                                verbose_name="college",
                            ),
                        ),
                        (
                            "major",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="learners",
                                to="colleges.major",
                                verbose_name="major",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="learner_profile",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="learner",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "colleges_learnerprofile",
                        "verbose_name": "learner profile",
                        "verbose_name_plural": "learner profiles",
                    },
                ),
            ],
        ),
    ]
