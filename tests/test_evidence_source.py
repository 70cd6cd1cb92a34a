"""Evidence the platform writes names the row it came from, linked for readers who may open it."""

import pytest

from ledger.models import Evidence
from tests.factories import PASSWORD, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(world, as_user, default_scheme):
    project = ProjectFactory(
        enterprise=world.enterprise_x,
        status="delivered",
        college=world.college_a,
        visibility="confidential",
        title="Weld seam tracking",
    )
    response = as_user(world.engineer_x).post(
        f"/api/v1/projects/{project.pk}/accept/", {"rating": 4}, format="json"
    )
    assert response.status_code == 200
    return project


def test_platform_evidence_records_the_project_it_came_from(closed):
    rows = Evidence.objects.filter(event_key=f"project:{closed.pk}:closed")
    assert rows.count() == 3 and all(row.origin == closed for row in rows)


def test_the_college_reads_the_source_linked_and_no_engineer_as_its_submitter(client, world, closed):
    evidence = Evidence.objects.get(event_key=f"project:{closed.pk}:closed", indicator="projects_accepted")
    assert client.login(username=world.admin_a.username, password=PASSWORD)
    page = client.get(f"/evidence/{evidence.pk}/").content.decode()
    assert f'<a href="/projects/{closed.pk}/">Project: Weld seam tracking</a>' in page
    assert "Submitted by" not in page and world.engineer_x.username not in page.split('id="hist-h"')[0]
    listing = client.get("/evidence/", {"q": "projects_accepted"}).content.decode()
    assert f'<a href="/projects/{closed.pk}/">Project: Weld seam tracking</a>' in listing


def test_a_reader_who_may_not_open_the_source_reads_its_name_without_a_link(client, world, closed):
    evidence = Evidence.objects.get(event_key=f"project:{closed.pk}:closed", indicator="projects_accepted")
    client.force_login(world.evaluator)
    page = client.get(f"/evidence/{evidence.pk}/").content.decode()
    assert "Project: Weld seam tracking" in page
    assert f'href="/projects/{closed.pk}/"' not in page
    assert client.get(f"/projects/{closed.pk}/").status_code == 404
