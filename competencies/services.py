"""Writes of frameworks, their competencies, plan templates and teachers' marks."""

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import notifications
from accounts.errors import Conflict, Invalid
from accounts.models import LearnerProfile, Notification, Role, User
from colleges.models import Major
from courses.models import Module, Skill

from .models import (
    Competency,
    CompetencyMark,
    DescriptionFormat,
    Framework,
    LearningPlan,
    PlanTemplate,
    scale_problem,
)

FRAMEWORK_FIELDS = (
    "idnumber",
    "shortname",
    "description",
    "description_format",
    "scale_values",
    "scale_configuration",
    "taxonomies",
)
COMPETENCY_FIELDS = ("idnumber", "shortname", "description", "description_format", "parent")


def _save(row: Framework | Competency, field: str, message: str) -> None:
    """Save; an ID number taken between the check and the write (two people at once) is the
    same 400 as one taken before, not a 500 from the unique constraint."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise Invalid(field, message) from exc


def _check_framework(framework: Framework) -> None:
    for name in ("idnumber", "shortname"):
        if not str(getattr(framework, name)).strip():
            raise Invalid(name, _("This field cannot be empty."))
    if framework.description_format not in DescriptionFormat.values:
        raise Invalid("description_format", _("Choose a description format."))
    problem = scale_problem(framework.scale_values, framework.scale_configuration)
    if problem is not None:
        raise Invalid("scale_values" if problem[0] == "scalevalues" else "scale_configuration", problem[1])
    clash = Framework.objects.filter(college_id=framework.college_id, idnumber=framework.idnumber)
    if clash.exclude(pk=framework.pk).exists():
        raise Invalid("idnumber", _("The college has a framework with this ID number already."))


@transaction.atomic
def framework_create(*, actor: User, major: Major, **fields: Any) -> Framework:
    unknown = set(fields) - set(FRAMEWORK_FIELDS)
    if unknown:
        raise Invalid(sorted(unknown)[0], _("Not a field of a framework."))
    framework = Framework(college_id=major.college_id, major=major, created_by=actor, **fields)
    _check_framework(framework)
    _save(framework, "idnumber", _("The college has a framework with this ID number already."))
    return framework


@transaction.atomic
def framework_update(*, actor: User, framework: Framework, **fields: Any) -> Framework:
    unknown = set(fields) - set(FRAMEWORK_FIELDS)
    if unknown:
        raise Invalid(sorted(unknown)[0], _("Not a field of a framework."))
    for name, value in fields.items():
        setattr(framework, name, value)
    _check_framework(framework)
    _save(framework, "idnumber", _("The college has a framework with this ID number already."))
    return framework


def _links(framework: Framework, skills: list[Skill] | None, modules: list[Module] | None) -> None:
    for module in modules or []:
        if module.course.college_id != framework.college_id:
            raise Invalid(
                "modules", _("The module %(module)s is not the college's.") % {"module": module.title}
            )


def _check_competency(competency: Competency) -> None:
    for name in ("idnumber", "shortname"):
        if not str(getattr(competency, name)).strip():
            raise Invalid(name, _("This field cannot be empty."))
    parent = competency.parent
    seen = set()
    while parent is not None:
        if parent.framework_id != competency.framework_id:
            raise Invalid("parent", _("The parent is a competency of the same framework."))
        if (competency.pk is not None and parent.pk == competency.pk) or parent.pk in seen:
            raise Invalid("parent", _("A competency cannot be under itself."))
        seen.add(parent.pk)
        parent = parent.parent
    clash = Competency.objects.filter(framework_id=competency.framework_id, idnumber=competency.idnumber)
    if clash.exclude(pk=competency.pk).exists():
        raise Invalid("idnumber", _("The framework has a competency with this ID number already."))


@transaction.atomic
def competency_save(
    *,
    actor: User,
    framework: Framework,
    competency: Competency | None = None,
    skills: list[Skill] | None = None,
    modules: list[Module] | None = None,
    **fields: Any,
) -> Competency:
    """Create a competency of ``framework`` (or change ``competency``), with the skills it
    covers and the modules that teach it (``None``: left as they are)."""
    unknown = set(fields) - set(COMPETENCY_FIELDS)
    if unknown:
        raise Invalid(sorted(unknown)[0], _("Not a field of a competency."))
    if competency is None:
        last = framework.competencies.order_by("-sort_order").values_list("sort_order", flat=True).first()
        competency = Competency(framework=framework, sort_order=(last or 0) + 1)
    for name, value in fields.items():
        setattr(competency, name, value)
    _check_competency(competency)
    _links(framework, skills, modules)
    _save(competency, "idnumber", _("The framework has a competency with this ID number already."))
    if skills is not None:
        competency.skills.set(skills)
    if modules is not None:
        competency.modules.set(modules)
    return competency


def _cohort(template: PlanTemplate) -> list[int]:
    return list(
        LearnerProfile.objects.filter(
            major_id=template.framework.major_id,
            entry_year=template.entry_year,
            user__role=Role.STUDENT,
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )


@transaction.atomic
def template_create(*, actor: User, framework: Framework, entry_year: int, name: str) -> PlanTemplate:
    """A template of ``framework`` for the major's students who entered in ``entry_year``:
    each of them gets a plan."""
    if not name.strip():
        raise Invalid("name", _("Name the template."))
    if not 1990 <= entry_year <= 2100:
        raise Invalid("entry_year", _("A year of entry between 1990 and 2100."))
    if PlanTemplate.objects.filter(framework=framework, entry_year=entry_year).exists():
        raise Conflict(_("This cohort has a plan from this framework already."))
    try:
        with transaction.atomic():
            template = PlanTemplate.objects.create(
                framework=framework, entry_year=entry_year, name=name.strip(), created_by=actor
            )
    except IntegrityError as exc:  # the same template created at the same moment
        raise Conflict(_("This cohort has a plan from this framework already.")) from exc
    template_sync(actor=actor, template=template)
    return template


@transaction.atomic
def template_sync(*, actor: User, template: PlanTemplate) -> int:
    """Give a plan to each student of the cohort who has none yet (a student who joined the
    major later); the number of plans added."""
    have = set(template.plans.values_list("student_id", flat=True))
    new = [LearningPlan(template=template, student_id=pk) for pk in _cohort(template) if pk not in have]
    # Two syncs at once: the second's rows clash on the unique constraint and are skipped.
    LearningPlan.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def competency_mark(*, actor: User, plan: LearningPlan, competency: Competency, note: str) -> CompetencyMark:
    """The teacher's judgement that the student achieved ``competency``, with a note the
    student reads; once per competency of a plan."""
    if competency.framework_id != plan.template.framework_id:
        raise Invalid("competency", _("The competency is not in this plan's framework."))
    if not note.strip():
        raise Invalid("note", _("Say what shows the competency is achieved."))
    if len(note) > 2000:
        raise Invalid("note", _("At most %(n)s characters.") % {"n": 2000})
    try:
        # Two teachers marking at once: the unique constraint keeps one, the other is told.
        with transaction.atomic():
            mark = CompetencyMark.objects.create(
                plan=plan, competency=competency, note=note.strip(), marked_by=actor
            )
    except IntegrityError as exc:
        raise Conflict(_("This competency is marked achieved already.")) from exc
    notifications.notify(
        [plan.student],
        Notification.Kind.COMPETENCY_ACHIEVED,
        link=reverse("learning-plans-detail", args=[plan.pk]),
        actor=actor,
        competency=competency.shortname,
        teacher=actor.get_full_name() or actor.username,
    )
    return mark
