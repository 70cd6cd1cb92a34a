import datetime

import pytest

from colleges.models import DualPosition, Major
from ledger.models import Evidence
from tests.factories import CohortFactory, DualPositionFactory, MajorFactory

pytestmark = pytest.mark.django_db


def test_platform_admin_creates_lists_and_filters_colleges(world, as_user):
    client = as_user(world.platform_admin)
    response = client.post(
        "/api/v1/colleges/",
        {"name": "Hunan Rail Polytechnic", "code": "hrp", "region": "Hunan"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    listed = client.get("/api/v1/colleges/?region=Hunan").json()
    assert [c["code"] for c in listed["results"]] == ["hrp"]
    assert listed["count"] == 1


def test_college_code_is_unique(world, as_user):
    response = as_user(world.platform_admin).post(
        "/api/v1/colleges/", {"name": "Dup", "code": "col-a", "region": "X"}, format="json"
    )
    assert response.status_code == 400
    assert "code" in response.json()


def test_college_admin_updates_own_college_only(world, as_user):
    client = as_user(world.admin_a)
    assert (
        client.patch(
            f"/api/v1/colleges/{world.college_a.pk}/", {"name": "College A+"}, format="json"
        ).status_code
        == 200
    )
    assert (
        client.patch(
            f"/api/v1/colleges/{world.college_b.pk}/", {"name": "Mine now"}, format="json"
        ).status_code
        == 403
    )
    world.college_b.refresh_from_db()
    assert world.college_b.name == "College B"


def test_majors_are_created_by_their_college_admin_with_a_code_unique_in_the_college(world, as_user):
    client = as_user(world.admin_a)
    body = {"college": world.college_a.pk, "name": "Industrial Robotics", "code": "robotics"}
    assert client.post("/api/v1/majors/", body, format="json").status_code == 201
    duplicate = client.post("/api/v1/majors/", body, format="json")
    assert duplicate.status_code == 400
    assert "non_field_errors" in duplicate.json() or "code" in duplicate.json()
    # The same code in another college is fine, but only that college's admin may add it.
    other = {**body, "college": world.college_b.pk}
    assert client.post("/api/v1/majors/", other, format="json").status_code == 403
    assert as_user(world.admin_b).post("/api/v1/majors/", other, format="json").status_code == 201
    assert Major.objects.filter(code="robotics").count() == 2


def test_majors_filter_by_college_and_status(world, as_user):
    MajorFactory(college=world.college_a, code="m1")
    MajorFactory(college=world.college_b, code="m2")
    MajorFactory(college=world.college_a, code="m3", status=Major.Status.WARNING)
    client = as_user(world.teacher_a)
    codes = [m["code"] for m in client.get(f"/api/v1/majors/?college={world.college_a.pk}").json()["results"]]
    assert sorted(codes) == ["m1", "m3"]
    codes = [m["code"] for m in client.get("/api/v1/majors/?status=warning").json()["results"]]
    assert codes == ["m3"]


def test_naming_an_enterprise_invites_it_and_only_its_engineers_make_it_a_partner(world, as_user):
    from colleges.models import Partnership
    from enterprises.models import Project

    client = as_user(world.admin_b)
    response = client.post(
        "/api/v1/industry-colleges/",
        {
            "college": world.college_b.pk,
            "name": "B–Y Digital",
            "enterprises": [world.enterprise_y.pk, world.enterprise_x.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    # Nobody is a partner yet: both are invited.
    assert created["enterprises"] == [] and created["invited"] == sorted(
        [world.enterprise_x.pk, world.enterprise_y.pk]
    )
    secret = Project.objects.create(
        enterprise=world.enterprise_y,
        title="Y's partners-only",
        description="d",
        seats=1,
        visibility="partners",
        status="open",
    )
    assert as_user(world.teacher_b).get(f"/api/v1/projects/{secret.pk}/").status_code == 404
    invitation = Partnership.objects.get(industry_college_id=created["id"], enterprise=world.enterprise_y)
    # The college cannot answer for the enterprise, nor another enterprise.
    assert client.post(f"/api/v1/partnerships/{invitation.pk}/accept/").status_code == 403
    assert as_user(world.engineer_x).post(f"/api/v1/partnerships/{invitation.pk}/accept/").status_code == 404
    assert as_user(world.engineer_y).post(f"/api/v1/partnerships/{invitation.pk}/accept/").status_code == 200
    assert as_user(world.teacher_b).get(f"/api/v1/projects/{secret.pk}/").status_code == 200
    listed = client.get(f"/api/v1/industry-colleges/?enterprises={world.enterprise_y.pk}").json()["results"]
    assert [ic["name"] for ic in listed] == ["B–Y Digital"]
    # Either side ends it.
    assert client.post(f"/api/v1/partnerships/{invitation.pk}/end/").status_code == 200
    assert as_user(world.teacher_b).get(f"/api/v1/projects/{secret.pk}/").status_code == 404


def test_a_partner_added_by_update_is_only_invited_too(world, as_user):
    response = as_user(world.admin_a).patch(
        f"/api/v1/industry-colleges/{world.industry_college.pk}/",
        {"enterprises": [world.enterprise_x.pk, world.enterprise_y.pk]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["enterprises"] == [world.enterprise_x.pk]
    assert response.json()["invited"] == [world.enterprise_y.pk]


def test_cohorts_validate_year_and_graduates(world, as_user):
    major = MajorFactory(college=world.college_a)
    client = as_user(world.admin_a)
    assert (
        client.post(
            "/api/v1/cohorts/", {"major": major.pk, "year": 2026, "graduates": 45}, format="json"
        ).status_code
        == 201
    )
    bad_year = client.post(
        "/api/v1/cohorts/", {"major": major.pk, "year": 1066, "graduates": 45}, format="json"
    )
    assert bad_year.status_code == 400 and "year" in bad_year.json()
    bad_count = client.post(
        "/api/v1/cohorts/", {"major": major.pk, "year": 2027, "graduates": -1}, format="json"
    )
    assert bad_count.status_code == 400 and "graduates" in bad_count.json()
    assert (
        as_user(world.admin_b)
        .post("/api/v1/cohorts/", {"major": major.pk, "year": 2028, "graduates": 1}, format="json")
        .status_code
        == 403
    )


def test_cohort_filter_by_college(world, as_user):
    CohortFactory(major=MajorFactory(college=world.college_a), year=2025)
    CohortFactory(major=MajorFactory(college=world.college_b), year=2025)
    results = as_user(world.evaluator).get(f"/api/v1/cohorts/?college={world.college_b.pk}").json()["results"]
    assert len(results) == 1


def test_dual_position_proposed_recognised_and_practice_hours_confirmed(world, as_user):
    proposal = as_user(world.admin_a).post(
        "/api/v1/dual-positions/",
        {
            "user": world.teacher_a.pk,
            "enterprise": world.enterprise_x.pk,
            "role": "engineer",
            "title": "Automation engineer",
            "start_date": "2026-01-05",
        },
        format="json",
    )
    assert proposal.status_code == 201, proposal.json()
    assert proposal.json()["status"] == "proposed"
    position_id = proposal.json()["id"]

    # No hours against a position the enterprise has not recognised yet.
    log = {
        "enterprise": world.enterprise_x.pk,
        "date": "2026-02-10",
        "hours": "6.5",
        "description": "Commissioning",
    }
    early = as_user(world.teacher_a).post("/api/v1/practice-logs/", log, format="json")
    assert early.status_code == 400 and "enterprise" in early.json()

    assert (
        as_user(world.engineer_y).post(f"/api/v1/dual-positions/{position_id}/recognize/").status_code == 404
    )
    recognised = as_user(world.engineer_x).post(f"/api/v1/dual-positions/{position_id}/recognize/")
    assert recognised.status_code == 200 and recognised.json()["status"] == "active"
    assert (
        as_user(world.engineer_x).post(f"/api/v1/dual-positions/{position_id}/recognize/").status_code == 409
    )

    submitted = as_user(world.teacher_a).post("/api/v1/practice-logs/", log, format="json")
    assert submitted.status_code == 201 and submitted.json()["status"] == "submitted"
    log_id = submitted.json()["id"]
    assert as_user(world.teacher_a).post(f"/api/v1/practice-logs/{log_id}/confirm/").status_code == 403
    confirmed = as_user(world.engineer_x).post(f"/api/v1/practice-logs/{log_id}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert as_user(world.engineer_x).post(f"/api/v1/practice-logs/{log_id}/confirm/").status_code == 409

    evidence = Evidence.objects.get(indicator="dual_practice_hours")
    assert (evidence.college, str(evidence.value), evidence.status, evidence.source) == (
        world.college_a,
        "6.5000",
        "verified",
        "platform",
    )
    assert evidence.occurred_on == datetime.date(2026, 2, 10)


def test_dual_position_proposal_is_for_own_college_teachers(world, as_user):
    body = {
        "user": world.teacher_b.pk,
        "enterprise": world.enterprise_x.pk,
        "role": "broker",
        "title": "Broker",
        "start_date": "2026-01-05",
    }
    assert as_user(world.admin_a).post("/api/v1/dual-positions/", body, format="json").status_code == 403
    assert as_user(world.teacher_b).post("/api/v1/dual-positions/", body, format="json").status_code == 403
    student = {**body, "user": world.student_a.pk}
    response = as_user(world.admin_a).post("/api/v1/dual-positions/", student, format="json")
    assert response.status_code == 400 and "user" in response.json()


def test_dual_positions_are_seen_by_the_people_concerned(world, as_user):
    DualPositionFactory(
        user=world.teacher_a, enterprise=world.enterprise_x, status=DualPosition.Status.ACTIVE
    )

    def visible(user):
        return as_user(user).get("/api/v1/dual-positions/").json()["count"]

    assert [visible(u) for u in (world.teacher_a, world.admin_a, world.engineer_x, world.evaluator)] == [
        1,
        1,
        1,
        1,
    ]
    assert [visible(u) for u in (world.teacher_b, world.admin_b, world.engineer_y, world.student_a)] == [
        0,
        0,
        0,
        0,
    ]
