"""The radar through the REST API only: state demand and cohorts, recompute, read, decide."""

import io

import pytest
from celery.signals import after_task_publish

from evaluation.models import MajorDecision
from evaluation.tasks import drain_dirty_marks
from ledger.models import DirtyMark
from tests.factories import CourseFactory, MajorFactory, ModuleFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    names: list[str] = []

    def record(sender=None, **kwargs):
        names.append(sender)

    after_task_publish.connect(record, weak=False)
    yield names
    after_task_publish.disconnect(record)


def test_a_client_states_demand_and_cohorts_recomputes_reads_and_decides(
    world, as_user, published, django_capture_on_commit_callbacks
):
    plc = SkillFactory(code="plc")
    major = MajorFactory(college=world.college_a, code="robotics")  # College A is in Guangdong
    ModuleFactory(course=CourseFactory(college=world.college_a, major=major)).skills.set([plc])
    engineer, admin = as_user(world.engineer_x), as_user(world.admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        for year, headcount in ((2024, 8), (2025, 9), (2026, 30)):
            response = engineer.post(
                "/api/v1/talent-demands/",
                {"enterprise": world.enterprise_x.pk, "skill": "plc", "headcount": headcount, "year": year},
                format="json",
            )
            assert response.status_code == 201, response.json()
            assert response.json()["region"] == "Guangdong"  # the enterprise's region by default
        for year in (2024, 2025, 2026):
            assert (
                admin.post(
                    "/api/v1/cohorts/", {"major": major.pk, "year": year, "graduates": 20}, format="json"
                ).status_code
                == 201
            )
    assert published == ["evaluation.tasks.drain_dirty_marks"]  # six changes, one run
    assert list(DirtyMark.objects.values_list("key", flat=True)) == ["radar"]
    drain_dirty_marks.apply().get()
    assert not DirtyMark.objects.exists()

    skills = admin.get("/api/v1/radar/skills/?year=2026&region=Guangdong").json()
    assert skills == [
        {
            "skill": "plc",
            "name": plc.name,
            "name_zh": plc.name_zh,
            "demand": 30,
            "supply": 20,
            "gap_ratio": "1.50",
            "status": "shortage",
            "forecast_next_year": 38,
            "enterprises": 1,
            "demand_rows": 1,
            "single_enterprise": True,
            "internship_places": 0,
            "graduates_supplied": 0,
        }
    ]
    # (2024, 8), (2025, 9), (2026, 30): slope 11, mean 15.667 at 2025 → 37.667 → 38 in 2027.
    majors = admin.get("/api/v1/radar/majors/?year=2024").json()
    assert majors == [
        {
            "major": major.pk,
            "name": major.name,
            "college": world.college_a.pk,
            "alignment": "0.40",
            "status": "warning",
            "skills": ["plc"],
            "decision": None,
        }
    ]
    decided = admin.post(
        f"/api/v1/majors/{major.pk}/decisions/",
        {"year": 2024, "decision": "adjust", "reason": "Add a vision module"},
        format="json",
    )
    assert decided.status_code == 201
    assert decided.json()["recommendation"] == "warning"
    assert admin.get("/api/v1/radar/majors/?year=2024").json()[0]["decision"] == "adjust"
    assert MajorDecision.objects.get().decided_by == world.admin_a


def test_radar_needs_a_login_and_a_year(world, as_user):
    assert as_user(None).get("/api/v1/radar/skills/?year=2026").status_code == 401
    response = as_user(world.student_a).get("/api/v1/radar/skills/")
    assert response.status_code == 400 and "year" in response.json()
    assert as_user(world.student_a).get("/api/v1/radar/majors/?year=abc").status_code == 400


def test_college_admins_see_their_own_majors_only(world, as_user):
    from evaluation.radar import recompute_radar
    from tests.factories import CohortFactory

    CohortFactory(major=MajorFactory(college=world.college_a), year=2026)
    CohortFactory(major=MajorFactory(college=world.college_b), year=2026)
    recompute_radar()
    assert len(as_user(world.admin_a).get("/api/v1/radar/majors/?year=2026").json()) == 1
    assert (
        len(
            as_user(world.admin_a).get(f"/api/v1/radar/majors/?year=2026&college={world.college_b.pk}").json()
        )
        == 0
    )
    assert len(as_user(world.evaluator).get("/api/v1/radar/majors/?year=2026").json()) == 2


def test_decisions_are_recorded_by_the_majors_college_admin_only(world, as_user):
    major = MajorFactory(college=world.college_a)
    body = {"year": 2026, "decision": "keep", "reason": "Demand is rising"}
    assert (
        as_user(world.admin_b).post(f"/api/v1/majors/{major.pk}/decisions/", body, format="json").status_code
        == 403
    )
    assert (
        as_user(world.teacher_a)
        .post(f"/api/v1/majors/{major.pk}/decisions/", body, format="json")
        .status_code
        == 403
    )
    bad = as_user(world.admin_a).post(
        f"/api/v1/majors/{major.pk}/decisions/", {**body, "decision": "merge"}, format="json"
    )
    assert bad.status_code == 400 and "decision" in bad.json()
    assert (
        as_user(world.admin_a).post(f"/api/v1/majors/{major.pk}/decisions/", body, format="json").status_code
        == 201
    )


def test_demand_is_stated_for_the_own_enterprise_only_and_validated(world, as_user):
    SkillFactory(code="plc")
    body = {"enterprise": world.enterprise_y.pk, "skill": "plc", "headcount": 3, "year": 2026}
    assert as_user(world.engineer_x).post("/api/v1/talent-demands/", body, format="json").status_code == 403
    for field, value in (("headcount", -1), ("year", 3000), ("skill", "no-such")):
        response = as_user(world.engineer_y).post(
            "/api/v1/talent-demands/", {**body, field: value}, format="json"
        )
        assert response.status_code == 400 and field in response.json()


def test_recompute_is_for_admins_and_evaluators(world, as_user):
    assert as_user(world.student_a).post("/api/v1/radar/recompute/").status_code == 403
    assert as_user(world.engineer_x).post("/api/v1/radar/recompute/").status_code == 403
    response = as_user(world.admin_a).post("/api/v1/radar/recompute/")
    assert response.status_code == 202
    assert as_user(world.admin_a).get(f"/api/v1/tasks/{response.json()['task_id']}/").status_code == 200


def test_csv_import_reports_every_bad_row_and_writes_nothing(world, as_user):
    SkillFactory(code="plc")
    client = as_user(world.engineer_x)
    bad = (
        "enterprise,skill,headcount,year\n"
        f"{world.enterprise_x.pk},plc,5,2026\n"
        f"{world.enterprise_x.pk},nope,5,2026\n"
        f"{world.enterprise_x.pk},plc,-3,2025\n"
        f"{world.enterprise_y.pk},plc,1,2024\n"
    )
    response = client.post(
        "/api/v1/talent-demands/import/", {"file": io.BytesIO(bad.encode())}, format="multipart"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["line"], e["field"]) for e in errors] == [
        (3, "skill"),
        (4, "headcount"),
        (5, "non_field_errors"),
    ]
    assert client.get("/api/v1/talent-demands/").json()["count"] == 0
    good = (
        "enterprise,skill,headcount,year\n"
        + f"{world.enterprise_x.pk},plc,5,2026\n{world.enterprise_x.pk},plc,7,2025\n"
    )
    response = client.post(
        "/api/v1/talent-demands/import/", {"file": io.BytesIO(good.encode())}, format="multipart"
    )
    assert response.status_code == 201 and response.json()["created"] == 2


def test_cohort_csv_import(world, as_user):
    major = MajorFactory(college=world.college_a)
    csv = f"major,year,graduates\n{major.pk},2026,40\n{major.pk},2027,abc\n"
    response = as_user(world.admin_a).post(
        "/api/v1/cohorts/import/", {"file": io.BytesIO(csv.encode())}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["errors"][0]["line"] == 3
    not_csv = as_user(world.admin_a).post(
        "/api/v1/cohorts/import/", {"file": io.BytesIO(b"\xff\xfe\x00")}, format="multipart"
    )
    assert not_csv.status_code == 400
