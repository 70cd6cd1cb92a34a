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

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Role, User
from accounts.policies import Policy, college_staff_of, engineer_of
from colleges.models import IndustryCollege

from .models import Application, Employment, Project

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


class ProjectPolicy(Policy):
    public_read = True

    def public_scope(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.exclude(status=S.DRAFT).filter(visibility=V.PUBLIC)

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        published = ~Q(status=S.DRAFT)
        cond: Q = published & Q(visibility=V.PUBLIC)
        role = user.role
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
            cond |= published & Q(visibility=V.CONFIDENTIAL) & accepted_on
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

    def can_update(self, user: User, obj: Any) -> bool:
        return engineer_of(user, obj.enterprise_id)

    can_open = can_start = can_accept = can_reject = can_abandon = can_update

    def can_take_on(self, user: User, obj: Any) -> bool:
        return user.role in (Role.COLLEGE_ADMIN, Role.TEACHER)

    def can_apply(self, user: User, obj: Any) -> bool:
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
