"""Turn PostgreSQL's JIT compilation off for the portal's database.

The portal's queries are short (a page, a list of fifty), but a filter with subqueries over a
few tens of thousands of rows is estimated dear enough for PostgreSQL to compile it first:
the teacher's project list spent 90 ms compiling a 30 ms scan. The recompute already turns it
off for its own transaction. Set on the database, so it holds for every connection, through
PgBouncer too; a role without the right to alter the database is told and goes on.
"""

from django.db import migrations

JIT_OFF = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'not allowed to set jit = off on this database: set it by hand';
END
$$;
"""
JIT_DEFAULT = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I RESET jit', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    NULL;
END
$$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(JIT_OFF, None)  # no parameters: its % is format()'s
        schema_editor.execute("SET jit = off")  # this connection too


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(JIT_DEFAULT, None)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0015_notify_changes_and_rejection")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
