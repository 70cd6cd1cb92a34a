"""Industry calls and their responses through the API: who posts (approved enterprises'
engineers), who responds (college staff, once, until the deadline: 409 after), who reads what
(confidential calls: the enterprise alone), decisions with a reason in the responder's inbox,
and a project or a dual position opened from a shortlisted response through their workflows."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Notification
from colleges.models import DualPosition
from enterprises.models import Project, ProjectTransition
from tests.factories import SkillFactory
from transfer.models import Call, CallResponse

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ANSWER = {
    "problem": "Grippers drop parts that sit askew.",
    "approach": "A camera over the line and a small classifier on the PLC's edge box.",
    "prior_results": "Two inspection cells for a die-caster in 2024.",
    "team": "Two teachers and four students of mechatronics.",
}


def post_call(client, **extra):
    skill = SkillFactory(code="machine-vision")
    body = {
        "title": "A vision inspection for our gripper line",
        "need": "Find askew parts before the gripper picks them.",
        "skills": [skill.code],
        "budget_band": "50k-200k",
        "deadline": (TODAY + datetime.timedelta(days=14)).isoformat(),
        **extra,
    }
    return client.post("/api/v1/calls/", body, format="json")


def respond(client, call_id, **extra):
    return client.post("/api/v1/call-responses/", {"call": call_id, **ANSWER, **extra}, format="json")


def test_an_approved_enterprise_posts_and_a_pending_one_may_not(world, as_user):
    response = post_call(as_user(world.engineer_x))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["enterprise"] == world.enterprise_x.pk and body["open"] is True
    assert body["skills"] == ["machine-vision"]

    world.enterprise_y.vetting = "pending"
    world.enterprise_y.save()
    refused = post_call(as_user(world.engineer_y), title="Another")
    assert refused.status_code == 409
    assert not Call.objects.filter(enterprise=world.enterprise_y).exists()
    # Teachers and students post no calls; a deadline in the past names the field.
    assert post_call(as_user(world.teacher_a)).status_code == 403
    past = post_call(as_user(world.engineer_x), deadline=(TODAY - datetime.timedelta(days=1)).isoformat())
    assert past.status_code == 400 and "deadline" in past.json()


def test_college_staff_respond_once_until_the_deadline(world, as_user):
    call_id = post_call(as_user(world.engineer_x)).json()["id"]
    # The calls are read by the staff of every college, not by students.
    assert as_user(world.teacher_b).get(f"/api/v1/calls/{call_id}/").status_code == 200
    assert as_user(world.student_a).get(f"/api/v1/calls/{call_id}/").status_code == 404

    sent = respond(as_user(world.teacher_a), call_id)
    assert sent.status_code == 201, sent.json()
    assert sent.json()["status"] == "submitted" and sent.json()["college"] == world.college_a.pk
    note = Notification.objects.get(recipient=world.engineer_x, kind=Notification.Kind.CALL_RESPONSE_RECEIVED)
    assert note.link == f"/call-responses/{sent.json()['id']}/"
    assert respond(as_user(world.teacher_a), call_id).status_code == 409
    missing = respond(as_user(world.teacher_b), call_id, approach="  ")
    assert missing.status_code == 400 and "approach" in missing.json()
    assert respond(as_user(world.student_a), call_id).status_code == 403

    # The day after the deadline, nothing new.
    Call.objects.filter(pk=call_id).update(deadline=TODAY - datetime.timedelta(days=1))
    late = respond(as_user(world.admin_b), call_id)
    assert late.status_code == 409
    assert CallResponse.objects.filter(call_id=call_id).count() == 1
    assert (
        as_user(world.engineer_x)
        .patch(f"/api/v1/calls/{call_id}/", {"title": "x"}, format="json")
        .status_code
        == 409
    )


def test_confidential_responses_are_the_enterprise_s_alone(world, as_user):
    open_call = post_call(as_user(world.engineer_x)).json()["id"]
    secret = post_call(as_user(world.engineer_x), title="Secret", confidential=True).json()["id"]
    mine = respond(as_user(world.teacher_a), open_call).json()["id"]
    hidden = respond(as_user(world.teacher_a), secret).json()["id"]
    other = respond(as_user(world.teacher_b), open_call).json()["id"]

    def seen(user):
        return {row["id"] for row in as_user(user).get("/api/v1/call-responses/").json()["results"]}

    assert seen(world.engineer_x) == {mine, hidden, other}
    assert seen(world.admin_a) == {mine}  # its own college's, not the confidential one
    assert seen(world.admin_b) == {other}
    assert seen(world.teacher_a) == {mine, hidden}
    assert seen(world.engineer_y) == set()
    assert as_user(world.admin_a).get(f"/api/v1/call-responses/{hidden}/").status_code == 404


def test_shortlist_and_decline_with_a_reason_the_responder_reads(
    world, as_user, django_capture_on_commit_callbacks, tasks
):
    call_id = post_call(as_user(world.engineer_x)).json()["id"]
    first = respond(as_user(world.teacher_a), call_id).json()["id"]
    second = respond(as_user(world.teacher_b), call_id).json()["id"]
    engineer = as_user(world.engineer_x)

    no_reason = engineer.post(f"/api/v1/call-responses/{first}/shortlist/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    # Only the call's enterprise decides.
    assert (
        as_user(world.engineer_y)
        .post(f"/api/v1/call-responses/{first}/shortlist/", {"reason": "x"})
        .status_code
        == 404
    )
    assert (
        as_user(world.teacher_a)
        .post(f"/api/v1/call-responses/{first}/shortlist/", {"reason": "x"})
        .status_code
        == 403
    )

    ok = engineer.post(
        f"/api/v1/call-responses/{first}/shortlist/", {"reason": "Closest to our cell."}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "shortlisted"
    with django_capture_on_commit_callbacks(execute=True):
        declined = engineer.post(
            f"/api/v1/call-responses/{second}/decline/", {"reason": "We need an on-site team."}, format="json"
        )
    assert declined.json()["status"] == "declined" and declined.json()["reason"] == "We need an on-site team."
    again = engineer.post(
        f"/api/v1/call-responses/{second}/shortlist/", {"reason": "changed mind"}, format="json"
    )
    assert again.status_code == 409

    tasks.run()
    note = Notification.objects.get(recipient=world.teacher_b, kind=Notification.Kind.CALL_RESPONSE_DECIDED)
    assert note.link == f"/call-responses/{second}/"
    assert any("We need an on-site team." in m.body for m in mail.outbox if world.teacher_b.email in m.to)


def test_a_shortlisted_response_opens_a_project_or_a_dual_position(world, as_user):
    engineer = as_user(world.engineer_x)
    call_id = post_call(engineer, confidential=True).json()["id"]
    by_teacher = respond(as_user(world.teacher_a), call_id).json()["id"]
    by_admin = respond(as_user(world.admin_b), call_id).json()["id"]

    assert engineer.post(f"/api/v1/call-responses/{by_teacher}/open-project/", {}).status_code == 409
    engineer.post(f"/api/v1/call-responses/{by_teacher}/shortlist/", {"reason": "Good."}, format="json")
    engineer.post(f"/api/v1/call-responses/{by_admin}/shortlist/", {"reason": "Good."}, format="json")

    opened = engineer.post(f"/api/v1/call-responses/{by_teacher}/open-project/", {"seats": 3}, format="json")
    assert opened.status_code == 201, opened.json()
    project = Project.objects.get(pk=opened.json()["project"])
    assert (
        project.title == "A vision inspection for our gripper line"
        and project.enterprise == world.enterprise_x
    )
    assert project.status == "draft" and project.seats == 3 and project.visibility == "confidential"
    assert list(project.skills.values_list("code", flat=True)) == ["machine-vision"]
    assert ProjectTransition.objects.filter(project=project, to_status="draft").exists()  # the workflow's
    twice = engineer.post(f"/api/v1/call-responses/{by_teacher}/open-dual-position/", {}, format="json")
    assert twice.status_code == 409

    # A dual position is a teacher's: a college administrator's response opens a project only.
    refused = engineer.post(f"/api/v1/call-responses/{by_admin}/open-dual-position/", {}, format="json")
    assert refused.status_code == 400 and "responder" in refused.json()
    call_2 = post_call(engineer, title="Second").json()["id"]
    r2 = respond(as_user(world.teacher_a), call_2).json()["id"]
    engineer.post(f"/api/v1/call-responses/{r2}/shortlist/", {"reason": "Good."}, format="json")
    dual = engineer.post(f"/api/v1/call-responses/{r2}/open-dual-position/", {}, format="json")
    assert dual.status_code == 201
    position = DualPosition.objects.get(pk=dual.json()["dual_position"])
    assert position.user == world.teacher_a and position.enterprise == world.enterprise_x
    assert position.status == "proposed" and position.title == "Second"


def test_a_platform_administrator_posts_no_call_nor_summary(world, as_user):
    """A platform administrator belongs to no enterprise and no college: 400 naming which, not a 500."""
    client = as_user(world.platform_admin)
    call = post_call(client)
    assert call.status_code == 400 and "enterprise" in call.json()
    summary = client.post(
        "/api/v1/tech-summaries/",
        {
            "title": "T",
            "kind": "software",
            "abstract": "A",
            "industries": "robotics",
            "contact": world.admin_a.pk,
            "inventors": [{"user": world.teacher_a.pk, "contribution": "100"}],
        },
        format="json",
    )
    assert summary.status_code == 400 and "college" in summary.json()
    assert not Call.objects.exists()
