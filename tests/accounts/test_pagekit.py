"""The page kit's lists, rows and actions, as every section gets them."""

import pytest

from tests.factories import PASSWORD, ProjectFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_a_search_matching_two_skills_of_a_project_shows_it_once_in_the_list_and_the_csv(client, world):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", title="Cell upgrade")
    project.skills.set([SkillFactory(code="welding-robots"), SkillFactory(code="welding-inspection")])
    assert client.login(username=world.engineer_x.username, password=PASSWORD)
    page = client.get("/projects/", {"q": "welding"}).content.decode()
    assert page.count(f'href="/projects/{project.pk}/"') == 1
    csv = b"".join(client.get("/projects/", {"q": "welding", "format": "csv"}).streaming_content).decode()
    assert csv.count("Cell upgrade") == 1


def test_a_list_shows_the_day_in_the_portals_time_zone_between_midnight_and_eight(client, world, settings):
    import datetime

    from enterprises.models import Project

    assert settings.TIME_ZONE == "Asia/Shanghai"
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", title="Night post")
    # 02:00 on 2 March in Shanghai is still 1 March in UTC.
    posted = datetime.datetime(2026, 3, 1, 18, 0, tzinfo=datetime.UTC)
    Project.objects.filter(pk=project.pk).update(created_at=posted)
    assert client.login(username=world.engineer_x.username, password=PASSWORD)
    page = client.get("/projects/", {"q": "Night post"}).content.decode()
    assert "March 2, 2026" in page and "March 1, 2026" not in page
    csv = b"".join(client.get("/projects/", {"q": "Night post", "format": "csv"}).streaming_content).decode()
    assert "2026-03-02" in csv and "2026-03-01" not in csv


@pytest.mark.parametrize("state", ["in_progress", "delivered", "accepted", "rejected", "abandoned"])
def test_edit_is_offered_only_while_the_state_allows_it(client, world, state):
    project = ProjectFactory(enterprise=world.enterprise_x, status=state)
    assert client.login(username=world.engineer_x.username, password=PASSWORD)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert f'href="/projects/{project.pk}/edit/"' not in page
    # Typed by hand, the form is not offered either: the page says why.
    response = client.get(f"/projects/{project.pk}/edit/", follow=True)
    assert "cannot be edited in its present state" in response.content.decode()
    assert response.redirect_chain[-1][0] == f"/projects/{project.pk}/"


def test_edit_is_offered_on_an_open_project(client, world):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open")
    assert client.login(username=world.engineer_x.username, password=PASSWORD)
    assert f'href="/projects/{project.pk}/edit/"' in client.get(f"/projects/{project.pk}/").content.decode()


def test_start_is_offered_once_an_application_is_accepted(client, world):
    from enterprises.models import Application

    project = ProjectFactory(enterprise=world.enterprise_x, status="open", title="Team first")
    assert client.login(username=world.engineer_x.username, password=PASSWORD)
    start = f'action="/projects/{project.pk}/start/"'
    assert start not in client.get(f"/projects/{project.pk}/").content.decode()
    assert start not in client.get("/projects/", {"q": "Team first"}).content.decode()
    Application.objects.create(project=project, student=world.student_a, motivation="m", status="accepted")
    assert start in client.get(f"/projects/{project.pk}/").content.decode()
    assert start in client.get("/projects/", {"q": "Team first"}).content.decode()
