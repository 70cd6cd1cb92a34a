"""Two-way feedback on accepted projects: opened on acceptance, each side hidden from the
other until both have written or ten days have passed, editable only while open (409 after),
the students' project ratings as enterprise_rating evidence, the engineer's skill ratings as
endorsements, the inbox at each step, and the page each side sees."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import Notification
from feedback import services
from feedback.models import Endorsement, Feedback
from ledger.models import Evidence

pytestmark = pytest.mark.django_db

K = Notification.Kind


def rate_student(client, feedback, **body):
    data = {"rating": 4, "comment": "Careful wiring.", "private_note": "Ready for a placement.", **body}
    return client.post(f"/api/v1/feedback/{feedback.pk}/rate-student/", data, format="json")


def rate_project(client, feedback, **body):
    data = {"project_rating": 5, "mentor_rating": 4, "comment": "Learnt a lot.", **body}
    return client.post(f"/api/v1/feedback/{feedback.pk}/rate-project/", data, format="json")


def close(feedback):
    Feedback.objects.filter(pk=feedback.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    feedback.refresh_from_db()


def test_acceptance_opens_feedback_for_each_student_and_tells_both_sides(world, accepted):
    project = accepted()
    rows = Feedback.objects.filter(project=project).order_by("student__username")
    assert [f.student for f in rows] == [world.student_a, world.student_a2]
    first = rows[0]
    assert first.closes_at - first.opened_at == datetime.timedelta(days=10)
    assert first.state == "waiting"
    assert Notification.objects.filter(recipient=world.student_a, kind=K.FEEDBACK_WAITING).count() == 1
    # The mentor hears once per student.
    assert Notification.objects.filter(recipient=world.engineer_x, kind=K.FEEDBACK_WAITING).count() == 2
    assert services.feedback_open(project=project) == []  # again: nothing new


def test_each_side_is_hidden_until_both_have_written(world, accepted, as_user):
    feedback = Feedback.objects.get(project=accepted(), student=world.student_a)
    engineer, student, teacher = as_user(world.engineer_x), as_user(world.student_a), as_user(world.teacher_a)
    plc = feedback.project.skills.get(code="plc-programming")
    response = rate_student(engineer, feedback, skills={str(plc.pk): 4})
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "engineer_submitted"
    mine = student.get(f"/api/v1/feedback/{feedback.pk}/").json()
    assert mine["engineer_submitted"] and "rating" not in mine and "comment_to_student" not in mine
    assert "private_note" not in mine
    # The endorsement it makes waits too.
    assert student.get("/api/v1/endorsements/").json()["count"] == 0
    assert teacher.get(f"/api/v1/feedback/{feedback.pk}/").json().get("rating") is None
    response = rate_project(student, feedback)
    assert response.status_code == 200 and response.json()["state"] == "visible"
    mine = student.get(f"/api/v1/feedback/{feedback.pk}/").json()
    assert (mine["rating"], mine["comment_to_student"], mine["skills"]) == (
        4,
        "Careful wiring.",
        {str(plc.pk): 4},
    )
    assert "private_note" not in mine
    theirs = engineer.get(f"/api/v1/feedback/{feedback.pk}/").json()
    assert (theirs["project_rating"], theirs["mentor_rating"]) == (5, 4)
    assert teacher.get(f"/api/v1/feedback/{feedback.pk}/").json()["private_note"] == "Ready for a placement."
    # The engineer hears they can read it; the student, who wrote last, reads it at once.
    visible = Notification.objects.filter(kind=K.FEEDBACK_VISIBLE)
    assert [(n.recipient, n.link) for n in visible] == [(world.engineer_x, f"/feedback/{feedback.pk}/")]
    (endorsement,) = student.get("/api/v1/endorsements/").json()["results"]
    assert (endorsement["skill"], endorsement["rating"], endorsement["source"]) == (plc.pk, 4, "feedback")


def test_others_neither_see_nor_write(world, accepted, as_user):
    feedback = Feedback.objects.get(project=accepted(), student=world.student_a)
    assert as_user(world.student_b).get(f"/api/v1/feedback/{feedback.pk}/").status_code == 404
    assert as_user(world.engineer_y).get(f"/api/v1/feedback/{feedback.pk}/").status_code == 404
    assert as_user(world.teacher_b).get(f"/api/v1/feedback/{feedback.pk}/").status_code == 404
    assert rate_project(as_user(world.student_a2), feedback).status_code == 404
    assert rate_student(as_user(world.student_a), feedback).status_code == 403
    assert rate_project(as_user(world.engineer_x), feedback).status_code == 403
    assert rate_student(as_user(world.teacher_a), feedback).status_code == 403


def test_ratings_are_checked_naming_the_field(world, accepted, as_user):
    feedback = Feedback.objects.get(project=accepted(), student=world.student_a)
    engineer = as_user(world.engineer_x)
    assert "rating" in rate_student(engineer, feedback, rating=6).json()
    assert "skills" in rate_student(engineer, feedback, skills={"999999": 3}).json()
    plc = feedback.project.skills.get(code="plc-programming")
    assert "skills" in rate_student(engineer, feedback, skills={str(plc.pk): 0}).json()
    assert "mentor_rating" in rate_project(as_user(world.student_a), feedback, mentor_rating=0).json()
    assert rate_project(as_user(world.student_a), feedback, project_rating="x").status_code == 400
    feedback.refresh_from_db()
    assert feedback.engineer_submitted_at is None and feedback.student_submitted_at is None


def test_each_edits_their_own_while_open_never_after(world, accepted, as_user):
    feedback = Feedback.objects.get(project=accepted(), student=world.student_a)
    engineer = as_user(world.engineer_x)
    plc, wiring = feedback.project.skills.order_by("code")
    assert rate_student(engineer, feedback, skills={str(plc.pk): 5, str(wiring.pk): 2}).status_code == 200
    # Only a skill rated 3 or more is endorsed; a changed rating changes the endorsements.
    assert list(Endorsement.objects.values_list("skill_id", "rating")) == [(plc.pk, 5)]
    assert rate_student(engineer, feedback, rating=3, skills={str(wiring.pk): 4}).status_code == 200
    assert list(Endorsement.objects.values_list("skill_id", "rating")) == [(wiring.pk, 4)]
    feedback.refresh_from_db()
    assert feedback.student_rating == 3
    close(feedback)
    refused = rate_student(engineer, feedback, rating=5)
    assert refused.status_code == 409 and "closed" in refused.json()["detail"]
    assert rate_project(as_user(world.student_a), feedback).status_code == 409
    feedback.refresh_from_db()
    assert (feedback.student_rating, feedback.student_submitted_at) == (3, None)


def test_after_ten_days_what_was_written_is_read_and_both_are_told_once(world, accepted, as_user):
    feedback = Feedback.objects.get(project=accepted(), student=world.student_a)
    assert rate_project(as_user(world.student_a), feedback, comment="Great mentor").status_code == 200
    engineer = as_user(world.engineer_x)
    assert "comment_to_enterprise" not in engineer.get(f"/api/v1/feedback/{feedback.pk}/").json()
    close(feedback)
    body = engineer.get(f"/api/v1/feedback/{feedback.pk}/").json()
    assert body["state"] == "expired" and body["comment_to_enterprise"] == "Great mentor"
    assert services.tell_closed() == 1  # the other student's feedback is still open
    assert services.tell_closed() == 0
    for user in (world.engineer_x, world.student_a):
        assert Notification.objects.filter(recipient=user, kind=K.FEEDBACK_VISIBLE).count() == 1


def test_the_students_project_ratings_are_enterprise_rating_evidence(world, accepted, as_user):
    project = accepted()
    feedback = Feedback.objects.get(project=project, student=world.student_a)
    origin = {"origin_type": ContentType.objects.get_for_model(Feedback), "origin_id": feedback.pk}
    student = as_user(world.student_a)
    assert rate_project(student, feedback, project_rating=3).status_code == 200
    (row,) = Evidence.objects.filter(indicator="enterprise_rating", **origin)
    assert (row.value, row.college_id, row.status, row.source) == (
        3,
        world.college_a.pk,
        "verified",
        "platform",
    )
    assert rate_project(student, feedback, project_rating=3, comment="Same rating").status_code == 200
    assert Evidence.objects.filter(indicator="enterprise_rating", **origin).count() == 1  # unchanged
    assert rate_project(student, feedback, project_rating=5).status_code == 200
    rows = Evidence.objects.filter(indicator="enterprise_rating", **origin).order_by("id")
    assert [(r.value, r.status) for r in rows] == [(3, "rejected"), (5, "verified")]
    assert rows[1].supersedes_id == rows[0].pk


def test_the_pages_show_each_side_what_it_may_read_and_do(world, accepted, client):
    feedback = Feedback.objects.get(project=accepted(), student=world.student_a)
    services.feedback_rate_student(
        feedback=feedback, actor=world.engineer_x, rating=4, private_note="Secret note"
    )
    client.force_login(world.student_a)
    page = client.get(f"/feedback/{feedback.pk}/").content.decode()
    assert "Rate the project" in page and "Rate the student" not in page and "Secret note" not in page
    response = client.post(
        f"/feedback/{feedback.pk}/rate-project/",
        {"rate-project-project_rating": "4", "rate-project-mentor_rating": "5", "rate-project-comment": "ok"},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.project_rating, feedback.mentor_rating) == (4, 5)
    listing = client.get("/feedback/").content.decode()
    assert feedback.project.title in listing and "Both have written" in listing
    client.force_login(world.engineer_x)
    page = client.get(f"/feedback/{feedback.pk}/").content.decode()
    assert "Secret note" in page and "Rate the student" in page
