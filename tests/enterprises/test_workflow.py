"""The project workflow of product.md, end to end through the API."""

import pytest

from enterprises.models import Project
from ledger.models import Evidence
from tests.factories import CourseFactory, MajorFactory, ModuleFactory, ProjectFactory, SkillFactory

pytestmark = pytest.mark.django_db


def _post(client, path, body=None):
    return client.post(path, body or {}, format="json")


@pytest.fixture
def skills(db):
    return [SkillFactory(code="plc-programming"), SkillFactory(code="machine-vision")]


def test_full_project_flow_writes_the_platform_evidence(world, as_user, skills):
    engineer, teacher = as_user(world.engineer_x), as_user(world.teacher_a)
    major = MajorFactory(college=world.college_a)
    module = ModuleFactory(course=CourseFactory(college=world.college_a, major=major))

    created = _post(
        engineer,
        "/api/v1/projects/",
        {
            "enterprise": world.enterprise_x.pk,
            "title": "Vision sorting",
            "description": "Sort parts.",
            "skills": ["plc-programming", "machine-vision"],
            "seats": 2,
            "visibility": "partners",
        },
    )
    assert created.status_code == 201, created.json()
    project = created.json()
    assert project["status"] == "draft" and sorted(project["skills"]) == ["machine-vision", "plc-programming"]
    pid = project["id"]

    assert _post(engineer, f"/api/v1/projects/{pid}/open/").json()["status"] == "open"
    taken = _post(
        teacher, f"/api/v1/projects/{pid}/take-on/", {"college": world.college_a.pk, "module": module.pk}
    )
    assert taken.status_code == 200 and taken.json()["college"] == world.college_a.pk

    apps = [
        _post(as_user(s), f"/api/v1/projects/{pid}/apply/", {"motivation": "Keen"})
        for s in (world.student_a, world.student_a2)
    ]
    assert [a.status_code for a in apps] == [201, 201]
    assert (
        _post(as_user(world.student_a), f"/api/v1/projects/{pid}/apply/", {"motivation": "again"}).status_code
        == 409
    )
    # A student of another college cannot apply to a partners project taken on by college A.
    assert (
        _post(as_user(world.student_b), f"/api/v1/projects/{pid}/apply/", {"motivation": "x"}).status_code
        == 404
    )

    assert _post(engineer, f"/api/v1/projects/{pid}/start/").status_code == 409  # nobody accepted yet
    for application in apps:
        assert _post(engineer, f"/api/v1/applications/{application.json()['id']}/accept/").status_code == 200
    # Not public: no start before both sides accept IP terms.
    assert "IP terms" in _post(engineer, f"/api/v1/projects/{pid}/start/").json()["detail"]
    terms = _post(
        engineer,
        "/api/v1/ip-agreements/",
        {
            "project": pid,
            "enterprise_pct": "50",
            "college_pct": "30",
            "students_pct": "20",
            "revenue_share_pct": "10",
            "embargo_days": 90,
        },
    )
    assert terms.status_code == 201, terms.json()
    assert (
        _post(engineer, f"/api/v1/ip-agreements/{terms.json()['id']}/accept/").json()["status"] == "proposed"
    )
    assert _post(engineer, f"/api/v1/projects/{pid}/start/").status_code == 409
    assert (
        _post(as_user(world.admin_a), f"/api/v1/ip-agreements/{terms.json()['id']}/accept/").json()["status"]
        == "agreed"
    )
    assert _post(engineer, f"/api/v1/projects/{pid}/start/").json()["status"] == "in_progress"

    delivered = _post(
        as_user(world.student_a),
        f"/api/v1/projects/{pid}/deliver/",
        {"summary": "Code and report", "link": "https://example.org/r"},
    )
    assert delivered.status_code == 201
    accepted = _post(engineer, f"/api/v1/projects/{pid}/accept/", {"rating": 4, "feedback": "Good"})
    assert (
        accepted.status_code == 200
        and accepted.json()["status"] == "accepted"
        and accepted.json()["rating"] == 4
    )

    rows = {e.indicator: e for e in Evidence.objects.all()}
    assert set(rows) == {"project_delivery_rate", "projects_accepted", "enterprise_rating"}
    assert all(
        r.college == world.college_a and r.major == major and r.status == "verified" for r in rows.values()
    )
    assert (rows["project_delivery_rate"].value, rows["enterprise_rating"].value) == (1, 4)

    history = engineer.get(f"/api/v1/projects/{pid}/").json()["history"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("", "draft"),
        ("draft", "open"),
        ("open", "open"),
        ("open", "in_progress"),
        ("in_progress", "delivered"),
        ("delivered", "accepted"),
    ]


@pytest.mark.parametrize(
    ("status", "action", "body"),
    [
        ("draft", "start", {}),
        ("draft", "accept", {"rating": 5}),
        ("open", "open", {}),
        ("open", "accept", {"rating": 5}),
        ("in_progress", "open", {}),
        ("delivered", "start", {}),
        ("accepted", "abandon", {}),
        ("accepted", "reject", {"feedback": "late"}),
        ("rejected", "accept", {"rating": 3}),
        ("abandoned", "open", {}),
    ],
)
def test_transitions_the_state_does_not_allow_are_409_naming_the_state(world, as_user, status, action, body):
    project = ProjectFactory(enterprise=world.enterprise_x, status=status, college=world.college_a)
    response = _post(as_user(world.engineer_x), f"/api/v1/projects/{project.pk}/{action}/", body)
    assert response.status_code == 409
    assert str(Project.Status(status).label) in response.json()["detail"]
    project.refresh_from_db()
    assert project.status == status


def test_rejection_and_abandonment_write_a_zero_delivery(world, as_user):
    rejected = ProjectFactory(enterprise=world.enterprise_x, status="delivered", college=world.college_a)
    abandoned = ProjectFactory(enterprise=world.enterprise_x, status="in_progress", college=world.college_a)
    engineer = as_user(world.engineer_x)
    assert (
        _post(
            engineer, f"/api/v1/projects/{rejected.pk}/reject/", {"feedback": "Did not meet spec"}
        ).status_code
        == 200
    )
    assert _post(engineer, f"/api/v1/projects/{abandoned.pk}/abandon/").status_code == 200
    values = sorted(
        Evidence.objects.filter(indicator="project_delivery_rate").values_list("value", flat=True)
    )
    assert values == [0, 0]
    assert not Evidence.objects.filter(indicator="projects_accepted").exists()


def test_accepting_more_applicants_than_seats_is_409(world, as_user):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", seats=1)
    first = _post(
        as_user(world.student_a), f"/api/v1/projects/{project.pk}/apply/", {"motivation": "a"}
    ).json()
    second = _post(
        as_user(world.student_b), f"/api/v1/projects/{project.pk}/apply/", {"motivation": "b"}
    ).json()
    engineer = as_user(world.engineer_x)
    assert _post(engineer, f"/api/v1/applications/{first['id']}/accept/").status_code == 200
    response = _post(engineer, f"/api/v1/applications/{second['id']}/accept/")
    assert response.status_code == 409 and "seats" in response.json()["detail"]


def test_only_the_enterprise_moves_its_projects(world, as_user):
    project = ProjectFactory(enterprise=world.enterprise_x, status="draft")
    assert (
        _post(as_user(world.engineer_y), f"/api/v1/projects/{project.pk}/open/").status_code == 404
    )  # a draft is hidden
    project.status = "open"
    project.save()
    assert _post(as_user(world.engineer_y), f"/api/v1/projects/{project.pk}/abandon/").status_code == 403
    assert _post(as_user(world.student_a), f"/api/v1/projects/{project.pk}/abandon/").status_code == 403
    assert _post(as_user(world.engineer_x), f"/api/v1/projects/{project.pk}/abandon/").status_code == 200


def test_engineers_post_projects_for_their_own_enterprise_only(world, as_user):
    body = {
        "enterprise": world.enterprise_y.pk,
        "title": "T",
        "description": "D",
        "seats": 1,
        "visibility": "public",
    }
    assert _post(as_user(world.engineer_x), "/api/v1/projects/", body).status_code == 403
    assert _post(as_user(world.teacher_a), "/api/v1/projects/", body).status_code == 403
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"seats": 0}, "seats"),
        ({"visibility": "secret"}, "visibility"),
        ({"skills": ["no-such-skill"]}, "skills"),
        ({"title": ""}, "title"),
        ({"enterprise": 999999}, "enterprise"),
    ],
)
def test_project_creation_rejects_bad_input_naming_the_field(world, as_user, body, field):
    payload = {
        "enterprise": world.enterprise_x.pk,
        "title": "T",
        "description": "D",
        "seats": 1,
        "visibility": "public",
        **body,
    }
    response = _post(as_user(world.engineer_x), "/api/v1/projects/", payload)
    assert response.status_code == 400
    assert field in response.json()


def test_accept_rating_must_be_1_to_5(world, as_user):
    project = ProjectFactory(enterprise=world.enterprise_x, status="delivered")
    for rating in (0, 6, "five"):
        response = _post(
            as_user(world.engineer_x), f"/api/v1/projects/{project.pk}/accept/", {"rating": rating}
        )
        assert response.status_code == 400 and "rating" in response.json()


def test_take_on_for_another_college_is_refused(world, as_user):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open")
    response = _post(
        as_user(world.teacher_a), f"/api/v1/projects/{project.pk}/take-on/", {"college": world.college_b.pk}
    )
    assert response.status_code == 400 and "college" in response.json()
    module_b = ModuleFactory(course=CourseFactory(college=world.college_b))
    response = _post(
        as_user(world.teacher_a),
        f"/api/v1/projects/{project.pk}/take-on/",
        {"college": world.college_a.pk, "module": module_b.pk},
    )
    assert response.status_code == 400 and "module" in response.json()


def _delivered_by_teacher(world, as_user):
    """A project under way at college A with student A accepted, delivered by teacher A."""
    from enterprises.models import Application

    for person, address in ((world.teacher_a, "t@a.example"), (world.student_a, "s@a.example")):
        person.email = address
        person.save()
    world.admin_a.email = "a@a.example"
    world.admin_a.save()
    project = ProjectFactory(
        enterprise=world.enterprise_x, status="in_progress", college=world.college_a, title="Arm cell"
    )
    Application.objects.create(project=project, student=world.student_a, motivation="m", status="accepted")
    assert (
        _post(
            as_user(world.teacher_a), f"/api/v1/projects/{project.pk}/deliver/", {"summary": "v1"}
        ).status_code
        == 201
    )
    return project


def test_asking_for_changes_sends_the_project_back_under_way_and_tells_the_team_why(
    world, as_user, django_capture_on_commit_callbacks, tasks
):
    from django.core import mail

    from accounts.models import Notification

    project = _delivered_by_teacher(world, as_user)
    engineer = as_user(world.engineer_x)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            engineer, f"/api/v1/projects/{project.pk}/request-changes/", {"reason": "Add the torque test"}
        )
    tasks.run()
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "in_progress"
    told = Notification.objects.filter(kind="project_changes_requested")
    assert set(told.values_list("recipient__username", flat=True)) == {"teacher-a", "student-a"}
    assert {m.to[0] for m in mail.outbox if "Add the torque test" in m.body} == {"t@a.example", "s@a.example"}
    # Nothing closed: no evidence of a failed delivery, and the team can deliver again.
    assert not Evidence.objects.filter(indicator="project_delivery_rate").exists()
    again = _post(as_user(world.teacher_a), f"/api/v1/projects/{project.pk}/deliver/", {"summary": "v2"})
    assert again.status_code == 201
    assert _post(engineer, f"/api/v1/projects/{project.pk}/request-changes/", {}).json()["reason"]


def test_rejecting_closes_the_project_and_tells_the_college_admin_and_the_teacher_why(
    world, as_user, django_capture_on_commit_callbacks, tasks
):
    from django.core import mail

    from accounts.models import Notification

    project = _delivered_by_teacher(world, as_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            as_user(world.engineer_x), f"/api/v1/projects/{project.pk}/reject/", {"feedback": "Out of scope"}
        )
    tasks.run()
    assert response.json()["status"] == "rejected"
    told = Notification.objects.filter(kind="project_rejected")
    assert set(told.values_list("recipient__username", flat=True)) == {"teacher-a", "admin-a"}
    assert {m.to[0] for m in mail.outbox if "Out of scope" in m.body} == {"t@a.example", "a@a.example"}


def test_the_engineer_chooses_on_the_page_between_asking_for_changes_and_rejecting(world, as_user, client):
    project = _delivered_by_teacher(world, as_user)
    client.force_login(world.engineer_x)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert f"/projects/{project.pk}/request-changes/" in page and "Ask for changes" in page
    assert f"/projects/{project.pk}/reject-delivery/" in page
    response = client.post(
        f"/projects/{project.pk}/request-changes/", {"request-changes-reason": "Label the wires"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == "in_progress" and project.feedback == ""
    history = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Label the wires" in history


def test_the_history_names_the_college_that_took_the_project_on_not_its_code(world, as_user, client):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open")
    taken = _post(
        as_user(world.admin_a), f"/api/v1/projects/{project.pk}/take-on/", {"college": world.college_a.pk}
    )
    assert taken.status_code == 200
    client.force_login(world.engineer_x)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    history = page.split('id="hist-h"')[1]
    assert "taken on by College A" in history and "col-a" not in history
    step = as_user(world.engineer_x).get(f"/api/v1/projects/{project.pk}/").json()["history"][-1]
    assert step["college"] == world.college_a.pk and "col-a" not in step["note"]
