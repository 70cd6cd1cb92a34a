"""The role × resource × action matrix: every API operation, every role, one table.

Each row names an operation of the OpenAPI schema and what each role gets:
- ``ok``: the role may do it (2xx, or 400/409 from the action's own rules — the permission
  check passed and the service judged the request);
- 403: the role sees the object but may not do this;
- 404: the object is outside the role's scope;
- 401: not logged in.
A test fails when the schema has an operation with no row here, so a new endpoint cannot
ship unclassified. Every request runs in a savepoint that is rolled back, so one role's write
never changes what the next role meets.
"""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import AuditEntry
from colleges.models import DualPosition, Partnership, PracticeLog
from courses.models import CreditTransaction, Enrollment, SkillCrosswalk
from enterprises.models import Application, Flag, HourLog, MatchRequest
from evaluation.models import ImprovementAction, Scorecard
from ledger.models import Evidence, Indicator, Scheme
from tests.factories import (
    CohortFactory,
    CourseFactory,
    DualPositionFactory,
    MajorFactory,
    ModuleFactory,
    OfferingFactory,
    ProjectFactory,
    SkillFactory,
    TalentDemandFactory,
)

ROLES = [
    "anon",
    "evaluator",
    "admin_b",
    "teacher_b",
    "engineer_y",
    "student_b",
    "student_a",
    "teacher_a",
    "admin_a",
    "engineer_x",
    "platform_admin",
]


@dataclass
class Rule:
    ok: str = ""
    hidden: str = ""  # 404
    anon: object = 401
    rest: object = 403
    body: object = None  # a function of the context, or a dict

    def expected(self, role: str) -> object:
        if role == "anon":
            return self.anon
        if role in self.ok.split() or self.ok == "*":
            return "ok"
        if role in self.hidden.split():
            return 404
        return self.rest


EVERYONE = "*"
LOGGED_IN_READ = Rule(ok=EVERYONE)
PUBLIC_READ = Rule(ok=EVERYONE, anon="ok")
ONLY_PADMIN = Rule(ok="platform_admin")
OUTSIDERS = "evaluator admin_b teacher_b engineer_y student_b"
INTERNSHIP_PARTIES = "platform_admin student_a engineer_x teacher_a admin_a"
INTERNSHIP_HIDDEN = "evaluator admin_b teacher_b engineer_y student_b"
EVERYONE_BUT_ANON = " ".join(r for r in ROLES if r != "anon")
# A student's hour log: the student, the project's enterprise, the student's college.
HOURS_SEEN = "platform_admin student_a engineer_x admin_a teacher_a"
HOURS_HIDDEN = "evaluator admin_b teacher_b engineer_y student_b"
FRAMEWORK_STAFF = "platform_admin admin_a teacher_a"
FRAMEWORK_HIDDEN = "evaluator admin_b teacher_b engineer_x engineer_y student_a student_b"
PLAN_HIDDEN = "evaluator admin_b teacher_b engineer_x engineer_y student_b"
CREDIT_DECIDERS = "platform_admin engineer_x teacher_a admin_a"
CREDIT_SEEN = CREDIT_DECIDERS + " student_a"
EVERYONE_BUT_FLAGGER = " ".join(r for r in ROLES if r not in ("anon", "platform_admin", "student_a"))


@dataclass
class Ctx:
    objects: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.objects[key]


@pytest.fixture
def ctx(world):
    return make_ctx(world)


def make_ctx(world):
    """One object of every kind, mostly college A's and enterprise X's."""
    major = MajorFactory(college=world.college_a, code="major-a")
    skill = SkillFactory(code="plc")
    course = CourseFactory(college=world.college_a, major=major)
    module = ModuleFactory(course=course)
    offering = OfferingFactory(module=module, capacity=5)
    project = ProjectFactory(
        enterprise=world.enterprise_x, status="open", visibility="partners", college=world.college_a
    )
    enrollment = Enrollment.objects.create(offering=offering, learner=world.student_a)
    offering.enrolled = 1
    offering.save()
    active = DualPositionFactory(
        user=world.teacher_a, enterprise=world.enterprise_x, role="broker", status="active"
    )
    ctx = Ctx(
        {
            "college": world.college_a,
            "major": major,
            "industry_college": world.industry_college,
            "cohort": CohortFactory(major=major),
            "enterprise": world.enterprise_x,
            "project": project,
            "application": Application.objects.create(
                project=project, student=world.student_a, motivation="m"
            ),
            "skill": skill,
            "course": course,
            "module": module,
            "offering": offering,
            "enrollment": enrollment,
            "credit": CreditTransaction.objects.create(
                learner=world.student_a, credits=Decimal(4), kind="module", source="s", module=module
            ),
            "dual_position": DualPositionFactory(
                user=world.teacher_a, enterprise=world.enterprise_x, status=DualPosition.Status.PROPOSED
            ),
            "practice_log": PracticeLog.objects.create(
                dual_position=active, date=datetime.date(2026, 1, 5), hours=Decimal(3), description="d"
            ),
            "hour_log": HourLog.objects.create(
                project=project,
                student=world.student_a,
                date=datetime.date(2026, 1, 5),
                hours=Decimal(2),
                description="d",
            ),
            "talent_demand": TalentDemandFactory(enterprise=world.enterprise_x, skill=skill),
            "scheme": Scheme.objects.get(is_active=True),
            "indicator": Indicator.objects.filter(scheme__is_active=True).first(),
            "evidence": Evidence.objects.create(
                indicator="patents_transferred",
                college=world.college_a,
                value=1,
                occurred_on=datetime.date(2026, 1, 1),
                period=2026,
                source="manual",
            ),
            "scorecard": Scorecard.objects.create(
                subject_type="college",
                subject_id=world.college_a.pk,
                subject_name="College A",
                college=world.college_a,
                period=2026,
                scheme=Scheme.objects.get(is_active=True),
                overall=Decimal(10),
                technology=Decimal(10),
                competence=Decimal(10),
                service=Decimal(10),
                computed_at=timezone.now(),
            ),
            "published_scorecard": Scorecard.objects.create(
                subject_type="college",
                subject_id=world.college_b.pk,
                subject_name="College B",
                college=world.college_b,
                period=2026,
                scheme=Scheme.objects.get(is_active=True),
                status="published",
                overall=Decimal(10),
                technology=Decimal(10),
                competence=Decimal(10),
                service=Decimal(10),
                computed_at=timezone.now(),
            ),
            "user": world.teacher_a,
            "world": world,
        }
    )
    add_lifelong(ctx, world)
    add_internship(ctx, world)
    add_feedback(ctx, world)
    add_outcome(ctx, world)
    add_competencies(ctx, world)
    add_credit_request(ctx, world)
    add_report(ctx, world)
    add_apprenticeship(ctx, world)
    add_transfer(ctx, world)
    add_robot(ctx, world)
    ctx.objects["improvement_action"] = ImprovementAction.objects.create(
        scorecard=ctx["published_scorecard"],
        indicator="smes_served",
        action="a",
        owner="o",
        due_date=datetime.date(2027, 1, 1),
        created_by=world.admin_b,
    )
    return ctx


def add_feedback(ctx, world):
    """Student A's feedback on an accepted project of enterprise X (still open), and an
    endorsement engineer X gave student A on the internship, issued as a credential."""
    from feedback.models import Endorsement, Feedback

    project = ProjectFactory(enterprise=world.enterprise_x, status="accepted", college=world.college_a)
    now = timezone.now()
    ctx.objects["feedback"] = Feedback.objects.create(
        project=project, student=world.student_a, opened_at=now, closes_at=now + datetime.timedelta(days=10)
    )
    ctx.objects["endorsement"] = Endorsement.objects.create(
        learner=world.student_a,
        skill=ctx["skill"],
        enterprise=world.enterprise_x,
        endorsed_by=world.engineer_x,
        source="internship",
        internship=ctx["internship"],
        issued_at=now,
        status_index=7,
    )


def add_outcome(ctx, world):
    """A graduate of college A (not one of the roles) with a destination at 31 August 2025."""
    from accounts.models import LearnerProfile
    from outcomes.services import destination_record
    from tests.factories import UserFactory

    graduate = UserFactory(username="graduate-a", role="student", college=world.college_a)
    LearnerProfile.objects.filter(user=graduate).update(graduated_on=datetime.date(2025, 6, 30))
    ctx.objects["outcome"] = destination_record(
        actor=world.admin_a,
        graduate=graduate,
        census_date=datetime.date(2025, 8, 31),
        source="college",
        category="contract",
        employer_name="E",
        in_field=True,
    )


SCALE = '[{"scaleid":"1"},{"id":1,"scaledefault":1,"proficient":0},{"id":2,"proficient":1}]'


def add_competencies(ctx, world):
    """A framework of college A's major with one competency, and student_a's plan from it."""
    from competencies.models import Competency, Framework, LearningPlan, PlanTemplate

    framework = Framework.objects.create(
        college=world.college_a,
        major=ctx["major"],
        idnumber="F",
        shortname="F",
        scale_values="No,Yes",
        scale_configuration=SCALE,
        created_by=world.admin_a,
    )
    template = PlanTemplate.objects.create(
        framework=framework, entry_year=2025, name="T", created_by=world.admin_a
    )
    ctx.objects["framework"] = framework
    ctx.objects["competency"] = Competency.objects.create(framework=framework, idnumber="C", shortname="C")
    ctx.objects["plan_template"] = template
    ctx.objects["learning_plan"] = LearningPlan.objects.create(template=template, student=world.student_a)


def add_report(ctx, world):
    """College A's quality report for last year, a draft written by admin_a."""
    from reports.services import report_create

    ctx.objects["report"] = report_create(
        actor=world.admin_a, kind="quality", year=timezone.localdate().year - 1, college=world.college_a
    )


# A college's draft report: its administrators write it, its teachers read it; others do not
# see it until it is published (then the public does).
REPORT_STAFF = "platform_admin admin_a"
REPORT_HIDDEN = "evaluator admin_b teacher_b engineer_x engineer_y student_a student_b"


def add_credit_request(ctx, world):
    """Student A asks credit for college A's module: engineer X mentors, teacher A sponsors."""
    from credits.models import CreditRequest

    ctx.objects["credit_request"] = CreditRequest.objects.create(
        student=world.student_a,
        college=world.college_a,
        module=ctx["module"],
        project=ctx["project"],
        enterprise=world.enterprise_x,
        mentor=world.engineer_x,
        sponsor=world.teacher_a,
    )


def add_apprenticeship(ctx, world):
    """student-a apprenticed on enterprise X's ladder (mentor engineer-x, teacher teacher-a),
    with an open review held today and a PDF in the portfolio."""
    import io

    from apprenticeship import services as apprenticeships
    from enterprises.models import Ladder, LadderLevel

    ladder = Ladder.objects.create(enterprise=world.enterprise_x, name="Ladder")
    level = LadderLevel.objects.create(ladder=ladder, name="Apprentice", rank=1)
    ctx.objects["ladder_level"] = level
    appr = apprenticeships.apprenticeship_create(
        learner=world.student_a,
        level=level,
        mentor=world.engineer_x,
        teacher=world.teacher_a,
        started_on=datetime.date(2026, 1, 5),
    )
    ctx.objects["apprenticeship"] = appr
    ctx.objects["review_form"] = form = apprenticeships.review_form_save(
        college=world.college_a, name="F", questions=[{"key": "q", "label": "Q", "kind": "text"}]
    )
    review = apprenticeships.review_schedule(apprenticeship=appr, form=form)
    apprenticeships.review_update(review=review, actor=world.teacher_a, held_on=timezone.localdate())
    ctx.objects["progress_review"] = review
    ctx.objects["portfolio_item"] = apprenticeships.portfolio_add(
        apprenticeship=appr,
        actor=world.student_a,
        title="t",
        requirements=["hours"],
        upload=io.BytesIO(b"%PDF-1.4\n%%EOF\n"),
        file_name="a.pdf",
    )


def add_transfer(ctx, world):
    """Enterprise X's open call (not confidential) with teacher A's response, submitted; college
    A's partners-only technology summary, teacher A its inventor, licensed once (his share)."""
    from transfer import services as transfers

    call = transfers.call_post(
        actor=world.engineer_x,
        enterprise=world.enterprise_x,
        title="Askew parts",
        need="Detect parts that sit askew.",
        budget_band="open",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    ctx.objects["call"] = call
    ctx.objects["call_response"] = transfers.response_submit(
        call=call, actor=world.teacher_a, problem="p", approach="a", prior_results="r", team="t"
    )
    summary = transfers.summary_publish(
        actor=world.admin_a,
        college=world.college_a,
        inventors=[(world.teacher_a, Decimal(100))],
        title="Askew-part detection",
        kind="know_how",
        abstract="a",
        industries="robotics",
        contact=world.admin_a,
        visibility="partners",
    )
    ctx.objects["tech_summary"] = summary
    transfer = transfers.transfer_record(
        summary=summary,
        actor=world.admin_a,
        kind="licence",
        licensee=world.enterprise_x,
        licensee_name="",
        income=Decimal(1000),
        date=datetime.date(2026, 1, 5),
    )
    ctx.objects["inventor_share"] = transfer.shares.get()


def add_robot(ctx, world):
    """College A's WeCom group robot, set up by its administrator."""
    from reach import services as robots

    ctx.objects["robot"] = robots.robot_create(
        actor=world.admin_a,
        owner=world.college_a,
        platform="wecom",
        name="Internship office",
        webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=matrix",
    )


# College A's robot: its administrators alone (teachers neither see nor manage it).
ROBOT_HIDDEN = "evaluator admin_b teacher_b engineer_x engineer_y student_a student_b teacher_a"


# A call: its enterprise's engineers and every college's staff (the enterprise is approved).
CALL_SEEN = "platform_admin engineer_x admin_a teacher_a admin_b teacher_b"
CALL_HIDDEN = "evaluator engineer_y student_a student_b"
# Teacher A's response: the responder, the call's engineers, the responder's college's
# administrators (the call is not confidential).
RESPONSE_HIDDEN = "evaluator admin_b teacher_b engineer_y student_a student_b"
# College A's partners-only summary: college A's staff and its industry college's engineers.
SUMMARY_SEEN = "platform_admin admin_a teacher_a engineer_x"
SUMMARY_HIDDEN = "evaluator admin_b teacher_b engineer_y student_a student_b"
# Teacher A's share: the inventor and college A's administrators.
SHARE_HIDDEN = "evaluator admin_b teacher_b engineer_x engineer_y student_a student_b"


APPRENTICESHIP_PARTIES = "platform_admin student_a engineer_x teacher_a admin_a"
APPRENTICESHIP_HIDDEN = "evaluator admin_b teacher_b engineer_y student_b"
# The college's forms: its staff read them, its administrators write them.
FORM_HIDDEN = "evaluator admin_b teacher_b engineer_x engineer_y student_a student_b"
# The three parties act on a review; the college's administrator reads it (403).
REVIEW_PARTIES = "platform_admin student_a engineer_x teacher_a"


def internship_terms(c):
    w = _w(c)
    return {
        "student": w.student_a2.pk,
        "student_birth_date": "2005-01-01",
        "college": w.college_a.pk,
        "major": c["major"].pk,
        "enterprise": w.enterprise_x.pk,
        "position": c["internship_position"].pk,
        "kind": "placement",
        "start_date": "2026-02-01",
        "end_date": "2026-06-30",
        "mentor": w.engineer_x.pk,
        "supervisor": w.teacher_a.pk,
        "pay_per_month": "3500.00",
        "hours_per_day": "8",
    }


def add_internship(ctx, world):
    """College A's student at enterprise X, under way, with a day logged, a visit, an alert, a
    plan, and an exception; an evaluation as if it had ended."""
    from internships.models import (
        HoursException,
        Internship,
        InternshipAlert,
        InternshipEvaluation,
        InternshipLog,
        InternshipVisit,
        PlanTask,
        Position,
        PreJobTraining,
        TrainingPlan,
    )

    skill = ctx["skill"]
    ctx["module"].skills.add(skill)
    world.enterprise_x.staff = 100
    world.enterprise_x.save()
    position = Position.objects.create(
        enterprise=world.enterprise_x, name="Technician", staff=20, probation_wage=Decimal(4000)
    )
    position.skills.add(skill)
    internship = Internship.objects.create(
        student=world.student_a,
        student_birth_date=datetime.date(2005, 1, 1),
        college=world.college_a,
        major=ctx["major"],
        enterprise=world.enterprise_x,
        position=position,
        kind="placement",
        start_date=datetime.date(2026, 2, 1),
        end_date=datetime.date(2026, 6, 30),
        mentor=world.engineer_x,
        supervisor=world.teacher_a,
        pay_per_month=Decimal(3500),
        hours_per_day=Decimal(8),
        status="active",
        started_at=timezone.now(),
        created_by=world.admin_a,
    )
    plan = TrainingPlan.objects.create(internship=internship, written_by=world.engineer_x)
    ctx.objects.update(
        {
            "internship_position": position,
            "internship": internship,
            "pre_job_training": PreJobTraining.objects.create(
                internship=internship, kind="safety", topic="t", recorded_by=world.teacher_a
            ),
            "internship_log": InternshipLog.objects.create(
                internship=internship, date=datetime.date(2026, 2, 2), hours=Decimal(8), tasks="t"
            ),
            "internship_visit": InternshipVisit.objects.create(
                internship=internship, date=datetime.date(2026, 2, 2), notes="n", recorded_by=world.teacher_a
            ),
            "internship_evaluation": InternshipEvaluation.objects.create(
                internship=internship, side="supervisor", rating=4, evaluator=world.teacher_a
            ),
            "internship_alert": InternshipAlert.objects.create(
                internship=internship, kind="concern", message="m"
            ),
            "training_plan": plan,
            "plan_task": PlanTask.objects.create(plan=plan, title="t"),
            "internship_exception": HoursException.objects.create(
                college=world.college_a,
                major=ctx["major"],
                position=position,
                max_hours_per_day=Decimal(9),
                reason="r",
                approved_by=world.admin_a,
            ),
        }
    )


def add_lifelong(ctx, world):
    from colleges.models import Contribution
    from courses.models import (
        Certificate,
        CertificateType,
        ConversionRule,
        Credential,
        Material,
        TrainingSession,
    )
    from enterprises.models import Employment, IpAgreement, Ladder, LadderLevel, PerformanceReview

    kind = CertificateType.objects.create(code="net", name="Net", issuer="X", enterprise=world.enterprise_x)
    employment = Employment.objects.create(
        learner=world.student_a,
        enterprise=world.enterprise_x,
        position="p",
        start_date=datetime.date(2026, 1, 1),
        in_field=True,
        confirmed=True,
        entered_by=world.admin_a,
    )
    ladder = Ladder.objects.create(enterprise=world.enterprise_x, name="L")
    Contribution.objects.create(
        industry_college=world.industry_college,
        kind="funds",
        valuation=Decimal(10),
        date=datetime.date(2025, 1, 1),
    )
    ctx.objects.update(
        {
            "certificate_type": kind,
            "conversion_rule": ConversionRule.objects.create(
                certificate_type=kind, module=ctx["module"], credits=Decimal(2)
            ),
            "certificate": Certificate.objects.create(
                learner=world.student_a,
                certificate_type=kind,
                issued_on=datetime.date(2026, 1, 1),
                number="1",
            ),
            "credential": Credential.objects.create(
                learner=world.student_a,
                kind="Course",
                name="n",
                description="d",
                criteria="c",
                issuer_college=world.college_a,
                source_key="k",
            ),
            "training_session": TrainingSession.objects.create(
                college=world.college_a, title="t", date=datetime.date(2026, 1, 1), hours=Decimal(2)
            ),
            "material": Material.objects.create(
                course=ctx["course"],
                title="m",
                last_minor_revision=datetime.date(2026, 1, 1),
                last_major_revision=datetime.date(2026, 1, 1),
            ),
            "employment": employment,
            "performance_review": PerformanceReview.objects.create(
                employment=employment, period=2026, rating=4, reviewer=world.engineer_x
            ),
            "ladder": ladder,
            "ladder_level": LadderLevel.objects.create(ladder=ladder, name="A", rank=1),
            "ip_agreement": IpAgreement.objects.create(
                project=ctx["project"],
                enterprise_pct=50,
                college_pct=50,
                students_pct=0,
                revenue_share_pct=0,
                embargo_days=0,
            ),
            "learner": world.student_a,
            "skill_crosswalk": SkillCrosswalk.objects.create(
                skill=ctx["skill"], occupation_code="6-31-01-03"
            ),
            "match_request": MatchRequest.objects.create(
                project=ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public"),
                module=ctx["module"],
                direction="from_module",
                sent_by=world.teacher_a,
            ),
            # On a posting of its own: a flagged posting is hidden from students.
            "flag": Flag.objects.create(
                project=ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public"),
                flagged_by=world.student_a,
                reason="A deposit?",
            ),
            "partnership": Partnership.objects.create(
                industry_college=world.industry_college, enterprise=world.enterprise_y
            ),
            "audit_entry": AuditEntry.objects.filter(
                model="enterprises.Project", object_id=str(ctx["project"].pk)
            ).latest("at"),
        }
    )


def _w(c):
    return c["world"]


PROJECT_HIDDEN = "anon evaluator admin_b teacher_b engineer_y student_b"
PARTNERSHIP_SEES = "platform_admin evaluator admin_a teacher_a engineer_y"
PARTNERSHIP_HIDDEN = "admin_b teacher_b engineer_x student_a student_b"
MATCH_PARTIES = "platform_admin engineer_x admin_a teacher_a"
MATCH_HIDDEN = "evaluator admin_b teacher_b engineer_y student_a student_b"
PROJECT_ENGINEER = Rule(ok="platform_admin engineer_x", hidden=PROJECT_HIDDEN)
DUAL_SEEN = "platform_admin evaluator admin_a teacher_a engineer_x"
DUAL_HIDDEN = "admin_b teacher_b engineer_y student_a student_b"
COLLEGE_A_STAFF_WRITE = "platform_admin admin_a teacher_a"

MATRIX: dict[str, Rule] = {
    "POST /api/v1/auth/token/": Rule(ok=EVERYONE, anon="ok", body={"username": "nobody", "password": "x"}),
    "GET /api/v1/auth/tokens/": LOGGED_IN_READ,
    # Nobody has the token named: a person only ever sees their own.
    "DELETE /api/v1/auth/tokens/{key}/": Rule(hidden=EVERYONE_BUT_ANON),
    "POST /api/v1/auth/logout/": Rule(ok=EVERYONE),
    "GET /api/v1/users/": LOGGED_IN_READ,
    # A college's administrators add its teachers and students.
    "POST /api/v1/users/": Rule(
        ok="platform_admin admin_a",
        body=lambda c: {
            "username": "new-one",
            "password": "Long-pass-2026",
            "role": "student",
            "college": _w(c).college_a.pk,
        },
    ),
    "GET /api/v1/users/{id}/": Rule(
        ok="platform_admin evaluator admin_a teacher_a",
        hidden="admin_b teacher_b engineer_x engineer_y student_a student_b",
    ),
    "GET /api/v1/users/me/": LOGGED_IN_READ,
    "GET /api/v1/users/me/export/": LOGGED_IN_READ,
    "GET /api/v1/audit-log/": LOGGED_IN_READ,
    # An entry of college A's project with enterprise X.
    "GET /api/v1/audit-log/{id}/": Rule(
        ok="platform_admin admin_a engineer_x",
        hidden="evaluator admin_b teacher_a teacher_b engineer_y student_a student_b",
    ),
    # Without the password: 400 for everyone logged in (the erasure itself is tested apart).
    "POST /api/v1/users/me/erase/": Rule(ok=EVERYONE),
    # The person named is teacher A: their college's administrators erase them.
    "POST /api/v1/users/{id}/erase/": Rule(
        ok="platform_admin admin_a",
        hidden="admin_b teacher_b engineer_x engineer_y student_a student_b",
    ),
    "GET /api/v1/colleges/": LOGGED_IN_READ,
    "POST /api/v1/colleges/": Rule(ok="platform_admin", body={"name": "N", "code": "n", "region": "R"}),
    "GET /api/v1/colleges/{id}/": LOGGED_IN_READ,
    "PATCH /api/v1/colleges/{id}/": Rule(ok="platform_admin admin_a", body={"name": "Renamed"}),
    "GET /api/v1/majors/": LOGGED_IN_READ,
    "POST /api/v1/majors/": Rule(
        ok="platform_admin admin_a",
        body=lambda c: {"college": _w(c).college_a.pk, "name": "M", "code": "m-new"},
    ),
    "GET /api/v1/majors/{id}/": LOGGED_IN_READ,
    "PATCH /api/v1/majors/{id}/": Rule(ok="platform_admin admin_a", body={"name": "Renamed"}),
    "GET /api/v1/industry-colleges/": LOGGED_IN_READ,
    "POST /api/v1/industry-colleges/": Rule(
        ok="platform_admin admin_a", body=lambda c: {"college": _w(c).college_a.pk, "name": "IC2"}
    ),
    "GET /api/v1/industry-colleges/{id}/": LOGGED_IN_READ,
    "PATCH /api/v1/industry-colleges/{id}/": Rule(ok="platform_admin admin_a", body={"name": "Renamed"}),
    # College A's industry college invites enterprise Y: college A's staff and Y's engineers
    # see it; only Y's engineers answer.
    "GET /api/v1/partnerships/": LOGGED_IN_READ,
    "POST /api/v1/partnerships/": Rule(
        ok="platform_admin admin_a",
        body=lambda c: {"industry_college": _w(c).industry_college.pk, "enterprise": _w(c).enterprise_y.pk},
    ),
    "GET /api/v1/partnerships/{id}/": Rule(ok=PARTNERSHIP_SEES, hidden=PARTNERSHIP_HIDDEN),
    "POST /api/v1/partnerships/{id}/accept/": Rule(ok="platform_admin engineer_y", hidden=PARTNERSHIP_HIDDEN),
    "POST /api/v1/partnerships/{id}/decline/": Rule(
        ok="platform_admin engineer_y", hidden=PARTNERSHIP_HIDDEN
    ),
    "POST /api/v1/partnerships/{id}/end/": Rule(
        ok="platform_admin engineer_y admin_a", hidden=PARTNERSHIP_HIDDEN
    ),
    "GET /api/v1/cohorts/": LOGGED_IN_READ,
    "POST /api/v1/cohorts/": Rule(
        ok="platform_admin admin_a", body=lambda c: {"major": c["major"].pk, "year": 2030, "graduates": 5}
    ),
    "GET /api/v1/cohorts/{id}/": LOGGED_IN_READ,
    "PATCH /api/v1/cohorts/{id}/": Rule(ok="platform_admin admin_a", body={"graduates": 7}),
    "GET /api/v1/dual-positions/": LOGGED_IN_READ,
    "POST /api/v1/dual-positions/": Rule(
        ok="platform_admin admin_a",
        body=lambda c: {
            "user": _w(c).teacher_a.pk,
            "enterprise": _w(c).enterprise_y.pk,
            "role": "engineer",
            "title": "T",
            "start_date": "2026-01-01",
        },
    ),
    "GET /api/v1/dual-positions/{id}/": Rule(ok=DUAL_SEEN, hidden=DUAL_HIDDEN),
    "POST /api/v1/dual-positions/{id}/recognize/": Rule(ok="platform_admin engineer_x", hidden=DUAL_HIDDEN),
    "GET /api/v1/practice-logs/": LOGGED_IN_READ,
    "POST /api/v1/practice-logs/": Rule(
        ok="platform_admin teacher_a teacher_b",
        body=lambda c: {
            "enterprise": _w(c).enterprise_x.pk,
            "date": "2026-02-01",
            "hours": "2",
            "description": "d",
        },
    ),
    "GET /api/v1/practice-logs/{id}/": Rule(ok=DUAL_SEEN, hidden=DUAL_HIDDEN),
    "POST /api/v1/practice-logs/{id}/confirm/": Rule(ok="platform_admin engineer_x", hidden=DUAL_HIDDEN),
    "POST /api/v1/practice-logs/{id}/reject/": Rule(ok="platform_admin engineer_x", hidden=DUAL_HIDDEN),
    "GET /api/v1/hour-logs/": LOGGED_IN_READ,
    # Students log (the service refuses those not accepted on the project: 400).
    "POST /api/v1/hour-logs/": Rule(
        ok="platform_admin student_a student_b",
        body=lambda c: {"project": c["project"].pk, "date": "2026-01-06", "hours": "2", "description": "d"},
    ),
    "GET /api/v1/hour-logs/{id}/": Rule(ok=HOURS_SEEN, hidden=HOURS_HIDDEN),
    "PATCH /api/v1/hour-logs/{id}/": Rule(
        ok="platform_admin student_a", hidden=HOURS_HIDDEN, body={"hours": "1.5"}
    ),
    "DELETE /api/v1/hour-logs/{id}/": Rule(ok="platform_admin student_a", hidden=HOURS_HIDDEN),
    "POST /api/v1/hour-logs/{id}/confirm/": Rule(ok="platform_admin engineer_x", hidden=HOURS_HIDDEN),
    "POST /api/v1/hour-logs/{id}/reject/": Rule(
        ok="platform_admin engineer_x", hidden=HOURS_HIDDEN, body={"reason": "Not that day."}
    ),
    "GET /api/v1/feedback/": LOGGED_IN_READ,
    "GET /api/v1/feedback/{id}/": Rule(ok=HOURS_SEEN, hidden=HOURS_HIDDEN),
    "POST /api/v1/feedback/{id}/rate-student/": Rule(
        ok="platform_admin engineer_x", hidden=HOURS_HIDDEN, body={"rating": 4}
    ),
    "POST /api/v1/feedback/{id}/rate-project/": Rule(
        ok="platform_admin student_a", hidden=HOURS_HIDDEN, body={"project_rating": 4, "mentor_rating": 5}
    ),
    "GET /api/v1/endorsements/": LOGGED_IN_READ,
    # Engineers endorse (the service refuses an internship they do not mentor: 400).
    "POST /api/v1/endorsements/": Rule(
        ok="platform_admin engineer_x engineer_y",
        body=lambda c: {
            "learner": _w(c).student_a.pk,
            "skill": SkillFactory(code="wiring").pk,
            "internship": c["internship"].pk,
        },
    ),
    "GET /api/v1/endorsements/{id}/": Rule(ok=HOURS_SEEN, hidden=HOURS_HIDDEN),
    "GET /api/v1/endorsements/{id}/credential/": Rule(ok=HOURS_SEEN, hidden=HOURS_HIDDEN),
    "POST /api/v1/endorsements/{id}/hide/": Rule(ok="platform_admin student_a", hidden=HOURS_HIDDEN),
    "POST /api/v1/endorsements/{id}/show/": Rule(ok="platform_admin student_a", hidden=HOURS_HIDDEN),
    "POST /api/v1/endorsements/{id}/issue/": Rule(ok="platform_admin student_a", hidden=HOURS_HIDDEN),
    "POST /api/v1/endorsements/{id}/revoke/": Rule(ok="platform_admin student_a", hidden=HOURS_HIDDEN),
    "GET /api/v1/enterprises/": LOGGED_IN_READ,
    "POST /api/v1/enterprises/": Rule(
        ok="platform_admin", body={"name": "E", "code": "e-new", "region": "R", "industry": "I"}
    ),
    "GET /api/v1/enterprises/{id}/": LOGGED_IN_READ,
    "PATCH /api/v1/enterprises/{id}/": Rule(ok="platform_admin engineer_x", body={"name": "Renamed"}),
    "POST /api/v1/enterprises/{id}/approve/": Rule(
        ok="platform_admin admin_a admin_b",
        body={"credit_code": "91350100M000100Y43", "contact_verified": True, "site_visit_on": "2026-01-10"},
    ),
    "GET /api/v1/flags/": LOGGED_IN_READ,
    # Anyone who sees the posting, but not its own enterprise's engineers.
    "POST /api/v1/flags/": Rule(
        ok=" ".join(r for r in ROLES if r not in ("anon", "engineer_x")),
        body=lambda c: {"project": c["project"].pk, "reason": "A deposit?"},
    ),
    "GET /api/v1/flags/{id}/": Rule(ok="platform_admin student_a", hidden=EVERYONE_BUT_FLAGGER),
    "POST /api/v1/flags/{id}/clear/": Rule(
        ok="platform_admin", hidden=EVERYONE_BUT_FLAGGER, body={"note": "Checked."}
    ),
    "POST /api/v1/flags/{id}/uphold/": Rule(
        ok="platform_admin", hidden=EVERYONE_BUT_FLAGGER, body={"note": "It asks for a deposit."}
    ),
    "GET /api/v1/projects/": PUBLIC_READ,
    "POST /api/v1/projects/": Rule(
        ok="platform_admin engineer_x",
        body=lambda c: {
            "enterprise": _w(c).enterprise_x.pk,
            "title": "T",
            "description": "D",
            "seats": 1,
            "visibility": "public",
        },
    ),
    "GET /api/v1/projects/{id}/": Rule(
        ok="platform_admin admin_a teacher_a engineer_x student_a", hidden=PROJECT_HIDDEN, anon=404
    ),
    "PATCH /api/v1/projects/{id}/": Rule(
        ok="platform_admin engineer_x", hidden=PROJECT_HIDDEN, body={"title": "Renamed"}
    ),
    "POST /api/v1/projects/{id}/open/": PROJECT_ENGINEER,
    "GET /api/v1/projects/{id}/quality/": Rule(
        ok="platform_admin admin_a teacher_a engineer_x student_a", hidden=PROJECT_HIDDEN
    ),
    "GET /api/v1/match-requests/": LOGGED_IN_READ,
    "POST /api/v1/match-requests/": Rule(
        ok="platform_admin admin_a admin_b teacher_a teacher_b engineer_x engineer_y",
        body=lambda c: {"project": c["project"].pk, "module": c["module"].pk, "message": "m"},
    ),
    "GET /api/v1/match-requests/{id}/": Rule(ok=MATCH_PARTIES, hidden=MATCH_HIDDEN),
    "POST /api/v1/match-requests/{id}/accept/": Rule(ok="platform_admin engineer_x", hidden=MATCH_HIDDEN),
    "POST /api/v1/match-requests/{id}/decline/": Rule(
        ok="platform_admin engineer_x", hidden=MATCH_HIDDEN, body={"reply": "Not this term."}
    ),
    "POST /api/v1/projects/{id}/start/": PROJECT_ENGINEER,
    "POST /api/v1/projects/{id}/accept/": Rule(
        ok="platform_admin engineer_x", hidden=PROJECT_HIDDEN, body={"rating": 5}
    ),
    "POST /api/v1/projects/{id}/request-changes/": Rule(
        ok="platform_admin engineer_x", hidden=PROJECT_HIDDEN, body={"reason": "r"}
    ),
    "POST /api/v1/projects/{id}/reject/": Rule(
        ok="platform_admin engineer_x", hidden=PROJECT_HIDDEN, body={"feedback": "f"}
    ),
    "POST /api/v1/projects/{id}/abandon/": PROJECT_ENGINEER,
    "POST /api/v1/projects/{id}/take-on/": Rule(
        ok="platform_admin admin_a teacher_a",
        hidden=PROJECT_HIDDEN,
        body=lambda c: {"college": _w(c).college_a.pk},
    ),
    "POST /api/v1/projects/{id}/apply/": Rule(
        ok="platform_admin student_a", hidden=PROJECT_HIDDEN, body={"motivation": "m"}
    ),
    "POST /api/v1/projects/{id}/deliver/": Rule(
        ok="platform_admin admin_a teacher_a", hidden=PROJECT_HIDDEN, body={"summary": "s"}
    ),
    "GET /api/v1/applications/": LOGGED_IN_READ,
    "GET /api/v1/applications/{id}/": Rule(
        ok="platform_admin admin_a teacher_a engineer_x student_a", hidden=OUTSIDERS
    ),
    "POST /api/v1/applications/{id}/accept/": Rule(ok="platform_admin engineer_x", hidden=OUTSIDERS),
    "POST /api/v1/applications/{id}/decline/": Rule(ok="platform_admin engineer_x", hidden=OUTSIDERS),
    "GET /api/v1/talent-demands/": LOGGED_IN_READ,
    "POST /api/v1/talent-demands/": Rule(
        ok="platform_admin engineer_x",
        body=lambda c: {"enterprise": _w(c).enterprise_x.pk, "skill": "plc", "headcount": 3, "year": 2031},
    ),
    "GET /api/v1/talent-demands/{id}/": LOGGED_IN_READ,
    "PATCH /api/v1/talent-demands/{id}/": Rule(ok="platform_admin engineer_x", body={"headcount": 12}),
    "DELETE /api/v1/talent-demands/{id}/": Rule(ok="platform_admin engineer_x"),
    "GET /api/v1/skills/": PUBLIC_READ,
    "POST /api/v1/skills/": Rule(
        ok="platform_admin admin_a admin_b", body={"code": "new-skill", "name": "New"}
    ),
    "GET /api/v1/skills/{id}/": PUBLIC_READ,
    "PATCH /api/v1/skills/{id}/": Rule(ok="platform_admin", body={"name": "Renamed"}),
    "GET /api/v1/skill-crosswalks/": PUBLIC_READ,
    "POST /api/v1/skill-crosswalks/": Rule(
        ok="platform_admin", body={"skill": "plc", "occupation_code": "6-31-01-03", "match": "close"}
    ),
    "POST /api/v1/skill-crosswalks/import/": ONLY_PADMIN,
    "GET /api/v1/skill-crosswalks/{id}/": PUBLIC_READ,
    "PATCH /api/v1/skill-crosswalks/{id}/": Rule(ok="platform_admin", body={"match": "broad"}),
    "DELETE /api/v1/skill-crosswalks/{id}/": ONLY_PADMIN,
    "GET /api/v1/courses/": PUBLIC_READ,
    "POST /api/v1/courses/": Rule(
        ok=COLLEGE_A_STAFF_WRITE, body=lambda c: {"college": _w(c).college_a.pk, "code": "NEW1", "title": "T"}
    ),
    "GET /api/v1/courses/{id}/": PUBLIC_READ,
    "PATCH /api/v1/courses/{id}/": Rule(ok=COLLEGE_A_STAFF_WRITE, body={"title": "Renamed"}),
    "GET /api/v1/modules/": PUBLIC_READ,
    "POST /api/v1/modules/": Rule(
        ok=COLLEGE_A_STAFF_WRITE, body=lambda c: {"course": c["course"].pk, "title": "T", "credits": "2"}
    ),
    "GET /api/v1/modules/{id}/": PUBLIC_READ,
    "PATCH /api/v1/modules/{id}/": Rule(ok=COLLEGE_A_STAFF_WRITE, body={"title": "Renamed"}),
    "GET /api/v1/offerings/": PUBLIC_READ,
    "POST /api/v1/offerings/": Rule(
        ok=COLLEGE_A_STAFF_WRITE, body=lambda c: {"module": c["module"].pk, "term": "2031", "capacity": 4}
    ),
    "GET /api/v1/offerings/{id}/": PUBLIC_READ,
    "PATCH /api/v1/offerings/{id}/": Rule(ok=COLLEGE_A_STAFF_WRITE, body={"capacity": 9}),
    "POST /api/v1/offerings/{id}/enroll/": Rule(ok="platform_admin student_a student_b"),
    "GET /api/v1/enrollments/": LOGGED_IN_READ,
    "GET /api/v1/enrollments/{id}/": Rule(
        ok=COLLEGE_A_STAFF_WRITE + " student_a", hidden=OUTSIDERS + " engineer_x"
    ),
    "POST /api/v1/enrollments/{id}/withdraw/": Rule(
        ok="platform_admin student_a", hidden=OUTSIDERS + " engineer_x"
    ),
    "POST /api/v1/enrollments/{id}/complete/": Rule(
        ok=COLLEGE_A_STAFF_WRITE, hidden=OUTSIDERS + " engineer_x", body={"grade": 80, "passed": True}
    ),
    "GET /api/v1/credits/": LOGGED_IN_READ,
    "GET /api/v1/credits/{id}/": Rule(
        ok="platform_admin admin_a student_a", hidden=OUTSIDERS + " engineer_x teacher_a"
    ),
    "GET /api/v1/schemes/": LOGGED_IN_READ,
    "GET /api/v1/schemes/{id}/": LOGGED_IN_READ,
    "GET /api/v1/indicators/": LOGGED_IN_READ,
    "GET /api/v1/indicators/{id}/": LOGGED_IN_READ,
    "PATCH /api/v1/indicators/{id}/": Rule(ok="platform_admin evaluator", body={"weight": "2"}),
    "GET /api/v1/evidence/": LOGGED_IN_READ,
    "POST /api/v1/evidence/": Rule(
        ok="platform_admin evaluator admin_a",
        body=lambda c: {
            "indicator": "smes_served",
            "college": _w(c).college_a.pk,
            "value": "1",
            "occurred_on": "2026-01-02",
        },
    ),
    "GET /api/v1/evidence/{id}/": Rule(
        ok="platform_admin evaluator admin_a teacher_a",
        hidden="admin_b teacher_b engineer_x engineer_y student_a student_b",
    ),
    "POST /api/v1/evidence/{id}/verify/": Rule(
        ok="platform_admin evaluator", hidden="admin_b teacher_b engineer_x engineer_y student_a student_b"
    ),
    "POST /api/v1/evidence/{id}/reject/": Rule(
        ok="platform_admin evaluator", hidden="admin_b teacher_b engineer_x engineer_y student_a student_b"
    ),
    # A college A scorecard in draft: its college's staff and evaluators see it.
    "GET /api/v1/scorecards/": PUBLIC_READ,
    "GET /api/v1/scorecards/{id}/": Rule(
        ok="platform_admin evaluator admin_a teacher_a",
        anon=404,
        hidden="admin_b teacher_b engineer_x engineer_y student_a student_b",
    ),
    "POST /api/v1/scorecards/{id}/submit-for-review/": Rule(
        ok="platform_admin evaluator", hidden="admin_b teacher_b engineer_x engineer_y student_a student_b"
    ),
    "POST /api/v1/scorecards/{id}/approve/": Rule(
        ok="platform_admin evaluator", hidden="admin_b teacher_b engineer_x engineer_y student_a student_b"
    ),
    "POST /api/v1/scorecards/{id}/publish/": Rule(
        ok="platform_admin evaluator", hidden="admin_b teacher_b engineer_x engineer_y student_a student_b"
    ),
    "POST /api/v1/scorecards/recompute/": Rule(ok="platform_admin evaluator", body={"period": 2026}),
    "GET /api/v1/tasks/{task_id}/": Rule(hidden=EVERYONE_BUT_ANON),
    "GET /api/v1/improvement-actions/": PUBLIC_READ,
    "POST /api/v1/improvement-actions/": Rule(
        ok="platform_admin admin_b",
        body=lambda c: {
            "scorecard": c["published_scorecard"].pk,
            "indicator": "smes_served",
            "action": "Visit 20 SMEs",
            "owner": "Dean",
            "due_date": "2027-06-30",
        },
    ),
    "GET /api/v1/improvement-actions/{id}/": PUBLIC_READ,
    # lifelong.md
    "GET /api/v1/certificate-types/": LOGGED_IN_READ,
    "GET /api/v1/certificate-types/{id}/": LOGGED_IN_READ,
    "POST /api/v1/certificate-types/": Rule(
        ok="platform_admin admin_a admin_b", body={"code": "new", "name": "N", "issuer": "I"}
    ),
    # The enterprise's own engineers keep its certificate types (issue: only the issuer
    # speaks in its name).
    "PATCH /api/v1/certificate-types/{id}/": Rule(ok="platform_admin engineer_x", body={"name": "Renamed"}),
    "GET /api/v1/conversion-rules/": LOGGED_IN_READ,
    "GET /api/v1/conversion-rules/{id}/": LOGGED_IN_READ,
    "POST /api/v1/conversion-rules/": Rule(
        ok="platform_admin admin_a",
        body=lambda c: {
            "certificate_type": c["certificate_type"].pk,
            "module": ModuleFactory(course=c["course"]).pk,
            "credits": "3",
        },
    ),
    "PATCH /api/v1/conversion-rules/{id}/": Rule(ok="platform_admin", body={"credits": "3"}),
    "GET /api/v1/certificates/": LOGGED_IN_READ,
    "GET /api/v1/certificates/{id}/": Rule(
        ok="platform_admin student_a admin_a engineer_x",
        hidden="evaluator admin_b teacher_a teacher_b engineer_y student_b",
    ),
    "POST /api/v1/certificates/": Rule(
        ok="platform_admin student_a admin_a",
        body=lambda c: {
            "learner": _w(c).student_a.pk,
            "certificate_type": c["certificate_type"].pk,
            "issued_on": "2026-02-02",
            "number": "2",
        },
    ),
    "POST /api/v1/certificates/import/": Rule(ok="platform_admin student_a student_b admin_a admin_b"),
    # Only the issuer verifies what is issued in its name: the type is enterprise X's.
    "POST /api/v1/certificates/{id}/verify/": Rule(
        ok="platform_admin engineer_x",
        hidden="evaluator admin_b teacher_a teacher_b engineer_y student_b",
    ),
    "GET /api/v1/learners/{id}/transcript/": Rule(
        ok="platform_admin student_a admin_a",
        hidden="evaluator admin_b teacher_a teacher_b engineer_x engineer_y student_b",
    ),
    "POST /api/v1/learners/{id}/graduate/": Rule(
        ok="platform_admin admin_a",
        body={"date": "2026-06-30"},
        hidden="evaluator admin_b teacher_a teacher_b engineer_x engineer_y student_b",
    ),
    "GET /api/v1/credentials/": LOGGED_IN_READ,
    "GET /api/v1/credentials/{public_id}/": PUBLIC_READ,
    # Only the issuer revokes (the credential of the fixture is College A's); only the holder shares.
    "POST /api/v1/credentials/{public_id}/revoke/": Rule(ok="platform_admin admin_a", body={"reason": "r"}),
    "POST /api/v1/credentials/{public_id}/sharing/": Rule(
        ok="platform_admin student_a", body={"shared": True}
    ),
    "GET /api/v1/training-sessions/": LOGGED_IN_READ,
    "GET /api/v1/training-sessions/{id}/": Rule(
        ok="platform_admin evaluator admin_a teacher_a",
        hidden="admin_b teacher_b engineer_x engineer_y student_a student_b",
    ),
    "POST /api/v1/training-sessions/": Rule(
        ok="platform_admin admin_a teacher_a",
        body=lambda c: {"college": _w(c).college_a.pk, "title": "T", "date": "2026-01-01", "hours": "2"},
    ),
    "POST /api/v1/training-sessions/{id}/close/": Rule(
        ok="platform_admin admin_a teacher_a",
        hidden="admin_b teacher_b engineer_x engineer_y student_a student_b",
    ),
    "GET /api/v1/materials/": LOGGED_IN_READ,
    "GET /api/v1/materials/{id}/": Rule(
        ok="platform_admin evaluator admin_a teacher_a",
        hidden="admin_b teacher_b engineer_x engineer_y student_a student_b",
    ),
    "POST /api/v1/materials/": Rule(
        ok="platform_admin admin_a teacher_a",
        body=lambda c: {
            "course": c["course"].pk,
            "title": "M",
            "last_minor_revision": "2026-01-01",
            "last_major_revision": "2025-01-01",
        },
    ),
    "PATCH /api/v1/materials/{id}/": Rule(
        ok="platform_admin admin_a teacher_a",
        body={"title": "Renamed"},
        hidden="admin_b teacher_b engineer_x engineer_y student_a student_b",
    ),
    "GET /api/v1/employments/": LOGGED_IN_READ,
    "GET /api/v1/employments/{id}/": Rule(
        ok="platform_admin evaluator student_a admin_a engineer_x",
        hidden="admin_b teacher_a teacher_b engineer_y student_b",
    ),
    "POST /api/v1/employments/": Rule(
        ok="platform_admin admin_a engineer_x",
        body=lambda c: {
            "learner": _w(c).student_a.pk,
            "enterprise": _w(c).enterprise_x.pk,
            "position": "p",
            "start_date": "2026-01-01",
            "in_field": True,
        },
    ),
    # Entered by college A's administrator: the learner (or another of the college's
    # administrators) confirms it, never the one who entered it, nor the employer alone.
    "POST /api/v1/employments/{id}/confirm/": Rule(
        ok="platform_admin student_a", hidden="admin_b teacher_a teacher_b engineer_y student_b"
    ),
    "GET /api/v1/performance-reviews/": LOGGED_IN_READ,
    "GET /api/v1/performance-reviews/{id}/": Rule(
        ok="platform_admin evaluator student_a admin_a engineer_x",
        hidden="admin_b teacher_a teacher_b engineer_y student_b",
    ),
    "POST /api/v1/performance-reviews/": Rule(
        ok="platform_admin engineer_x",
        body=lambda c: {"employment": c["employment"].pk, "period": 2027, "rating": 4},
    ),
    "GET /api/v1/ladders/": LOGGED_IN_READ,
    "GET /api/v1/ladders/{id}/": LOGGED_IN_READ,
    "POST /api/v1/ladders/": Rule(
        ok="platform_admin engineer_x",
        body=lambda c: {
            "enterprise": _w(c).enterprise_x.pk,
            "name": "L2",
            "levels": [{"name": "A", "rank": 1}],
        },
    ),
    "POST /api/v1/ladders/{id}/promote/": Rule(
        ok="platform_admin engineer_x",
        body=lambda c: {"learner": _w(c).student_a.pk, "level": c["ladder_level"].pk},
    ),
    "GET /api/v1/ip-agreements/": LOGGED_IN_READ,
    "GET /api/v1/ip-agreements/{id}/": Rule(
        ok="platform_admin admin_a teacher_a engineer_x",
        hidden="evaluator admin_b teacher_b engineer_y student_a student_b",
    ),
    "POST /api/v1/ip-agreements/": Rule(
        ok="platform_admin admin_a engineer_x",
        body=lambda c: {
            "project": c["project"].pk,
            "enterprise_pct": "50",
            "college_pct": "50",
            "students_pct": "0",
            "revenue_share_pct": "0",
            "embargo_days": 0,
        },
    ),
    "POST /api/v1/ip-agreements/{id}/accept/": Rule(
        ok="platform_admin admin_a engineer_x",
        hidden="evaluator admin_b teacher_b engineer_y student_a student_b",
    ),
    "GET /api/v1/contributions/": LOGGED_IN_READ,
    "POST /api/v1/contributions/": Rule(
        ok="platform_admin admin_a",
        body=lambda c: {
            "industry_college": _w(c).industry_college.pk,
            "enterprise": None,
            "kind": "venue",
            "valuation": "5",
            "date": "2025-02-02",
        },
    ),
    "GET /api/v1/industry-colleges/{id}/shares/": Rule(
        ok="platform_admin evaluator admin_a teacher_a engineer_x",
        hidden="admin_b teacher_b engineer_y student_a student_b",
    ),
    "POST /api/v1/industry-colleges/{id}/distributions/": Rule(
        ok="platform_admin admin_a",
        body={"period": "2025", "amount": "10"},
        hidden="admin_b teacher_b engineer_y student_a student_b",
    ),
    "POST /api/v1/talent-demands/import/": Rule(ok="platform_admin engineer_x engineer_y"),
    "POST /api/v1/cohorts/import/": Rule(ok="platform_admin admin_a admin_b"),
    "DELETE /api/v1/cohorts/{id}/": Rule(ok="platform_admin admin_a"),
    "GET /api/v1/majors/{id}/decisions/": LOGGED_IN_READ,
    "POST /api/v1/majors/{id}/decisions/": Rule(
        ok="platform_admin admin_a", body={"year": 2026, "decision": "keep", "reason": "r"}
    ),
    "GET /api/v1/radar/skills/": Rule(ok=EVERYONE),
    "GET /api/v1/radar/majors/": Rule(ok=EVERYONE),
    "POST /api/v1/radar/recompute/": Rule(ok="platform_admin evaluator admin_a admin_b"),
    # --- internships: college A's student at enterprise X, under way ---------------------------
    "GET /api/v1/internships/": LOGGED_IN_READ,
    "GET /api/v1/internships/figures/": LOGGED_IN_READ,
    "GET /api/v1/internships/{id}/": Rule(ok=INTERNSHIP_PARTIES, hidden=INTERNSHIP_HIDDEN),
    "POST /api/v1/internships/": Rule(ok="platform_admin admin_a", body=lambda c: internship_terms(c)),
    "PATCH /api/v1/internships/{id}/": Rule(
        ok="platform_admin admin_a", hidden=INTERNSHIP_HIDDEN, body={"pay_per_month": "3600.00"}
    ),
    "POST /api/v1/internships/{id}/accept-agreement/": Rule(
        ok="platform_admin student_a admin_a engineer_x", hidden=INTERNSHIP_HIDDEN
    ),
    "POST /api/v1/internships/{id}/pre-job-training/": Rule(
        ok="platform_admin admin_a teacher_a", hidden=INTERNSHIP_HIDDEN, body={"kind": "safety", "topic": "t"}
    ),
    # The college's administrators and the enterprise's engineers name another mentor (here
    # the mentor already named: a 400 after the permission check).
    "POST /api/v1/internships/{id}/change-mentor/": Rule(
        ok="platform_admin admin_a engineer_x",
        hidden=INTERNSHIP_HIDDEN,
        body=lambda c: {"mentor": _w(c).engineer_x.pk},
    ),
    "GET /api/v1/pre-job-training/": LOGGED_IN_READ,
    "GET /api/v1/pre-job-training/{id}/": Rule(ok=INTERNSHIP_PARTIES, hidden=INTERNSHIP_HIDDEN),
    # The college changes a row; the enterprise records its completion too (the internship is
    # under way here: a 409 after the permission check).
    "PATCH /api/v1/pre-job-training/{id}/": Rule(
        ok="platform_admin admin_a teacher_a engineer_x",
        hidden=INTERNSHIP_HIDDEN,
        body={"completed_on": "2026-01-20"},
    ),
    "POST /api/v1/internships/{id}/start/": Rule(ok="platform_admin admin_a", hidden=INTERNSHIP_HIDDEN),
    "POST /api/v1/internships/{id}/cancel/": Rule(ok="platform_admin admin_a", hidden=INTERNSHIP_HIDDEN),
    "POST /api/v1/internships/{id}/end/": Rule(
        ok="platform_admin admin_a engineer_x", hidden=INTERNSHIP_HIDDEN, body={"on": "2026-03-01"}
    ),
    "POST /api/v1/internships/{id}/pay/": Rule(
        ok="platform_admin student_a engineer_x",
        hidden=INTERNSHIP_HIDDEN,
        body={"month": "2026-02-01", "amount": "3500.00"},
    ),
    "GET /api/v1/internship-logs/": LOGGED_IN_READ,
    "GET /api/v1/internship-logs/{id}/": Rule(ok=INTERNSHIP_PARTIES, hidden=INTERNSHIP_HIDDEN),
    # Only the intern keeps the log (a platform admin neither).
    "POST /api/v1/internship-logs/": Rule(
        ok="student_a",
        body=lambda c: {
            "internship": c["internship"].pk,
            "date": "2026-02-03",
            "hours": "8",
            "shift": "day",
            "tasks": "t",
        },
    ),
    # Only the intern's mentor confirms a day (a platform admin neither).
    "POST /api/v1/internship-logs/{id}/confirm/": Rule(ok="engineer_x", hidden=INTERNSHIP_HIDDEN),
    "GET /api/v1/internship-visits/": LOGGED_IN_READ,
    "GET /api/v1/internship-visits/{id}/": Rule(ok=INTERNSHIP_PARTIES, hidden=INTERNSHIP_HIDDEN),
    "POST /api/v1/internship-visits/": Rule(
        ok="platform_admin admin_a teacher_a",
        body=lambda c: {"internship": c["internship"].pk, "kind": "call", "date": "2026-02-03", "notes": "n"},
    ),
    "GET /api/v1/internship-evaluations/": LOGGED_IN_READ,
    "GET /api/v1/internship-evaluations/{id}/": Rule(ok=INTERNSHIP_PARTIES, hidden=INTERNSHIP_HIDDEN),
    "POST /api/v1/internship-evaluations/": Rule(
        ok="platform_admin admin_a teacher_a engineer_x",
        body=lambda c: {"internship": c["internship"].pk, "rating": 4},
    ),
    "GET /api/v1/internship-alerts/": LOGGED_IN_READ,
    "GET /api/v1/internship-alerts/{id}/": Rule(ok=INTERNSHIP_PARTIES, hidden=INTERNSHIP_HIDDEN),
    "POST /api/v1/internship-alerts/": Rule(
        ok="platform_admin student_a admin_a teacher_a engineer_x",
        body=lambda c: {"internship": c["internship"].pk, "message": "m"},
    ),
    "POST /api/v1/internship-alerts/{id}/resolve/": Rule(
        ok="platform_admin admin_a teacher_a", hidden=INTERNSHIP_HIDDEN, body={"note": "n"}
    ),
    "GET /api/v1/training-plans/": LOGGED_IN_READ,
    "GET /api/v1/training-plans/{id}/": Rule(ok=INTERNSHIP_PARTIES, hidden=INTERNSHIP_HIDDEN),
    "POST /api/v1/training-plans/": Rule(
        ok="platform_admin engineer_x",
        body=lambda c: {"internship": c["internship"].pk, "tasks": [{"title": "t"}]},
    ),
    "POST /api/v1/training-plans/{id}/agree/": Rule(
        ok="platform_admin admin_a teacher_a", hidden=INTERNSHIP_HIDDEN
    ),
    "POST /api/v1/training-plans/{id}/progress/": Rule(
        ok="platform_admin engineer_x",
        hidden=INTERNSHIP_HIDDEN,
        body=lambda c: {"task": c["plan_task"].pk, "progress": 50},
    ),
    "GET /api/v1/internship-positions/": LOGGED_IN_READ,
    "GET /api/v1/internship-positions/{id}/": LOGGED_IN_READ,
    "POST /api/v1/internship-positions/": Rule(
        ok="platform_admin engineer_x",
        body=lambda c: {
            "enterprise": _w(c).enterprise_x.pk,
            "name": "n",
            "staff": 10,
            "probation_wage": "4000.00",
        },
    ),
    "PATCH /api/v1/internship-positions/{id}/": Rule(ok="platform_admin engineer_x", body={"staff": 30}),
    # A graduate's destination: theirs and their college's; the college's administrators
    # record it (a graduate answers only their own: student_a has not graduated, 403 here).
    # Reports: published ones are public; a draft is its college's (administrators write,
    # teachers read: 403 on writes) and a platform admin's; approving is another administrator's
    # (409 for the author: "ok" here, the permission passed).
    "GET /api/v1/reports/": PUBLIC_READ,
    "GET /api/v1/reports/{id}/": Rule(ok=f"{REPORT_STAFF} teacher_a", hidden=REPORT_HIDDEN, anon=404),
    "GET /api/v1/reports/{id}/tables/": Rule(ok=f"{REPORT_STAFF} teacher_a", hidden=REPORT_HIDDEN, anon=404),
    "GET /api/v1/reports/{id}/entries/": Rule(ok=f"{REPORT_STAFF} teacher_a", hidden=REPORT_HIDDEN),
    "POST /api/v1/reports/": Rule(
        ok="platform_admin admin_a admin_b engineer_x engineer_y",
        body=lambda c: {"kind": "quality", "year": timezone.localdate().year - 2},
    ),
    "PATCH /api/v1/reports/{id}/": Rule(
        ok=REPORT_STAFF, hidden=REPORT_HIDDEN, body={"narrative": {"overview": "N"}}
    ),
    "POST /api/v1/reports/{id}/entries/": Rule(
        ok=REPORT_STAFF, hidden=REPORT_HIDDEN, body={"indicator": "x", "value": "1"}
    ),
    "POST /api/v1/reports/{id}/submit-for-review/": Rule(ok=REPORT_STAFF, hidden=REPORT_HIDDEN),
    "POST /api/v1/reports/{id}/send-back/": Rule(
        ok=REPORT_STAFF, hidden=REPORT_HIDDEN, body={"comment": "c"}
    ),
    "POST /api/v1/reports/{id}/approve/": Rule(ok=REPORT_STAFF, hidden=REPORT_HIDDEN),
    "POST /api/v1/reports/{id}/publish/": Rule(ok=REPORT_STAFF, hidden=REPORT_HIDDEN),
    "POST /api/v1/reports/{id}/correct/": Rule(ok=REPORT_STAFF, hidden=REPORT_HIDDEN),
    # Credit for work-based learning: the student, the mentor, the sponsor and the college's
    # administrators see a request; each approver acts at their step (409 at another's:
    # "ok" here), the student may not decide their own (403).
    "GET /api/v1/credit-requests/": LOGGED_IN_READ,
    "POST /api/v1/credit-requests/": Rule(
        ok="platform_admin student_a student_b",
        body=lambda c: {"module": c["module"].pk, "project": c["project"].pk},
    ),
    "GET /api/v1/credit-requests/{id}/": Rule(ok=CREDIT_SEEN, hidden=OUTSIDERS),
    "POST /api/v1/credit-requests/{id}/approve/": Rule(ok=CREDIT_DECIDERS, hidden=OUTSIDERS),
    "POST /api/v1/credit-requests/{id}/decline/": Rule(
        ok=CREDIT_DECIDERS, hidden=OUTSIDERS, body={"reason": "Not the module's outcomes."}
    ),
    "GET /api/v1/outcomes/": LOGGED_IN_READ,
    "GET /api/v1/outcomes/{id}/": Rule(
        ok="platform_admin admin_a teacher_a",
        hidden="evaluator admin_b teacher_b engineer_x engineer_y student_a student_b",
    ),
    "POST /api/v1/outcomes/": Rule(
        ok="platform_admin admin_a",
        body=lambda c: {
            "graduate": c["outcome"].graduate_id,
            "census_date": "2025-12-31",
            "category": "seeking",
        },
    ),
    "PATCH /api/v1/outcomes/{id}/": Rule(
        ok="platform_admin admin_a",
        hidden="evaluator admin_b teacher_b engineer_x engineer_y student_a student_b",
        body={"category": "not_seeking"},
    ),
    # Without its query the answer is 400 for everyone logged in; tests/outcomes/test_api.py
    # holds who reads which college's rates.
    "GET /api/v1/outcomes/rates/": Rule(ok=EVERYONE),
    # A JSON body where a file belongs: 415 once the permission passed.
    "POST /api/v1/outcomes/import/": Rule(ok="platform_admin admin_a admin_b"),
    # Each college's administrators remind their own graduates (a platform admin belongs to
    # no college: 400 naming it).
    "POST /api/v1/outcomes/remind/": Rule(
        ok="platform_admin admin_a admin_b", body={"year": 2025, "census_date": "2025-08-31"}
    ),
    # Competency frameworks: the college's staff edit them, the major's students read them
    # (student_a is in no major here); a student sees their own plan, a teacher marks it.
    "GET /api/v1/frameworks/": LOGGED_IN_READ,
    "GET /api/v1/frameworks/{id}/": Rule(ok=FRAMEWORK_STAFF, hidden=FRAMEWORK_HIDDEN),
    "PATCH /api/v1/frameworks/{id}/": Rule(
        ok=FRAMEWORK_STAFF, hidden=FRAMEWORK_HIDDEN, body={"shortname": "G"}
    ),
    "GET /api/v1/frameworks/{id}/export/": Rule(ok=FRAMEWORK_STAFF, hidden=FRAMEWORK_HIDDEN),
    "GET /api/v1/frameworks/{id}/competencies/": Rule(ok=FRAMEWORK_STAFF, hidden=FRAMEWORK_HIDDEN),
    "POST /api/v1/frameworks/": Rule(
        ok=FRAMEWORK_STAFF,
        body=lambda c: {
            "major": c["major"].pk,
            "idnumber": "N",
            "shortname": "N",
            "scale_values": "No,Yes",
            "scale_configuration": SCALE,
        },
    ),
    # A JSON body where a file belongs: 415 once the permission passed.
    "POST /api/v1/frameworks/import/": Rule(ok="platform_admin admin_a teacher_a admin_b teacher_b"),
    "GET /api/v1/competencies/": LOGGED_IN_READ,
    "GET /api/v1/competencies/{id}/": Rule(ok=FRAMEWORK_STAFF, hidden=FRAMEWORK_HIDDEN),
    "PATCH /api/v1/competencies/{id}/": Rule(
        ok=FRAMEWORK_STAFF, hidden=FRAMEWORK_HIDDEN, body={"shortname": "D"}
    ),
    "POST /api/v1/competencies/": Rule(
        ok=FRAMEWORK_STAFF, body=lambda c: {"framework": c["framework"].pk, "idnumber": "D", "shortname": "D"}
    ),
    "GET /api/v1/learning-plan-templates/": LOGGED_IN_READ,
    "GET /api/v1/learning-plan-templates/{id}/": Rule(ok=FRAMEWORK_STAFF, hidden=FRAMEWORK_HIDDEN),
    "POST /api/v1/learning-plan-templates/": Rule(
        ok=FRAMEWORK_STAFF, body=lambda c: {"framework": c["framework"].pk, "entry_year": 2030, "name": "U"}
    ),
    "POST /api/v1/learning-plan-templates/{id}/sync/": Rule(ok=FRAMEWORK_STAFF, hidden=FRAMEWORK_HIDDEN),
    "GET /api/v1/learning-plans/": LOGGED_IN_READ,
    "GET /api/v1/learning-plans/{id}/": Rule(ok=f"{FRAMEWORK_STAFF} student_a", hidden=PLAN_HIDDEN),
    "POST /api/v1/learning-plans/{id}/mark/": Rule(
        ok=FRAMEWORK_STAFF,
        hidden=PLAN_HIDDEN,
        body=lambda c: {"competency": c["competency"].pk, "note": "Seen on the bench."},
    ),
    # Apprenticeships, their reviews and portfolios: the apprentice, the mentor, the teacher
    # and the college's administrators; nobody else sees them.
    "GET /api/v1/apprenticeships/": LOGGED_IN_READ,
    "GET /api/v1/apprenticeships/{id}/": Rule(ok=APPRENTICESHIP_PARTIES, hidden=APPRENTICESHIP_HIDDEN),
    "GET /api/v1/apprenticeships/{id}/progress/": Rule(
        ok=APPRENTICESHIP_PARTIES, hidden=APPRENTICESHIP_HIDDEN
    ),
    "POST /api/v1/apprenticeships/": Rule(
        ok="platform_admin admin_a",
        body=lambda c: {
            "learner": _w(c).student_a2.pk,
            "level": c["ladder_level"].pk,
            "mentor": _w(c).engineer_x.pk,
            "teacher": _w(c).teacher_a.pk,
            "started_on": "2026-02-01",
        },
    ),
    "GET /api/v1/review-forms/": LOGGED_IN_READ,
    "GET /api/v1/review-forms/{id}/": Rule(ok="platform_admin admin_a teacher_a", hidden=FORM_HIDDEN),
    "POST /api/v1/review-forms/": Rule(
        ok="platform_admin admin_a",
        body=lambda c: {
            "college": _w(c).college_a.pk,
            "name": "G",
            "questions": [{"key": "a", "label": "A", "kind": "scale", "scale_max": 5}],
        },
    ),
    "PATCH /api/v1/review-forms/{id}/": Rule(
        ok="platform_admin admin_a", hidden=FORM_HIDDEN, body={"name": "H"}
    ),
    "GET /api/v1/progress-reviews/": LOGGED_IN_READ,
    "GET /api/v1/progress-reviews/{id}/": Rule(ok=APPRENTICESHIP_PARTIES, hidden=APPRENTICESHIP_HIDDEN),
    # 409 for those who may: a review of the apprentice is open already.
    "POST /api/v1/progress-reviews/": Rule(
        ok="platform_admin engineer_x teacher_a admin_a",
        body=lambda c: {"apprenticeship": c["apprenticeship"].pk, "form": c["review_form"].pk},
    ),
    "PATCH /api/v1/progress-reviews/{id}/": Rule(
        ok=REVIEW_PARTIES, hidden=APPRENTICESHIP_HIDDEN, body={"summary": "s"}
    ),
    "POST /api/v1/progress-reviews/{id}/actions/": Rule(
        ok=REVIEW_PARTIES,
        hidden=APPRENTICESHIP_HIDDEN,
        body=lambda c: {"description": "d", "owner": _w(c).student_a.pk, "due_on": "2027-01-01"},
    ),
    "POST /api/v1/progress-reviews/{id}/sign/": Rule(
        ok=REVIEW_PARTIES, hidden=APPRENTICESHIP_HIDDEN, body={"typed_name": "N"}
    ),
    "GET /api/v1/portfolio-items/": LOGGED_IN_READ,
    "GET /api/v1/portfolio-items/{id}/": Rule(ok=APPRENTICESHIP_PARTIES, hidden=APPRENTICESHIP_HIDDEN),
    "POST /api/v1/portfolio-items/": Rule(
        ok="platform_admin student_a",
        body=lambda c: {
            "apprenticeship": c["apprenticeship"].pk,
            "title": "t",
            "requirements": ["hours"],
            "link": "https://example.com/x",
        },
    ),
    "POST /api/v1/portfolio-items/{id}/accept/": Rule(
        ok="platform_admin engineer_x teacher_a", hidden=APPRENTICESHIP_HIDDEN
    ),
    "POST /api/v1/portfolio-items/{id}/ask-more/": Rule(
        ok="platform_admin engineer_x teacher_a", hidden=APPRENTICESHIP_HIDDEN, body={"reason": "r"}
    ),
    # The file itself: the four parties alone, not even a platform administrator.
    "GET /api/v1/portfolio-items/{id}/download/": Rule(
        ok="student_a engineer_x teacher_a admin_a", hidden="platform_admin " + APPRENTICESHIP_HIDDEN
    ),
    # Industry calls: an enterprise's engineers post them (a platform administrator belongs to
    # no enterprise: 400 naming it) and correct their own; every college's staff reads and
    # responds (teacher_a has responded: 409, "ok" here).
    "GET /api/v1/calls/": LOGGED_IN_READ,
    "GET /api/v1/calls/{id}/": Rule(ok=CALL_SEEN, hidden=CALL_HIDDEN),
    "POST /api/v1/calls/": Rule(
        ok="platform_admin engineer_x engineer_y",
        body=lambda c: {
            "title": "T",
            "need": "N",
            "budget_band": "open",
            "deadline": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
        },
    ),
    "PATCH /api/v1/calls/{id}/": Rule(
        ok="platform_admin engineer_x", hidden=CALL_HIDDEN, body={"title": "U"}
    ),
    "GET /api/v1/call-responses/": LOGGED_IN_READ,
    "GET /api/v1/call-responses/{id}/": Rule(
        ok="platform_admin teacher_a engineer_x admin_a", hidden=RESPONSE_HIDDEN
    ),
    "POST /api/v1/call-responses/": Rule(
        ok="platform_admin admin_a teacher_a admin_b teacher_b",
        body=lambda c: {
            "call": c["call"].pk,
            "problem": "p",
            "approach": "a",
            "prior_results": "r",
            "team": "t",
        },
    ),
    # The call's enterprise decides; the responder and their college read (403).
    "POST /api/v1/call-responses/{id}/shortlist/": Rule(
        ok="platform_admin engineer_x", hidden=RESPONSE_HIDDEN, body={"reason": "r"}
    ),
    "POST /api/v1/call-responses/{id}/decline/": Rule(
        ok="platform_admin engineer_x", hidden=RESPONSE_HIDDEN, body={"reason": "r"}
    ),
    # The response is not shortlisted yet: 409 for those who may.
    "POST /api/v1/call-responses/{id}/open-project/": Rule(
        ok="platform_admin engineer_x", hidden=RESPONSE_HIDDEN
    ),
    "POST /api/v1/call-responses/{id}/open-dual-position/": Rule(
        ok="platform_admin engineer_x", hidden=RESPONSE_HIDDEN
    ),
    # Technology summaries: public ones are anyone's; a partners-only one is its college's
    # staff's and its industry college's engineers'. Its college's administrators write it and
    # record transfers (teachers read: 403); an engineer who sees it starts a call or a project
    # from it (a platform administrator belongs to no enterprise or college: 400 naming it).
    "GET /api/v1/tech-summaries/": PUBLIC_READ,
    "GET /api/v1/tech-summaries/{id}/": Rule(ok=SUMMARY_SEEN, hidden=SUMMARY_HIDDEN, anon=404),
    "POST /api/v1/tech-summaries/": Rule(
        ok="platform_admin admin_a admin_b",
        body=lambda c: {
            "title": "T",
            "kind": "software",
            "abstract": "A",
            "industries": "robotics",
            "contact": _w(c).admin_a.pk,
            "inventors": [{"user": _w(c).teacher_a.pk, "contribution": "100"}],
        },
    ),
    "PATCH /api/v1/tech-summaries/{id}/": Rule(
        ok="platform_admin admin_a", hidden=SUMMARY_HIDDEN, body={"title": "U"}
    ),
    "POST /api/v1/tech-summaries/{id}/transfers/": Rule(
        ok="platform_admin admin_a",
        hidden=SUMMARY_HIDDEN,
        body={"kind": "licence", "licensee_name": "L", "income": "10.00", "date": "2026-01-06"},
    ),
    "POST /api/v1/tech-summaries/{id}/start-call/": Rule(
        ok="platform_admin engineer_x",
        hidden=SUMMARY_HIDDEN,
        body=lambda c: {
            "budget_band": "open",
            "deadline": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
        },
    ),
    "POST /api/v1/tech-summaries/{id}/start-project/": Rule(
        ok="platform_admin engineer_x", hidden=SUMMARY_HIDDEN, body={"seats": 1}
    ),
    "GET /api/v1/inventor-shares/": LOGGED_IN_READ,
    "GET /api/v1/inventor-shares/{id}/": Rule(ok="platform_admin teacher_a admin_a", hidden=SHARE_HIDDEN),
    # Group robots: a college's administrators and an enterprise's engineers set up their own
    # (a platform administrator belongs to neither: 400 naming it), manage and test them.
    "GET /api/v1/robots/": LOGGED_IN_READ,
    "GET /api/v1/robots/{id}/": Rule(ok="platform_admin admin_a", hidden=ROBOT_HIDDEN),
    "POST /api/v1/robots/": Rule(
        ok="platform_admin admin_a admin_b engineer_x engineer_y",
        body={
            "platform": "wecom",
            "name": "N",
            "webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=new",
        },
    ),
    "PATCH /api/v1/robots/{id}/": Rule(ok="platform_admin admin_a", hidden=ROBOT_HIDDEN, body={"name": "U"}),
    "DELETE /api/v1/robots/{id}/": Rule(ok="platform_admin admin_a", hidden=ROBOT_HIDDEN),
    "POST /api/v1/robots/{id}/test/": Rule(ok="platform_admin admin_a", hidden=ROBOT_HIDDEN),
    "GET /api/v1/robots/{id}/deliveries/": Rule(ok="platform_admin admin_a", hidden=ROBOT_HIDDEN),
    "GET /api/v1/internship-exceptions/": LOGGED_IN_READ,
    "GET /api/v1/internship-exceptions/{id}/": Rule(
        ok="platform_admin admin_a teacher_a engineer_x",
        hidden="evaluator admin_b teacher_b engineer_y student_a student_b",
    ),
    "POST /api/v1/internship-exceptions/": Rule(
        ok="platform_admin admin_a",
        body=lambda c: {
            "college": _w(c).college_a.pk,
            "major": c["major"].pk,
            "position": c["internship_position"].pk,
            "max_hours_per_day": "9",
            "reason": "r",
        },
    ),
}

# Which object an operation's {id} names: the resource segment of its path.
OBJECT_OF = {
    "internships": "internship",
    "pre-job-training": "pre_job_training",
    "internship-logs": "internship_log",
    "internship-visits": "internship_visit",
    "internship-evaluations": "internship_evaluation",
    "internship-alerts": "internship_alert",
    "training-plans": "training_plan",
    "internship-positions": "internship_position",
    "internship-exceptions": "internship_exception",
    "outcomes": "outcome",
    "frameworks": "framework",
    "competencies": "competency",
    "learning-plan-templates": "plan_template",
    "learning-plans": "learning_plan",
    "credit-requests": "credit_request",
    "reports": "report",
    "apprenticeships": "apprenticeship",
    "review-forms": "review_form",
    "progress-reviews": "progress_review",
    "portfolio-items": "portfolio_item",
    "calls": "call",
    "call-responses": "call_response",
    "tech-summaries": "tech_summary",
    "inventor-shares": "inventor_share",
    "robots": "robot",
    "audit-log": "audit_entry",
    "partnerships": "partnership",
    "certificate-types": "certificate_type",
    "conversion-rules": "conversion_rule",
    "certificates": "certificate",
    "credentials": "credential",
    "training-sessions": "training_session",
    "materials": "material",
    "employments": "employment",
    "performance-reviews": "performance_review",
    "ladders": "ladder",
    "ip-agreements": "ip_agreement",
    "learners": "learner",
    "scorecards": "scorecard",
    "improvement-actions": "improvement_action",
    "users": "user",
    "colleges": "college",
    "majors": "major",
    "industry-colleges": "industry_college",
    "cohorts": "cohort",
    "dual-positions": "dual_position",
    "practice-logs": "practice_log",
    "enterprises": "enterprise",
    "flags": "flag",
    "hour-logs": "hour_log",
    "feedback": "feedback",
    "endorsements": "endorsement",
    "match-requests": "match_request",
    "skill-crosswalks": "skill_crosswalk",
    "projects": "project",
    "applications": "application",
    "talent-demands": "talent_demand",
    "skills": "skill",
    "courses": "course",
    "modules": "module",
    "offerings": "offering",
    "enrollments": "enrollment",
    "credits": "credit",
    "schemes": "scheme",
    "indicators": "indicator",
    "evidence": "evidence",
}


def schema_operations() -> set[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def test_every_api_operation_has_a_row_in_the_matrix():
    operations = schema_operations()
    assert operations - set(MATRIX) == set(), "classify these operations in MATRIX"
    assert set(MATRIX) - operations == set(), "these rows name operations that no longer exist"


def _outcome(status: int) -> object:
    if 200 <= status < 300 or status in (400, 409, 415):  # 415: a JSON body where a file belongs
        return "ok"
    return status


@pytest.mark.django_db
@pytest.mark.parametrize("operation", sorted(MATRIX))
def test_matrix(operation, ctx):
    rule = MATRIX[operation]
    method, path = operation.split(" ", 1)
    if "{id}" in path:
        resource = path.split("/")[3]
        path = path.replace("{id}", str(ctx[OBJECT_OF[resource]].pk))
    if "{public_id}" in path:
        resource = path.split("/")[3]
        path = path.replace("{public_id}", str(ctx[OBJECT_OF[resource]].public_id))
    path = path.replace("{task_id}", "8c1b6a4e-2f0d-4a57-9b1e-3f2d6c7a9e10")  # someone else's task
    path = path.replace("{key}", "cj_nosuchtoken0")
    body = rule.body(ctx) if callable(rule.body) else (rule.body or {})
    failures = []
    for role in ROLES:
        cache.clear()  # failed token requests are throttled; each role starts afresh
        client = APIClient()
        if role != "anon":
            client.force_authenticate(getattr(ctx["world"], role))
        with transaction.atomic():
            response = client.generic(method, path, data=json.dumps(body), content_type="application/json")
            transaction.set_rollback(True)
        got, want = _outcome(response.status_code), rule.expected(role)
        if got != want:
            failures.append(f"{role}: got {response.status_code} ({response.content[:120]!r}), want {want}")
    assert not failures, "\n".join(failures)
