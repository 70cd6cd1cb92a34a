"""Where each competency of a student's learning plan stands, and the rows that say why.

The status comes from a list of sources (``SOURCES``). A source is one function: given the
student and what each competency of the plan covers (its skills and the modules that teach
it), it returns, by competency, the rows of the student's record that show progress on it,
each saying whether it alone achieves the competency. Adding a kind of evidence is adding
one function to the list.

- achieved: a teacher marked it so, or a row achieves it, or every competency under it is
  achieved;
- in progress: some row shows progress (or a competency under it has some), none achieves it;
- not started: nothing yet.

Each source makes one or two queries for the whole plan, whatever its size.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from courses.models import Enrollment
from enterprises.models import HourLog, Project
from feedback.models import Endorsement
from feedback.permissions import visible_endorsements
from internships.models import Internship, PlanTask

from .models import Competency, CompetencyMark, LearningPlan


class Status:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    LABELS = {
        NOT_STARTED: gettext_lazy("Not started"),
        IN_PROGRESS: gettext_lazy("In progress"),
        ACHIEVED: gettext_lazy("Achieved"),
    }


# Confirmed hours on projects that practise a competency's skills achieve it from this many
# on one project: about a week of full-time work, the least a mentor can judge a skill on.
HOURS_TO_ACHIEVE = Decimal(40)


@dataclass
class Covers:
    """What a competency covers: its skills and the modules that teach it (ids)."""

    skills: set[int]
    modules: set[int]


@dataclass
class Row:
    """A row of the student's record that shows progress on a competency."""

    source: str
    text: str
    achieves: bool
    on: datetime.date | None = None
    obj: Any = None  # the row shown, for a link to its page


@dataclass
class Source:
    key: str
    label: Promise
    rows: Callable[[User, dict[int, Covers]], dict[int, list[Row]]]


@dataclass
class CompetencyProgress:
    competency: Competency
    depth: int
    status: str = Status.NOT_STARTED
    rows: list[Row] = field(default_factory=list)
    mark: CompetencyMark | None = None

    @property
    def status_label(self) -> str:
        return str(Status.LABELS[self.status])


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return moment.date() if moment else None


def modules_rows(student: User, covers: dict[int, Covers]) -> dict[int, list[Row]]:
    """Enrolments in the modules that teach a competency: a passed one achieves it, one under
    way (or completed without a pass) is progress."""
    wanted = set().union(*(c.modules for c in covers.values())) if covers else set()
    found: dict[int, list[Row]] = {}
    if not wanted:
        return found
    enrollments = (
        Enrollment.objects.filter(learner=student, offering__module_id__in=wanted)
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .select_related("offering__module")
    )
    for enrollment in enrollments:
        module = enrollment.offering.module
        passed = enrollment.status == Enrollment.Status.COMPLETED and bool(enrollment.passed)
        if passed:
            text = _("Module %(module)s (%(term)s) passed, grade %(grade)s.")
        elif enrollment.status == Enrollment.Status.COMPLETED:
            text = _("Module %(module)s (%(term)s) completed without a pass.")
        else:
            text = _("Enrolled in module %(module)s (%(term)s).")
        row = Row(
            "modules",
            text % {"module": module.title, "term": enrollment.offering.term, "grade": enrollment.grade},
            passed,
            _day(enrollment.completed_at or enrollment.enrolled_at),
            enrollment,
        )
        for competency_id, cover in covers.items():
            if module.pk in cover.modules:
                found.setdefault(competency_id, []).append(row)
    return found


def hours_rows(student: User, covers: dict[int, Covers]) -> dict[int, list[Row]]:
    """Confirmed hours on projects that practise a competency's skills, a row per project;
    ``HOURS_TO_ACHIEVE`` on one project achieve it."""
    wanted = set().union(*(c.skills for c in covers.values())) if covers else set()
    found: dict[int, list[Row]] = {}
    if not wanted:
        return found
    skills_of: dict[int, set[int]] = {}
    for project_id, skill_id in Project.skills.through.objects.filter(
        skill_id__in=wanted, project__hour_logs__student=student
    ).values_list("project_id", "skill_id"):
        skills_of.setdefault(project_id, set()).add(skill_id)
    if not skills_of:
        return found
    sums = (
        HourLog.objects.filter(student=student, status=HourLog.Status.CONFIRMED, project_id__in=skills_of)
        .values("project_id", "project__title")
        .annotate(total=Sum("hours"), logs=Count("id"), last=Max("date"))
    )
    for item in sums:
        total: Decimal = item["total"]
        row = Row(
            "hours",
            _("%(hours)s confirmed hours on the project %(project)s (%(logs)s logs).")
            % {"hours": f"{total.normalize():f}", "project": item["project__title"], "logs": item["logs"]},
            total >= HOURS_TO_ACHIEVE,
            item["last"],
            Project(pk=item["project_id"], title=item["project__title"]),
        )
        for competency_id, cover in covers.items():
            if cover.skills & skills_of[item["project_id"]]:
                found.setdefault(competency_id, []).append(row)
    return found


def internship_rows(student: User, covers: dict[int, Covers]) -> dict[int, list[Row]]:
    """Tasks of the student's internship training plans that practise a competency's skills
    or its modules: a task under way is progress, a task done (100 %) achieves it."""
    skills = set().union(*(c.skills for c in covers.values())) if covers else set()
    modules = set().union(*(c.modules for c in covers.values())) if covers else set()
    found: dict[int, list[Row]] = {}
    if not skills and not modules:
        return found
    tasks = (
        PlanTask.objects.filter(plan__internship__student=student, progress__gt=0)
        .exclude(plan__internship__status=Internship.Status.CANCELLED)
        .filter(Q(skills__in=skills) | Q(module_id__in=modules))
        .distinct()
        .select_related("plan__internship__enterprise")
        .prefetch_related("skills")
    )
    for task in tasks:
        task_skills = {skill.pk for skill in task.skills.all()}
        row = Row(
            "internship",
            _("Internship task %(task)s at %(enterprise)s: %(progress)s %% done.")
            % {
                "task": task.title,
                "enterprise": task.plan.internship.enterprise.name,
                "progress": task.progress,
            },
            task.progress >= 100,
            task.plan.internship.start_date,
            task.plan.internship,
        )
        for competency_id, cover in covers.items():
            if cover.skills & task_skills or (task.module_id and task.module_id in cover.modules):
                found.setdefault(competency_id, []).append(row)
    return found


def endorsement_rows(student: User, covers: dict[int, Covers]) -> dict[int, list[Row]]:
    """Endorsements of a competency's skills by an engineer who mentored the student (those
    that are endorsements yet: from feedback, once it can be read): each achieves it, since an
    engineer vouched for the skill at work. Hidden ones count too: hiding is from the public."""
    wanted = set().union(*(c.skills for c in covers.values())) if covers else set()
    found: dict[int, list[Row]] = {}
    if not wanted:
        return found
    endorsements = (
        Endorsement.objects.filter(visible_endorsements(), learner=student, skill_id__in=wanted)
        .select_related("skill", "enterprise")
        .order_by("created_at", "pk")
    )
    for endorsement in endorsements:
        row = Row(
            "endorsements",
            _("%(skill)s endorsed by %(enterprise)s.")
            % {"skill": endorsement.skill.local_name, "enterprise": endorsement.enterprise.name},
            True,
            _day(endorsement.created_at),
            endorsement,
        )
        for competency_id, cover in covers.items():
            if endorsement.skill_id in cover.skills:
                found.setdefault(competency_id, []).append(row)
    return found


SOURCES: list[Source] = [
    Source("modules", gettext_lazy("Completed modules"), modules_rows),
    Source("hours", gettext_lazy("Confirmed project hours"), hours_rows),
    Source("internship", gettext_lazy("Internship plan tasks"), internship_rows),
    Source("endorsements", gettext_lazy("Endorsements"), endorsement_rows),
]


def plan_progress(plan: LearningPlan) -> list[CompetencyProgress]:
    """Every competency of the plan's framework, in tree order with its depth, with its
    status and the rows that explain it."""
    competencies = list(
        Competency.objects.filter(framework_id=plan.template.framework_id).prefetch_related(
            "skills", "modules"
        )
    )
    covers = {
        c.pk: Covers({s.pk for s in c.skills.all()}, {m.pk for m in c.modules.all()}) for c in competencies
    }
    rows: dict[int, list[Row]] = {}
    for source in SOURCES:
        for competency_id, found in source.rows(plan.student, covers).items():
            rows.setdefault(competency_id, []).extend(found)
    marks = {mark.competency_id: mark for mark in plan.marks.select_related("marked_by")}
    children: dict[int | None, list[Competency]] = {}
    for competency in competencies:
        children.setdefault(competency.parent_id, []).append(competency)

    result: list[CompetencyProgress] = []

    def visit(competency: Competency, depth: int) -> CompetencyProgress:
        item = CompetencyProgress(competency, depth, rows=rows.get(competency.pk, []))
        result.append(item)
        below = [visit(child, depth + 1) for child in children.get(competency.pk, [])]
        item.mark = marks.get(competency.pk)
        if item.mark is not None:
            who = item.mark.marked_by.get_full_name() or item.mark.marked_by.username
            item.rows.insert(
                0,
                Row(
                    "teacher",
                    _("Marked achieved by %(teacher)s: %(note)s") % {"teacher": who, "note": item.mark.note},
                    True,
                    _day(item.mark.marked_at),
                ),
            )
        if item.mark is not None or any(row.achieves for row in item.rows):
            item.status = Status.ACHIEVED
        elif below and all(child.status == Status.ACHIEVED for child in below):
            item.status = Status.ACHIEVED
            item.rows.append(
                Row("tree", _("Every competency under it (%(n)s) is achieved.") % {"n": len(below)}, True)
            )
        elif item.rows or any(child.status != Status.NOT_STARTED for child in below):
            item.status = Status.IN_PROGRESS
            if not item.rows:
                started = sum(child.status != Status.NOT_STARTED for child in below)
                item.rows.append(
                    Row(
                        "tree",
                        _("%(n)s of the %(total)s competencies under it are under way or achieved.")
                        % {"n": started, "total": len(below)},
                        False,
                    )
                )
        return item

    for top in children.get(None, []):
        visit(top, 0)
    return result


def summary(progress: list[CompetencyProgress]) -> dict[str, int]:
    counts = dict.fromkeys(Status.LABELS, 0)
    for item in progress:
        counts[item.status] += 1
    return counts
