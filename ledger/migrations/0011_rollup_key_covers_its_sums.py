from django.db import migrations, models

KEY = "period, college_id, major_id, industry_college_id, indicator"


def _key(schema_editor, include):
    # PostgreSQL only: SQLite builds the key without the INCLUDE anyway, and changing a
    # constraint there rebuilds the table under the ledger's rollup triggers, which then
    # name a table that no longer exists.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE ledger_rollup DROP CONSTRAINT rollup_one_row_per_key")
    schema_editor.execute(
        f"ALTER TABLE ledger_rollup ADD CONSTRAINT rollup_one_row_per_key UNIQUE ({KEY}){include}"
    )


def cover(apps, schema_editor):
    _key(schema_editor, " INCLUDE (n, sv, sb)")


def uncover(apps, schema_editor):
    _key(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0010_evidence_newest_first"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(model_name="rollup", name="rollup_one_row_per_key"),
                migrations.AddConstraint(
                    model_name="rollup",
                    constraint=models.UniqueConstraint(
                        fields=("period", "college_id", "major_id", "industry_college_id", "indicator"),
                        include=("n", "sv", "sb"),
                        name="rollup_one_row_per_key",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(cover, uncover)],
        ),
    ]
