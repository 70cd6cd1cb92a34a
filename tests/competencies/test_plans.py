"""learning-plan-templates/ and learning-plans/: a cohort's plans, each competency's status
explained by its rows, and a teacher's mark."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification
from competencies import progress
from competencies.models import Competency, Framework, LearningPlan
from courses.models import Enrollment
from enterprises.models import HourLog
from internships.models import PlanTask, TrainingPlan
from tests.factories import CourseFactory, ModuleFactory, OfferingFactory, ProjectFactory

from .conftest import internship

pytestmark = pytest.mark.django_db

SCALE = '[{"scaleid":"1"},{"id":1,"scaledefault":1,"proficient":0},{"id":2,"proficient":1}]'


@pytest.fixture
def plan_world(world, major_a, skills, cohort):
    """A framework of major_a: a parent over two module competencies, one on project hours,
    one on internship tasks, one with nothing yet; student-a's record touches each."""
    battery, safety = skills
    framework = Framework.objects.create(
        college=world.college_a,
        major=major_a,
        idnumber="EV",
        shortname="EV",
        scale_values="No,Yes",
        scale_configuration=SCALE,
        created_by=world.admin_a,
    )
    course = CourseFactory(college=world.college_a)
    passed, under_way = (
        ModuleFactory(course=course, title="Batteries"),
        ModuleFactory(course=course, title="Motors"),
    )

    def competency(idnumber, parent=None, **links):
        c = Competency.objects.create(
            framework=framework, idnumber=idnumber, shortname=idnumber, parent=parent
        )
        c.skills.set(links.get("skills", []))
        c.modules.set(links.get("modules", []))
        return c

    parent = competency("P")
    c = {
        "P": parent,
        "MOD": competency("MOD", parent, modules=[passed]),
        "MOD2": competency("MOD2", parent, modules=[under_way]),
        "HRS": competency("HRS", skills=[battery]),
        "INT": competency("INT", skills=[safety]),
        "NONE": competency("NONE"),
    }
    student = world.student_a
    Enrollment.objects.create(
        offering=OfferingFactory(module=passed, term="2025-autumn"),
        learner=student,
        status="completed",
        passed=True,
        grade=Decimal(86),
        completed_at=timezone.now(),
    )
    Enrollment.objects.create(offering=OfferingFactory(module=under_way, term="2026-spring"), learner=student)
    project = ProjectFactory(enterprise=world.enterprise_x, title="Pack line", status="in_progress")
    project.skills.add(battery)
    for day in range(5):
        HourLog.objects.create(
            project=project,
            student=student,
            date=datetime.date(2026, 3, 2 + day),
            hours=Decimal(8),
            description="Tested packs",
            status="confirmed",
        )
    HourLog.objects.create(
        project=project, student=student, date=datetime.date(2026, 3, 9), hours=Decimal(8), description="x"
    )  # pending: not counted
    plan = TrainingPlan.objects.create(
        internship=internship(world, student, major_a), written_by=world.engineer_x
    )
    task = PlanTask.objects.create(plan=plan, title="Isolate HV circuits", progress=50)
    task.skills.add(safety)
    PlanTask.objects.create(plan=plan, title="Sweep the floor", progress=100)  # no link: not counted
    return framework, c


def statuses(body):
    return {item["idnumber"]: item["status"] for item in body["competencies"]}


def test_a_cohort_gets_plans_and_each_status_is_explained(world, as_user, plan_world, cohort):
    framework, _c = plan_world
    made = as_user(world.teacher_a).post(
        "/api/v1/learning-plan-templates/",
        {"framework": framework.pk, "entry_year": 2025, "name": "EV 2025"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["plans"] == 2
    again = as_user(world.admin_a).post(
        "/api/v1/learning-plan-templates/",
        {"framework": framework.pk, "entry_year": 2025, "name": "EV 2025 again"},
        format="json",
    )
    assert again.status_code == 409
    plan = LearningPlan.objects.get(template_id=made.json()["id"], student=world.student_a)
    url = f"/api/v1/learning-plans/{plan.pk}/"
    body = as_user(world.student_a).get(url).json()
    assert statuses(body) == {
        "P": "in_progress",
        "MOD": "achieved",
        "MOD2": "in_progress",
        "HRS": "achieved",
        "INT": "in_progress",
        "NONE": "not_started",
    }
    rows = {item["idnumber"]: item["rows"] for item in body["competencies"]}
    assert [r["source"] for r in rows["MOD"]] == ["modules"] and rows["MOD"][0]["achieves"]
    assert "Batteries" in rows["MOD"][0]["text"] and "86" in rows["MOD"][0]["text"]
    assert rows["HRS"][0]["text"].startswith("40 confirmed hours on the project Pack line (5 logs)")
    assert rows["INT"][0]["text"] == "Internship task Isolate HV circuits at Enterprise X: 50 % done."
    assert rows["NONE"] == [] and rows["P"][0]["source"] == "tree"
    assert body["summary"] == {"not_started": 1, "in_progress": 3, "achieved": 2}

    # The other student of the cohort has nothing yet; they see only their own plan.
    other = LearningPlan.objects.get(template_id=made.json()["id"], student=world.student_a2)
    assert set(
        statuses(as_user(world.student_a2).get(f"/api/v1/learning-plans/{other.pk}/").json()).values()
    ) == {"not_started"}
    assert as_user(world.student_a2).get(url).status_code == 404
    listed = as_user(world.student_a).get("/api/v1/learning-plans/").json()
    assert [p["id"] for p in listed["results"]] == [plan.pk]
    for outsider in (world.admin_b, world.teacher_b, world.engineer_x, world.student_b):
        assert as_user(outsider).get(url).status_code == 404


def test_the_teacher_marks_a_competency_achieved_with_a_note(world, as_user, plan_world, cohort):
    framework, c = plan_world
    from competencies.services import template_create

    template = template_create(actor=world.admin_a, framework=framework, entry_year=2025, name="EV")
    plan = template.plans.get(student=world.student_a)
    url = f"/api/v1/learning-plans/{plan.pk}/mark/"
    mark = {"competency": c["NONE"].pk, "note": "Showed it on the bench."}
    assert as_user(world.student_a).post(url, mark, format="json").status_code == 403
    assert as_user(world.teacher_b).post(url, mark, format="json").status_code == 404
    empty = as_user(world.teacher_a).post(url, {**mark, "note": " "}, format="json")
    assert empty.status_code == 400 and "note" in empty.json()
    done = as_user(world.teacher_a).post(url, mark, format="json")
    assert done.status_code == 201, done.json()
    none = next(item for item in done.json()["competencies"] if item["idnumber"] == "NONE")
    assert none["status"] == "achieved" and none["rows"][0]["source"] == "teacher"
    assert "Showed it on the bench." in none["rows"][0]["text"]
    assert as_user(world.admin_a).post(url, mark, format="json").status_code == 409
    told = Notification.objects.get(recipient=world.student_a, kind=Notification.Kind.COMPETENCY_ACHIEVED)
    assert told.link == f"/learning-plans/{plan.pk}/"
    foreign = Competency.objects.create(
        framework=Framework.objects.create(
            college=world.college_a,
            major=c["P"].framework.major,
            idnumber="OTHER",
            shortname="Other",
            scale_values="No,Yes",
            scale_configuration=SCALE,
            created_by=world.admin_a,
        ),
        idnumber="X",
        shortname="X",
    )
    wrong = as_user(world.teacher_a).post(url, {**mark, "competency": foreign.pk}, format="json")
    assert wrong.status_code == 400 and "competency" in wrong.json()
    # Once every competency under the parent is achieved, so is the parent.
    as_user(world.teacher_a).post(url, {**mark, "competency": c["MOD2"].pk}, format="json")
    assert (
        statuses(as_user(world.student_a).get(f"/api/v1/learning-plans/{plan.pk}/").json())["P"] == "achieved"
    )


def test_a_plan_costs_a_few_queries_whatever_its_size(world, as_user, plan_world, cohort):
    framework, c = plan_world
    from competencies.services import template_create

    plan = template_create(actor=world.admin_a, framework=framework, entry_year=2025, name="EV").plans.get(
        student=world.student_a
    )
    client = as_user(world.student_a)
    url = f"/api/v1/learning-plans/{plan.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(10):
        extra = Competency.objects.create(framework=framework, idnumber=f"N{n}", shortname="n", parent=c["P"])
        extra.skills.set(c["HRS"].skills.all())
        extra.modules.set(c["MOD"].modules.all())
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    # session and user; the plan; its competencies with their skills and modules (3); the
    # enrolments; the projects' skills and their hour sums (2); the internship tasks and
    # their skills (2); the endorsements; the teacher's marks.
    assert len(large) == len(small) <= 14, [q["sql"] for q in large.captured_queries]


def test_an_endorsement_of_a_competency_skill_achieves_it(world, plan_world, cohort):
    """The internship's mentor endorses the skill of the INT competency: it is achieved, the
    endorsement its row; before that, the task under way left it in progress."""
    framework, c = plan_world
    from competencies.services import template_create
    from feedback.services import endorsement_create

    plan = template_create(actor=world.admin_a, framework=framework, entry_year=2025, name="EV").plans.get(
        student=world.student_a
    )
    found = {item.competency.idnumber: item for item in progress.plan_progress(plan)}
    assert found["INT"].status == "in_progress"
    safety = c["INT"].skills.get()
    task = PlanTask.objects.get(title="Isolate HV circuits")
    endorsement_create(
        actor=world.engineer_x, learner=world.student_a, skill=safety, internship=task.plan.internship
    )
    found = {item.competency.idnumber: item for item in progress.plan_progress(plan)}
    assert found["INT"].status == "achieved"
    assert [(row.source, row.achieves) for row in found["INT"].rows] == [
        ("internship", False),
        ("endorsements", True),
    ]
    assert found["INT"].rows[1].text == f"{safety.name} endorsed by Enterprise X."
    assert found["HRS"].status == "achieved" and found["NONE"].status == "not_started"
