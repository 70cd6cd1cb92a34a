"""Three-party progress reviews: the college's form, answers checked against it, agreed
actions, signatures that a change clears, the due and overdue notices, and who sees what."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Notification
from apprenticeship import services
from apprenticeship.models import ProgressReview, ReviewSignature
from colleges.models import PracticeLog
from courses.models import CreditTransaction
from enterprises.models import Promotion
from tests.factories import CourseFactory, DualPositionFactory, ModuleFactory

pytestmark = pytest.mark.django_db


def _schedule(client, appr, form, due=None):
    body = {"apprenticeship": appr.pk, "form": form.pk}
    if due:
        body["due_on"] = due
    return client.post("/api/v1/progress-reviews/", body, format="json")


def test_a_review_is_filled_in_and_signed_by_all_three_and_a_change_asks_everyone_again(
    world, as_user, appr, review_form
):
    teacher, mentor, apprentice = (
        as_user(world.teacher_a),
        as_user(world.engineer_x),
        as_user(world.student_a),
    )
    created = _schedule(teacher, appr, review_form)
    assert created.status_code == 201, created.json()
    review = created.json()
    # The ladder's interval (10 weeks) after the start.
    assert review["due_on"] == (appr.started_on + datetime.timedelta(weeks=10)).isoformat()
    assert review["questions"][0]["key"] == "safety"
    assert _schedule(mentor, appr, review_form).status_code == 409  # one open review at a time
    url = f"/api/v1/progress-reviews/{review['id']}/"

    bad = apprentice.patch(url, {"answers": {"safety": 6}}, format="json")
    assert bad.status_code == 400 and "answers" in bad.json()
    assert "answers" in apprentice.patch(url, {"answers": {"nope": 1}}, format="json").json()
    # Signing before the day it was held is recorded: 409.
    assert apprentice.post(url + "sign/", {"typed_name": "Student A"}, format="json").status_code == 409
    today = timezone.localdate().isoformat()
    ok = mentor.patch(
        url, {"answers": {"safety": 4, "comments": "Careful."}, "held_on": today}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["answers"] == {"safety": 4, "comments": "Careful."}

    action = teacher.post(
        url + "actions/",
        {"description": "Log the PLC hours", "owner": world.student_a.pk, "due_on": today},
        format="json",
    )
    assert action.status_code == 201
    outsider_owner = {"description": "x", "owner": world.engineer_y.pk, "due_on": today}
    assert "owner" in teacher.post(url + "actions/", outsider_owner, format="json").json()

    signed = apprentice.post(url + "sign/", {"typed_name": "Student A"}, format="json")
    assert signed.status_code == 200 and [s["party"] for s in signed.json()["signatures"]] == ["apprentice"]
    assert apprentice.post(url + "sign/", {"typed_name": "Student A"}, format="json").status_code == 409
    assert "typed_name" in mentor.post(url + "sign/", {"typed_name": " "}, format="json").json()

    # A change after a signature clears it and asks the three parties again.
    Notification.objects.all().delete()
    assert mentor.patch(url, {"summary": "Good progress."}, format="json").json()["signatures"] == []
    assert ReviewSignature.objects.filter(cleared_at__isnull=False).count() == 1
    asked = set(Notification.objects.filter(kind="review_to_sign").values_list("recipient", flat=True))
    assert asked == {world.student_a.pk, world.teacher_a.pk}  # not the mentor who changed it

    for client, name in ((apprentice, "Student A"), (mentor, "Engineer X"), (teacher, "Teacher A")):
        last = client.post(url + "sign/", {"typed_name": name}, format="json")
    assert last.json()["status"] == "signed" and last.json()["completed_at"]
    assert mentor.patch(url, {"summary": "More."}, format="json").status_code == 409
    # The next review: 10 weeks after the day this one was held.
    nxt = _schedule(teacher, appr, review_form).json()
    assert nxt["due_on"] == (timezone.localdate() + datetime.timedelta(weeks=10)).isoformat()


def test_only_the_three_parties_and_the_college_see_a_review(
    world, as_user, appr, review_form, other_engineer
):
    review = services.review_schedule(apprenticeship=appr, form=review_form)
    url = f"/api/v1/progress-reviews/{review.pk}/"
    for user in (world.student_a, world.engineer_x, world.teacher_a, world.admin_a):
        assert as_user(user).get(url).status_code == 200
    for user in (other_engineer, world.engineer_y, world.student_a2, world.admin_b, world.teacher_b):
        assert as_user(user).get(url).status_code == 404
    # The college's administrator reads but does not sign: the review is the three parties'.
    assert as_user(world.admin_a).post(url + "sign/", {"typed_name": "A"}, format="json").status_code == 403
    assert _schedule(as_user(world.student_a), appr, review_form).status_code == 403
    assert (
        as_user(world.admin_b)
        .post(
            "/api/v1/review-forms/",
            {"college": world.college_a.pk, "name": "F", "questions": []},
            format="json",
        )
        .status_code
        == 403
    )
    bad_form = as_user(world.admin_a).post(
        "/api/v1/review-forms/",
        {
            "college": world.college_a.pk,
            "name": "F",
            "questions": [{"key": "a", "label": "A", "kind": "scale", "scale_max": 11}],
        },
        format="json",
    )
    assert bad_form.status_code == 400 and "questions" in bad_form.json()


def test_due_and_overdue_reviews_reach_the_three_parties_once_each(world, as_user, appr, review_form, client):
    today = timezone.localdate()
    # No review is open yet: the task schedules one when it falls due within two weeks.
    appr.started_on = today - datetime.timedelta(weeks=10) + datetime.timedelta(days=5)
    appr.save()
    assert services.check_due_reviews(today) == 1
    review = ProgressReview.objects.get(apprenticeship=appr)
    assert review.due_on == today + datetime.timedelta(days=5)
    due = Notification.objects.filter(kind="review_due")
    assert set(due.values_list("recipient", flat=True)) == {
        world.student_a.pk,
        world.engineer_x.pk,
        world.teacher_a.pk,
    }
    assert services.check_due_reviews(today) == 0  # told once
    assert services.check_due_reviews(today + datetime.timedelta(days=6)) == 1  # now overdue
    assert due.count() == 6
    # The college's list of overdue reviews, by enterprise; the dashboards show them.
    ProgressReview.objects.filter(pk=review.pk).update(due_on=today - datetime.timedelta(days=1))
    assert [
        r["id"]
        for r in as_user(world.admin_a).get("/api/v1/progress-reviews/?overdue=true").json()["results"]
    ] == [review.pk]
    client.force_login(world.admin_a)
    page = client.get("/progress-reviews/overdue/")
    assert page.status_code == 200 and "Enterprise X" in page.content.decode()
    for user in (world.teacher_a, world.engineer_x, world.student_a):
        client.force_login(user)
        assert f"/progress-reviews/{review.pk}/" in client.get("/dashboard/").content.decode()


def test_progress_is_explained_by_its_rows_and_evidence_gates_the_promotion(world, as_user, appr, ladder):
    level = appr.level
    module = ModuleFactory(course=CourseFactory(college=world.college_a), credits=Decimal(4))
    module.skills.set(level.skills.all())
    CreditTransaction.objects.create(
        learner=world.student_a, credits=Decimal(4), kind="module", source="s", module=module
    )
    position = DualPositionFactory(user=world.student_a, enterprise=world.enterprise_x, status="active")
    for hours, state in ((Decimal(6), "confirmed"), (Decimal(5), "confirmed"), (Decimal(9), "submitted")):
        PracticeLog.objects.create(
            dual_position=position,
            date=datetime.date(2026, 5, 1),
            hours=hours,
            description="PLC wiring",
            status=state,
        )
    Promotion.objects.create(
        level=ladder.levels.get(rank=1),
        learner=world.student_a,
        promoted_on=datetime.date(2025, 1, 1),
        promoted_by=world.engineer_x,
    )
    found = (
        as_user(world.teacher_a).get(f"/api/v1/apprenticeships/{appr.pk}/progress/").json()["requirements"]
    )
    by_kind = {f["requirement"]: f for f in found}
    assert (
        Decimal(by_kind["credits"]["has"]) == 4
        and by_kind["credits"]["met"]
        and len(by_kind["credits"]["rows"]) == 1
    )
    hours = by_kind["hours"]
    assert Decimal(hours["has"]) == 11 and len(hours["rows"]) == 2  # the submitted 9 h do not count
    assert hours["needs_evidence"] and not hours["met"]  # no accepted evidence yet
    assert by_kind["months"]["met"] and by_kind["months"]["rows"][0]["amount"] == by_kind["months"]["has"]

    promote = as_user(world.engineer_x).post(
        f"/api/v1/ladders/{ladder.pk}/promote/",
        {"learner": world.student_a.pk, "level": level.pk},
        format="json",
    )
    assert promote.status_code == 409 and "portfolio" in promote.json()["detail"]
    item = services.portfolio_add(
        apprenticeship=appr,
        actor=world.student_a,
        title="Wiring log",
        requirements=["hours"],
        link="https://example.com/log",
    )
    services.portfolio_accept(item=item, actor=world.engineer_x)
    found = (
        as_user(world.student_a).get(f"/api/v1/apprenticeships/{appr.pk}/progress/").json()["requirements"]
    )
    assert all(f["met"] for f in found) and found[1]["evidence"] == [item.pk]
    assert (
        as_user(world.engineer_x)
        .post(
            f"/api/v1/ladders/{ladder.pk}/promote/",
            {"learner": world.student_a.pk, "level": level.pk},
            format="json",
        )
        .status_code
        == 201
    )


def test_the_lists_cost_the_same_queries_whatever_their_length(
    world, as_user, ladder, review_form, django_assert_num_queries
):
    from tests.factories import UserFactory

    for n in range(4):
        learner = UserFactory(username=f"apprentice-{n}", role="student", college=world.college_a)
        a = services.apprenticeship_create(
            learner=learner,
            level=ladder.levels.get(rank=2),
            mentor=world.engineer_x,
            teacher=world.teacher_a,
            started_on=datetime.date(2026, 1, 5),
        )
        review = services.review_schedule(apprenticeship=a, form=review_form)
        services.review_update(review=review, actor=world.teacher_a, held_on=timezone.localdate())
        services.review_add_action(
            review=review, actor=world.teacher_a, description="d", owner=learner, due_on=timezone.localdate()
        )
        services.review_sign(review=review, actor=learner, typed_name="A")
        services.portfolio_add(
            apprenticeship=a, actor=learner, title="t", requirements=["hours"], link="https://e.com"
        )
    client = as_user(world.teacher_a)
    # The page's count, its rows, then the actions and the signatures of all of them.
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/progress-reviews/").json()["results"]) == 4
    # The count and the rows.
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/portfolio-items/").json()["results"]) == 4
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/apprenticeships/").json()["results"]) == 4
