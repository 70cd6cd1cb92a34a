import pytest

from ledger.models import Evidence, Indicator, Scheme
from tests.factories import IndustryCollegeFactory, MajorFactory

pytestmark = pytest.mark.django_db


def test_default_scheme_is_installed_and_active(world, as_user):
    schemes = as_user(world.student_a).get("/api/v1/schemes/").json()["results"]
    assert [(s["code"], s["is_active"]) for s in schemes] == [("default-2026", True)]
    assert (
        schemes[0]["weight_technology"],
        schemes[0]["weight_competence"],
        schemes[0]["weight_service"],
    ) == ("0.350", "0.400", "0.250")
    indicators = (
        as_user(world.student_a).get(f"/api/v1/indicators/?scheme={schemes[0]['id']}").json()["results"]
    )
    assert len(indicators) == 14
    by_code = {i["code"]: i for i in indicators}
    assert (by_code["adaptation_days"]["direction"], by_code["adaptation_days"]["target"]) == (
        "lower_better",
        "30.0000",
    )
    assert sum(1 for i in indicators if i["dimension"] == "technology") == 5


def _submit(client, college, **extra):
    body = {
        "indicator": "patents_transferred",
        "college": college.pk,
        "value": "1",
        "occurred_on": "2026-03-01",
        "note": "Patent CN123",
    }
    return client.post("/api/v1/evidence/", {**body, **extra}, format="json")


def test_college_admin_submits_and_evaluator_verifies(world, as_user):
    response = _submit(as_user(world.admin_a), world.college_a)
    assert response.status_code == 201, response.json()
    row = response.json()
    assert (row["indicator"], row["status"], row["source"], row["base"]) == (
        "patents_transferred",
        "submitted",
        "manual",
        "1.0000",
    )
    assert as_user(world.admin_a).post(f"/api/v1/evidence/{row['id']}/verify/").status_code == 403
    verified = as_user(world.evaluator).post(
        f"/api/v1/evidence/{row['id']}/verify/", {"note": "Checked"}, format="json"
    )
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    again = as_user(world.evaluator).post(f"/api/v1/evidence/{row['id']}/reject/")
    assert again.status_code == 409
    history = as_user(world.admin_a).get(f"/api/v1/evidence/{row['id']}/").json()["history"]
    assert [h["action"] for h in history] == ["submitted", "verified"]


def test_evidence_is_submitted_for_the_own_college_only(world, as_user):
    assert _submit(as_user(world.admin_a), world.college_b).status_code == 403
    assert _submit(as_user(world.teacher_a), world.college_a).status_code == 403
    assert _submit(as_user(world.student_a), world.college_a).status_code == 403
    assert _submit(as_user(world.platform_admin), world.college_b).status_code == 201
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"indicator": "no_such_indicator"}, "indicator"),
        ({"value": "many"}, "value"),
        ({"base": "0"}, "base"),
        ({"occurred_on": "yesterday"}, "occurred_on"),
        ({"major": 999999}, "major"),
    ],
)
def test_evidence_bad_input_names_the_field(world, as_user, extra, field):
    response = _submit(as_user(world.admin_a), world.college_a, **extra)
    assert response.status_code == 400 and field in response.json()


def test_evidence_major_and_industry_college_must_belong_to_the_college(world, as_user):
    major_b = MajorFactory(college=world.college_b)
    ic_b = IndustryCollegeFactory(college=world.college_b)
    assert "major" in _submit(as_user(world.admin_a), world.college_a, major=major_b.pk).json()
    assert (
        "industry_college"
        in _submit(as_user(world.admin_a), world.college_a, industry_college=ic_b.pk).json()
    )


def test_evidence_ledger_is_scoped_and_filterable(world, as_user):
    _submit(as_user(world.admin_a), world.college_a)
    _submit(as_user(world.admin_b), world.college_b, occurred_on="2025-05-01")
    assert as_user(world.admin_a).get("/api/v1/evidence/").json()["count"] == 1
    assert as_user(world.engineer_x).get("/api/v1/evidence/").json()["count"] == 0
    evaluator = as_user(world.evaluator)
    assert evaluator.get("/api/v1/evidence/").json()["count"] == 2
    assert evaluator.get("/api/v1/evidence/?period=2025").json()["count"] == 1
    assert (
        evaluator.get(
            f"/api/v1/evidence/?college={world.college_a.pk}&status=submitted&source=manual"
        ).json()["count"]
        == 1
    )


def test_evaluator_changes_an_indicator_target(world, as_user):
    indicator = Indicator.objects.get(scheme=Scheme.objects.get(is_active=True), code="projects_accepted")
    response = as_user(world.evaluator).patch(
        f"/api/v1/indicators/{indicator.pk}/", {"target": "25"}, format="json"
    )
    assert response.status_code == 200 and response.json()["target"] == "25.0000"
    assert (
        as_user(world.admin_a)
        .patch(f"/api/v1/indicators/{indicator.pk}/", {"target": "1"}, format="json")
        .status_code
        == 403
    )
    bad = as_user(world.evaluator).patch(
        f"/api/v1/indicators/{indicator.pk}/", {"weight": "0"}, format="json"
    )
    assert bad.status_code == 400 and "weight" in bad.json()


@pytest.mark.parametrize("period", ["0.0", "0", "abc", "99999"])
def test_a_bad_period_filter_is_400(world, as_user, period):
    response = as_user(world.evaluator).get(f"/api/v1/evidence/?period={period}")
    assert response.status_code == 400 and "period" in response.json()


def test_an_evaluators_own_submission_waits_for_verification_too(world, as_user):
    response = _submit(as_user(world.evaluator), world.college_b)
    assert response.status_code == 201 and response.json()["status"] == "submitted"
