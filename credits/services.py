"""The rules of credit for work-based learning (see ``credits.models``): what a student may
ask credit for, whose turn it is, and the banking of the credit on the last approval."""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import notifications
from accounts.errors import Conflict, Invalid
from accounts.models import LearnerProfile, Notification, Role, User
from courses.models import CreditTransaction, Module, Offering
from courses.services import credit_post_module, credited_for_module
from enterprises.models import Application, Project
from internships.models import Internship

from .models import ORDER, CreditRequest, Decision, Step
from .permissions import is_college, is_mentor, is_sponsor

STEP_OF = {
    CreditRequest.Status.MENTOR: Step.MENTOR,
    CreditRequest.Status.SPONSOR: Step.SPONSOR,
    CreditRequest.Status.COLLEGE: Step.COLLEGE,
}
STATUS_OF = {step: status for status, step in STEP_OF.items()}
ACTS = {Step.MENTOR: is_mentor, Step.SPONSOR: is_sponsor, Step.COLLEGE: is_college}


def name(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else "—"


def programme_of(student: User) -> LearnerProfile | None:
    profile = LearnerProfile.objects.filter(user=student).first()
    return profile if profile is not None and profile.college_id and profile.major_id else None


def programme_modules(student: User) -> QuerySet[Module]:
    """The modules of the student's programme: those of their major's courses at their college."""
    profile = programme_of(student)
    if profile is None:
        return Module.objects.none()
    return Module.objects.filter(
        course__college_id=profile.college_id or 0, course__major_id=profile.major_id or 0
    ).select_related("course")


def accepted_projects(student: User) -> QuerySet[Project]:
    """Accepted projects the student took part in (accepted on them)."""
    return Project.objects.filter(
        status=Project.Status.ACCEPTED,
        applications__student=student,
        applications__status=Application.Status.ACCEPTED,
    ).distinct()


def ended_internships(student: User) -> QuerySet[Internship]:
    return Internship.objects.filter(student=student, status=Internship.Status.ENDED).select_related(
        "enterprise", "position"
    )


def sponsors(college_id: int | None) -> QuerySet[User]:
    return User.objects.filter(college_id=college_id or 0, role=Role.TEACHER, is_active=True)


def default_sponsor(module: Module, college_id: int) -> User | None:
    """The module's teacher: who taught its most recent offering, if a teacher of the college."""
    offering = (
        Offering.objects.filter(
            module=module, teacher__role=Role.TEACHER, teacher__college_id=college_id, teacher__is_active=True
        )
        .select_related("teacher")
        .order_by("-term", "-id")
        .first()
    )
    return offering.teacher if offering is not None else None


def waiting_for(user: User) -> QuerySet[CreditRequest]:
    """The open requests whose turn is this person's."""
    rows = CreditRequest.objects.none()
    if user.role == Role.ENGINEER:
        cond = Q(mentor_id=user.pk)
        if user.enterprise_id:
            cond |= Q(mentor__isnull=True, enterprise_id=user.enterprise_id)
        rows = CreditRequest.objects.filter(cond, status=CreditRequest.Status.MENTOR)
    elif user.role == Role.TEACHER:
        rows = CreditRequest.objects.filter(sponsor_id=user.pk, status=CreditRequest.Status.SPONSOR)
    elif user.role == Role.COLLEGE_ADMIN and user.college_id:
        rows = CreditRequest.objects.filter(college_id=user.college_id, status=CreditRequest.Status.COLLEGE)
    elif user.role == Role.STUDENT:
        rows = CreditRequest.objects.filter(student=user, status__in=CreditRequest.OPEN_STATES)
    return rows.select_related(
        "student", "module", "project", "internship__position", "internship__enterprise"
    )


def actors_of(request: CreditRequest, step: str) -> Any:
    """Who is told that a step waits for them."""
    if step == Step.MENTOR:
        if request.mentor_id:
            return User.objects.filter(pk=request.mentor_id, is_active=True)
        return notifications.engineers_of(request.enterprise_id)
    if step == Step.SPONSOR:
        return User.objects.filter(pk=request.sponsor_id, is_active=True)
    return notifications.staff_of_college(request.college_id, admins_only=True)


def _tell_next(request: CreditRequest, step: str, actor: User) -> None:
    notifications.notify(
        actors_of(request, step),
        Notification.Kind.CREDIT_REQUEST_WAITING,
        link=reverse("credit-requests-detail", args=[request.pk]),
        actor=actor,
        student=name(request.student),
        module=request.module.title,
        source=request.source_title,
    )


@transaction.atomic
def credit_request_submit(
    *,
    student: User,
    module: Module,
    project: Project | None = None,
    internship: Internship | None = None,
    sponsor: User | None = None,
    statement: str = "",
) -> CreditRequest:
    """A student asks for a module of their programme to be credited for an accepted project
    they took part in or an ended internship of theirs; 400 naming the field otherwise."""
    if student.role != Role.STUDENT:
        raise Invalid("student", _("Only a student asks for credit for work-based learning."))
    profile = programme_of(student)
    if profile is None:
        raise Invalid(
            "module", _("Your profile names no college and major: there is no programme to credit.")
        )
    college_id = profile.college_id or 0  # programme_of returns only a profile with a college
    if (project is None) == (internship is None):
        raise Invalid("project", _("Name either an accepted project or an ended internship, not both."))
    if project is not None:
        if project.status != Project.Status.ACCEPTED:
            raise Invalid("project", _("Credit is asked for a project whose delivery was accepted."))
        if not Application.objects.filter(
            project=project, student=student, status=Application.Status.ACCEPTED
        ).exists():
            raise Invalid("project", _("You ask for credit only for a project you took part in."))
        enterprise_id, mentor_id = project.enterprise_id, project.mentor_id
    elif internship is not None:
        if internship.student_id != student.pk:
            raise Invalid("internship", _("You ask for credit only for an internship of your own."))
        if internship.status != Internship.Status.ENDED:
            raise Invalid("internship", _("Credit is asked for an internship that has ended."))
        enterprise_id, mentor_id = internship.enterprise_id, internship.mentor_id
    if not programme_modules(student).filter(pk=module.pk).exists():
        raise Invalid("module", _("The module is not one of your programme's (your major's courses)."))
    if sponsor is None:
        sponsor = default_sponsor(module, college_id)
        if sponsor is None:
            raise Invalid(
                "sponsor", _("The module has no teacher yet: name a teacher of your college as sponsor.")
            )
    elif not sponsors(college_id).filter(pk=sponsor.pk).exists():
        raise Invalid("sponsor", _("The faculty sponsor is a teacher of your college."))
    # The student's row is the lock the credit bank takes too: a request and a credit
    # posted at once for the same module see each other.
    User.objects.select_for_update().filter(pk=student.pk).first()
    if credited_for_module(learner=student, module=module) > 0:
        raise Invalid("module", _("You already hold credit for this module: it counts once."))
    if CreditRequest.objects.filter(
        student=student, module=module, status__in=CreditRequest.OPEN_STATES
    ).exists():
        raise Invalid("module", _("A request of yours for this module is still waiting for a decision."))
    try:
        with transaction.atomic():
            request = CreditRequest.objects.create(
                student=student,
                college_id=college_id,
                module=module,
                project=project,
                internship=internship,
                enterprise_id=enterprise_id,
                mentor_id=mentor_id,
                sponsor=sponsor,
                statement=statement.strip(),
            )
    except IntegrityError:
        raise Invalid(
            "module", _("A request of yours for this module is still waiting for a decision.")
        ) from None
    _tell_next(request, Step.MENTOR, student)
    return request


def _turn(request: CreditRequest, actor: User) -> str:
    """The step the actor decides now; 409 when the request is closed or not at their step."""
    if not request.is_open:
        raise Conflict(
            _("The request is %(state)s: a decision on it is final.")
            % {"state": request.get_status_display()}
        )
    step = STEP_OF[CreditRequest.Status(request.status)]
    if not ACTS[step](actor, request):
        raise Conflict(
            _("The request is %(state)s: it is not your turn to decide.")
            % {"state": request.get_status_display()}
        )
    return step


def _lock(request: CreditRequest) -> CreditRequest:
    return (
        CreditRequest.objects.select_for_update(of=("self",))
        .select_related("student", "module", "project", "internship__position", "internship__enterprise")
        .get(pk=request.pk)
    )


@transaction.atomic
def credit_request_approve(*, request: CreditRequest, actor: User) -> CreditRequest:
    """Approve at the actor's step: the next step is told; the last approval banks the module's
    credit (once: not when the student already holds it)."""
    request = _lock(request)
    step = _turn(request, actor)
    Decision.objects.create(request=request, step=step, outcome=Decision.Outcome.APPROVED, actor=actor)
    following = ORDER.index(Step(step)) + 1
    if following < len(ORDER):
        request.status = STATUS_OF[ORDER[following]]
        request.save(update_fields=["status", "updated_at"])
        _tell_next(request, ORDER[following], actor)
        return request
    module = request.module
    request.credit = credit_post_module(
        learner=request.student,
        module=module,
        credits=module.credits,
        kind=CreditTransaction.Kind.MODULE,
        source=f"Work-based learning: {request.source_title}"[:300],
        actor=actor,
    )
    request.status = CreditRequest.Status.APPROVED
    request.save(update_fields=["status", "credit", "updated_at"])
    notifications.notify(
        [request.student],
        Notification.Kind.CREDIT_REQUEST_APPROVED,
        link=reverse("credit-requests-detail", args=[request.pk]),
        actor=actor,
        module=module.title,
        credits=f"{module.credits.normalize():f}",
    )
    return request


@transaction.atomic
def credit_request_decline(*, request: CreditRequest, actor: User, reason: str) -> CreditRequest:
    reason = reason.strip()
    if not reason:
        raise Invalid("reason", _("Say why the credit is declined: the student reads it."))
    request = _lock(request)
    step = _turn(request, actor)
    Decision.objects.create(
        request=request, step=step, outcome=Decision.Outcome.DECLINED, actor=actor, reason=reason
    )
    request.status = CreditRequest.Status.DECLINED
    request.reason = reason
    request.save(update_fields=["status", "reason", "updated_at"])
    notifications.notify(
        [request.student],
        Notification.Kind.CREDIT_REQUEST_DECLINED,
        link=reverse("credit-requests-detail", args=[request.pk]),
        actor=actor,
        module=request.module.title,
        reason=reason,
    )
    return request


def my_turn(user: Any, request: CreditRequest) -> bool:
    """Is the request waiting for this person's decision?"""
    if not getattr(user, "is_authenticated", False) or not request.is_open:
        return False
    return ACTS[STEP_OF[CreditRequest.Status(request.status)]](user, request)
