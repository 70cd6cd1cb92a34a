"""Who sees which project (product.md and the roles issue)."""

import pytest

from enterprises import vetting
from enterprises.models import Application, Flag
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(world):
    x, y = world.enterprise_x, world.enterprise_y
    return {
        "draft": ProjectFactory(enterprise=x, title="draft", status="draft"),
        "public": ProjectFactory(enterprise=x, title="public", status="open", visibility="public"),
        "partners": ProjectFactory(enterprise=x, title="partners", status="open", visibility="partners"),
        "partners-y-taken-b": ProjectFactory(
            enterprise=y,
            title="partners-y-taken-b",
            status="in_progress",
            visibility="partners",
            college=world.college_b,
        ),
        "confidential-open": ProjectFactory(
            enterprise=x, title="confidential-open", status="open", visibility="confidential"
        ),
        "confidential-taken": ProjectFactory(
            enterprise=x,
            title="confidential-taken",
            status="in_progress",
            visibility="confidential",
            college=world.college_a,
        ),
    }


def _titles(client):
    return sorted(p["title"] for p in client.get("/api/v1/projects/?page_size=200").json()["results"])


def test_visibility_by_role(world, as_user, projects):
    Application.objects.create(
        project=projects["confidential-taken"], student=world.student_a2, motivation="m", status="accepted"
    )
    expected = {
        None: ["public"],
        "engineer_x": ["confidential-open", "confidential-taken", "draft", "partners", "public"],
        "engineer_y": ["partners-y-taken-b", "public"],
        "admin_a": ["confidential-open", "confidential-taken", "partners", "public"],
        "teacher_a": ["confidential-open", "confidential-taken", "partners", "public"],
        "student_a": ["partners", "public"],
        "student_a2": ["confidential-taken", "partners", "public"],
        "admin_b": ["partners-y-taken-b", "public"],
        "student_b": ["partners-y-taken-b", "public"],
        "evaluator": ["public"],
        "platform_admin": sorted(projects),
    }
    for who, titles in expected.items():
        client = as_user(getattr(world, who) if who else None)
        assert _titles(client) == titles, who


def test_hidden_projects_are_404_not_403(world, as_user, projects):
    assert as_user(None).get(f"/api/v1/projects/{projects['draft'].pk}/").status_code == 404
    assert (
        as_user(world.student_b).get(f"/api/v1/projects/{projects['confidential-taken'].pk}/").status_code
        == 404
    )
    assert as_user(world.student_b).get(f"/api/v1/projects/{projects['public'].pk}/").status_code == 200


def test_students_see_only_their_own_applications(world, as_user, projects):
    own = Application.objects.create(project=projects["public"], student=world.student_a, motivation="mine")
    Application.objects.create(project=projects["public"], student=world.student_b, motivation="theirs")
    ids = [a["id"] for a in as_user(world.student_a).get("/api/v1/applications/").json()["results"]]
    assert ids == [own.pk]
    assert as_user(world.engineer_x).get("/api/v1/applications/").json()["count"] == 2
    assert as_user(world.engineer_y).get("/api/v1/applications/").json()["count"] == 0


@pytest.mark.parametrize("status", ["in_progress", "delivered"])
@pytest.mark.parametrize("visibility", ["public", "partners"])
def test_flags_never_hide_a_project_from_the_people_working_on_it(world, as_user, status, visibility):
    project = ProjectFactory(
        enterprise=world.enterprise_x, status=status, visibility=visibility, college=world.college_a
    )
    Application.objects.create(project=project, student=world.student_a2, motivation="m", status="accepted")
    upheld = Flag.objects.create(project=project, flagged_by=world.student_b, reason="r")
    vetting.flag_uphold(flag=upheld, actor=world.platform_admin, note="Withdrawn.")
    for who in ("student_a2", "teacher_a", "admin_a", "engineer_x"):
        client = as_user(getattr(world, who))
        assert client.get(f"/api/v1/projects/{project.pk}/").status_code == 200, who
    # Those not on it no longer see it.
    assert as_user(world.student_a).get(f"/api/v1/projects/{project.pk}/").status_code == 404
    assert as_user(None).get(f"/api/v1/projects/{project.pk}/").status_code == 404


def test_an_accepted_student_delivers_a_withdrawn_project(world, as_user):
    project = ProjectFactory(
        enterprise=world.enterprise_x, status="in_progress", visibility="public", college=world.college_a
    )
    Application.objects.create(project=project, student=world.student_a2, motivation="m", status="accepted")
    for who in (world.student_a, world.student_b, world.teacher_b):
        Flag.objects.create(project=project, flagged_by=who, reason="r")
    delivered = as_user(world.student_a2).post(
        f"/api/v1/projects/{project.pk}/deliver/", {"summary": "Done."}, format="json"
    )
    assert delivered.status_code == 201
