"""The evidence ledger becomes a table partitioned by period on PostgreSQL (ledger.partitions):
a table per period from 2015 to two years ahead and a default one, the same columns,
constraints, indexes and names, every row copied. SQLite keeps one table (and gets back the
rollup triggers it dropped when 0007 rebuilt the table)."""

import datetime

from django.db import migrations

INDEXES = [
    "CREATE INDEX evidence_college_status ON ledger_evidence (college_id, status)",
    "CREATE INDEX evidence_indicator_status ON ledger_evidence (indicator, status)",
    "CREATE INDEX evidence_recompute_covering ON ledger_evidence"
    " (period, college_id, major_id, industry_college_id, indicator) INCLUDE (value, base)"
    " WHERE status = 'verified'",
    "CREATE UNIQUE INDEX evidence_one_row_per_platform_event ON ledger_evidence"
    " (event_key, indicator, period) WHERE NOT event_key = ''",
    "CREATE INDEX evaluation_evidence_indicator_96b77e6a ON ledger_evidence (indicator)",
    "CREATE INDEX evaluation_evidence_indicator_96b77e6a_like ON ledger_evidence (indicator varchar_pattern_ops)",
    "CREATE INDEX evaluation_evidence_college_id_dda5ce11 ON ledger_evidence (college_id)",
    "CREATE INDEX evaluation_evidence_industry_college_id_244dfd9f ON ledger_evidence (industry_college_id)",
    "CREATE INDEX evaluation_evidence_major_id_9223a595 ON ledger_evidence (major_id)",
    "CREATE INDEX evaluation_evidence_submitted_by_id_bed139cd ON ledger_evidence (submitted_by_id)",
    "CREATE INDEX evaluation_evidence_supersedes_id_ec2c3ccd ON ledger_evidence (supersedes_id)",
    "CREATE INDEX evaluation_evidence_verified_by_id_06b24f16 ON ledger_evidence (verified_by_id)",
]

FOREIGN_KEYS = {
    "college_id": "colleges_college",
    "industry_college_id": "colleges_industrycollege",
    "major_id": "colleges_major",
    "submitted_by_id": "accounts_user",
    "verified_by_id": "accounts_user",
}


def partition(apps, schema_editor):
    from ledger import partitions, rollups

    if schema_editor.connection.vendor != "postgresql":
        # SQLite rebuilt the table in 0007 and dropped its triggers with the old one.
        rollups.install()
        rollups.rebuild()
        return

    last = max(datetime.date.today().year + partitions.AHEAD, 2028)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT min(period), max(period) FROM ledger_evidence")
        low, high = cursor.fetchone()
        first = min(partitions.FIRST_PERIOD, low or partitions.FIRST_PERIOD)
        last = max(last, high or last)
        cursor.execute(
            "CREATE TABLE ledger_evidence_new (LIKE ledger_evidence INCLUDING DEFAULTS INCLUDING IDENTITY"
            " INCLUDING CONSTRAINTS) PARTITION BY RANGE (period)"
        )
        for period in range(first, last + 1):
            cursor.execute(
                f"CREATE TABLE {partitions.name(period)} PARTITION OF ledger_evidence_new"
                f" FOR VALUES FROM ({period}) TO ({period + 1})"
            )
        cursor.execute(f"CREATE TABLE {partitions.DEFAULT} PARTITION OF ledger_evidence_new DEFAULT")
        cursor.execute("INSERT INTO ledger_evidence_new OVERRIDING SYSTEM VALUE SELECT * FROM ledger_evidence")
        cursor.execute("SELECT COALESCE(max(id), 0) FROM ledger_evidence")
        (top,) = cursor.fetchone()
        cursor.execute("DROP TABLE ledger_evidence")
        cursor.execute("ALTER TABLE ledger_evidence_new RENAME TO ledger_evidence")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('ledger_evidence', 'id'), %s, %s)", [max(top, 1), top > 0]
        )
        cursor.execute("ALTER TABLE ledger_evidence ADD CONSTRAINT evaluation_evidence_pkey PRIMARY KEY (id, period)")
        for statement in INDEXES:
            cursor.execute(statement)
        for column, table in FOREIGN_KEYS.items():
            cursor.execute(
                f"ALTER TABLE ledger_evidence ADD CONSTRAINT ledger_evidence_{column}_fk FOREIGN KEY ({column})"
                f" REFERENCES {table} (id) DEFERRABLE INITIALLY DEFERRED"
            )
    rollups.install()
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ANALYZE ledger_evidence")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0007_ledger_keys_for_partitions")]

    # Not reversible: a partitioned ledger is not turned back into a plain table.
    operations = [migrations.RunPython(partition, migrations.RunPython.noop)]
