"""Nobody links a row outside their authority.

For every field a client may set that points at another row (a foreign key, a list of
them), a value from outside the person's college or enterprise is tried, on create and on
update, as each role that may otherwise write the row. It must be refused (400, 403 or 404)
and nothing may change. A link that is anyone's to name (a skill from the shared taxonomy,
an enterprise invited into an industry college, which then decides) is listed in UNSCOPED
with the reason; a new link field that is in neither list fails the test.
"""

import json

import pytest
from rest_framework import serializers
from rest_framework.test import APIClient

from config.api_urls import router
from tests.factories import CourseFactory, IndustryCollegeFactory, MajorFactory, ModuleFactory, ProjectFactory
from tests.test_permissions_matrix import MATRIX, OBJECT_OF, make_ctx

pytestmark = pytest.mark.django_db

# (operation, field, the outside value's name in ``outside``, the roles that try it)
LINKS = [
    ("PATCH /api/v1/majors/{id}/", "college", "college_b", "admin_a"),
    ("POST /api/v1/majors/", "college", "college_b", "admin_a"),
    ("PATCH /api/v1/industry-colleges/{id}/", "college", "college_b", "admin_a"),
    ("POST /api/v1/industry-colleges/", "college", "college_b", "admin_a"),
    ("POST /api/v1/partnerships/", "industry_college", "ic_b", "admin_a"),
    ("PATCH /api/v1/cohorts/{id}/", "major", "major_b", "admin_a"),
    ("POST /api/v1/cohorts/", "major", "major_b", "admin_a"),
    ("POST /api/v1/dual-positions/", "user", "teacher_b", "admin_a"),
    ("PATCH /api/v1/talent-demands/{id}/", "enterprise", "enterprise_y", "engineer_x"),
    ("POST /api/v1/talent-demands/", "enterprise", "enterprise_y", "engineer_x"),
    ("PATCH /api/v1/courses/{id}/", "college", "college_b", "admin_a teacher_a"),
    ("POST /api/v1/courses/", "college", "college_b", "admin_a teacher_a"),
    ("PATCH /api/v1/courses/{id}/", "major", "major_b", "admin_a teacher_a"),
    ("POST /api/v1/courses/", "major", "major_b", "admin_a teacher_a"),
    ("PATCH /api/v1/modules/{id}/", "course", "course_b", "admin_a teacher_a"),
    ("POST /api/v1/modules/", "course", "course_b", "admin_a teacher_a"),
    ("PATCH /api/v1/offerings/{id}/", "module", "module_b", "admin_a teacher_a"),
    ("POST /api/v1/offerings/", "module", "module_b", "admin_a teacher_a"),
    ("PATCH /api/v1/offerings/{id}/", "teacher", "teacher_b", "admin_a teacher_a"),
    ("POST /api/v1/offerings/", "teacher", "teacher_b", "admin_a teacher_a"),
    ("PATCH /api/v1/certificate-types/{id}/", "enterprise", "enterprise_y", "engineer_x"),
    ("POST /api/v1/certificate-types/", "enterprise", "enterprise_y", "admin_a"),
    ("POST /api/v1/conversion-rules/", "module", "module_b", "admin_a"),
    ("POST /api/v1/certificates/", "learner", "student_b", "admin_a student_a"),
    ("POST /api/v1/training-sessions/", "college", "college_b", "admin_a teacher_a"),
    ("POST /api/v1/materials/", "course", "course_b", "admin_a teacher_a"),
    ("PATCH /api/v1/materials/{id}/", "course", "course_b", "admin_a teacher_a"),
    ("POST /api/v1/employments/", "learner", "student_b", "admin_a"),
    ("POST /api/v1/employments/", "enterprise", "enterprise_y", "engineer_x"),
    ("POST /api/v1/performance-reviews/", "employment", "employment_y", "engineer_x"),
    ("POST /api/v1/ladders/", "enterprise", "enterprise_y", "engineer_x"),
    ("POST /api/v1/ip-agreements/", "project", "project_y", "admin_a engineer_x"),
    ("POST /api/v1/flags/", "project", "draft_y", "student_a teacher_a admin_a"),
    ("POST /api/v1/match-requests/", "project", "draft_y", "engineer_x teacher_a"),
    ("POST /api/v1/match-requests/", "module", "module_b", "teacher_a admin_a"),
    ("POST /api/v1/projects/", "mentor", "engineer_y", "engineer_x"),
    ("POST /api/v1/endorsements/", "internship", "internship_b", "engineer_x"),
    ("POST /api/v1/endorsements/", "learner", "student_b", "engineer_x"),
    ("PATCH /api/v1/projects/{id}/", "mentor", "engineer_y", "engineer_x"),
    ("POST /api/v1/contributions/", "industry_college", "ic_b", "admin_a"),
    ("POST /api/v1/contributions/", "enterprise", "enterprise_y", "admin_a"),
    ("POST /api/v1/improvement-actions/", "scorecard", "scorecard_a", "admin_b"),
    # Written by serializers of their own (not the resource's serializer_class).
    ("POST /api/v1/evidence/", "college", "college_b", "admin_a"),
    ("POST /api/v1/evidence/", "major", "major_b", "admin_a"),
    ("POST /api/v1/evidence/", "industry_college", "ic_b", "admin_a"),
    ("POST /api/v1/practice-logs/", "enterprise", "enterprise_y", "teacher_a"),
    ("POST /api/v1/projects/", "enterprise", "enterprise_y", "engineer_x"),
    ("POST /api/v1/projects/{id}/take-on/", "college", "college_b", "admin_a teacher_a"),
    ("POST /api/v1/projects/{id}/take-on/", "module", "module_b", "admin_a teacher_a"),
    ("POST /api/v1/users/", "college", "college_b", "admin_a"),
    ("POST /api/v1/internships/", "student", "student_b", "admin_a"),
    ("POST /api/v1/internships/", "college", "college_b", "admin_a"),
    ("POST /api/v1/internships/", "major", "major_b", "admin_a"),
    ("POST /api/v1/internships/", "position", "position_y", "admin_a"),
    ("POST /api/v1/internships/", "mentor", "engineer_y", "admin_a"),
    ("POST /api/v1/internships/", "supervisor", "teacher_b", "admin_a"),
    ("PATCH /api/v1/internships/{id}/", "college", "college_b", "admin_a"),
    ("PATCH /api/v1/pre-job-training/{id}/", "module", "module_b", "admin_a teacher_a"),
    ("POST /api/v1/internship-logs/", "internship", "internship_b", "student_a"),
    ("POST /api/v1/internship-visits/", "internship", "internship_b", "admin_a teacher_a"),
    ("POST /api/v1/internship-evaluations/", "internship", "internship_b", "admin_a teacher_a engineer_x"),
    ("POST /api/v1/internship-alerts/", "internship", "internship_b", "student_a admin_a engineer_x"),
    ("POST /api/v1/training-plans/", "internship", "internship_b", "engineer_x"),
    ("POST /api/v1/internship-positions/", "enterprise", "enterprise_y", "engineer_x"),
    ("PATCH /api/v1/internship-positions/{id}/", "enterprise", "enterprise_y", "engineer_x"),
    ("POST /api/v1/internship-exceptions/", "college", "college_b", "admin_a"),
    ("POST /api/v1/internship-exceptions/", "major", "major_b", "admin_a"),
    ("POST /api/v1/outcomes/", "graduate", "student_b", "admin_a"),
    ("PATCH /api/v1/outcomes/{id}/", "graduate", "student_b", "admin_a"),
    ("POST /api/v1/frameworks/", "major", "major_b", "admin_a teacher_a"),
    ("PATCH /api/v1/frameworks/{id}/", "major", "major_b", "admin_a teacher_a"),
    ("POST /api/v1/competencies/", "framework", "framework_b", "admin_a teacher_a"),
    ("PATCH /api/v1/competencies/{id}/", "framework", "framework_b", "admin_a teacher_a"),
    ("POST /api/v1/competencies/", "parent", "competency_b", "admin_a teacher_a"),
    ("PATCH /api/v1/competencies/{id}/", "parent", "competency_b", "admin_a teacher_a"),
    ("POST /api/v1/competencies/", "modules", "module_b", "admin_a teacher_a"),
    ("PATCH /api/v1/competencies/{id}/", "modules", "module_b", "admin_a teacher_a"),
    ("POST /api/v1/learning-plan-templates/", "framework", "framework_b", "admin_a teacher_a"),
    ("POST /api/v1/credit-requests/", "module", "module_b", "student_a"),
    ("POST /api/v1/credit-requests/", "project", "draft_y", "student_a"),
    ("POST /api/v1/credit-requests/", "internship", "internship_b", "student_a"),
    ("POST /api/v1/credit-requests/", "sponsor", "teacher_b", "student_a"),
    ("POST /api/v1/reports/", "college", "college_b", "admin_a"),
    ("PATCH /api/v1/reports/{id}/", "college", "college_b", "admin_a"),
    ("POST /api/v1/reports/", "enterprise", "enterprise_y", "engineer_x"),
    ("PATCH /api/v1/reports/{id}/", "enterprise", "enterprise_y", "admin_a"),
    ("POST /api/v1/apprenticeships/", "learner", "student_b", "admin_a"),
    ("POST /api/v1/apprenticeships/", "teacher", "teacher_b", "admin_a"),
    ("POST /api/v1/apprenticeships/", "mentor", "engineer_y", "admin_a"),
    ("POST /api/v1/apprenticeships/", "level", "level_y", "admin_a"),
    ("POST /api/v1/review-forms/", "college", "college_b", "admin_a"),
    ("PATCH /api/v1/review-forms/{id}/", "college", "college_b", "admin_a"),
    ("POST /api/v1/progress-reviews/", "apprenticeship", "apprenticeship_b", "admin_a teacher_a"),
    ("POST /api/v1/progress-reviews/", "form", "form_b", "admin_a teacher_a"),
    ("POST /api/v1/portfolio-items/", "apprenticeship", "apprenticeship_b", "student_a"),
    ("POST /api/v1/endorsements/", "apprenticeship", "apprenticeship_b", "engineer_x"),
]

# Links that are anyone's to name, and why.
UNSCOPED = {
    (
        "industry-colleges",
        "enterprises",
    ): "naming an enterprise invites it; it becomes a partner when it accepts",
    ("partnerships", "enterprise"): "an invitation: the enterprise accepts or declines",
    ("dual-positions", "enterprise"): "a proposal: the enterprise recognises the position or not",
    (
        "employments",
        "enterprise",
    ): "a college records its graduates at any employer (engineers: own only, above)",
    ("employments", "learner"): "an employer records anyone it hired; the learner or their college confirms",
    ("talent-demands", "skill"): "the shared skills taxonomy",
    ("skill-crosswalks", "skill"): "the shared skills taxonomy (kept by platform admins)",
    ("modules", "skills"): "the shared skills taxonomy",
    ("training-sessions", "skills"): "the shared skills taxonomy",
    ("materials", "skills"): "the shared skills taxonomy",
    (
        "conversion-rules",
        "certificate_type",
    ): "a college accepts any kind of certificate into its own modules",
    ("certificates", "certificate_type"): "a learner may hold any kind of certificate",
    ("training-sessions", "attendees"): "anyone may attend a college's training, external learners first",
    ("credentials", "learner"): "not writable through the API",
    ("internships", "enterprise"): "a proposal: the enterprise accepts the agreement or not",
    ("internship-positions", "skills"): "the shared skills taxonomy",
    ("competencies", "skills"): "the shared skills taxonomy",
    ("endorsements", "skill"): "the shared skills taxonomy",
    ("outcomes", "skills"): "the shared skills taxonomy (the position's skills)",
    ("outcomes", "employer"): "a graduate may work for any employer; the graduate or their college names it",
    (
        "internship-exceptions",
        "position",
    ): "a college allows its own students more hours at any enterprise's position",
    ("calls", "skills"): "the shared skills taxonomy",
    ("tech-summaries", "skills"): "the shared skills taxonomy",
    ("call-responses", "call"): "a call the responder may not read is refused (400) by the serializer",
    ("tech-summaries", "contact"): "the service refuses a contact who is not a person of the college (400)",
}


def router_links() -> set[tuple[str, str]]:
    """Every writable link field of every resource's serializer."""
    links = set()
    for prefix, viewset, _basename in router.registry:
        serializer_class = getattr(viewset, "serializer_class", None)
        if serializer_class is None:
            continue
        for name, field in serializer_class().fields.items():
            if not field.read_only and isinstance(
                field, serializers.RelatedField | serializers.ManyRelatedField
            ):
                links.add((prefix, name))
    return links


def test_every_link_field_is_tried_or_explained():
    tried = {(op.split("/")[3], field) for op, field, _value, _roles in LINKS}
    assert router_links() - tried - set(UNSCOPED) == set()
    assert set(UNSCOPED) - router_links() == set(), "UNSCOPED names a field that no longer exists"
    assert {op for op, *_ in LINKS} <= set(MATRIX), "every operation tried is in the permission matrix"
    # Each role tried may do the operation within its scope (the matrix checks that), so a
    # refusal here is about the link, not about the role.
    for operation, field, _value, roles in LINKS:
        allowed = MATRIX[operation].ok.split()
        assert set(roles.split()) <= set(allowed), (operation, field, roles, allowed)


@pytest.fixture
def ctx(world):
    return make_ctx(world)


@pytest.fixture
def outside(ctx):
    from enterprises.models import Employment
    from evaluation.models import Scorecard

    world = ctx["world"]
    course_b = CourseFactory(college=world.college_b)
    card_a = Scorecard.objects.get(pk=ctx["published_scorecard"].pk)
    card_a.pk = None
    card_a.subject_id = world.college_a.pk
    card_a.college = world.college_a
    card_a.subject_name = "College A"
    card_a.period = 2025
    card_a.save()
    return {
        "college_b": world.college_b,
        "major_b": MajorFactory(college=world.college_b, code="major-b"),
        "ic_b": IndustryCollegeFactory(college=world.college_b, name="B's"),
        "course_b": course_b,
        "module_b": ModuleFactory(course=course_b),
        "teacher_b": world.teacher_b,
        "student_b": world.student_b,
        "engineer_y": world.engineer_y,
        "enterprise_y": world.enterprise_y,
        "project_y": ProjectFactory(enterprise=world.enterprise_y, status="open", visibility="public"),
        "draft_y": ProjectFactory(enterprise=world.enterprise_y, status="draft", visibility="public"),
        "employment_y": Employment.objects.create(
            learner=world.student_b,
            enterprise=world.enterprise_y,
            position="p",
            start_date="2026-01-01",
            in_field=True,
            confirmed=True,
            entered_by=world.engineer_y,
        ),
        "scorecard_a": card_a,
        **internships_outside(world),
        **competencies_outside(world),
        **apprenticeship_outside(world),
    }


def apprenticeship_outside(world):
    import datetime

    from apprenticeship.models import Apprenticeship, ReviewForm
    from enterprises.models import Ladder, LadderLevel

    ladder_y = Ladder.objects.create(enterprise=world.enterprise_y, name="Y's ladder")
    level_y = LadderLevel.objects.create(ladder=ladder_y, name="Y1", rank=1)
    apprenticeship_b = Apprenticeship.objects.create(
        learner=world.student_b,
        ladder=ladder_y,
        level=level_y,
        college=world.college_b,
        mentor=world.engineer_y,
        teacher=world.teacher_b,
        started_on=datetime.date(2026, 1, 5),
    )
    form_b = ReviewForm.objects.create(
        college=world.college_b, name="B's", questions=[{"key": "q", "label": "Q", "kind": "text"}]
    )
    return {"level_y": level_y, "apprenticeship_b": apprenticeship_b, "form_b": form_b}


def competencies_outside(world):
    from competencies.models import Competency, Framework

    framework_b = Framework.objects.create(
        college=world.college_b,
        major=MajorFactory(college=world.college_b, code="major-b3"),
        idnumber="FB",
        shortname="FB",
        scale_values="No,Yes",
        scale_configuration='[{"scaleid":"1"},{"id":1,"scaledefault":1},{"id":2,"proficient":1}]',
        created_by=world.admin_b,
    )
    competency_b = Competency.objects.create(framework=framework_b, idnumber="CB", shortname="CB")
    return {"framework_b": framework_b, "competency_b": competency_b}


def internships_outside(world):
    import datetime
    from decimal import Decimal

    from internships.models import Internship, Position

    position_y = Position.objects.create(
        enterprise=world.enterprise_y, name="Y's", staff=50, probation_wage=Decimal(3000)
    )
    internship_b = Internship.objects.create(
        student=world.student_b,
        student_birth_date=datetime.date(2005, 1, 1),
        college=world.college_b,
        major=MajorFactory(college=world.college_b, code="major-b2"),
        enterprise=world.enterprise_y,
        position=position_y,
        kind="placement",
        start_date=datetime.date(2026, 2, 1),
        end_date=datetime.date(2026, 6, 30),
        mentor=world.engineer_y,
        supervisor=world.teacher_b,
        pay_per_month=Decimal(3500),
        hours_per_day=Decimal(8),
        status="active",
        created_by=world.admin_b,
    )
    return {"position_y": position_y, "internship_b": internship_b}


def _body(operation, ctx):
    body = MATRIX[operation].body
    return dict(body(ctx) if callable(body) else (body or {}))


@pytest.mark.parametrize(
    ("operation", "field", "value", "roles"), LINKS, ids=[f"{o} {f}" for o, f, *_ in LINKS]
)
def test_a_link_outside_ones_scope_is_refused_and_nothing_changes(
    operation, field, value, roles, ctx, outside
):
    method, path = operation.split(" ", 1)
    target = None
    if "{id}" in path:
        target = ctx[OBJECT_OF[path.split("/")[3]]]
        path = path.replace("{id}", str(target.pk))
    linked = outside[value]
    body = {} if method == "PATCH" else _body(operation, ctx)
    body[field] = linked.pk
    failures = []
    for role in roles.split():
        client = APIClient()
        client.force_authenticate(getattr(ctx["world"], role))
        before = type(target).objects.filter(pk=target.pk).values().first() if target is not None else None
        response = client.generic(method, path, data=json.dumps(body), content_type="application/json")
        if response.status_code not in (400, 403, 404):
            failures.append(f"{role}: {response.status_code} {response.content[:160]!r}")
        if target is not None and type(target).objects.filter(pk=target.pk).values().first() != before:
            failures.append(f"{role}: the row changed")
    assert not failures, "\n".join(failures)
