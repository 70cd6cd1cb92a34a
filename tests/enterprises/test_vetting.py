"""Employer vetting and flagged postings: a pending enterprise's projects and a flagged
posting reach neither students nor the public; a college administrator approves an
enterprise with the checklist (the credit code's check character checked); a platform admin
clears a flag, saying what was checked."""

import datetime

import pytest

from enterprises.models import Enterprise, Flag
from enterprises.vetting import credit_code_problem
from tests.factories import PASSWORD, EnterpriseFactory, ProjectFactory

pytestmark = pytest.mark.django_db

APPROVAL = {"credit_code": "91350100M000100Y43", "contact_verified": True, "site_visit_on": "2026-03-02"}


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("91350100M000100Y43", True),  # GB 32100-2015's own example
        ("91440300708461136T", True),
        ("91350100M000100Y44", False),  # one typing mistake in the check character
        ("91350100M000100Y4", False),  # 17 characters
        ("91350100M000I00Y43", False),  # I is not among the code's characters
        ("91350100m000100y43", False),  # lower case is not the code (the service upper-cases first)
    ],
)
def test_the_credit_codes_check_character(code, ok):
    assert (credit_code_problem(code) is None) is ok


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_a_pending_enterprises_projects_reach_students_and_the_public_only_once_approved(world, as_user):
    newcomer = EnterpriseFactory(vetting="pending")
    project = ProjectFactory(enterprise=newcomer, status="open", visibility="public")
    assert newcomer.vetting == "pending"
    student, anonymous, admin = as_user(world.student_a), as_user(None), as_user(world.admin_a)
    assert project.pk not in ids(student.get("/api/v1/projects/"))
    assert project.pk not in ids(anonymous.get("/api/v1/projects/"))
    assert student.get(f"/api/v1/projects/{project.pk}/").status_code == 404
    assert project.pk in ids(admin.get("/api/v1/projects/"))  # the college vets what it sees

    refused = admin.post(
        f"/api/v1/enterprises/{newcomer.pk}/approve/",
        {**APPROVAL, "credit_code": "91350100M000100Y44"},
        format="json",
    )
    assert refused.status_code == 400 and "credit_code" in refused.json()
    refused = admin.post(
        f"/api/v1/enterprises/{newcomer.pk}/approve/", {**APPROVAL, "contact_verified": False}, format="json"
    )
    assert refused.status_code == 400 and "contact_verified" in refused.json()
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    refused = admin.post(
        f"/api/v1/enterprises/{newcomer.pk}/approve/", {**APPROVAL, "site_visit_on": tomorrow}, format="json"
    )
    assert refused.status_code == 400 and "site_visit_on" in refused.json()
    assert (
        as_user(world.engineer_x)
        .post(f"/api/v1/enterprises/{newcomer.pk}/approve/", APPROVAL, format="json")
        .status_code
        == 403
    )
    newcomer.refresh_from_db()
    assert newcomer.vetting == "pending" and newcomer.credit_code == ""

    approved = admin.post(f"/api/v1/enterprises/{newcomer.pk}/approve/", APPROVAL, format="json")
    assert approved.status_code == 200
    assert approved.json()["vetting"] == "approved" and approved.json()["credit_code"] == "91350100M000100Y43"
    newcomer.refresh_from_db()
    assert newcomer.approved_by == world.admin_a and newcomer.site_visit_on == datetime.date(2026, 3, 2)
    assert (
        admin.post(f"/api/v1/enterprises/{newcomer.pk}/approve/", APPROVAL, format="json").status_code == 409
    )
    assert project.pk in ids(student.get("/api/v1/projects/"))
    assert project.pk in ids(anonymous.get("/api/v1/projects/"))


def test_vetting_cannot_be_written_around_the_checks(world, as_user):
    newcomer = EnterpriseFactory(vetting="pending")
    response = as_user(world.platform_admin).patch(
        f"/api/v1/enterprises/{newcomer.pk}/", {"vetting": "approved"}, format="json"
    )
    assert response.status_code == 200
    newcomer.refresh_from_db()
    assert newcomer.vetting == "pending"
    created = as_user(world.platform_admin).post(
        "/api/v1/enterprises/",
        {"name": "New", "code": "new-co", "region": "R", "industry": "I", "vetting": "approved"},
        format="json",
    )
    assert created.status_code == 201 and created.json()["vetting"] == "pending"


def test_a_flag_hides_a_posting_from_students_until_a_platform_admin_clears_it(world, as_user):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    student_a, student_b, anonymous = as_user(world.student_a), as_user(world.student_b), as_user(None)
    raised = student_a.post(
        "/api/v1/flags/", {"project": project.pk, "reason": "Asks for a deposit."}, format="json"
    )
    assert raised.status_code == 201
    flag_id = raised.json()["id"]
    # Flagged, it is hidden from the student who flagged it too; a teacher who still sees it
    # may flag it once.
    again = student_a.post("/api/v1/flags/", {"project": project.pk, "reason": "Again"}, format="json")
    assert again.status_code == 400
    teacher = as_user(world.teacher_a)
    assert (
        teacher.post("/api/v1/flags/", {"project": project.pk, "reason": "Odd"}, format="json").status_code
        == 201
    )
    assert (
        teacher.post("/api/v1/flags/", {"project": project.pk, "reason": "Odd"}, format="json").status_code
        == 409
    )
    blank = as_user(world.teacher_b).post(
        "/api/v1/flags/", {"project": project.pk, "reason": " "}, format="json"
    )
    assert blank.status_code == 400
    for client in (student_a, student_b, anonymous):
        assert project.pk not in ids(client.get("/api/v1/projects/"))
    assert project.pk in ids(
        as_user(world.engineer_x).get("/api/v1/projects/")
    )  # the enterprise still sees it
    # Others' flags are not theirs to read; a student cannot clear one.
    assert student_b.get(f"/api/v1/flags/{flag_id}/").status_code == 404
    assert (
        student_a.post(f"/api/v1/flags/{flag_id}/clear/", {"note": "Fine"}, format="json").status_code == 403
    )
    padmin = as_user(world.platform_admin)
    assert padmin.post(f"/api/v1/flags/{flag_id}/clear/", {"note": ""}, format="json").status_code == 400
    cleared = padmin.post(
        f"/api/v1/flags/{flag_id}/clear/", {"note": "Called them: the deposit line is gone."}, format="json"
    )
    assert cleared.status_code == 200 and cleared.json()["cleared_at"]
    assert padmin.post(f"/api/v1/flags/{flag_id}/clear/", {"note": "Again"}, format="json").status_code == 409
    assert project.pk not in ids(student_b.get("/api/v1/projects/"))  # the teacher's flag is still open
    teacher_flag = Flag.objects.get(project=project, flagged_by=world.teacher_a)
    assert (
        padmin.post(f"/api/v1/flags/{teacher_flag.pk}/clear/", {"note": "Same."}, format="json").status_code
        == 200
    )
    assert project.pk in ids(student_b.get("/api/v1/projects/"))
    # A cleared flag does not stop the same person flagging the posting again later.
    assert (
        student_a.post(
            "/api/v1/flags/", {"project": project.pk, "reason": "Back again."}, format="json"
        ).status_code
        == 201
    )


def test_a_posting_one_cannot_see_cannot_be_flagged(world, as_user):
    draft = ProjectFactory(enterprise=world.enterprise_y, status="draft", visibility="public")
    response = as_user(world.student_a).post(
        "/api/v1/flags/", {"project": draft.pk, "reason": "?"}, format="json"
    )
    assert response.status_code == 400 and "project" in response.json()
    assert not Flag.objects.exists()


def test_the_pages_approve_an_enterprise_and_clear_a_flag(client, world):
    newcomer = EnterpriseFactory(vetting="pending", name="Nanhai Parts")
    project = ProjectFactory(
        enterprise=world.enterprise_x, status="open", visibility="public", title="Home testing"
    )
    assert client.login(username=world.student_a.username, password=PASSWORD)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Flag as suspicious" in page
    flagged = client.post(f"/projects/{project.pk}/flag/", {"flag-reason": "A deposit."})
    assert flagged.status_code == 302 and flagged.url == "/projects/"
    assert client.get(f"/projects/{project.pk}/").status_code == 404  # hidden from students now
    flag = Flag.objects.get(project=project)

    assert client.login(username=world.admin_a.username, password=PASSWORD)
    dashboard = client.get("/dashboard/").content.decode()
    assert "Nanhai Parts" in dashboard  # waiting for approval
    listing = client.get("/employers/?vetting=pending").content.decode()
    assert "Nanhai Parts" in listing and world.enterprise_x.name not in listing
    bad = client.post(
        f"/employers/{newcomer.pk}/approve/",
        {
            "approve-credit_code": "91350100M000100Y44",
            "approve-contact_verified": "on",
            "approve-site_visit_on": "2026-03-02",
        },
    )
    assert bad.status_code == 400 and "check character" in bad.content.decode()
    good = client.post(
        f"/employers/{newcomer.pk}/approve/",
        {
            "approve-credit_code": "91350100M000100Y43",
            "approve-contact_verified": "on",
            "approve-site_visit_on": "2026-03-02",
        },
    )
    assert good.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.vetting == Enterprise.Vetting.APPROVED

    assert client.login(username=world.platform_admin.username, password=PASSWORD)
    assert "Home testing" in client.get("/dashboard/").content.decode()
    assert client.post(f"/flags/{flag.pk}/clear/", {"clear-note": "Checked with them."}).status_code == 302
    flag.refresh_from_db()
    assert flag.cleared_by == world.platform_admin and flag.clear_note == "Checked with them."
