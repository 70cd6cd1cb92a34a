"""Who may see and change enterprises, projects, applications and talent demand.

Project visibility (product.md):
- ``public``: anyone, also anonymous, once the project has left ``draft``;
- ``partners``: logged-in users of colleges linked to the enterprise through an industry
  college, plus the college that took it on;
- ``confidential``: the enterprise, the college that took it on, and the students accepted
  on it. While such a project is open and no college has taken it on, the staff of the
  enterprise's partner colleges see it too: otherwise no college could ever take it on.
Drafts are seen by the enterprise only.
"""

from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import Role, User
from accounts.policies import Policy, college_staff_of, engineer_of
from colleges.models import IndustryCollege

from .models import Application, Employment, Enterprise, Flag, MatchRequest, Project

S = Project.Status
V = Project.Visibility


def _enterprise_id(obj: Any) -> int | None:
    if isinstance(obj, dict):
        enterprise = obj.get("enterprise")
        return getattr(enterprise, "pk", enterprise)
    return getattr(obj, "enterprise_id", None)


def _partner_of(college_id: int) -> Q:
    """The project's enterprise is a partner of the college through an industry college."""
    return Q(
        Exists(IndustryCollege.objects.filter(college_id=college_id, enterprises=OuterRef("enterprise_id")))
    )


class EnterprisePolicy(Policy):
    def can_update(self, user: User, obj: Any) -> bool:
        return engineer_of(user, getattr(obj, "pk", None))

    def can_approve(self, user: User, obj: Any) -> bool:
        """A college administrator vets an employer its students would work for; platform
        admins may too (the base policy)."""
        return user.role == Role.COLLEGE_ADMIN


def hidden_by_flags() -> Q:
    """Postings flags hide from students and the public: withdrawn by a platform admin who
    upheld a flag, or flagged by at least ``FLAGS_TO_HIDE`` different accounts whose flags
    are still open. One account's flags alone never hide a posting from anybody else."""
    crowd = (
        Flag.objects.open()
        .values("project_id")
        .annotate(accounts=Count("flagged_by_id", distinct=True))
        .filter(accounts__gte=settings.FLAGS_TO_HIDE)
        .values("project_id")
    )
    return Q(Exists(Flag.objects.filter(project=OuterRef("pk"), upheld_at__isnull=False))) | Q(pk__in=crowd)


def vetted() -> Q:
    """What students and the public may see of an enterprise's postings: the enterprise is
    vetted and flags do not hide the posting (read when asked: the threshold is a setting)."""
    return Q(enterprise__vetting=Enterprise.Vetting.APPROVED) & ~hidden_by_flags()


class FlagPolicy(Policy):
    """Anyone logged in flags a posting they can see, except on their own enterprise's; they
    see their own flags; platform admins see them all, and clear or uphold them. The
    flagged enterprise never sees who flagged it: its people see no flag but their own."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(flagged_by_id=user.pk)

    def can_create(self, user: User, obj: Any) -> bool:
        # A posting they can see (the serializer offers no other), not their enterprise's.
        project = obj.get("project") if isinstance(obj, dict) else None
        return project is None or not engineer_of(user, project.enterprise_id)

    def can_clear(self, user: User, obj: Any) -> bool:
        return False  # platform admins only

    can_uphold = can_clear


class ProjectPolicy(Policy):
    public_read = True

    def public_scope(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.exclude(status=S.DRAFT).filter(Q(visibility=V.PUBLIC) & vetted())

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        role = user.role
        published = ~Q(status=S.DRAFT)
        if role == Role.STUDENT:
            published &= vetted()
        cond: Q = published & Q(visibility=V.PUBLIC)
        if role == Role.ENGINEER:
            cond |= Q(enterprise_id=user.enterprise_id)
        accepted_on = Q(
            Exists(
                Application.objects.filter(
                    project=OuterRef("pk"), student_id=user.pk, status=Application.Status.ACCEPTED
                )
            )
        )
        college_id = user.college_id
        if role == Role.STUDENT:
            # Whatever its visibility and its flags, a project stays in sight of the students
            # accepted on it: they read it and deliver it (its college's staff see it below).
            cond |= ~Q(status=S.DRAFT) & accepted_on
            if college_id:
                cond |= (
                    published
                    & Q(visibility=V.PARTNERS)
                    & (Q(college_id=college_id) | _partner_of(college_id))
                )
        if role in (Role.COLLEGE_ADMIN, Role.TEACHER) and college_id:
            cond |= published & Q(college_id=college_id)
            cond |= published & Q(visibility=V.PARTNERS) & _partner_of(college_id)
            cond |= Q(visibility=V.CONFIDENTIAL, status=S.OPEN, college__isnull=True) & _partner_of(
                college_id
            )
        return queryset.filter(cond)

    def can_create(self, user: User, obj: Any) -> bool:
        return engineer_of(user, _enterprise_id(obj))

    def can_match(self, user: User, obj: Any) -> bool:
        """College staff propose their modules; the enterprise's engineers invite modules."""
        return user.role in (Role.TEACHER, Role.COLLEGE_ADMIN) or engineer_of(user, obj.enterprise_id)

    def can_flag(self, user: User, obj: Any) -> bool:
        """Anyone logged in who sees a posting may flag it, but not their own enterprise's
        (FlagPolicy)."""
        return not engineer_of(user, obj.enterprise_id)

    def can_update(self, user: User, obj: Any) -> bool:
        return engineer_of(user, obj.enterprise_id)

    can_open = can_start = can_accept = can_request_changes = can_reject = can_abandon = can_update

    def can_take_on(self, user: User, obj: Any) -> bool:
        return user.role in (Role.COLLEGE_ADMIN, Role.TEACHER)

    def can_apply(self, user: User, obj: Any) -> bool:
        return user.role == Role.STUDENT

    def can_log_hours(self, user: User, obj: Any) -> bool:
        """A student logs hours on a project; the service checks they are accepted on it."""
        return user.role == Role.STUDENT

    def can_propose_terms(self, user: User, obj: Any) -> bool:
        """IP terms are proposed by either side: the enterprise or the college that took it on."""
        return engineer_of(user, obj.enterprise_id) or college_staff_of(user, obj.college_id, admin_only=True)

    def can_deliver(self, user: User, obj: Any) -> bool:
        if college_staff_of(user, obj.college_id):
            return True
        return obj.applications.filter(student_id=user.pk, status=Application.Status.ACCEPTED).exists()


class ApplicationPolicy(Policy):
    """A student sees their own; the enterprise and the college that took it on see all."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        role = user.role
        cond = Q(student_id=user.pk)
        if role == Role.ENGINEER:
            cond |= Q(project__enterprise_id=user.enterprise_id)
        if role in (Role.COLLEGE_ADMIN, Role.TEACHER):
            cond |= Q(project__college_id=user.college_id)
        return queryset.filter(cond)

    def can_accept(self, user: User, obj: Any) -> bool:
        return engineer_of(user, obj.project.enterprise_id)

    can_decline = can_accept


class TalentDemandPolicy(Policy):
    """Demand is read by every logged-in user (the radar); stated by the enterprise."""

    def can_create(self, user: User, obj: Any) -> bool:
        return engineer_of(user, _enterprise_id(obj))

    def can_update(self, user: User, obj: Any) -> bool:
        return engineer_of(user, obj.enterprise_id)

    can_destroy = can_update

    def can_import(self, user: User, obj: Any) -> bool:
        return user.role == Role.ENGINEER


class EmploymentPolicy(Policy):
    """The learner, admins of the learner's college and the employer's engineers. The employer
    or the college records it; the learner or their college confirms it."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(learner_id=user.pk)
        if user.role == Role.COLLEGE_ADMIN:
            cond |= Q(learner__college_id=user.college_id)
        if user.role == Role.ENGINEER:
            cond |= Q(enterprise_id=user.enterprise_id)
        if user.role == Role.EVALUATOR:
            return queryset
        return queryset.filter(cond)

    def can_create(self, user: User, obj: Any) -> bool:
        learner = obj.get("learner")
        return engineer_of(user, _enterprise_id(obj)) or (
            learner is not None and college_staff_of(user, learner.college_id, admin_only=True)
        )

    def can_confirm(self, user: User, obj: Any) -> bool:
        """An employment counts once the learner or their college confirms it, never by the
        word of whoever entered it alone."""
        if obj.entered_by_id == user.pk:
            return False
        return obj.learner_id == user.pk or college_staff_of(user, obj.learner.college_id, admin_only=True)


class PerformanceReviewPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(employment__in=EmploymentPolicy().scope(user, Employment.objects.all()))

    def can_create(self, user: User, obj: Any) -> bool:
        employment = obj.get("employment")
        return employment is not None and engineer_of(user, employment.enterprise_id)


class LadderPolicy(Policy):
    def can_create(self, user: User, obj: Any) -> bool:
        return engineer_of(user, _enterprise_id(obj))

    def can_promote(self, user: User, obj: Any) -> bool:
        return engineer_of(user, obj.enterprise_id)


class IpAgreementPolicy(Policy):
    """The project's two sides: the enterprise and the college that took it on."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(pk__in=[])
        if user.role == Role.ENGINEER:
            cond |= Q(project__enterprise_id=user.enterprise_id)
        if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER):
            cond |= Q(project__college_id=user.college_id)
        return queryset.filter(cond)

    def _party(self, user: User, project: Project | None) -> bool:
        if project is None:
            return False
        return engineer_of(user, project.enterprise_id) or college_staff_of(
            user, project.college_id, admin_only=True
        )

    def can_create(self, user: User, obj: Any) -> bool:
        return self._party(user, obj.get("project"))

    def can_accept(self, user: User, obj: Any) -> bool:
        return self._party(user, obj.project)


class MatchRequestPolicy(Policy):
    """A match request is the business of the project's enterprise and the module's college;
    the side that did not send it answers."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role == Role.ENGINEER and user.enterprise_id:
            return queryset.filter(project__enterprise_id=user.enterprise_id)
        if user.role in (Role.TEACHER, Role.COLLEGE_ADMIN) and user.college_id:
            return queryset.filter(module__course__college_id=user.college_id)
        return queryset.none()

    def can_create(self, user: User, obj: Any) -> bool:
        return user.role in (Role.TEACHER, Role.COLLEGE_ADMIN, Role.ENGINEER)

    def can_accept(self, user: User, obj: MatchRequest) -> bool:
        from .matching import may_answer

        return may_answer(user, obj)

    can_decline = can_accept


class HourLogPolicy(Policy):
    """A student's hour logs: the student sees their own, the project's enterprise's engineers
    those on its projects, a college's administrators and teachers those of its students. The
    student logs, changes and withdraws them; the enterprise's engineers confirm or reject."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(student_id=user.pk)
        if user.role == Role.ENGINEER and user.enterprise_id:
            cond |= Q(project__enterprise_id=user.enterprise_id)
        if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER) and user.college_id:
            cond |= Q(student__college_id=user.college_id)
        return queryset.filter(cond)

    def can_create(self, user: User, obj: Any) -> bool:
        return user.role == Role.STUDENT

    def can_update(self, user: User, obj: Any) -> bool:
        return obj.student_id == user.pk

    can_destroy = can_update

    def can_confirm(self, user: User, obj: Any) -> bool:
        return engineer_of(user, obj.project.enterprise_id)

    can_reject = can_confirm
