"""Every project action from every state: allowed where the workflow says, 409 elsewhere."""

import pytest

from enterprises.models import Application, Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

S = Project.Status
# action -> (who, body, states it is allowed from, state it leads to)
ACTIONS = {
    "open": ("engineer_x", {}, {S.DRAFT}, S.OPEN),
    "take-on": ("teacher_a", None, {S.OPEN}, S.OPEN),
    "apply": ("student_a2", {"motivation": "m"}, {S.OPEN}, S.OPEN),
    "start": ("engineer_x", {}, {S.OPEN}, S.IN_PROGRESS),
    "deliver": ("teacher_a", {"summary": "done"}, {S.IN_PROGRESS}, S.DELIVERED),
    "accept": ("engineer_x", {"rating": 4}, {S.DELIVERED}, S.ACCEPTED),
    "request-changes": ("engineer_x", {"reason": "Add tests"}, {S.DELIVERED}, S.IN_PROGRESS),
    "reject": ("engineer_x", {"feedback": "no"}, {S.DELIVERED}, S.REJECTED),
    "abandon": ("engineer_x", {}, {S.DRAFT, S.OPEN, S.IN_PROGRESS, S.DELIVERED}, S.ABANDONED),
}


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_action_from_state(world, as_user, state, action):
    who, body, allowed, leads_to = ACTIONS[action]
    # Public, so every role can see it in every state but draft (where only the enterprise can).
    project = ProjectFactory(enterprise=world.enterprise_x, status=state, college=world.college_a, seats=3)
    Application.objects.create(project=project, student=world.student_a, motivation="m", status="accepted")
    if body is None:
        body = {"college": world.college_a.pk}
    response = as_user(getattr(world, who)).post(
        f"/api/v1/projects/{project.pk}/{action}/", body, format="json"
    )
    project.refresh_from_db()
    if state == S.DRAFT and who != "engineer_x":
        assert response.status_code == 404  # a draft is the enterprise's alone
    elif state in allowed:
        assert response.status_code in (200, 201), response.json()
        assert project.status == leads_to
    else:
        assert response.status_code == 409, response.json()
        assert str(S(state).label) in response.json()["detail"]
        assert project.status == state


@pytest.mark.parametrize("state", [S.DELIVERED, S.ACCEPTED, S.REJECTED, S.ABANDONED])
@pytest.mark.parametrize("action", ["accept", "decline"])
def test_applications_are_decided_only_while_the_project_runs(world, as_user, state, action):
    project = ProjectFactory(enterprise=world.enterprise_x, status=state)
    application = Application.objects.create(project=project, student=world.student_a, motivation="m")
    response = as_user(world.engineer_x).post(f"/api/v1/applications/{application.pk}/{action}/")
    assert response.status_code == 409


def test_deciding_an_application_twice_is_409(world, as_user):
    project = ProjectFactory(enterprise=world.enterprise_x, status=S.OPEN)
    application = Application.objects.create(project=project, student=world.student_a, motivation="m")
    engineer = as_user(world.engineer_x)
    assert engineer.post(f"/api/v1/applications/{application.pk}/decline/").status_code == 200
    assert engineer.post(f"/api/v1/applications/{application.pk}/decline/").status_code == 409
    assert engineer.post(f"/api/v1/applications/{application.pk}/accept/").status_code == 200
    assert engineer.post(f"/api/v1/applications/{application.pk}/accept/").status_code == 409
