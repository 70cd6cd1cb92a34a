"""Employer vetting and flagged postings: a pending enterprise's projects and a flagged
posting reach neither students nor the public; a college administrator approves an
enterprise with the checklist (the credit code's check character checked); a platform admin
clears a flag, saying what was checked."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from accounts import notifications
from accounts.errors import Conflict
from accounts.models import Notification
from enterprises import services
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


def flag(client, project, reason="Asks for a deposit."):
    return client.post("/api/v1/flags/", {"project": project.pk, "reason": reason}, format="json")


def test_the_flag_limits_are_settings_with_careful_defaults(settings):
    assert settings.FLAGS_TO_HIDE == 3 and settings.FLAGS_PER_DAY == 10


def test_one_accounts_flags_hide_nothing_from_others(world, as_user):
    postings = [
        ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public") for _ in range(5)
    ]
    student_a = as_user(world.student_a)
    for posting in postings:
        assert flag(student_a, posting).status_code == 201
    wanted = {p.pk for p in postings}
    for client in (as_user(world.student_b), as_user(None), student_a):
        assert wanted <= ids(client.get("/api/v1/projects/"))
    assert as_user(world.student_b).get(f"/api/v1/projects/{postings[0].pk}/").status_code == 200


def test_flags_of_enough_different_accounts_hide_a_posting_until_one_is_cleared(world, as_user):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    student_a, student_b, anonymous = as_user(world.student_a), as_user(world.student_b), as_user(None)
    first = flag(student_a, project)
    assert first.status_code == 201 and first.json()["state"] == "open"
    assert flag(student_a, project, "Again").status_code == 409  # one open flag per person
    assert flag(as_user(world.teacher_b), project, " ").status_code == 400
    assert flag(as_user(world.teacher_a), project).status_code == 201
    assert project.pk in ids(student_b.get("/api/v1/projects/"))  # two accounts: not yet
    assert flag(as_user(world.teacher_b), project).status_code == 201
    for client in (student_a, student_b, anonymous):
        assert project.pk not in ids(client.get("/api/v1/projects/"))
    assert student_b.get(f"/api/v1/projects/{project.pk}/").status_code == 404
    assert project.pk in ids(as_user(world.engineer_x).get("/api/v1/projects/"))  # its enterprise

    # Others' flags are not theirs to read; a student can neither clear nor uphold one.
    flag_id = first.json()["id"]
    assert student_b.get(f"/api/v1/flags/{flag_id}/").status_code == 404
    assert (
        student_a.post(f"/api/v1/flags/{flag_id}/clear/", {"note": "Fine"}, format="json").status_code == 403
    )
    assert (
        student_a.post(f"/api/v1/flags/{flag_id}/uphold/", {"note": "Bad"}, format="json").status_code == 403
    )
    padmin = as_user(world.platform_admin)
    assert padmin.post(f"/api/v1/flags/{flag_id}/clear/", {"note": ""}, format="json").status_code == 400
    cleared = padmin.post(
        f"/api/v1/flags/{flag_id}/clear/", {"note": "Called them: the deposit line is gone."}, format="json"
    )
    assert cleared.status_code == 200 and cleared.json()["state"] == "cleared"
    assert padmin.post(f"/api/v1/flags/{flag_id}/clear/", {"note": "Again"}, format="json").status_code == 409
    assert padmin.post(f"/api/v1/flags/{flag_id}/uphold/", {"note": "No"}, format="json").status_code == 409
    assert project.pk in ids(student_b.get("/api/v1/projects/"))  # two open flags are not enough


def test_the_number_of_accounts_that_hides_a_posting_is_a_setting(world, as_user, settings):
    settings.FLAGS_TO_HIDE = 2
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    assert flag(as_user(world.student_a), project).status_code == 201
    assert flag(as_user(world.teacher_a), project).status_code == 201
    assert project.pk not in ids(as_user(None).get("/api/v1/projects/"))


def test_an_account_raises_at_most_flags_per_day(world, as_user, settings):
    settings.FLAGS_PER_DAY = 2
    postings = [
        ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public") for _ in range(3)
    ]
    student_a = as_user(world.student_a)
    assert flag(student_a, postings[0]).status_code == 201
    assert flag(student_a, postings[1]).status_code == 201
    refused = flag(student_a, postings[2])
    assert refused.status_code == 429 and "24 hours" in refused.json()["detail"]
    assert Flag.objects.filter(flagged_by=world.student_a).count() == 2
    assert flag(as_user(world.student_b), postings[2]).status_code == 201  # the limit is per account
    # A day later the account may flag again.
    Flag.objects.filter(flagged_by=world.student_a).update(
        created_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    assert flag(student_a, postings[2]).status_code == 201


def test_a_cleared_flags_author_cannot_flag_the_posting_again_for_30_days(world, as_user, client):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    student_a = as_user(world.student_a)
    raised = flag(student_a, project)
    as_user(world.platform_admin).post(
        f"/api/v1/flags/{raised.json()['id']}/clear/", {"note": "Checked."}, format="json"
    )
    again = flag(student_a, project, "Back again.")
    assert again.status_code == 409 and "30 days" in again.json()["detail"]
    assert flag(as_user(world.student_b), project).status_code == 201  # others still may
    client.force_login(world.student_a)
    assert "Flag as suspicious" not in client.get(f"/projects/{project.pk}/").content.decode()
    Flag.objects.filter(pk=raised.json()["id"]).update(
        cleared_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert "Flag as suspicious" in client.get(f"/projects/{project.pk}/").content.decode()
    assert flag(student_a, project, "Back again.").status_code == 201


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_upholding_a_flag_withdraws_the_posting_and_tells_its_enterprise_why_never_who(
    world, as_user, settings, django_capture_on_commit_callbacks, client
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    project = ProjectFactory(
        enterprise=world.enterprise_x, status="open", visibility="public", title="Home testing"
    )
    world.student_a.first_name, world.student_a.last_name = "Meiling", "Zhou"
    world.student_a.save()
    first = flag(as_user(world.student_a), project, "Zhou Meiling here: they asked me for a deposit.")
    second = flag(as_user(world.teacher_a), project)
    padmin = as_user(world.platform_admin)
    assert (
        padmin.post(f"/api/v1/flags/{first.json()['id']}/uphold/", {"note": " "}, format="json").status_code
        == 400
    )
    with django_capture_on_commit_callbacks(execute=True):
        upheld = padmin.post(
            f"/api/v1/flags/{first.json()['id']}/uphold/",
            {"note": "Postings may not ask students for money."},
            format="json",
        )
    assert upheld.status_code == 200 and upheld.json()["state"] == "upheld"
    assert Flag.objects.get(pk=second.json()["id"]).state == "upheld"  # answered with it
    # Withdrawn: hidden from students and the public although one flag is not a crowd.
    for client in (as_user(world.student_b), as_user(None), as_user(world.student_a)):
        assert project.pk not in ids(client.get("/api/v1/projects/"))
    assert flag(as_user(world.admin_a), project).status_code == 409  # withdrawn already
    client.force_login(world.admin_a)  # who still sees it is not offered to flag it again
    assert "Flag as suspicious" not in client.get(f"/projects/{project.pk}/").content.decode()
    assert (
        padmin.post(f"/api/v1/flags/{first.json()['id']}/uphold/", {"note": "x"}, format="json").status_code
        == 409
    )

    # Withdrawn for real: closed through its workflow, so nobody takes it on, applies or
    # matches it, and its history says why without naming who reported it.
    project.refresh_from_db()
    assert project.status == "abandoned"
    last = project.transitions.order_by("at", "id").last()
    assert (last.from_status, last.to_status, last.cause) == ("open", "abandoned", "flag_upheld")
    with pytest.raises(Conflict):
        services.project_take_on(project=project, actor=world.admin_a, college=world.college_a)
    with pytest.raises(Conflict):
        services.project_apply(project=project, student=world.student_a2, motivation="m")
    client.force_login(world.engineer_x)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "withdrawn after a check by the platform" in page
    for trace in ("student-a", "Zhou", "Meiling", "teacher-a"):
        assert trace not in page
    for offered in (">Edit<", ">Abandon<", "Match with a module"):
        assert offered not in page
    client.force_login(world.admin_a)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Take on" not in page and "Match with a module" not in page

    told = Notification.objects.get(kind="posting_withdrawn")
    assert told.recipient == world.engineer_x
    words = notifications.text(told)
    assert "Home testing" in words and "Postings may not ask students for money." in words
    assert [m.to for m in mail.outbox] == [[world.engineer_x.email]]
    message = mail.outbox[0].subject + mail.outbox[0].body
    assert "money" in message
    for trace in ("student-a", "Zhou", "Meiling", "teacher-a", "deposit", world.student_a.email):
        assert trace not in words and trace not in message


@pytest.mark.parametrize("status", ["in_progress", "delivered"])
def test_upholding_a_flag_leaves_a_project_under_way_with_the_people_working_on_it(world, as_user, status):
    project = ProjectFactory(
        enterprise=world.enterprise_x, status=status, visibility="public", college=world.college_a
    )
    raised = flag(as_user(world.student_b), project)
    upheld = as_user(world.platform_admin).post(
        f"/api/v1/flags/{raised.json()['id']}/uphold/", {"note": "Asks for money."}, format="json"
    )
    assert upheld.status_code == 200
    project.refresh_from_db()
    assert project.status == status and not project.transitions.filter(cause="flag_upheld").exists()
    assert as_user(world.admin_a).get(f"/api/v1/projects/{project.pk}/").status_code == 200
    assert project.pk not in ids(as_user(None).get("/api/v1/projects/"))


def test_the_flagged_enterprise_never_learns_who_flagged_it(world, as_user, client):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    raised = flag(as_user(world.student_a), project, "Student A thinks it is a scam.")
    engineer = as_user(world.engineer_x)
    assert engineer.get("/api/v1/flags/").json()["count"] == 0
    assert engineer.get(f"/api/v1/flags/{raised.json()['id']}/").status_code == 404
    own = as_user(world.student_a).get(f"/api/v1/flags/{raised.json()['id']}/").json()
    assert not {"flagged_by", "cleared_by", "upheld_by"} & set(own)  # nobody reads names in a flag
    client.force_login(world.engineer_x)
    assert client.get(f"/flags/{raised.json()['id']}/").status_code == 404
    listing = client.get("/flags/").content.decode()
    page = client.get(f"/projects/{project.pk}/").content.decode()
    for text in (listing, page):
        assert "student-a" not in text and "scam" not in text


def test_an_enterprises_engineer_cannot_flag_its_own_postings(world, as_user, client):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    client.force_login(world.engineer_x)
    assert "Flag as suspicious" not in client.get(f"/projects/{project.pk}/").content.decode()
    assert client.post(f"/projects/{project.pk}/flag/", {"flag-reason": "Mine."}).status_code == 403
    assert flag(as_user(world.engineer_x), project).status_code == 403
    client.force_login(world.engineer_y)
    assert "Flag as suspicious" in client.get(f"/projects/{project.pk}/").content.decode()
    assert not Flag.objects.exists()


def test_two_enterprises_cannot_be_approved_with_one_credit_code(world, as_user, client):
    first, second = EnterpriseFactory(vetting="pending"), EnterpriseFactory(vetting="pending", name="Copycat")
    admin = as_user(world.admin_a)
    assert admin.post(f"/api/v1/enterprises/{first.pk}/approve/", APPROVAL, format="json").status_code == 200
    refused = admin.post(f"/api/v1/enterprises/{second.pk}/approve/", APPROVAL, format="json")
    assert refused.status_code == 400 and "credit_code" in refused.json()
    client.force_login(world.admin_a)
    page = client.post(
        f"/employers/{second.pk}/approve/",
        {
            "approve-credit_code": APPROVAL["credit_code"],
            "approve-contact_verified": "on",
            "approve-site_visit_on": APPROVAL["site_visit_on"],
        },
    )
    assert page.status_code == 400 and "Another approved enterprise" in page.content.decode()
    second.refresh_from_db()
    assert second.vetting == "pending" and second.credit_code == ""
    # The database holds the rule too, for two approvals that race past the check.
    with pytest.raises(IntegrityError), transaction.atomic():
        Enterprise.objects.filter(pk=second.pk).update(
            vetting="approved", credit_code=APPROVAL["credit_code"]
        )


def test_an_approved_enterprise_that_changes_what_was_vetted_waits_for_approval_again(world, as_user):
    enterprise = world.enterprise_x
    admin = as_user(world.admin_a)
    assert (
        admin.post(f"/api/v1/enterprises/{enterprise.pk}/approve/", APPROVAL, format="json").status_code
        == 409
    )
    Enterprise.objects.filter(pk=enterprise.pk).update(approved_by=world.admin_a)
    project = ProjectFactory(enterprise=enterprise, status="open", visibility="public")
    engineer = as_user(world.engineer_x)
    # What vetting did not look at changes freely.
    changed = engineer.patch(
        f"/api/v1/enterprises/{enterprise.pk}/", {"website": "https://x.example"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["vetting"] == "approved"
    # A correction by a platform admin keeps the approval.
    assert (
        as_user(world.platform_admin)
        .patch(f"/api/v1/enterprises/{enterprise.pk}/", {"industry": "robots"}, format="json")
        .json()["vetting"]
        == "approved"
    )
    assert not Notification.objects.filter(kind="enterprise_to_vet").exists()
    renamed = engineer.patch(f"/api/v1/enterprises/{enterprise.pk}/", {"name": "Trusted Bank"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["vetting"] == "pending"
    assert project.pk not in ids(as_user(world.student_b).get("/api/v1/projects/"))
    assert project.pk not in ids(as_user(None).get("/api/v1/projects/"))
    told = Notification.objects.filter(kind="enterprise_to_vet")
    # The approver, the admins of the colleges it works with and the platform admins.
    assert set(told.values_list("recipient__username", flat=True)) == {"admin-a", "padmin"}
    assert "Trusted Bank" in notifications.text(told.first())
    # Approved again, its postings return.
    again = admin.post(f"/api/v1/enterprises/{enterprise.pk}/approve/", APPROVAL, format="json")
    assert again.status_code == 200 and again.json()["vetting"] == "approved"
    engineer.patch(f"/api/v1/enterprises/{enterprise.pk}/", {"industry": "banking"}, format="json")
    enterprise.refresh_from_db()
    assert enterprise.vetting == "pending"


def test_a_posting_one_cannot_see_cannot_be_flagged(world, as_user):
    draft = ProjectFactory(enterprise=world.enterprise_y, status="draft", visibility="public")
    response = as_user(world.student_a).post(
        "/api/v1/flags/", {"project": draft.pk, "reason": "?"}, format="json"
    )
    assert response.status_code == 400 and "project" in response.json()
    assert not Flag.objects.exists()


def test_the_pages_approve_an_enterprise_and_clear_and_uphold_flags(client, world):
    newcomer = EnterpriseFactory(vetting="pending", name="Nanhai Parts")
    project = ProjectFactory(
        enterprise=world.enterprise_x, status="open", visibility="public", title="Home testing"
    )
    assert client.login(username=world.student_a.username, password=PASSWORD)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Flag as suspicious" in page
    flagged = client.post(f"/projects/{project.pk}/flag/", {"flag-reason": "A deposit."})
    assert flagged.status_code == 302 and flagged.url == "/projects/"
    page = client.get(f"/projects/{project.pk}/")  # one flag hides nothing, not even from its author
    assert page.status_code == 200 and "Flag as suspicious" not in page.content.decode()
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
    page = client.get(f"/flags/{flag.pk}/").content.decode()
    assert "cleared" in page and "Uphold" not in page

    suspect = ProjectFactory(
        enterprise=world.enterprise_x, status="open", visibility="public", title="Deposit"
    )
    other = Flag.objects.create(project=suspect, flagged_by=world.student_b, reason="Asks for money.")
    assert "Uphold and withdraw the posting" in client.get(f"/flags/{other.pk}/").content.decode()
    assert client.post(f"/flags/{other.pk}/uphold/", {"uphold-note": ""}).status_code == 400
    assert client.post(f"/flags/{other.pk}/uphold/", {"uphold-note": "Asks for money."}).status_code == 302
    other.refresh_from_db()
    assert other.upheld_by == world.platform_admin and other.state == "upheld"
    assert "upheld" in client.get("/flags/").content.decode()
    assert client.login(username=world.student_b.username, password=PASSWORD)
    assert client.get(f"/projects/{suspect.pk}/").status_code == 404  # withdrawn


def test_a_flags_page_links_its_posting_only_while_its_reader_may_open_it(world, as_user, client):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    mine = flag(as_user(world.student_a), project).json()["id"]
    client.force_login(world.student_a)
    assert f'href="/projects/{project.pk}/"' in client.get(f"/flags/{mine}/").content.decode()
    for who in (world.student_b, world.teacher_b):
        flag(as_user(who), project)
    assert client.get(f"/projects/{project.pk}/").status_code == 404  # hidden by three accounts
    page = client.get(f"/flags/{mine}/").content.decode()
    assert project.title in page and f'href="/projects/{project.pk}/"' not in page
