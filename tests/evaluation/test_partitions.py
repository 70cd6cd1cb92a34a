"""The ledger partitioned by period on PostgreSQL: each period's rows in its own table, a
period's reads touching that table alone, new periods given a table with their rows moved
out of the default one, and the rollups right through all of it."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from ledger import partitions, rollups
from ledger.models import Evidence, EvidenceChange, Rollup
from ledger.services import evidence_verify
from tests.factories import CollegeFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def row(college, period: int, value: int = 1, status: str = "verified") -> Evidence:
    return Evidence.objects.create(
        college=college,
        indicator="smes_served",
        value=Decimal(value),
        occurred_on=datetime.date(period, 3, 1),
        period=period,
        source="manual",
        status=status,
    )


def table_of(evidence: Evidence) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM ledger_evidence WHERE id = %s", [evidence.pk])
        return cursor.fetchone()[0]


def test_each_period_is_a_table_and_a_periods_reads_touch_only_its_table(default_scheme):
    assert partitions.is_partitioned()
    assert set(range(2015, datetime.date.today().year + partitions.AHEAD + 1)) <= set(partitions.periods())
    college = CollegeFactory()
    assert table_of(row(college, 2025)) == "ledger_evidence_p2025"
    assert table_of(row(college, 2026)) == "ledger_evidence_p2026"
    assert table_of(row(college, 1990)) == partitions.DEFAULT
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (FORMAT JSON) SELECT college_id, indicator, COUNT(*), SUM(value) FROM ledger_evidence"
            " WHERE status = 'verified' AND period = 2026 GROUP BY college_id, indicator"
        )
        plan = str(cursor.fetchone()[0])
    assert "ledger_evidence_p2026" in plan
    assert "ledger_evidence_p2025" not in plan and partitions.DEFAULT not in plan


def test_a_new_period_gets_its_table_and_its_rows_move_into_it_with_the_rollups_unchanged(default_scheme):
    college = CollegeFactory()
    early = [row(college, 1999, value=n) for n in (2, 3)]
    row(college, 1999, value=7, status="submitted")
    before = sorted(Rollup.objects.values_list("period", "college_id", "indicator", "n", "sv"))
    assert partitions.ensure(1999) is True
    assert partitions.ensure(1999) is False  # once
    assert {table_of(e) for e in early} == {"ledger_evidence_p1999"}
    assert Evidence.objects.filter(period=1999).count() == 3
    assert sorted(Rollup.objects.values_list("period", "college_id", "indicator", "n", "sv")) == before
    later = row(college, 1999, value=5)  # a new row goes to the new table, and is rolled up
    assert table_of(later) == "ledger_evidence_p1999"
    assert Rollup.objects.get(period=1999, college_id=college.pk).n == 3


def test_ensure_ahead_makes_next_years_tables():
    made = partitions.ensure_ahead(datetime.date(2031, 1, 1))
    assert set(range(2031, 2034)) <= set(partitions.periods())
    assert made == [p for p in range(2031, 2034) if p not in range(2015, datetime.date.today().year + 3)]


def test_a_row_moved_to_another_period_moves_table_and_rollup_and_keeps_its_history(default_scheme):
    college = CollegeFactory()
    evidence = row(college, 2025, value=4, status="submitted")
    evidence_verify(evidence=evidence, actor=UserFactory(role="evaluator"))
    evidence.refresh_from_db()
    evidence.period = 2026
    evidence.save(update_fields=["period"])
    assert table_of(evidence) == "ledger_evidence_p2026"
    assert not Rollup.objects.filter(period=2025, n__gt=0).exists()
    assert Rollup.objects.get(period=2026, college_id=college.pk).sv == Decimal(4)
    assert EvidenceChange.objects.filter(evidence_id=evidence.pk).exists()
    kept = sorted(Rollup.objects.filter(n__gt=0).values_list("period", "college_id", "indicator", "n", "sv"))
    rollups.rebuild()
    assert sorted(Rollup.objects.values_list("period", "college_id", "indicator", "n", "sv")) == kept
