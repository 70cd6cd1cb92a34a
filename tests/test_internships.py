"""Internships: the whole cycle through the API, and every rule of the 2021 provisions
refusing or alerting as stated."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from accounts.models import Notification
from courses.models import CreditTransaction
from enterprises.models import Employment
from internships import services
from internships.models import HoursException, Internship, InternshipAlert, Position
from ledger.models import Evidence
from tests.factories import CourseFactory, MajorFactory, ModuleFactory, SkillFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=60)
END = TODAY + datetime.timedelta(days=90)


@pytest.fixture
def place(world):
    """A major whose modules teach PLC, a position at enterprise X that needs it."""
    skill = SkillFactory(code="plc", name="PLC")
    major = MajorFactory(college=world.college_a, code="mech")
    module = ModuleFactory(course=CourseFactory(college=world.college_a, major=major), credits=Decimal(3))
    module.skills.add(skill)
    world.enterprise_x.staff = 100
    world.enterprise_x.save()
    position = Position.objects.create(
        enterprise=world.enterprise_x, name="Line technician", staff=20, probation_wage=Decimal(4000)
    )
    position.skills.add(skill)
    return {"skill": skill, "major": major, "module": module, "position": position}


def terms(world, place, **over):
    data = {
        "student": world.student_a.pk,
        "student_birth_date": "2006-03-01",
        "college": world.college_a.pk,
        "major": place["major"].pk,
        "enterprise": world.enterprise_x.pk,
        "position": place["position"].pk,
        "kind": "placement",
        "start_date": START.isoformat(),
        "end_date": END.isoformat(),
        "mentor": world.engineer_x.pk,
        "supervisor": world.teacher_a.pk,
        "pay_per_month": "3500.00",
        "hours_per_day": "8",
        "shift": "day",
        "insurer": "PICC",
        "policy_number": "P-1",
        "insured_from": START.isoformat(),
        "insured_to": END.isoformat(),
    }
    data.update(over)
    return data


def propose(as_user, world, place, **over):
    return as_user(world.admin_a).post("/api/v1/internships/", terms(world, place, **over), format="json")


def ready(as_user, world, place, **over):
    """An internship every party accepted, insured, trained, with an agreed plan."""
    response = propose(as_user, world, place, **over)
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    for user in (world.student_a, world.admin_a, world.engineer_x):
        body = {"guardian_name": "Li Hua"} if user == world.student_a else {}
        assert (
            as_user(user).post(f"/api/v1/internships/{pk}/accept-agreement/", body, format="json").status_code
            == 200
        )
    for kind in ("safety", "process"):
        r = as_user(world.teacher_a).post(
            f"/api/v1/internships/{pk}/pre-job-training/",
            {
                "kind": kind,
                "topic": f"{kind} briefing",
                "completed_on": (START - datetime.timedelta(days=3)).isoformat(),
            },
            format="json",
        )
        assert r.status_code == 201, r.json()
    plan = as_user(world.engineer_x).post(
        "/api/v1/training-plans/",
        {
            "internship": pk,
            "tasks": [
                {"title": "Wire a PLC cabinet", "skills": ["plc"], "module": place["module"].pk},
                {"title": "Sort parts", "repetitive": True},
            ],
        },
        format="json",
    )
    assert plan.status_code == 201, plan.json()
    assert (
        as_user(world.admin_a).post(f"/api/v1/training-plans/{plan.json()['id']}/agree/").status_code == 200
    )
    return pk, plan.json()["id"]


def start(as_user, world, pk):
    return as_user(world.admin_a).post(f"/api/v1/internships/{pk}/start/")


# --- the cycle ---------------------------------------------------------------------------------


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_whole_cycle_from_agreement_to_job_offer(as_user, world, place, default_scheme):
    pk, plan = ready(as_user, world, place)
    response = start(as_user, world, pk)
    assert response.status_code == 200 and response.json()["status"] == "active"

    student = as_user(world.student_a)
    day = START + datetime.timedelta(days=1)
    log = student.post(
        "/api/v1/internship-logs/",
        {
            "internship": pk,
            "date": day.isoformat(),
            "hours": "7.5",
            "shift": "day",
            "tasks": "Wired a cabinet",
        },
        format="json",
    )
    assert log.status_code == 201
    assert InternshipAlert.objects.count() == 0  # a lawful day raises nothing
    confirm = as_user(world.engineer_x).post(f"/api/v1/internship-logs/{log.json()['id']}/confirm/")
    assert confirm.status_code == 200 and confirm.json()["confirmed_by"] == world.engineer_x.pk
    assert (
        as_user(world.engineer_x).post(f"/api/v1/internship-logs/{log.json()['id']}/confirm/").status_code
        == 409
    )

    visit = as_user(world.teacher_a).post(
        "/api/v1/internship-visits/",
        {"internship": pk, "kind": "visit", "date": day.isoformat(), "notes": "Safe, learning."},
        format="json",
    )
    assert visit.status_code == 201
    progress = as_user(world.engineer_x).post(
        f"/api/v1/training-plans/{plan}/progress/",
        {"task": Internship.objects.get(pk=pk).plan.tasks.get(repetitive=False).pk, "progress": 100},
        format="json",
    )
    assert progress.status_code == 200

    # An evaluation waits for the end.
    early = as_user(world.engineer_x).post(
        "/api/v1/internship-evaluations/", {"internship": pk, "rating": 5}, format="json"
    )
    assert early.status_code == 409

    ended = as_user(world.engineer_x).post(
        f"/api/v1/internships/{pk}/end/",
        {"on": TODAY.isoformat(), "hired": True, "job_position": "Technician"},
        format="json",
    )
    assert ended.status_code == 200 and ended.json()["status"] == "ended"
    employment = Employment.objects.get(pk=ended.json()["employment"])
    assert (
        employment.learner == world.student_a and not employment.confirmed
    )  # the student or college confirms
    credit = CreditTransaction.objects.get(learner=world.student_a, source=f"internship:{pk}")
    assert credit.module == place["module"] and credit.credits == Decimal(3)

    mentor = as_user(world.engineer_x).post(
        "/api/v1/internship-evaluations/",
        {"internship": pk, "rating": 4, "comment": "Careful"},
        format="json",
    )
    assert mentor.status_code == 201 and mentor.json()["side"] == "mentor"
    supervisor = as_user(world.teacher_a).post(
        "/api/v1/internship-evaluations/", {"internship": pk, "rating": 5}, format="json"
    )
    assert supervisor.status_code == 201 and supervisor.json()["side"] == "supervisor"
    again = as_user(world.engineer_x).post(
        "/api/v1/internship-evaluations/", {"internship": pk, "rating": 2}, format="json"
    )
    assert again.status_code == 409
    evidence = Evidence.objects.get(event_key=f"internship-evaluation:{mentor.json()['id']}")
    assert (
        evidence.indicator == "employer_rating"
        and evidence.value == 4
        and evidence.college == world.college_a
    )
    assert evidence.status == "verified"


def test_only_the_parties_accept_and_nobody_twice(as_user, world, place):
    pk = propose(as_user, world, place).json()["id"]
    assert as_user(world.student_a2).post(f"/api/v1/internships/{pk}/accept-agreement/").status_code == 404
    assert as_user(world.engineer_y).post(f"/api/v1/internships/{pk}/accept-agreement/").status_code == 404
    assert as_user(world.admin_a).post(f"/api/v1/internships/{pk}/accept-agreement/").status_code == 200
    assert as_user(world.admin_a).post(f"/api/v1/internships/{pk}/accept-agreement/").status_code == 409
    internship = Internship.objects.get(pk=pk)
    assert internship.college_accepted_by == world.admin_a and internship.college_accepted_at is not None


def test_it_cannot_start_before_agreement_insurance_training_and_plan(as_user, world, place):
    pk = propose(as_user, world, place, insured_to=(END - datetime.timedelta(days=5)).isoformat()).json()[
        "id"
    ]
    response = start(as_user, world, pk)
    assert response.status_code == 409
    message = response.json()["detail"]
    for words in ("agreement", "insurance", "pre-job training", "training plan"):
        assert words in message
    assert Internship.objects.get(pk=pk).status == "preparing"


def test_changing_the_terms_asks_every_party_again(as_user, world, place):
    pk, _plan = ready(as_user, world, place)
    response = as_user(world.admin_a).patch(
        f"/api/v1/internships/{pk}/", {"pay_per_month": "3600.00"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["agreement"]["complete"] is False
    assert start(as_user, world, pk).status_code == 409


# --- the rules, each refusing ----------------------------------------------------------------------


def test_no_placement_under_16(as_user, world, place):
    birth = START.replace(year=START.year - 15).isoformat()
    response = propose(as_user, world, place, student_birth_date=birth)
    assert response.status_code == 400 and "student_birth_date" in response.json()
    observation = propose(as_user, world, place, student_birth_date=birth, kind="observation")
    assert observation.status_code == 201


def test_a_guardian_accepts_too_under_18(as_user, world, place):
    birth = START.replace(year=START.year - 17).isoformat()
    pk = propose(as_user, world, place, student_birth_date=birth).json()["id"]
    refused = as_user(world.student_a).post(f"/api/v1/internships/{pk}/accept-agreement/", {}, format="json")
    assert refused.status_code == 400 and "guardian_name" in refused.json()
    accepted = as_user(world.student_a).post(
        f"/api/v1/internships/{pk}/accept-agreement/", {"guardian_name": "Wang Fang"}, format="json"
    )
    agreement = accepted.json()["agreement"]
    assert (
        agreement["needs_guardian"]
        and agreement["guardian_name"] == "Wang Fang"
        and agreement["guardian_accepted_at"]
    )


def test_placements_at_most_10_percent_of_the_enterprise(as_user, world, place):
    world.enterprise_x.staff = 19  # 10% of 19 is 1 intern
    world.enterprise_x.save()
    assert propose(as_user, world, place).status_code == 201
    second = propose(as_user, world, place, student=world.student_a2.pk)
    assert second.status_code == 400 and "at most 1 placement" in second.json()["position"][0]
    # An observation internship is not counted against the cap.
    assert propose(as_user, world, place, student=world.student_a2.pk, kind="observation").status_code == 201


def test_placements_at_most_20_percent_of_the_position(as_user, world, place):
    place["position"].staff = 5  # 20% of 5 is 1
    place["position"].save()
    assert propose(as_user, world, place).status_code == 201
    second = propose(as_user, world, place, student=world.student_a2.pk)
    assert second.status_code == 400 and "The position may take at most 1" in second.json()["position"][0]
    # Not overlapping in time: allowed.
    later = {
        "start_date": (END + datetime.timedelta(days=1)).isoformat(),
        "end_date": (END + datetime.timedelta(days=60)).isoformat(),
    }
    assert (
        propose(
            as_user,
            world,
            place,
            student=world.student_a2.pk,
            insured_from=later["start_date"],
            insured_to=later["end_date"],
            **later,
        ).status_code
        == 201
    )


def test_an_enterprise_without_a_head_count_takes_no_placement(as_user, world, place):
    world.enterprise_x.staff = None
    world.enterprise_x.save()
    assert propose(as_user, world, place).status_code == 400


def test_at_most_8_hours_and_no_night_shift_without_an_exception(as_user, world, place):
    long = propose(as_user, world, place, hours_per_day="9")
    assert long.status_code == 400 and "hours_per_day" in long.json()
    night = propose(as_user, world, place, shift="night")
    assert night.status_code == 400 and "shift" in night.json()
    exception = as_user(world.admin_a).post(
        "/api/v1/internship-exceptions/",
        {
            "college": world.college_a.pk,
            "major": place["major"].pk,
            "position": place["position"].pk,
            "max_hours_per_day": "10",
            "night_shifts": True,
            "reason": "Continuous process plant; approved by the provincial bureau.",
        },
        format="json",
    )
    assert exception.status_code == 201
    assert HoursException.objects.get().approved_by == world.admin_a
    assert propose(as_user, world, place, hours_per_day="9", shift="night").status_code == 201


def test_a_placement_longer_than_six_months_needs_a_reason(as_user, world, place):
    end = (START + datetime.timedelta(days=240)).isoformat()
    refused = propose(as_user, world, place, end_date=end, insured_to=end)
    assert refused.status_code == 400 and "length_reason" in refused.json()
    assert (
        propose(
            as_user, world, place, end_date=end, insured_to=end, length_reason="Two production seasons"
        ).status_code
        == 201
    )


def test_no_fee_and_no_intermediary(as_user, world, place):
    fee = propose(as_user, world, place, student_fee="200.00")
    assert fee.status_code == 400 and "student_fee" in fee.json()
    agent = propose(as_user, world, place, intermediary="Labour Agency Ltd")
    assert agent.status_code == 400 and "intermediary" in agent.json()
    assert Internship.objects.count() == 0


def test_pay_at_least_80_percent_of_the_probation_wage(as_user, world, place):
    low = propose(as_user, world, place, pay_per_month="3199.99")  # 80% of 4000 is 3200
    assert low.status_code == 400 and "3200.00" in low.json()["pay_per_month"][0]
    assert propose(as_user, world, place, pay_per_month="3200.00").status_code == 201
    # Not working independently (closely supervised): the floor does not apply.
    assert (
        propose(
            as_user,
            world,
            place,
            student=world.student_a2.pk,
            pay_per_month="1000",
            works_independently=False,
        ).status_code
        == 201
    )


def test_the_position_matches_the_major(as_user, world, place):
    other = Position.objects.create(
        enterprise=world.enterprise_x, name="Cashier", staff=50, probation_wage=Decimal(3000)
    )
    other.skills.add(SkillFactory(code="cash"))
    response = propose(as_user, world, place, position=other.pk)
    assert response.status_code == 400 and "major" in response.json()["position"][0]


def test_a_plan_of_repetitive_tasks_only_is_flagged(as_user, world, place):
    pk = propose(as_user, world, place).json()["id"]
    response = as_user(world.engineer_x).post(
        "/api/v1/training-plans/",
        {
            "internship": pk,
            "tasks": [
                {"title": "Pack boxes", "repetitive": True},
                {"title": "Label boxes", "repetitive": True},
            ],
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["only_repetitive"] is True
    alert = InternshipAlert.objects.get(internship_id=pk)
    assert alert.kind == "repetitive_plan" and alert.resolved_at is None


# --- breaches found in the log and the pay ----------------------------------------------------------


@pytest.fixture
def running(as_user, world, place):
    pk, _plan = ready(as_user, world, place)
    assert start(as_user, world, pk).status_code == 200
    return pk


def log_day(as_user, world, pk, offset, hours, shift="day"):
    return as_user(world.student_a).post(
        "/api/v1/internship-logs/",
        {
            "internship": pk,
            "date": (START + datetime.timedelta(days=offset)).isoformat(),
            "hours": hours,
            "shift": shift,
            "tasks": "t",
        },
        format="json",
    )


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_an_11_hour_day_alerts_the_supervisor_and_the_college_on_the_page_and_by_email(
    as_user, world, running, django_capture_on_commit_callbacks, settings, client
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    world.teacher_a.email, world.admin_a.email = "t@a.example", "a@a.example"
    world.teacher_a.save()
    world.admin_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert log_day(as_user, world, running, 2, "11").status_code == 201
    alert = InternshipAlert.objects.get(internship_id=running)
    assert alert.kind == "long_day" and "11 hours" in alert.text
    inbox = Notification.objects.filter(kind="internship_alert")
    assert set(inbox.values_list("recipient__username", flat=True)) == {"teacher-a", "admin-a"}
    assert {m.to[0] for m in mail.outbox} == {"t@a.example", "a@a.example"}
    client.force_login(world.admin_a)
    page = client.get(f"/internship-alerts/{alert.pk}/")
    assert page.status_code == 200 and "11 hours" in page.content.decode()


def test_overtime_and_a_night_shift_alert(as_user, world, running):
    log_day(as_user, world, running, 3, "8")  # the agreed 8: lawful
    assert InternshipAlert.objects.count() == 0
    Internship.objects.filter(pk=running).update(hours_per_day=Decimal(6))
    log_day(as_user, world, running, 4, "7")
    log_day(as_user, world, running, 5, "6", shift="night")
    kinds = sorted(InternshipAlert.objects.values_list("kind", flat=True))
    assert kinds == ["night_shift", "overtime"]


def test_an_unpaid_month_alerts_whether_recorded_or_missing(as_user, world, running):
    month = START.replace(day=1)
    paid = as_user(world.student_a).post(
        f"/api/v1/internships/{running}/pay/", {"month": month.isoformat(), "amount": "0"}, format="json"
    )
    assert paid.status_code == 201
    assert InternshipAlert.objects.get().kind == "unpaid"
    # The next month has no pay record at all: after the grace days the daily check alerts once.
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    due = (following + datetime.timedelta(days=32)).replace(day=1) + datetime.timedelta(days=15)
    assert services.check_unpaid_months(due - datetime.timedelta(days=1)) == 0
    assert services.check_unpaid_months(due) == 1
    assert services.check_unpaid_months(due) == 0
    assert InternshipAlert.objects.filter(kind="unpaid").count() == 2


def test_alerts_stay_until_the_college_resolves_them_with_a_note(as_user, world, running):
    log_day(as_user, world, running, 2, "11")
    alert = InternshipAlert.objects.get()
    assert (
        as_user(world.engineer_x)
        .post(f"/api/v1/internship-alerts/{alert.pk}/resolve/", {"note": "ok"})
        .status_code
        == 403
    )
    assert (
        as_user(world.admin_a)
        .post(f"/api/v1/internship-alerts/{alert.pk}/resolve/", {"note": ""})
        .status_code
        == 400
    )
    assert as_user(world.admin_a).get("/api/v1/internship-alerts/?open=true").json()["count"] == 1
    done = as_user(world.admin_a).post(
        f"/api/v1/internship-alerts/{alert.pk}/resolve/", {"note": "Spoke with the line manager; rota fixed."}
    )
    assert done.status_code == 200 and done.json()["resolution"].startswith("Spoke")
    assert (
        as_user(world.admin_a)
        .post(f"/api/v1/internship-alerts/{alert.pk}/resolve/", {"note": "x"})
        .status_code
        == 409
    )
    assert as_user(world.admin_a).get("/api/v1/internship-alerts/?open=true").json()["count"] == 0


def test_either_side_raises_a_concern_the_college_answers(as_user, world, running):
    for user in (world.student_a, world.engineer_x):
        r = as_user(user).post(
            "/api/v1/internship-alerts/", {"internship": running, "message": "Worried"}, format="json"
        )
        assert r.status_code == 201 and r.json()["kind"] == "concern" and r.json()["raised_by"] == user.pk
    outsider = as_user(world.student_a2).post(
        "/api/v1/internship-alerts/", {"internship": running, "message": "x"}, format="json"
    )
    assert outsider.status_code in (400, 403)


def test_the_log_is_the_interns_and_within_the_dates(as_user, world, running):
    assert log_day(as_user, world, running, -5, "4").status_code == 400
    assert log_day(as_user, world, running, 1, "4").status_code == 201
    assert log_day(as_user, world, running, 1, "4").status_code == 409
    other = as_user(world.engineer_x).post(
        "/api/v1/internship-logs/",
        {"internship": running, "date": START.isoformat(), "hours": "4", "shift": "day", "tasks": "t"},
        format="json",
    )
    assert other.status_code == 403


# --- scope and figures ------------------------------------------------------------------------------


def test_each_side_sees_its_own(as_user, world, running):
    for user, count in [
        (world.student_a, 1),
        (world.student_a2, 0),
        (world.engineer_x, 1),
        (world.engineer_y, 0),
        (world.teacher_a, 1),
        (world.admin_b, 0),
        (world.evaluator, 0),
    ]:
        assert as_user(user).get("/api/v1/internships/").json()["count"] == count, user.username
    assert as_user(None).get("/api/v1/internships/").status_code == 401


def test_figures_are_explained_to_the_rows(as_user, world, place, running):
    log_day(as_user, world, running, 1, "8")
    log_day(as_user, world, running, 2, "11")  # one alert
    as_user(world.engineer_x).post(
        f"/api/v1/internships/{running}/end/", {"on": TODAY.isoformat()}, format="json"
    )
    propose(as_user, world, place, student=world.student_a2.pk, kind="observation")
    figures = (
        as_user(world.admin_a)
        .get(f"/api/v1/internships/figures/?college={world.college_a.pk}&on={TODAY}")
        .json()
    )
    weeks = (Decimal((TODAY - START).days + 1) / 7).quantize(Decimal("0.01"))
    assert figures["internships"] == 2 and figures["started"] == 1 and figures["ended"] == 1
    assert figures["intern_weeks"] == str(weeks)
    assert figures["hours_logged"] == "19.00"
    assert figures["hours_per_week"] == str((Decimal(19) / weeks).quantize(Decimal("0.01")))
    assert figures["alerts_per_100_intern_weeks"] == str((Decimal(100) / weeks).quantize(Decimal("0.01")))
    assert figures["complete_before_start_share"] == "1.00"
    assert figures["hired_share"] == "0.00"
    assert sorted((r["kind"], r["status"], r["count"]) for r in figures["by_kind_and_state"]) == [
        ("observation", "preparing", 1),
        ("placement", "ended", 1),
    ]
    assert sum(Decimal(r["hours_logged"]) for r in figures["rows"]) == Decimal(19)
    assert as_user(world.admin_a).get("/api/v1/internships/figures/?college=x").status_code == 400


# --- the same cycle through the pages --------------------------------------------------------------


def test_the_cycle_through_the_pages(world, place, client):
    def as_(user):
        client.force_login(user)
        return client

    birth = START.replace(year=START.year - 17)
    form = {
        "student": world.student_a.pk,
        "student_birth_date": birth.isoformat(),
        "major": place["major"].pk,
        "kind": "placement",
        "enterprise": world.enterprise_x.pk,
        "position": place["position"].pk,
        "mentor": world.engineer_x.pk,
        "supervisor": world.teacher_a.pk,
        "start_date": START.isoformat(),
        "end_date": END.isoformat(),
        "hours_per_day": "8",
        "shift": "day",
        "pay_per_month": "3500",
        "works_independently": "on",
        "student_fee": "0",
        "insurer": "PICC",
        "policy_number": "P-9",
        "insured_from": START.isoformat(),
        "insured_to": END.isoformat(),
    }
    refused = as_(world.admin_a).post("/internships/new/", {**form, "hours_per_day": "10"})
    assert refused.status_code == 400 and "At most 8" in refused.content.decode()
    created = as_(world.admin_a).post("/internships/new/", form)
    assert created.status_code == 302
    internship = Internship.objects.get()
    url = f"/internships/{internship.pk}/"
    # The student is 17: the page asks for the guardian's name.
    page = as_(world.student_a).get(url).content.decode()
    assert "Guardian" in page and "accept-agreement-guardian_name" in page
    as_(world.student_a).post(url + "accept-agreement/", {"accept-agreement-guardian_name": "Li Hua"})
    as_(world.admin_a).post(url + "accept-agreement/")
    as_(world.engineer_x).post(url + "accept-agreement/")
    for kind in ("safety", "process"):
        as_(world.teacher_a).post(
            url + "pre-job-training/",
            {
                "pre-job-training-kind": kind,
                "pre-job-training-topic": kind,
                "pre-job-training-completed_on": START.isoformat(),
            },
        )
    # No plan yet: the start is refused and the page says what is missing.
    response = as_(world.admin_a).post(url + "start/", follow=True)
    assert "training plan" in response.content.decode()
    plan = as_(world.engineer_x).post(
        "/training-plans/new/",
        {
            "internship": internship.pk,
            "tasks": "Wire a cabinet\nCommission a line",
            "skills": [place["skill"].pk],
            "repetitive": "Sweep",
        },
    )
    assert plan.status_code == 302
    as_(world.teacher_a).post(plan["Location"] + "agree/")
    as_(world.admin_a).post(url + "start/")
    internship.refresh_from_db()
    assert internship.status == "active" and internship.guardian_name == "Li Hua"
    logged = as_(world.student_a).post(
        "/internship-logs/new/",
        {
            "internship": internship.pk,
            "date": START.isoformat(),
            "hours": "11",
            "shift": "day",
            "tasks": "Rush order",
        },
    )
    assert logged.status_code == 302
    alert = InternshipAlert.objects.get(kind="long_day")
    inbox = as_(world.teacher_a).get("/inbox/").content.decode()
    assert "Internship of" in inbox
    as_(world.engineer_x).post(logged["Location"] + "confirm/")
    as_(world.admin_a).post(f"/internship-alerts/{alert.pk}/resolve/", {"resolve-note": "Rota changed."})
    alert.refresh_from_db()
    assert alert.resolved_by == world.admin_a and alert.resolution == "Rota changed."
    assert "Rota changed." in as_(world.student_a).get(f"/internship-alerts/{alert.pk}/").content.decode()


def test_the_radar_shows_internship_places_beside_demand_and_supply(as_user, world, place, client):
    from evaluation.radar import recompute_radar
    from tests.factories import TalentDemandFactory

    TalentDemandFactory(enterprise=world.enterprise_x, skill=place["skill"], year=START.year, headcount=30)
    recompute_radar([START.year])
    assert propose(as_user, world, place).status_code == 201
    assert propose(as_user, world, place, student=world.student_a2.pk, kind="observation").status_code == 201
    cancelled = propose(as_user, world, place, student=world.student_a2.pk, kind="observation").json()["id"]
    as_user(world.admin_a).post(f"/api/v1/internships/{cancelled}/cancel/")
    rows = as_user(world.teacher_a).get(f"/api/v1/radar/skills/?year={START.year}").json()
    assert {r["skill"]: r["internship_places"] for r in rows} == {"plc": 2}
    client.force_login(world.admin_a)
    page = client.get(f"/radar/?year={START.year}").content.decode()
    assert "Internship places" in page


def test_a_breach_reads_in_the_readers_language(as_user, world, running):
    log_day(as_user, world, running, 2, "11")
    client = as_user(world.admin_a)
    english = client.get("/api/v1/internship-alerts/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    chinese = client.get("/api/v1/internship-alerts/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"][0]
    day = (START + datetime.timedelta(days=2)).isoformat()
    assert english["message"] == f"11 hours worked on {day}: at most 8 are allowed."
    assert chinese["message"] == f"{day} 工作 11 小时：最多允许 8 小时。"


# --- pre-job training recorded without a date, completed later ---------------------------------


def _untrained(as_user, world, place):
    """An internship ready in every way but its training: two rows recorded without a date."""
    response = propose(as_user, world, place)
    pk = response.json()["id"]
    for user in (world.student_a, world.admin_a, world.engineer_x):
        body = {"guardian_name": "Li Hua"} if user == world.student_a else {}
        as_user(user).post(f"/api/v1/internships/{pk}/accept-agreement/", body, format="json")
    rows = [
        as_user(world.teacher_a)
        .post(f"/api/v1/internships/{pk}/pre-job-training/", {"kind": kind, "topic": kind}, format="json")
        .json()["id"]
        for kind in ("safety", "process")
    ]
    plan = as_user(world.engineer_x).post(
        "/api/v1/training-plans/", {"internship": pk, "tasks": [{"title": "Wire a cabinet"}]}, format="json"
    )
    as_user(world.admin_a).post(f"/api/v1/training-plans/{plan.json()['id']}/agree/")
    return pk, rows


def test_training_recorded_without_a_date_is_completed_later_and_the_internship_starts(as_user, world, place):
    pk, (safety, process) = _untrained(as_user, world, place)
    assert start(as_user, world, pk).status_code == 409
    done = (START - datetime.timedelta(days=2)).isoformat()
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()

    future = as_user(world.teacher_a).patch(
        f"/api/v1/pre-job-training/{safety}/", {"completed_on": tomorrow}, format="json"
    )
    assert future.status_code == 400 and list(future.json()) == ["completed_on"]
    # Outside the internship it is not there; the intern sees it but does not vouch for it.
    assert (
        as_user(world.engineer_y)
        .patch(f"/api/v1/pre-job-training/{safety}/", {"completed_on": done}, format="json")
        .status_code
        == 404
    )
    assert (
        as_user(world.student_a)
        .patch(f"/api/v1/pre-job-training/{safety}/", {"completed_on": done}, format="json")
        .status_code
        == 403
    )
    # The enterprise, which gave the safety briefing, records its completion but names no
    # training of its own.
    engineer = as_user(world.engineer_x)
    assert (
        engineer.patch(f"/api/v1/pre-job-training/{safety}/", {"topic": "x"}, format="json").status_code
        == 403
    )
    completed = engineer.patch(f"/api/v1/pre-job-training/{safety}/", {"completed_on": done}, format="json")
    assert completed.status_code == 200
    assert completed.json()["completed_on"] == done
    assert completed.json()["completion_recorded_by"] == world.engineer_x.pk
    assert start(as_user, world, pk).status_code == 409  # the process guidance is still not done
    college = as_user(world.teacher_a).patch(
        f"/api/v1/pre-job-training/{process}/",
        {"topic": "Line process guidance", "completed_on": done},
        format="json",
    )
    assert college.status_code == 200 and college.json()["topic"] == "Line process guidance"
    assert start(as_user, world, pk).status_code == 200
    # Once under way, the record of what was done before stands.
    late = as_user(world.teacher_a).patch(
        f"/api/v1/pre-job-training/{process}/", {"completed_on": TODAY.isoformat()}, format="json"
    )
    assert late.status_code == 409


def test_the_pages_record_a_trainings_completion(as_user, world, place, client):
    pk, (safety, process) = _untrained(as_user, world, place)
    client.force_login(world.admin_a)
    page = client.get(f"/internships/{pk}/").content.decode()
    assert f"/pre-job-training/{safety}/" in page and "not completed" in page
    future = client.post(
        f"/pre-job-training/{safety}/complete/",
        {"complete-completed_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
    )
    assert future.status_code == 400 and "cannot be completed in the future" in future.content.decode()
    client.force_login(world.engineer_x)
    row = client.get(f"/pre-job-training/{safety}/").content.decode()
    assert "Record completion" in row and f"/pre-job-training/{safety}/edit/" not in row
    assert client.post(f"/pre-job-training/{safety}/edit/", {"topic": "x"}).status_code == 403
    client.post(f"/pre-job-training/{safety}/complete/", {"complete-completed_on": START.isoformat()})
    client.force_login(world.teacher_a)
    edited = client.post(
        f"/pre-job-training/{process}/edit/",
        {"kind": "process", "topic": "Process guidance", "completed_on": START.isoformat()},
    )
    assert edited.status_code == 302
    client.force_login(world.admin_a)
    assert client.post(f"/internships/{pk}/start/").status_code == 302
    internship = Internship.objects.get(pk=pk)
    assert internship.status == "active"
    assert internship.pre_job_training.get(pk=safety).completion_recorded_by == world.engineer_x
    # Under way: the button is gone.
    assert "Record completion" not in client.get(f"/pre-job-training/{safety}/").content.decode()


# --- only the named mentor confirms and evaluates ------------------------------------------------------


def test_only_the_named_mentor_confirms_and_evaluates_until_another_is_named(as_user, world, running):
    from tests.factories import UserFactory

    colleague = UserFactory(username="engineer-x2", role="engineer", enterprise=world.enterprise_x)
    log = log_day(as_user, world, running, 1, "8").json()["id"]
    for other in (colleague, world.platform_admin):
        refused = as_user(other).post(f"/api/v1/internship-logs/{log}/confirm/")
        assert refused.status_code == 403, other.username
    # Who may name another mentor: the college's administrators and the enterprise's people.
    assert (
        as_user(world.teacher_a)
        .post(f"/api/v1/internships/{running}/change-mentor/", {"mentor": colleague.pk}, format="json")
        .status_code
        == 403
    )
    assert (
        as_user(world.engineer_y)
        .post(f"/api/v1/internships/{running}/change-mentor/", {"mentor": colleague.pk}, format="json")
        .status_code
        == 404
    )
    for bad in (world.engineer_y, world.teacher_a, world.engineer_x):  # elsewhere, not an engineer, already
        refused = as_user(world.admin_a).post(
            f"/api/v1/internships/{running}/change-mentor/", {"mentor": bad.pk}, format="json"
        )
        assert refused.status_code == 400 and list(refused.json()) == ["mentor"], bad.username
    changed = as_user(world.admin_a).post(
        f"/api/v1/internships/{running}/change-mentor/",
        {"mentor": colleague.pk, "reason": "Moved to the night-free line."},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["mentor"] == colleague.pk
    [entry] = changed.json()["mentor_changes"]
    assert (entry["from_mentor"], entry["to_mentor"], entry["changed_by"]) == (
        world.engineer_x.pk,
        colleague.pk,
        world.admin_a.pk,
    )
    assert entry["reason"] == "Moved to the night-free line."
    assert Internship.objects.get(pk=running).agreement_complete(needs_guardian=False)  # still accepted

    assert as_user(world.engineer_x).post(f"/api/v1/internship-logs/{log}/confirm/").status_code == 403
    confirmed = as_user(colleague).post(f"/api/v1/internship-logs/{log}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["confirmed_by"] == colleague.pk

    as_user(world.admin_a).post(
        f"/api/v1/internships/{running}/end/", {"on": TODAY.isoformat()}, format="json"
    )
    former = as_user(world.engineer_x).post(
        "/api/v1/internship-evaluations/", {"internship": running, "rating": 2}, format="json"
    )
    assert former.status_code == 403
    evaluated = as_user(colleague).post(
        "/api/v1/internship-evaluations/", {"internship": running, "rating": 4}, format="json"
    )
    assert evaluated.status_code == 201 and evaluated.json()["side"] == "mentor"
    assert Evidence.objects.filter(event_key=f"internship-evaluation:{evaluated.json()['id']}").exists()
    # The mentor has evaluated: the one who did stays the mentor on record.
    again = as_user(world.engineer_x).post(
        f"/api/v1/internships/{running}/change-mentor/", {"mentor": world.engineer_x.pk}, format="json"
    )
    assert again.status_code == 409


def test_the_pages_change_the_mentor_and_show_it_in_the_history(as_user, world, running, client):
    from tests.factories import UserFactory

    colleague = UserFactory(
        username="engineer-x2",
        first_name="Ming",
        last_name="Zhou",
        role="engineer",
        enterprise=world.enterprise_x,
    )
    world.engineer_x.first_name, world.engineer_x.last_name = "Wei", "Chen"
    world.engineer_x.save()
    log = log_day(as_user, world, running, 1, "8").json()["id"]
    client.force_login(colleague)
    assert "/confirm/" not in client.get(f"/internship-logs/{log}/").content.decode()
    assert f"/internship-logs/{log}/confirm/" not in client.get("/dashboard/").content.decode()
    assert client.post(f"/internship-logs/{log}/confirm/").status_code == 403
    changed = client.post(
        f"/internships/{running}/change-mentor/",
        {"change-mentor-mentor": colleague.pk, "change-mentor-reason": "Wei moved to Suzhou."},
    )
    assert changed.status_code == 302
    page = client.get(f"/internships/{running}/").content.decode()
    assert "Ming Zhou named mentor instead of Wei Chen" in page and "Wei moved to Suzhou." in page
    assert f"/internship-logs/{log}/confirm/" in client.get("/dashboard/").content.decode()
    assert client.post(f"/internship-logs/{log}/confirm/").status_code == 302
    client.force_login(world.engineer_x)
    assert f"/internship-logs/{log}/confirm/" not in client.get("/dashboard/").content.decode()


# --- evidence the platform writes from an internship ---------------------------------------------


def test_the_mentors_evaluation_reads_in_the_readers_language_and_names_its_internship(
    as_user, world, running, client
):
    world.student_a.first_name, world.student_a.last_name = "Fang", "Wang"
    world.student_a.save()
    world.engineer_x.first_name, world.engineer_x.last_name = "Lei", "Zhao"
    world.engineer_x.save()
    ended = as_user(world.engineer_x).post(
        f"/api/v1/internships/{running}/end/", {"on": TODAY.isoformat(), "hired": False}, format="json"
    )
    assert ended.status_code == 200
    # The mentor writes in English; the college reads in Chinese.
    mentor = as_user(world.engineer_x).post(
        "/api/v1/internship-evaluations/",
        {"internship": running, "rating": 4},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert mentor.status_code == 201
    evidence = Evidence.objects.get(event_key=f"internship-evaluation:{mentor.json()['id']}")
    client.force_login(world.admin_a)
    page = client.get(f"/evidence/{evidence.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "企业导师对实习的评价" in page and "Mentor's evaluation" not in page
    # The source names which internship, linked; the history credits the platform, not a person.
    assert (
        f'<a href="/internships/{running}/">实习：{world.student_a.get_full_name()} · {world.enterprise_x.name}</a>'
        in page
    )
    history = page[page.index('id="hist-h"') :]
    assert "Zhao" not in history and "由平台根据" in history
    english = client.get("/api/v1/evidence/", {"indicator": "employer_rating"}, HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get(
        "/api/v1/evidence/", {"indicator": "employer_rating"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert english.json()["results"][0]["note"] == "Mentor's evaluation of an internship"
    assert chinese.json()["results"][0]["note"] == "企业导师对实习的评价"
