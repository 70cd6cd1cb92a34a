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
