"""The audit log: every state change, who, when, before and after; each side reads its own."""

import pytest
from rest_framework.test import APIClient

from accounts.models import AuditEntry
from tests.factories import PASSWORD, ProjectFactory

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_state_change_is_logged_with_who_before_and_after(world):
    project = ProjectFactory(enterprise=world.enterprise_x, status="draft", visibility="public")
    assert api(world.engineer_x).post(f"/api/v1/projects/{project.pk}/open/").status_code == 200
    entry = AuditEntry.objects.filter(
        model="enterprises.Project", object_id=str(project.pk), action="updated"
    ).get()
    assert entry.actor == world.engineer_x
    assert entry.before["status"] == "draft" and entry.after["status"] == "open"
    assert entry.enterprise_id == world.enterprise_x.pk
    assert "updated_at" not in entry.after


def test_each_side_reads_the_entries_of_its_own_rows(world):
    project = ProjectFactory(
        enterprise=world.enterprise_x, status="open", visibility="public", college=world.college_a
    )
    api(world.engineer_x).patch(f"/api/v1/projects/{project.pk}/", {"title": "Renamed"}, format="json")
    entry = AuditEntry.objects.filter(model="enterprises.Project", object_id=str(project.pk)).latest("at")

    def sees(user) -> bool:
        return any(
            e["id"] == entry.pk for e in api(user).get("/api/v1/audit-log/?page_size=200").json()["results"]
        )

    assert sees(world.platform_admin) and sees(world.engineer_x) and sees(world.admin_a)
    assert not sees(world.engineer_y) and not sees(world.admin_b) and not sees(world.student_a)
    assert api(world.engineer_y).get(f"/api/v1/audit-log/{entry.pk}/").status_code == 404


def test_a_change_that_did_not_commit_leaves_no_entry(world):
    from django.db import transaction

    project = ProjectFactory(enterprise=world.enterprise_x, status="draft")
    count = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        project.title = "Never"
        project.save()
        raise RuntimeError
    assert AuditEntry.objects.count() == count


def test_a_password_change_is_logged_without_the_password(world):
    world.admin_a.set_password("Another-pass-2027")
    world.admin_a.save()
    entry = AuditEntry.objects.filter(model="accounts.User", object_id=str(world.admin_a.pk)).latest("at")
    assert entry.after == {"password": "(changed)"} and "pbkdf2" not in str(entry.before)


def test_the_log_page_lists_and_downloads(client, world):
    ProjectFactory(enterprise=world.enterprise_x, status="draft", title="Audited arm")
    client.login(username="engineer-x", password=PASSWORD)
    page = client.get("/audit/?q=Audited").content.decode()
    assert "Audited arm" in page
    download = client.get("/audit/?q=Audited&format=csv")
    assert b"Audited arm" in b"".join(download.streaming_content)
    client.logout()
    client.login(username="student-a", password=PASSWORD)
    assert "Audited arm" not in client.get("/audit/").content.decode()


def test_who_flagged_a_posting_and_why_reach_platform_admins_only(client, world):
    """The flagged enterprise (nor the college) never learns who reported it: the flag's
    entries, whose actor is the reporter, are not in their audit log, by any filter or search."""
    project = ProjectFactory(
        enterprise=world.enterprise_x, status="open", visibility="public", college=world.college_a
    )
    response = api(world.student_a).post(
        "/api/v1/flags/", {"project": project.pk, "reason": "Asked me for a deposit"}, format="json"
    )
    assert response.status_code == 201
    entry = AuditEntry.objects.get(model="enterprises.Flag", action="created")
    assert entry.actor == world.student_a and entry.enterprise_id == world.enterprise_x.pk

    def reads(user, query=""):
        return api(user).get(f"/api/v1/audit-log/?page_size=200{query}").content.decode()

    assert "Asked me for a deposit" in reads(world.platform_admin)
    for user in (world.engineer_x, world.admin_a):
        for query in ("", f"&actor={world.student_a.pk}", "&model=enterprises.Flag"):
            seen = reads(user, query)
            assert "deposit" not in seen and '"enterprises.Flag"' not in seen, (user, query)
        assert api(user).get(f"/api/v1/audit-log/{entry.pk}/").status_code == 404
    client.login(username="engineer-x", password=PASSWORD)
    for query in ("", "?q=student-a", "?model=enterprises.Flag"):
        page = client.get(f"/audit/{query}").content.decode()
        assert "deposit" not in page and f"/audit/{entry.pk}/" not in page, query
    assert client.get(f"/audit/{entry.pk}/").status_code == 404
