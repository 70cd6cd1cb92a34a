"""`make backup` and `make restore`: a dump of the portal's database restored into a new
database holds every table exactly (rows compared table by table)."""

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db.get('USER') or 'postgres'}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


def _fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of all its rows."""
    import psycopg2
    from psycopg2 import sql

    digest = sql.SQL(
        "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
    )
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        result = {}
        for table in tables:
            cursor.execute(digest.format(sql.Identifier(table)))
            result[table] = cursor.fetchone()
    conn.close()
    return result


def test_a_backup_restores_into_a_new_database_table_for_table(default_scheme, tmp_path):
    call_command("seed_demo", verbosity=0)
    source = _url(connection.settings_dict["NAME"])
    dump = tmp_path / "portal.dump"
    env = {**os.environ, "DATABASE_URL": source}
    subprocess.run(["make", "-s", "backup", f"BACKUP={dump}"], cwd=ROOT, env=env, check=True)
    assert dump.stat().st_size > 10_000
    target_name = f"restore_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{target_name}"')
    try:
        target = _url(target_name)
        subprocess.run(
            ["make", "-s", "restore", f"BACKUP={dump}"],
            cwd=ROOT,
            env={**env, "DATABASE_URL": target},
            check=True,
        )
        before, after = _fingerprint(source), _fingerprint(target)
        assert len(before) > 60 and before["ledger_evidence"][0] > 500
        assert after == before
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
