"""Credit for work-based learning: what a student may ask credit for (400 naming the field),
the chain mentor → sponsor → college with whose turn it is (409) and who may see it (404),
the inbox, the banking of the credit once (also when two approvals race), the decline with
its reason, and the pages and dashboards."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection

from accounts.errors import Conflict
from accounts.models import LearnerProfile, Notification, Role
from courses.models import CreditTransaction
from credits import services
from credits.models import CreditRequest
from enterprises.models import Application
from internships.models import Internship, Position
from tests.factories import (
    CourseFactory,
    MajorFactory,
    ModuleFactory,
    OfferingFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


@pytest.fixture
def setup(world):
    """Student A studies major M at college A, whose course teaches "PLC programming" (4
    credits, taught by teacher A); they took part in an accepted project of enterprise X
    mentored by engineer X."""
    major = MajorFactory(college=world.college_a, code="mech")
    LearnerProfile.objects.filter(user__in=[world.student_a, world.student_a2]).update(
        college=world.college_a, major=major
    )
    module = ModuleFactory(
        course=CourseFactory(college=world.college_a, major=major), title="PLC programming"
    )
    OfferingFactory(module=module, teacher=world.teacher_a)
    project = ProjectFactory(
        enterprise=world.enterprise_x,
        status="accepted",
        college=world.college_a,
        mentor=world.engineer_x,
        title="Servo line",
    )
    Application.objects.create(project=project, student=world.student_a, motivation="m", status="accepted")
    return {"major": major, "module": module, "project": project}


def internship(world, major, *, status="ended", student=None):
    position = Position.objects.create(
        enterprise=world.enterprise_x, name="Fitter", staff=50, probation_wage=Decimal(3000)
    )
    return Internship.objects.create(
        student=student or world.student_a,
        student_birth_date=datetime.date(2005, 1, 1),
        college=world.college_a,
        major=major,
        enterprise=world.enterprise_x,
        position=position,
        kind="placement",
        start_date=datetime.date(2026, 2, 1),
        end_date=datetime.date(2026, 6, 30),
        mentor=world.engineer_x,
        supervisor=world.teacher_a,
        pay_per_month=Decimal(3500),
        hours_per_day=Decimal(8),
        status=status,
        created_by=world.admin_a,
    )


def ask(client, **body):
    return client.post("/api/v1/credit-requests/", body, format="json")


def test_the_chain_approves_in_turn_and_the_last_approval_banks_the_credit_once(world, setup, as_user):
    module, project = setup["module"], setup["project"]
    response = ask(
        as_user(world.student_a),
        module=module.pk,
        project=project.pk,
        statement="Wrote the PLC ladder logic.",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    # The sponsor defaults to the module's teacher; the mentor is the project's.
    assert (body["status"], body["mentor"], body["sponsor"]) == (
        "mentor",
        world.engineer_x.pk,
        world.teacher_a.pk,
    )
    url = f"/api/v1/credit-requests/{body['id']}/"
    note = Notification.objects.get(recipient=world.engineer_x, kind=Kind.CREDIT_REQUEST_WAITING)
    assert note.link == f"/credit-requests/{body['id']}/"

    # Nobody outside sees it; the student may not decide their own; the sponsor and the
    # college wait for the mentor.
    for outsider in (world.engineer_y, world.teacher_b, world.admin_b, world.student_a2):
        assert as_user(outsider).post(url + "approve/").status_code == 404
    assert as_user(world.student_a).post(url + "approve/").status_code == 403
    early = as_user(world.teacher_a).post(url + "approve/")
    assert early.status_code == 409
    assert early.json()["detail"] == (
        "The request is Waiting for the enterprise mentor: it is not your turn to decide."
    )
    assert as_user(world.admin_a).post(url + "approve/").status_code == 409

    assert as_user(world.engineer_x).post(url + "approve/").json()["status"] == "sponsor"
    assert (
        Notification.objects.filter(recipient=world.teacher_a, kind=Kind.CREDIT_REQUEST_WAITING).count() == 1
    )
    assert as_user(world.engineer_x).post(url + "approve/").status_code == 409  # the step is done
    assert as_user(world.teacher_a).post(url + "approve/").json()["status"] == "college"
    assert Notification.objects.filter(recipient=world.admin_a, kind=Kind.CREDIT_REQUEST_WAITING).count() == 1
    assert not CreditTransaction.objects.exists()

    done = as_user(world.admin_a).post(url + "approve/").json()
    assert done["status"] == "approved" and done["credits"] == "4.0"
    row = CreditTransaction.objects.get()
    assert (row.learner, row.module, row.credits, row.kind) == (world.student_a, module, Decimal(4), "module")
    assert row.source == "Work-based learning: Servo line" and done["credit"] == row.pk
    assert [(h["step"], h["outcome"], h["actor"]) for h in done["history"]] == [
        ("mentor", "approved", world.engineer_x.pk),
        ("sponsor", "approved", world.teacher_a.pk),
        ("college", "approved", world.admin_a.pk),
    ]
    assert (
        Notification.objects.filter(recipient=world.student_a, kind=Kind.CREDIT_REQUEST_APPROVED).count() == 1
    )
    assert as_user(world.admin_a).post(url + "approve/").status_code == 409  # final
    # The credit bank's rule: the module counts once, so no second request for it.
    again = ask(as_user(world.student_a), module=module.pk, project=project.pk)
    assert again.status_code == 400
    assert again.json()["module"] == ["You already hold credit for this module: it counts once."]
    transcript = as_user(world.student_a).get(f"/api/v1/learners/{world.student_a.pk}/transcript/").json()
    assert transcript["total_credits"] == "4.0"


def test_what_may_be_asked_is_checked_field_by_field(world, setup, as_user):
    module, project = setup["module"], setup["project"]
    student = as_user(world.student_a)

    def refused(field, **body):
        response = ask(student, **body)
        assert response.status_code == 400, response.json()
        return response.json()[field]

    under_way = ProjectFactory(enterprise=world.enterprise_x, status="in_progress", college=world.college_a)
    Application.objects.create(project=under_way, student=world.student_a, motivation="m", status="accepted")
    assert refused("project", module=module.pk, project=under_way.pk) == [
        "Credit is asked for a project whose delivery was accepted."
    ]
    not_mine = ProjectFactory(enterprise=world.enterprise_x, status="accepted", college=world.college_a)
    assert refused("project", module=module.pk, project=not_mine.pk) == [
        "You ask for credit only for a project you took part in."
    ]
    active = internship(world, setup["major"], status="active")
    assert refused("internship", module=module.pk, internship=active.pk) == [
        "Credit is asked for an internship that has ended."
    ]
    others = internship(world, setup["major"], student=world.student_a2)
    assert refused("internship", module=module.pk, internship=others.pk)  # not theirs: no such internship
    assert refused("project", module=module.pk) == [
        "Name either an accepted project or an ended internship, not both."
    ]
    elsewhere = ModuleFactory(
        course=CourseFactory(college=world.college_a, major=MajorFactory(college=world.college_a))
    )
    assert refused("module", module=elsewhere.pk, project=project.pk) == [
        "The module is not one of your programme's (your major's courses)."
    ]
    untaught = ModuleFactory(course=module.course)
    assert refused("sponsor", module=untaught.pk, project=project.pk) == [
        "The module has no teacher yet: name a teacher of your college as sponsor."
    ]
    assert refused("sponsor", module=untaught.pk, project=project.pk, sponsor=world.teacher_b.pk)
    assert ask(student, module=untaught.pk, project=project.pk, sponsor=world.teacher_a.pk).status_code == 201
    assert refused("module", module=untaught.pk, project=project.pk, sponsor=world.teacher_a.pk) == [
        "A request of yours for this module is still waiting for a decision."
    ]
    assert ask(as_user(world.teacher_a), module=module.pk, project=project.pk).status_code == 403


def test_a_decline_at_any_step_ends_it_with_the_reason_the_student_reads(world, setup, as_user):
    ended = internship(world, setup["major"])
    body = ask(as_user(world.student_a), module=setup["module"].pk, internship=ended.pk).json()
    assert body["mentor"] == world.engineer_x.pk  # the internship's mentor
    url = f"/api/v1/credit-requests/{body['id']}/"
    assert as_user(world.engineer_x).post(url + "approve/").status_code == 200
    no_reason = as_user(world.teacher_a).post(url + "decline/", {"reason": " "}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    declined = as_user(world.teacher_a).post(
        url + "decline/", {"reason": "The internship did not cover PLC work."}, format="json"
    )
    assert declined.json()["status"] == "declined"
    assert declined.json()["reason"] == "The internship did not cover PLC work."
    note = Notification.objects.get(recipient=world.student_a, kind=Kind.CREDIT_REQUEST_DECLINED)
    assert note.params["reason"] == "The internship did not cover PLC work."
    assert as_user(world.admin_a).post(url + "approve/").status_code == 409
    assert not CreditTransaction.objects.exists()
    # Declined is closed: the student may ask again.
    assert ask(as_user(world.student_a), module=setup["module"].pk, internship=ended.pk).status_code == 201


def test_without_a_named_mentor_the_enterprises_engineers_act_and_each_list_is_scoped(world, setup, as_user):
    project = setup["project"]
    project.mentor = None
    project.save()
    colleague = UserFactory(role=Role.ENGINEER, enterprise=world.enterprise_x)
    request = services.credit_request_submit(student=world.student_a, module=setup["module"], project=project)
    assert Notification.objects.filter(recipient=colleague, kind=Kind.CREDIT_REQUEST_WAITING).exists()
    assert as_user(colleague).get("/api/v1/credit-requests/?waiting=true").json()["count"] == 1
    assert as_user(world.teacher_a).get("/api/v1/credit-requests/?waiting=true").json()["count"] == 0
    assert as_user(world.teacher_a).get("/api/v1/credit-requests/").json()["count"] == 1
    assert as_user(world.teacher_b).get("/api/v1/credit-requests/").json()["count"] == 0
    services.credit_request_approve(request=request, actor=colleague)
    assert as_user(world.teacher_a).get("/api/v1/credit-requests/?waiting=true").json()["count"] == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_bank_the_credit_once(world, setup):
    request = services.credit_request_submit(
        student=world.student_a, module=setup["module"], project=setup["project"]
    )
    services.credit_request_approve(request=request, actor=world.engineer_x)
    services.credit_request_approve(request=request, actor=world.teacher_a)
    second_admin = UserFactory(role=Role.COLLEGE_ADMIN, college=world.college_a)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    guard = threading.Lock()

    def race(admin):
        try:
            barrier.wait(timeout=30)
            try:
                services.credit_request_approve(request=request, actor=admin)
                result = "approved"
            except Conflict:
                result = "refused"
            with guard:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(admin,)) for admin in (world.admin_a, second_admin)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["approved", "refused"]
    assert CreditTransaction.objects.filter(learner=world.student_a).count() == 1
    assert CreditRequest.objects.get().status == "approved"


def test_the_pages_ask_approve_and_decline_in_both_languages(world, setup, client):
    module, project = setup["module"], setup["project"]
    client.force_login(world.student_a)
    form = client.get("/credit-requests/new/").content.decode()
    assert "PLC programming" in form and "Servo line" in form
    created = client.post("/credit-requests/new/", {"module": module.pk, "project": project.pk})
    assert created.status_code == 302, created.content.decode()[:2000]
    request = CreditRequest.objects.get()
    page = client.get(f"/credit-requests/{request.pk}/").content.decode()
    assert "Waiting for the enterprise mentor" in page and "Approve" not in page

    client.force_login(world.engineer_x)
    assert "PLC programming" in client.get("/dashboard/").content.decode()
    assert client.post(f"/credit-requests/{request.pk}/approve/").status_code == 302
    world.teacher_a.language = "zh-hans"
    world.teacher_a.save(update_fields=["language"])
    client.force_login(world.teacher_a)
    page = client.get(f"/credit-requests/{request.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "等待校内指导教师审批" in page and "拒绝" in page
    declined = client.post(f"/credit-requests/{request.pk}/decline/", {"decline-reason": "Not PLC work."})
    assert declined.status_code == 302
    client.force_login(world.student_a)
    page = client.get(f"/credit-requests/{request.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not PLC work." in page and "History" in page and "Declined" in page
