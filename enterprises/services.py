"""State changes of enterprises' projects, applications and talent demand.

Every transition locks the project row (``select_for_update``) before it reads the state, so
two requests racing to move the same project cannot both succeed: the second sees the state
the first left and gets a 409.
"""

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import notifications
from accounts.errors import Conflict, Invalid
from accounts.models import Notification, Role, User
from colleges.models import College
from courses.models import Module, Skill
from ledger import changes
from ledger.services import evidence_record_platform

from .models import (
    Application,
    Deliverable,
    Enterprise,
    IpAgreement,
    MatchRequest,
    Project,
    ProjectTransition,
    TalentDemand,
)

S = Project.Status


def check_dates(project: Project | None, changes: dict[str, Any]) -> None:
    """A project never ends before it starts: the dates given are checked against each other
    and against the project's own, and the error names the field that was given (a new start
    after the project's end is the start's fault, not the end's)."""
    starts_on = changes["starts_on"] if "starts_on" in changes else getattr(project, "starts_on", None)
    ends_on = changes["ends_on"] if "ends_on" in changes else getattr(project, "ends_on", None)
    if not (starts_on and ends_on and ends_on < starts_on):
        return
    if "ends_on" in changes:
        raise Invalid("ends_on", _("The end comes before the start."))
    raise Invalid("starts_on", _("The start comes after the end."))


def _check_plan(enterprise_id: int, mentor: User | None) -> None:
    if mentor is not None and not (mentor.role == Role.ENGINEER and mentor.enterprise_id == enterprise_id):
        raise Invalid("mentor", _("The mentor is an engineer of the enterprise."))


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update(of=("self",)).select_related("module__course").get(pk=project.pk)


def _require(project: Project, allowed: Iterable[str], action: str) -> None:
    """409 unless the project's state allows ``action`` (a translated verb: "opened")."""
    if project.status not in allowed:
        raise Conflict(
            _("The project is %(state)s; it cannot be %(action)s from that state.")
            % {"state": project.get_status_display(), "action": action}
        )


def _move(
    project: Project, to: str, actor: User | None, note: str = "", fields: Iterable[str] = (), cause: str = ""
) -> None:
    ProjectTransition.objects.create(
        project=project, from_status=project.status, to_status=to, actor=actor, note=note[:300], cause=cause
    )
    project.status = to
    project.save(update_fields=["status", "updated_at", *fields])
    _tell_participants(project, actor)


def _project_link(project: Project) -> str:
    return reverse("projects-detail", args=[project.pk])


def _tell_participants(project: Project, actor: User | None) -> None:
    """Everyone taking part hears of a new state: the enterprise's engineers, the staff of
    the college that took it on, and the accepted students."""
    students = User.objects.filter(
        applications__project=project, applications__status=Application.Status.ACCEPTED
    )
    notifications.notify(
        [
            *notifications.engineers_of(project.enterprise_id),
            *notifications.staff_of_college(project.college_id, admins_only=True),
            *students,
        ],
        Notification.Kind.PROJECT_STATE,
        link=_project_link(project),
        actor=actor,
        project=project.title,
        state=notifications.term(project.get_status_display()),
    )


@transaction.atomic
def project_create(
    *,
    actor: User,
    enterprise: Enterprise,
    title: str,
    description: str,
    seats: int,
    visibility: str = Project.Visibility.PUBLIC,
    skills: Iterable[Skill] = (),
    mentor: User | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    hours_cap: int | None = None,
) -> Project:
    _check_plan(enterprise.pk, mentor)
    check_dates(None, {"starts_on": starts_on, "ends_on": ends_on})
    project = Project.objects.create(
        enterprise=enterprise,
        title=title,
        description=description,
        seats=seats,
        visibility=visibility,
        mentor=mentor,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_cap=hours_cap,
        created_by=actor,
    )
    project.skills.set(skills)
    ProjectTransition.objects.create(project=project, from_status="", to_status=S.DRAFT, actor=actor)
    return project


@transaction.atomic
def project_update(*, project: Project, actor: User, data: dict[str, Any]) -> Project:
    project = _lock(project)
    # The cap on students' hours may change while the work is under way (hours logged before
    # stay; new ones are checked against the new cap); nothing else may.
    cap_only = set(data) == {"hours_cap"}
    _require(project, (S.DRAFT, S.OPEN, S.IN_PROGRESS) if cap_only else (S.DRAFT, S.OPEN), _("edited"))
    if "seats" in data:
        accepted = project.applications.filter(status=Application.Status.ACCEPTED).count()
        if data["seats"] < accepted:
            raise Invalid(
                "seats",
                ngettext(
                    "%(n)s applicant is already accepted.", "%(n)s applicants are already accepted.", accepted
                )
                % {"n": accepted},
            )
    _check_plan(project.enterprise_id, data.get("mentor", project.mentor))
    check_dates(project, {name: data[name] for name in ("starts_on", "ends_on") if name in data})
    skills = data.pop("skills", None)
    for name, value in data.items():
        setattr(project, name, value)
    project.save()
    if skills is not None:
        project.skills.set(skills)
    return project


@transaction.atomic
def project_open(*, project: Project, actor: User) -> Project:
    project = _lock(project)
    _require(project, (S.DRAFT,), _("opened"))
    _move(project, S.OPEN, actor)
    return project


@transaction.atomic
def project_take_on(
    *, project: Project, actor: User, college: College, module: Module | None = None
) -> Project:
    if not actor.is_platform_admin and actor.college_id != college.pk:
        raise Invalid("college", _("You can take projects on only for your own college."))
    return take_on(project=project, actor=actor, college=college, module=module)


def take_on(
    *,
    project: Project,
    actor: User,
    college: College,
    module: Module | None = None,
    request_id: int | None = None,
) -> Project:
    """The college takes the project on (its own staff, or the accepted match request
    ``request_id``); the project's other match requests are answered: it is taken."""
    if module is not None and module.course.college_id != college.pk:
        raise Invalid("module", _("The module does not belong to the college."))
    project = _lock(project)
    _require(project, (S.OPEN,), _("taken on"))
    if project.college_id is not None and project.college_id != college.pk:
        raise Conflict(_("Another college has already taken this project on."))
    project.college = college
    project.module = module
    project.save(update_fields=["college", "module", "updated_at"])
    others = MatchRequest.objects.filter(project=project, status=MatchRequest.Status.PENDING)
    if request_id is not None:
        others = others.exclude(pk=request_id)
    others.update(
        status=MatchRequest.Status.DECLINED,
        reply=_("A college has taken the project on."),
        decided_at=timezone.now(),
    )
    ProjectTransition.objects.create(
        project=project,
        from_status=S.OPEN,
        to_status=S.OPEN,
        actor=actor,
        college=college,
    )
    return project


@transaction.atomic
def project_apply(*, project: Project, student: User, motivation: str) -> Application:
    project = _lock(project)
    _require(project, (S.OPEN,), _("applied to"))
    if student.role != Role.STUDENT:
        raise Conflict(_("Only students can apply to projects."))
    if project.visibility != Project.Visibility.PUBLIC and (
        project.college_id is None or student.college_id != project.college_id
    ):
        raise Conflict(_("Only students of the college that took this project on can apply."))
    if project.applications.filter(student=student).exists():
        raise Conflict(_("You have already applied to this project."))
    application = Application.objects.create(project=project, student=student, motivation=motivation)
    notifications.notify(
        notifications.engineers_of(project.enterprise_id),
        Notification.Kind.APPLICATION_RECEIVED,
        link=_project_link(project),
        student=student.get_full_name() or student.username,
        project=project.title,
    )
    return application


def _tell_applicant(application: Application, project: Project) -> None:
    notifications.notify(
        [application.student],
        Notification.Kind.APPLICATION_DECIDED,
        link=_project_link(project),
        project=project.title,
        decision=notifications.term(
            application.get_status_display(),
            context="application" if application.status == Application.Status.ACCEPTED else "",
        ),
    )


@transaction.atomic
def application_accept(*, application: Application, actor: User) -> Application:
    # Lock the project, not just the application: the seat count is the project's, and two
    # engineers accepting different applicants at once must not exceed it together.
    project = _lock(application.project)
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require(project, (S.OPEN, S.IN_PROGRESS), _("staffed"))
    if application.status == Application.Status.ACCEPTED:
        raise Conflict(_("The application is already accepted."))
    accepted = project.applications.filter(status=Application.Status.ACCEPTED).count()
    if accepted >= project.seats:
        raise Conflict(_("All %(seats)s seats of the project are taken.") % {"seats": project.seats})
    application.status = Application.Status.ACCEPTED
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_by", "decided_at"])
    _tell_applicant(application, project)
    return application


@transaction.atomic
def application_decline(*, application: Application, actor: User) -> Application:
    project = _lock(application.project)
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require(project, (S.OPEN, S.IN_PROGRESS), _("staffed"))
    if application.status == Application.Status.DECLINED:
        raise Conflict(_("The application is already declined."))
    application.status = Application.Status.DECLINED
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_by", "decided_at"])
    _tell_applicant(application, project)
    return application


@transaction.atomic
def project_start(*, project: Project, actor: User) -> Project:
    project = _lock(project)
    _require(project, (S.OPEN,), _("started"))
    if not project.applications.filter(status=Application.Status.ACCEPTED).exists():
        raise Conflict(_("Accept at least one application before starting the project."))
    if project.visibility != Project.Visibility.PUBLIC:
        agreement = IpAgreement.objects.filter(project=project).first()
        if agreement is None or agreement.status != "agreed":
            raise Conflict(
                _("A project that is not public needs IP terms accepted by both sides before it starts.")
            )
    _move(project, S.IN_PROGRESS, actor)
    return project


@transaction.atomic
def project_deliver(*, project: Project, actor: User, summary: str, link: str = "") -> Deliverable:
    project = _lock(project)
    _require(project, (S.IN_PROGRESS,), _("delivered"))
    deliverable = Deliverable.objects.create(project=project, summary=summary, link=link, submitted_by=actor)
    _move(project, S.DELIVERED, actor)
    return deliverable


# What apps above this one do when a project is accepted, in the same transaction (feedback
# opens the engineer's and the students' feedback). Registered in their AppConfig.ready().
ON_ACCEPTED: list[Callable[[Project, User], Any]] = []


def _major_of(project: Project) -> Any:
    return project.module.course.major if project.module is not None else None


def _record_closure(project: Project, actor: User, *, delivered: bool) -> None:
    """The platform evidence of evaluation.md for a closed project taken on by a college."""
    if project.college_id is None:
        return
    today = timezone.localdate()
    common = {
        "college": project.college,
        "major": _major_of(project),
        "occurred_on": today,
        "actor": actor,
        "event_key": f"project:{project.pk}:closed",
        "origin": project,
    }
    evidence_record_platform(indicator="project_delivery_rate", value=1 if delivered else 0, **common)
    if delivered:
        evidence_record_platform(indicator="projects_accepted", value=1, **common)
        if project.rating is not None:
            evidence_record_platform(indicator="enterprise_rating", value=project.rating, **common)


@transaction.atomic
def project_accept(*, project: Project, actor: User, rating: int, feedback: str = "") -> Project:
    if not 1 <= rating <= 5:
        raise Invalid("rating", _("The rating must be between 1 and 5."))
    project = _lock(project)
    _require(project, (S.DELIVERED,), _("accepted"))
    project.rating = rating
    project.feedback = feedback
    _move(project, S.ACCEPTED, actor, fields=("rating", "feedback"))
    _record_closure(project, actor, delivered=True)
    for hook in ON_ACCEPTED:
        hook(project, actor)
    return project


def _deliverers(project: Project) -> Any:
    """The people who delivered the project (the teachers, or students, who pressed Deliver)."""
    return User.objects.filter(pk__in=project.deliverables.values("submitted_by"))


@transaction.atomic
def project_request_changes(*, project: Project, actor: User, reason: str) -> Project:
    """The delivery is not yet what the enterprise needs: the project goes back under way so
    the team can deliver again, and the teacher and the students read why."""
    project = _lock(project)
    _require(project, (S.DELIVERED,), _("sent back for changes"))
    students = User.objects.filter(
        applications__project=project, applications__status=Application.Status.ACCEPTED
    )
    _move(project, S.IN_PROGRESS, actor, note=reason)
    notifications.notify(
        [*_deliverers(project), *students],
        Notification.Kind.PROJECT_CHANGES_REQUESTED,
        link=_project_link(project),
        actor=actor,
        project=project.title,
        enterprise=project.enterprise.name,
        reason=reason,
    )
    return project


@transaction.atomic
def project_reject(*, project: Project, actor: User, feedback: str) -> Project:
    """The delivery is refused for good: the project closes, and the college's administrators
    and the teacher who delivered read why."""
    project = _lock(project)
    _require(project, (S.DELIVERED,), _("rejected"))
    project.feedback = feedback
    _move(project, S.REJECTED, actor, note=feedback, fields=("feedback",))
    notifications.notify(
        [*notifications.staff_of_college(project.college_id, admins_only=True), *_deliverers(project)],
        Notification.Kind.PROJECT_REJECTED,
        link=_project_link(project),
        actor=actor,
        project=project.title,
        enterprise=project.enterprise.name,
        reason=feedback,
    )
    _record_closure(project, actor, delivered=False)
    return project


@transaction.atomic
def project_abandon(*, project: Project, actor: User, reason: str = "") -> Project:
    project = _lock(project)
    _require(project, (S.DRAFT, S.OPEN, S.IN_PROGRESS, S.DELIVERED), _("abandoned"))
    _move(project, S.ABANDONED, actor, note=reason)
    _record_closure(project, actor, delivered=False)
    return project


# A posting the platform may still withdraw: nobody works on it yet. Under way or delivered,
# a project belongs to the people working on it; an upheld flag then only hides it from others.
WITHDRAWABLE = (S.DRAFT, S.OPEN)


def project_withdraw(*, project: Project, actor: User) -> Project:
    """A platform admin upheld a flag on a posting nobody works on yet: it closes (abandoned),
    so nobody can take it on, apply to it or match it any more, and its history says the
    platform withdrew it after a check (naming no reporter). A college that took it on is
    told, and its delivery rate does not count a posting the platform withdrew. Runs inside
    the caller's transaction; a project under way or closed is left as it is."""
    project = _lock(project)
    if project.status in WITHDRAWABLE:
        _move(project, S.ABANDONED, actor, cause=ProjectTransition.Cause.FLAG_UPHELD)
    return project


# --- Talent demand ---------------------------------------------------------------------------


@transaction.atomic
def talent_demand_state(
    *, actor: User, enterprise: Enterprise, skill: Skill, headcount: int, year: int, region: str = ""
) -> TalentDemand:
    """The enterprise states how many people with a skill it needs (region: its own unless
    said otherwise, radar.md); the radar is rebuilt after commit."""
    region = region.strip() or enterprise.region
    if TalentDemand.objects.filter(enterprise=enterprise, skill=skill, region=region, year=year).exists():
        raise Invalid("skill", _("This enterprise already states demand for this skill, region and year."))
    demand = TalentDemand.objects.create(
        enterprise=enterprise, skill=skill, headcount=headcount, region=region, year=year
    )
    changes.radar_input_changed()
    return demand


@transaction.atomic
def talent_demand_withdraw(*, demand: TalentDemand, actor: User) -> None:
    demand.delete()
    changes.radar_input_changed()
