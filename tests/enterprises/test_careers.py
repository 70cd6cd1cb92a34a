"""Careers after graduation, graduation, apprenticeship ladders, IP agreements."""

import datetime
from decimal import Decimal

import pytest

from colleges.models import PracticeLog
from courses.models import Credential, CreditTransaction
from ledger.models import Evidence
from tests.factories import CourseFactory, DualPositionFactory, ModuleFactory, ProjectFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_employment_confirmation_and_reviews_write_evidence(world, as_user):
    created = as_user(world.admin_a).post(
        "/api/v1/employments/",
        {
            "learner": world.student_a.pk,
            "enterprise": world.enterprise_x.pk,
            "position": "Automation technician",
            "start_date": "2026-07-01",
            "in_field": True,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    eid = created.json()["id"]
    review = {
        "employment": eid,
        "period": 2026,
        "rating": 4,
        "adaptation_days": 25,
        "promoted": False,
        "comment": "Solid",
    }
    assert (
        as_user(world.engineer_x).post("/api/v1/performance-reviews/", review, format="json").status_code
        == 409
    )  # not confirmed
    assert as_user(world.engineer_y).post(f"/api/v1/employments/{eid}/confirm/").status_code == 404
    # Neither the employer nor whoever entered it confirms: the learner (or their college) does.
    assert as_user(world.engineer_x).post(f"/api/v1/employments/{eid}/confirm/").status_code == 403
    assert as_user(world.admin_a).post(f"/api/v1/employments/{eid}/confirm/").status_code == 403
    assert as_user(world.student_a).post(f"/api/v1/employments/{eid}/confirm/").status_code == 200
    assert as_user(world.student_a).post(f"/api/v1/employments/{eid}/confirm/").status_code == 409
    assert (
        as_user(world.engineer_y).post("/api/v1/performance-reviews/", review, format="json").status_code
        == 403
    )
    assert (
        as_user(world.engineer_x).post("/api/v1/performance-reviews/", review, format="json").status_code
        == 201
    )
    assert (
        as_user(world.engineer_x).post("/api/v1/performance-reviews/", review, format="json").status_code
        == 409
    )
    bad = as_user(world.engineer_x).post(
        "/api/v1/performance-reviews/", {**review, "rating": 7, "period": 2025}, format="json"
    )
    assert bad.status_code == 400 and "rating" in bad.json()
    evidence = sorted((e.indicator, e.value) for e in Evidence.objects.filter(college=world.college_a))
    assert evidence == [("adaptation_days", 25), ("employer_rating", 4), ("employment_in_field_rate", 1)]
    assert as_user(world.student_a).get("/api/v1/employments/").json()["count"] == 1
    assert as_user(world.student_a2).get("/api/v1/employments/").json()["count"] == 0
    assert as_user(world.engineer_y).get("/api/v1/employments/").json()["count"] == 0


def test_graduation_writes_dual_certificate_evidence_once(world, as_user):
    from courses.models import Certificate, CertificateType

    kind = CertificateType.objects.create(code="c", name="C", issuer="I")
    Certificate.objects.create(
        learner=world.student_a,
        certificate_type=kind,
        issued_on=datetime.date(2026, 1, 1),
        number="1",
        status="verified",
    )
    admin = as_user(world.admin_a)
    assert (
        as_user(world.admin_b)
        .post(f"/api/v1/learners/{world.student_a.pk}/graduate/", {"date": "2026-06-30"}, format="json")
        .status_code
        == 404
    )
    assert (
        admin.post(
            f"/api/v1/learners/{world.student_a.pk}/graduate/", {"date": "2026-06-30"}, format="json"
        ).status_code
        == 200
    )
    assert (
        admin.post(
            f"/api/v1/learners/{world.student_a.pk}/graduate/", {"date": "2026-06-30"}, format="json"
        ).status_code
        == 409
    )
    assert (
        admin.post(
            f"/api/v1/learners/{world.student_a2.pk}/graduate/", {"date": "2026-06-30"}, format="json"
        ).status_code
        == 200
    )
    values = sorted(
        Evidence.objects.filter(indicator="dual_certificate_rate").values_list("value", flat=True)
    )
    assert values == [0, 1]


@pytest.fixture
def ladder(world, as_user):
    skill = SkillFactory(code="plc")
    response = as_user(world.engineer_x).post(
        "/api/v1/ladders/",
        {
            "enterprise": world.enterprise_x.pk,
            "name": "Automation career",
            "levels": [
                {"name": "Apprentice", "rank": 1},
                {
                    "name": "Assistant engineer",
                    "rank": 2,
                    "min_credits": "4",
                    "skills": ["plc"],
                    "min_practice_hours": "10",
                    "min_months_at_previous": 6,
                },
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json(), skill


def test_promotion_names_the_missing_requirement_and_issues_a_credential(world, as_user, ladder):
    data, skill = ladder
    levels = {level["rank"]: level["id"] for level in data["levels"]}
    engineer = as_user(world.engineer_x)

    def promote(rank, on):
        return engineer.post(
            f"/api/v1/ladders/{data['id']}/promote/",
            {"learner": world.student_a.pk, "level": levels[rank], "date": on},
            format="json",
        )

    assert "Apprentice" in promote(2, "2026-01-01").json()["detail"]  # must hold level 1 first
    first = promote(1, "2026-01-01")
    assert first.status_code == 201 and first.json()["credential"]
    assert promote(1, "2026-01-02").status_code == 409  # already holds it
    assert "6 months" in promote(2, "2026-03-01").json()["detail"]
    assert "credits in Plc" in promote(2, "2026-08-01").json()["detail"]
    module = ModuleFactory(course=CourseFactory(college=world.college_a), credits=Decimal(4))
    module.skills.set([skill])
    CreditTransaction.objects.create(
        learner=world.student_a, credits=Decimal(4), kind="module", source="s", module=module
    )
    assert "practice hours" in promote(2, "2026-08-01").json()["detail"]
    position = DualPositionFactory(user=world.student_a, enterprise=world.enterprise_x, status="active")
    PracticeLog.objects.create(
        dual_position=position,
        date=datetime.date(2026, 5, 1),
        hours=Decimal(10),
        description="d",
        status="confirmed",
    )
    done = promote(2, "2026-08-01")
    assert done.status_code == 201, done.json()
    credential = Credential.objects.get(pk=done.json()["credential"])
    assert (
        credential.kind == "ApprenticeshipCertificate" and credential.issuer_enterprise == world.enterprise_x
    )
    assert (
        as_user(world.engineer_y)
        .post(
            f"/api/v1/ladders/{data['id']}/promote/",
            {"learner": world.student_a.pk, "level": levels[1]},
            format="json",
        )
        .status_code
        == 403
    )


def test_ladder_input_is_checked(world, as_user):
    client = as_user(world.engineer_x)
    body = {"enterprise": world.enterprise_x.pk, "name": "L", "levels": []}
    assert "levels" in client.post("/api/v1/ladders/", body, format="json").json()
    body["levels"] = [{"name": "A", "rank": 1}, {"name": "B", "rank": 1}]
    assert "levels" in client.post("/api/v1/ladders/", body, format="json").json()
    assert (
        client.post(
            "/api/v1/ladders/", {**body, "enterprise": world.enterprise_y.pk}, format="json"
        ).status_code
        == 403
    )


def test_ip_agreement_percentages_and_parties(world, as_user):
    project = ProjectFactory(
        enterprise=world.enterprise_x, status="open", visibility="confidential", college=world.college_a
    )
    body = {
        "project": project.pk,
        "enterprise_pct": "50",
        "college_pct": "30",
        "students_pct": "10",
        "revenue_share_pct": "5",
        "embargo_days": 30,
    }
    bad = as_user(world.engineer_x).post("/api/v1/ip-agreements/", body, format="json")
    assert bad.status_code == 400 and "enterprise_pct" in bad.json()
    assert (
        as_user(world.engineer_y)
        .post("/api/v1/ip-agreements/", {**body, "students_pct": "20"}, format="json")
        .status_code
        == 403
    )
    created = as_user(world.admin_a).post(
        "/api/v1/ip-agreements/", {**body, "students_pct": "20"}, format="json"
    )
    assert created.status_code == 201
    assert (
        as_user(world.admin_a)
        .post("/api/v1/ip-agreements/", {**body, "students_pct": "20"}, format="json")
        .status_code
        == 409
    )
    agreement = created.json()["id"]
    assert (
        as_user(world.admin_a).post(f"/api/v1/ip-agreements/{agreement}/accept/").json()["status"]
        == "proposed"
    )
    assert as_user(world.admin_a).post(f"/api/v1/ip-agreements/{agreement}/accept/").status_code == 409
    assert as_user(world.engineer_y).post(f"/api/v1/ip-agreements/{agreement}/accept/").status_code == 404
    assert (
        as_user(world.engineer_x).post(f"/api/v1/ip-agreements/{agreement}/accept/").json()["status"]
        == "agreed"
    )
