"""Students' hour logs on projects: the limits (10 h a day, 30 h an ISO week, the project's
cap) with hand-worked numbers, the dates and steps allowed, who sees and decides what, the
final states, the inbox, and the confirmed hours on the project, the transcript and the
college's dashboard."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.errors import Invalid
from accounts.models import Notification, Role
from enterprises import hours
from enterprises.models import Application, HourLog
from tests.factories import PASSWORD, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# The Monday of last week: a whole ISO week in the past, Monday to Sunday.
MONDAY = TODAY - datetime.timedelta(days=TODAY.weekday() + 7)


def day(n: int) -> str:
    return (MONDAY + datetime.timedelta(days=n)).isoformat()


def under_way(world, **extra):
    project = ProjectFactory(
        enterprise=world.enterprise_x,
        status="in_progress",
        visibility="public",
        college=world.college_a,
        starts_on=MONDAY - datetime.timedelta(days=60),
        **extra,
    )
    Application.objects.create(project=project, student=world.student_a, motivation="m", status="accepted")
    return project


def log(client, project, date, amount, description="Wired the PLC cabinet"):
    return client.post(
        "/api/v1/hour-logs/",
        {"project": project.pk, "date": date, "hours": amount, "description": description},
        format="json",
    )


def test_a_student_logs_hours_and_the_engineer_is_told(world, as_user):
    project = under_way(world, mentor=world.engineer_x)
    response = log(as_user(world.student_a), project, day(0), "2.5")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "pending" and body["hours"] == "2.5" and body["student"] == world.student_a.pk
    note = Notification.objects.get(recipient=world.engineer_x, kind=Notification.Kind.HOURS_WAITING)
    assert note.link == f"/hour-logs/{body['id']}/"


def test_ten_hours_a_day_counting_pending_and_confirmed_but_not_rejected(world, as_user):
    project = under_way(world)
    student = as_user(world.student_a)
    assert log(student, project, day(0), "6").status_code == 201
    first = HourLog.objects.get()
    hours.hour_log_confirm(log=first, actor=world.engineer_x)
    assert log(student, project, day(0), "3").status_code == 201  # 6 + 3 = 9
    refused = log(student, project, day(0), "1.5")  # 9 + 1.5 = 10.5 > 10
    assert refused.status_code == 400
    assert refused.json()["hours"] == [f"At most 10 hours a day: 9 are logged on {day(0)}, 1 left."]
    assert log(student, project, day(0), "1").status_code == 201  # exactly 10
    pending = HourLog.objects.filter(hours=Decimal(3)).get()
    hours.hour_log_reject(log=pending, actor=world.engineer_x, reason="Not on this project")
    assert log(student, project, day(0), "3").status_code == 201  # 6 + 1 = 7, +3 = 10 again


def test_thirty_hours_an_iso_week_over_all_projects(world, as_user):
    project, other = under_way(world), under_way(world)
    student = as_user(world.student_a)
    # Monday to Thursday: 8 + 8 + 8 on one project, 4 on the other = 28 h.
    for n, (target, amount) in enumerate([(project, "8"), (project, "8"), (project, "8"), (other, "4")]):
        assert log(student, target, day(n), amount).status_code == 201
    refused = log(student, project, day(6), "2.5")  # Sunday: 28 + 2.5 = 30.5 > 30
    assert refused.status_code == 400
    assert refused.json()["hours"] == [
        f"At most 30 hours a week: 28 are logged in the week of {MONDAY.isoformat()}, 2 left."
    ]
    assert log(student, project, day(6), "2").status_code == 201  # 30 exactly
    # The next Monday starts a new ISO week.
    assert log(student, project, day(7), "8").status_code == 201


def test_the_projects_cap_counts_the_students_hours_on_it(world, as_user):
    project = under_way(world, hours_cap=12)
    student = as_user(world.student_a)
    assert log(student, project, day(0), "5").status_code == 201
    assert log(student, project, day(1), "5").status_code == 201  # 10 of 12
    refused = log(student, project, day(2), "2.5")  # 10 + 2.5 = 12.5 > 12
    assert refused.status_code == 400
    assert refused.json()["hours"] == ["At most 12 hours on this project: 10 are logged, 2 left."]
    assert log(student, project, day(2), "2").status_code == 201


@pytest.mark.parametrize(
    ("date", "amount", "field"),
    [
        (lambda: (TODAY + datetime.timedelta(days=1)).isoformat(), "1", "date"),  # tomorrow
        (lambda: (MONDAY - datetime.timedelta(days=61)).isoformat(), "1", "date"),  # before the start
        (lambda: day(0), "0.3", "hours"),  # not a half-hour step
        (lambda: day(0), "0", "hours"),
        (lambda: day(0), "-1", "hours"),
        (lambda: day(0), "10.5", "hours"),  # more than a day holds
    ],
)
def test_dates_and_steps_refused_naming_the_field(world, as_user, date, amount, field):
    project = under_way(world)
    response = log(as_user(world.student_a), project, date(), amount)
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not HourLog.objects.exists()


def test_only_students_accepted_on_a_project_under_way_log_on_it(world, as_user):
    project = under_way(world)
    assert log(as_user(world.student_a2), project, day(0), "1").status_code == 400  # not accepted
    assert log(as_user(world.engineer_x), project, day(0), "1").status_code == 403
    project.status = "delivered"
    project.save()
    assert log(as_user(world.student_a), project, day(0), "1").status_code == 409


def test_who_sees_and_decides_a_log(world, as_user):
    project = under_way(world)
    log_id = log(as_user(world.student_a), project, day(0), "2").json()["id"]
    url = f"/api/v1/hour-logs/{log_id}/"
    for viewer in (world.student_a, world.engineer_x, world.admin_a, world.teacher_a):
        assert as_user(viewer).get(url).status_code == 200
    for outsider in (world.student_a2, world.engineer_y, world.admin_b, world.teacher_b, world.evaluator):
        assert as_user(outsider).get(url).status_code == 404
    assert as_user(world.admin_a).post(f"{url}confirm/").status_code == 403
    assert as_user(world.student_a).post(f"{url}confirm/").status_code == 403
    assert as_user(world.engineer_x).patch(url, {"hours": "1"}, format="json").status_code == 403
    assert as_user(world.engineer_y).post(f"{url}confirm/").status_code == 404


def test_pending_is_editable_and_withdrawable_decided_is_final(world, as_user):
    project = under_way(world)
    student, engineer = as_user(world.student_a), as_user(world.engineer_x)
    assert log(student, project, day(0), "8").status_code == 201
    log_id = log(student, project, day(1), "2").json()["id"]
    url = f"/api/v1/hour-logs/{log_id}/"
    # Moved to Monday, its own 2 h do not count: 8 + 1.5 = 9.5 fits, 8 + 2.5 does not.
    assert student.patch(url, {"date": day(0), "hours": "2.5"}, format="json").status_code == 400
    changed = student.patch(url, {"date": day(0), "hours": "1.5"}, format="json")
    assert changed.status_code == 200 and changed.json()["hours"] == "1.5"
    assert engineer.post(f"{url}reject/", {"reason": " "}, format="json").status_code == 400
    rejected = engineer.post(f"{url}reject/", {"reason": "You were off that day"}, format="json")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    note = Notification.objects.get(recipient=world.student_a, kind=Notification.Kind.HOURS_REJECTED)
    assert note.params["reason"] == "You were off that day"
    assert student.patch(url, {"hours": "1"}, format="json").status_code == 409
    assert student.delete(url).status_code == 409
    assert engineer.post(f"{url}confirm/").status_code == 409
    withdrawn_id = log(student, project, day(2), "1").json()["id"]
    assert student.delete(f"/api/v1/hour-logs/{withdrawn_id}/").status_code == 204
    assert not HourLog.objects.filter(pk=withdrawn_id).exists()


def test_confirmed_hours_on_the_project_the_transcript_and_the_college(world, as_user, client):
    project = under_way(world)
    Application.objects.create(project=project, student=world.student_a2, motivation="m", status="accepted")
    for student, date, amount in [
        (world.student_a, 0, "3"),
        (world.student_a, 1, "4.5"),
        (world.student_a2, 0, "2"),
    ]:
        created = hours.hour_log_submit(
            project=project,
            student=student,
            date=MONDAY + datetime.timedelta(days=date),
            hours=Decimal(amount),
            description="d",
        )
        hours.hour_log_confirm(log=created, actor=world.engineer_x)
    hours.hour_log_submit(
        project=project, student=world.student_a, date=MONDAY, hours=Decimal(1), description="d"
    )
    # 3 + 4.5 = 7.5 for student-a (the pending hour does not count), 2 for student-a2: 9.5.
    figures = hours.confirmed_hours(project)
    assert figures["total"] == "9.5"
    assert {s["student"]: s["hours"] for s in figures["students"]} == {
        world.student_a.pk: "7.5",
        world.student_a2.pk: "2",
    }
    transcript = as_user(world.student_a).get(f"/api/v1/learners/{world.student_a.pk}/transcript/").json()
    assert transcript["project_hours"] == [
        {"project": project.pk, "title": project.title, "enterprise": "Enterprise X", "hours": "7.5"}
    ]
    client.force_login(world.admin_a)
    page = client.get("/dashboard/")
    assert "9.5" in page.content.decode()


def test_the_list_costs_the_same_queries_whatever_its_length(world, as_user):
    project = under_way(world)
    for n in range(5):
        hours.hour_log_submit(
            project=project,
            student=world.student_a,
            date=MONDAY + datetime.timedelta(days=n),
            hours=Decimal(1),
            description="d",
        )
    client = as_user(world.engineer_x)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/hour-logs/")
    assert response.json()["count"] == 5
    # The count and the page of rows: the rows carry only ids of the project and the people.
    assert len(queries) == 2, [q["sql"] for q in queries]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_logs_at_once_never_pass_the_daily_limit_together(world):
    project = under_way(world)
    racers = 2
    barrier = threading.Barrier(racers)
    outcomes: list[str] = []
    guard = threading.Lock()

    def race():
        try:
            barrier.wait(timeout=30)
            try:
                hours.hour_log_submit(
                    project=project, student=world.student_a, date=MONDAY, hours=Decimal(6), description="d"
                )
                result = "logged"
            except Invalid:
                result = "refused"
            with guard:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 6 + 6 = 12 > 10: one of the two waits for the other's lock and is refused.
    assert sorted(outcomes) == ["logged", "refused"]
    assert HourLog.objects.filter(student=world.student_a).count() == 1


def test_a_student_of_another_role_cannot_be_made_to_log(world):
    engineer = UserFactory(role=Role.ENGINEER, enterprise=world.enterprise_x)
    project = under_way(world)
    with pytest.raises(Invalid):
        hours.hour_log_submit(
            project=project, student=engineer, date=MONDAY, hours=Decimal(1), description="d"
        )


def test_the_pages_log_confirm_and_reject_hours_in_both_languages(world, client):
    project = under_way(world, title="Servo drift alerts")
    assert client.login(username=world.student_a.username, password=PASSWORD)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Log hours" in page
    too_many = client.post(
        f"/projects/{project.pk}/log-hours/",
        {"log-hours-date": day(0), "log-hours-hours": "10.5", "log-hours-description": "Wiring"},
    )
    assert too_many.status_code == 400 and not HourLog.objects.exists()
    logged = client.post(
        f"/projects/{project.pk}/log-hours/",
        {"log-hours-date": day(0), "log-hours-hours": "4", "log-hours-description": "Wiring"},
    )
    first = HourLog.objects.get()
    assert logged.status_code == 302 and logged.url == f"/hour-logs/{first.pk}/"
    created = client.post(
        "/hour-logs/new/", {"project": project.pk, "date": day(1), "hours": "2", "description": "Tests"}
    )
    assert created.status_code == 302
    second = HourLog.objects.exclude(pk=first.pk).get()
    assert "Servo drift alerts" in client.get("/hour-logs/").content.decode()

    assert client.login(username=world.engineer_x.username, password=PASSWORD)
    assert "Servo drift alerts" in client.get("/dashboard/").content.decode()  # waiting
    assert client.post(f"/hour-logs/{first.pk}/confirm/").status_code == 302
    client.post(f"/hour-logs/{second.pk}/reject/", {"reject-reason": "Not on this project."})
    second.refresh_from_db()
    assert second.status == "rejected" and second.reason == "Not on this project."
    detail = client.get(f"/projects/{project.pk}/").content.decode()
    assert "4 hours confirmed in total." in detail

    assert client.login(username=world.student_a.username, password=PASSWORD)
    mine = client.get(f"/hour-logs/{second.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "驳回原因" in mine and "Not on this project." in mine
    transcript = client.get(
        f"/learners/{world.student_a.pk}/transcript/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "企业项目工时" in transcript and "已确认 4 小时" in transcript


def test_the_engineer_sets_the_projects_cap_through_the_api(world, as_user):
    engineer = as_user(world.engineer_x)
    created = engineer.post(
        "/api/v1/projects/",
        {
            "enterprise": world.enterprise_x.pk,
            "title": "Cell 4 retrofit",
            "description": "Rewire cell 4.",
            "seats": 2,
            "hours_cap": 80,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["hours_cap"] == 80
    url = f"/api/v1/projects/{created.json()['id']}/"
    changed = engineer.patch(url, {"hours_cap": 120}, format="json")
    assert changed.status_code == 200 and changed.json()["hours_cap"] == 120
    assert engineer.patch(url, {"hours_cap": 0}, format="json").status_code == 400


def test_the_cap_may_change_while_the_project_is_under_way_and_nothing_else(world, as_user):
    project = under_way(world, hours_cap=12)
    student, engineer = as_user(world.student_a), as_user(world.engineer_x)
    url = f"/api/v1/projects/{project.pk}/"
    assert log(student, project, day(0), "8").status_code == 201
    assert engineer.patch(url, {"hours_cap": 9}, format="json").status_code == 200
    refused = log(student, project, day(1), "1.5")  # 8 + 1.5 = 9.5 > 9
    assert refused.json()["hours"] == ["At most 9 hours on this project: 8 are logged, 1 left."]
    assert engineer.patch(url, {"title": "Renamed"}, format="json").status_code == 409
    assert engineer.patch(url, {"title": "Renamed", "hours_cap": 20}, format="json").status_code == 409
