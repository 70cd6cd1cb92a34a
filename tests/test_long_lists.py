"""A list page over millions of rows does not count them all to show a page: past
``LongPaginator.EXACT`` rows it shows the planner's estimate ("about …"), below it the exact
count; and the default order of the longest lists has its index."""

import datetime
import re

import pytest
from django.db import connection

from accounts import pagekit
from ledger.models import Evidence

pytestmark = pytest.mark.django_db


def _evidence(world, n):
    Evidence.objects.bulk_create(
        Evidence(
            indicator="smes_served",
            college=world.college_a,
            value=1,
            occurred_on=datetime.date(2026, 3, 1),
            period=2026,
            source="manual",
            status="submitted",
        )
        for _ in range(n)
    )


def test_a_short_list_shows_its_exact_count(client, world, monkeypatch):
    monkeypatch.setattr(pagekit.LongPaginator, "EXACT", 10)
    _evidence(world, 7)
    client.force_login(world.admin_a)
    html = client.get("/evidence/").content.decode()
    assert "7 rows" in html and "about" not in html


def test_past_the_exact_limit_the_count_is_counted_no_further(client, world, monkeypatch):
    monkeypatch.setattr(pagekit.LongPaginator, "EXACT", 10)
    _evidence(world, 30)
    client.force_login(world.admin_a)
    html = client.get("/evidence/").content.decode()
    if connection.vendor == "postgresql":
        assert "about" in html  # the planner's estimate, at least EXACT + 1
        paginator = pagekit.LongPaginator(Evidence.objects.all(), 25)
        assert paginator.count >= 11 and paginator.estimated
    else:  # no estimate to ask for: the exact count
        assert "30 rows" in html
    # Paging still works: the second page exists and shows the rest.
    assert client.get("/evidence/?page=2").status_code == 200


@pytest.mark.postgres
def test_the_longest_lists_are_read_in_index_order(world):
    _evidence(world, 30)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: ask which plan is possible
        for table, order in (
            ("ledger_evidence", "created_at DESC, id DESC"),
            ("enterprises_project", "created_at DESC, id DESC"),
            ("accounts_user", "role, last_name, first_name, username"),
        ):
            cursor.execute(f"EXPLAIN SELECT id FROM {table} ORDER BY {order} LIMIT 25")  # noqa: S608
            plan = "\n".join(row[0] for row in cursor.fetchall())
            # Read in index order (each period's index merged, for the ledger): nothing sorted.
            assert "Scan using" in plan and not re.search(r"(^|->)\s*Sort\s+\(", plan, re.M), plan


@pytest.mark.postgres
def test_the_database_does_not_compile_short_queries(db):
    """JIT compilation cost a list of projects 90 ms to run a 30 ms scan: it is off for the
    portal's database (every connection, through PgBouncer too)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_to_string(setconfig, ',') FROM pg_db_role_setting"
            " WHERE setrole = 0 AND setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        row = cursor.fetchone()
    assert row and "jit=off" in row[0]
