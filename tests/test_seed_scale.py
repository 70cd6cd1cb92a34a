"""`seed_scale`, the world `make bench` measures: every NOT NULL column of every table it writes
gets a value (the columns are read from the models and from the database, so a migration that
adds one breaks this test, not the bench), and its enterprises are approved, so the public
catalogue it measures is the one visitors see."""

import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from rest_framework.test import APIClient

from accounts import public_cache
from courses.models import Skill
from enterprises.models import Enterprise, Project
from enterprises.vetting import credit_code_problem
from evaluation.management.commands import seed_scale
from ledger.models import Evidence

INSERT = re.compile(r"INSERT INTO (\w+) \(([^)]*)\)")
AUTO = ("AutoField", "BigAutoField", "SmallAutoField")


def _inserts() -> dict[str, set[str]]:
    """The columns each statement of seed_scale gives a value, by table."""
    found: dict[str, set[str]] = {}
    for statement in seed_scale.STATEMENTS:
        match = INSERT.search(statement)
        assert match, f"not an INSERT with its columns named: {statement[:80]}"
        found.setdefault(match.group(1), set()).update(c.strip() for c in match.group(2).split(","))
    return found


def _required_by_models(table: str) -> set[str]:
    """The columns of ``table`` an INSERT must name: NOT NULL, no database default, not the
    generated primary key."""
    model = next((m for m in apps.get_models(include_auto_created=True) if m._meta.db_table == table), None)
    assert model is not None, f"seed_scale writes {table}, which no model has"
    return {
        field.column
        for field in model._meta.local_concrete_fields
        if not field.null
        and field.db_default is models.NOT_PROVIDED
        and not isinstance(field, models.GeneratedField)
        and field.get_internal_type() not in AUTO
    }


def test_every_not_null_column_of_a_seeded_table_gets_a_value():
    inserts = _inserts()
    assert {"enterprises_enterprise", "courses_skill", "ledger_evidence", "accounts_user"} <= set(inserts)
    missing = {
        table: sorted(_required_by_models(table) - columns)
        for table, columns in inserts.items()
        if _required_by_models(table) - columns
    }
    assert not missing, f"seed_scale leaves NOT NULL columns without a value: {missing}"


def test_the_check_finds_a_column_left_out(monkeypatch):
    """The check above cannot pass vacuously: the enterprises' insert as it was before vetting."""
    old = (
        "INSERT INTO enterprises_enterprise (id, name, code, region, industry, website, created_at)"
        " SELECT 1, 'E', 'e', 'R', 'ICT', '', now()"
    )
    monkeypatch.setattr(seed_scale, "STATEMENTS", [old])
    columns = _inserts()["enterprises_enterprise"]
    assert {"vetting", "credit_code", "contact_verified"} <= _required_by_models(
        "enterprises_enterprise"
    ) - columns


def test_a_tiny_scale_is_one_college():
    sizes = seed_scale.sizes(0.005)
    assert sizes["colleges"] == 1
    assert sizes["evidence"] == 10_000
    assert sizes["demand"] == 4 * sizes["enterprises"]  # four skills per enterprise: all distinct
    assert seed_scale.sizes(1)["enterprises"] == seed_scale.sizes(10)["enterprises"] == 5_000


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_seed_scale_fills_every_row_and_its_catalogue_is_the_public_one(default_scheme):
    # The database's own view: NOT NULL, no default, not an identity column.
    with connection.cursor() as cursor:
        for table, columns in _inserts().items():
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
                " AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'",
                [table],
            )
            required = {row[0] for row in cursor.fetchall()}
            assert required, table
            assert required <= columns, f"{table}: no value for {sorted(required - columns)}"

    call_command("seed_scale", scale=0.005, verbosity=0)
    before = public_cache.version("projects")
    call_command("seed_scale", scale=0.005, verbosity=0)  # again, on a database seeded before
    assert public_cache.version("projects") > before  # an earlier seeding's cache cannot answer

    sizes = seed_scale.sizes(0.005)
    assert Evidence.objects.count() == sizes["evidence"]
    assert Evidence.objects.values("college_id").distinct().count() == 1
    assert Enterprise.objects.count() == sizes["enterprises"]
    for enterprise in Enterprise.objects.all():
        assert enterprise.vetting == Enterprise.Vetting.APPROVED
        assert enterprise.contact_verified
        assert credit_code_problem(enterprise.credit_code) is None, enterprise.credit_code
        assert enterprise.site_visit_on and enterprise.approved_at
    for skill in Skill.objects.all():
        skill.full_clean()  # well-formed ESCO URI and occupation code
        assert skill.esco_uri and skill.occupation_code

    # Every public open project is in the anonymous catalogue: no enterprise is left pending.
    public_open = Project.objects.filter(
        visibility=Project.Visibility.PUBLIC, status=Project.Status.OPEN
    ).count()
    assert public_open > 0
    response = APIClient().get("/api/v1/projects/?status=open&page_size=5")
    assert response.status_code == 200
    assert response.json()["count"] == public_open
