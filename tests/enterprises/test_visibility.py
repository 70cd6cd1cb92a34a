"""Who sees which project (product.md and the roles issue)."""

import pytest

from enterprises.models import Application
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
