"""Kept-current rollups of the evidence ledger.

The database keeps ``ledger_rollup`` current itself: a trigger on ``ledger_evidence`` adds
a verified row to its key's count and sums, and takes it away again when the row stops
being verified, changes or goes, in the same transaction as the change (so whatever writes
the ledger, the service, a bulk load or an administrator, cannot forget it, and two changes
of one key queue on its rollup row instead of losing one). A recompute then reads a few
rows per subject instead of every row of the period.

``rebuild`` recomputes the table from the ledger (after a load with the trigger off, and in
the property test that compares the two).
"""

from django.db import connection

KEY = "period, college_id, major_id, industry_college_id, indicator"

# Built from constants only (no input reaches these statements).
REBUILD = f"""
INSERT INTO ledger_rollup ({KEY}, n, sv, sb)
SELECT period, college_id, COALESCE(major_id, 0), COALESCE(industry_college_id, 0), indicator,
       COUNT(*), SUM(value), SUM(base)
  FROM ledger_evidence WHERE status = 'verified'
 GROUP BY period, college_id, COALESCE(major_id, 0), COALESCE(industry_college_id, 0), indicator
"""  # noqa: S608


def _upsert(row: str, sign: str, when: str = "true") -> str:
    """Add (sign "") or take away (sign "-") the evidence row ``row`` (NEW or OLD) when ``when``."""
    return f"""
    INSERT INTO ledger_rollup ({KEY}, n, sv, sb)
    SELECT {row}.period, {row}.college_id, COALESCE({row}.major_id, 0),
           COALESCE({row}.industry_college_id, 0), {row}.indicator, {sign}1, {sign}{row}.value, {sign}{row}.base
     WHERE {when}
    ON CONFLICT ({KEY}) DO UPDATE SET n = ledger_rollup.n + excluded.n,
        sv = ledger_rollup.sv + excluded.sv, sb = ledger_rollup.sb + excluded.sb;"""


POSTGRESQL = [
    f"""
CREATE OR REPLACE FUNCTION ledger_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'verified' THEN {_upsert("OLD", "-")}
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status = 'verified' THEN {_upsert("NEW", "")}
    END IF;
    RETURN NULL;
END $$""",
    """
CREATE OR REPLACE FUNCTION ledger_rollup_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ledger_rollup;
    RETURN NULL;
END $$""",
    """CREATE TRIGGER ledger_rollup AFTER INSERT OR DELETE OR UPDATE OF status, value, base, period,
    college_id, major_id, industry_college_id, indicator ON ledger_evidence
    FOR EACH ROW EXECUTE FUNCTION ledger_rollup_apply()""",
    """CREATE TRIGGER ledger_rollup_truncate AFTER TRUNCATE ON ledger_evidence
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_rollup_clear()""",
]

SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS ledger_rollup_insert AFTER INSERT ON ledger_evidence
    BEGIN {_upsert("NEW", "", "NEW.status = 'verified'")} END""",
    f"""CREATE TRIGGER IF NOT EXISTS ledger_rollup_delete AFTER DELETE ON ledger_evidence
    BEGIN {_upsert("OLD", "-", "OLD.status = 'verified'")} END""",
    f"""CREATE TRIGGER IF NOT EXISTS ledger_rollup_update AFTER UPDATE OF status, value, base, period, college_id,
    major_id, industry_college_id, indicator ON ledger_evidence BEGIN
    {_upsert("OLD", "-", "OLD.status = 'verified'")}
    {_upsert("NEW", "", "NEW.status = 'verified'")}
    END""",
]


def install() -> None:
    """Create the triggers (the migrations do, for PostgreSQL and SQLite). SQLite drops a
    table's triggers when a migration rebuilds the table: a migration that alters
    ``ledger_evidence`` installs them again (as ``0008_partition_evidence`` does)."""
    statements = POSTGRESQL if connection.vendor == "postgresql" else SQLITE
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def rebuild() -> None:
    """Recompute every rollup row from the ledger."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_rollup")
        cursor.execute(REBUILD)
