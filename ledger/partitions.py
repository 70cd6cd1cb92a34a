"""The evidence ledger partitioned by period (PostgreSQL declarative partitioning).

One table per period (``ledger_evidence_p2026``) and a default one for periods without a
table of their own, so reading or rebuilding one period touches one partition however long
the history grows, and an old period can be detached and archived whole. The migration
``0008_partition_evidence`` turns the plain table into a partitioned one; ``ensure`` adds a
period's table (moving its rows out of the default one), and the beat schedule runs
``ensure_ahead`` daily so next year's table exists before its first row. On SQLite the
ledger stays one table and these do nothing.
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone

PARENT = "ledger_evidence"
DEFAULT = "ledger_evidence_default"
FIRST_PERIOD = 2015  # the migration creates a table for each period from here
AHEAD = 2  # periods beyond the current one that have a table


def name(period: int) -> str:
    return f"{PARENT}_p{int(period)}"


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = %s::regclass", [PARENT])
        return cursor.fetchone() is not None


def periods() -> list[int]:
    """The periods that have a table of their own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = %s::regclass",
            [PARENT],
        )
        return sorted(int(row[0].rsplit("_p", 1)[1]) for row in cursor.fetchall() if row[0] != DEFAULT)


@transaction.atomic
def ensure(period: int) -> bool:
    """Give ``period`` a table of its own (True when one was made). Rows of that period in
    the default table move into it, in one transaction."""
    if not is_partitioned() or period in periods():
        return False
    table, period = name(period), int(period)
    with connection.cursor() as cursor:
        # PostgreSQL refuses a new partition while the default one holds rows for it: take
        # the default table out, add the period's table, move its rows, put the default back.
        cursor.execute(f"ALTER TABLE {PARENT} DETACH PARTITION {DEFAULT}")
        cursor.execute(
            f"CREATE TABLE {table} PARTITION OF {PARENT} FOR VALUES FROM ({period}) TO ({period + 1})"
        )
        cursor.execute(f"ALTER TABLE {PARENT} DISABLE TRIGGER ledger_rollup")  # the rows only move
        cursor.execute(
            f"WITH moved AS (DELETE FROM {DEFAULT} WHERE period = %s RETURNING *)"  # noqa: S608
            f" INSERT INTO {PARENT} SELECT * FROM moved",
            [period],
        )
        cursor.execute(f"ALTER TABLE {PARENT} ENABLE TRIGGER ledger_rollup")
        cursor.execute(f"ALTER TABLE {PARENT} ATTACH PARTITION {DEFAULT} DEFAULT")
    return True


def ensure_ahead(today: datetime.date | None = None) -> list[int]:
    """Make the tables of the current period and the next ``AHEAD`` ones; answers those made."""
    year = (today or timezone.localdate()).year
    return [period for period in range(year, year + AHEAD + 1) if ensure(period)]
