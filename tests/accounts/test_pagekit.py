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
