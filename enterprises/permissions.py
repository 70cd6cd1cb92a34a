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

from accounts.models import Role
from accounts.policies import AnyUser, Policy, college_staff_of, engineer_of
from colleges.models import IndustryCollege

from .models import Application, Project

S = Project.Status
V = Project.Visibility


def _enterprise_id(obj: Any) -> int | None:
    if isinstance(obj, dict):
        enterprise = obj.get("enterprise")
        return getattr(enterprise, "pk", enterprise)
    return getattr(obj, "enterprise_id", None)


def _partner_of(college_id: int | None) -> Exists:
    """The project's enterprise is a partner of the college through an industry college."""
    return Exists(
        IndustryCollege.objects.filter(
            college_id=college_id, enterprises=OuterRef("enterprise_id")
        )
    )


class EnterprisePolicy(Policy):
    def can_update(self, user: AnyUser, obj: Any) -> bool:
        return engineer_of(user, getattr(obj, "pk", None))


class ProjectPolicy(Policy):
    public_read = True

    def scope(self, user: AnyUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
        published = ~Q(status=S.DRAFT)
        cond = published & Q(visibility=V.PUBLIC)
        if not user.is_authenticated:
            return queryset.filter(cond)
        role = user.role  # type: ignore[union-attr]
        if role == Role.ENGINEER:
            cond |= Q(enterprise_id=user.enterprise_id)  # type: ignore[union-attr]
        accepted_on = Exists(
            Application.objects.filter(
                project=OuterRef("pk"), student_id=user.pk, status=Application.Status.ACCEPTED
            )
        )
        college_id = user.college_id  # type: ignore[union-attr]
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
            cond |= (
                Q(visibility=V.CONFIDENTIAL, status=S.OPEN, college__isnull=True)
                & _partner_of(college_id)
            )
        return queryset.filter(cond)

    def can_create(self, user: AnyUser, obj: Any) -> bool:
        return engineer_of(user, _enterprise_id(obj))

    def can_update(self, user: AnyUser, obj: Any) -> bool:
        return engineer_of(user, obj.enterprise_id)

    can_open = can_start = can_accept = can_reject = can_abandon = can_update

    def can_take_on(self, user: AnyUser, obj: Any) -> bool:
        return user.role in (Role.COLLEGE_ADMIN, Role.TEACHER)  # type: ignore[union-attr]

    def can_apply(self, user: AnyUser, obj: Any) -> bool:
        return user.role == Role.STUDENT  # type: ignore[union-attr]

    def can_deliver(self, user: AnyUser, obj: Any) -> bool:
        if college_staff_of(user, obj.college_id):
            return True
        return obj.applications.filter(
            student_id=user.pk, status=Application.Status.ACCEPTED
        ).exists()


class ApplicationPolicy(Policy):
    """A student sees their own; the enterprise and the college that took it on see all."""

    def scope(self, user: AnyUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
        role = user.role  # type: ignore[union-attr]
        cond = Q(student_id=user.pk)
        if role == Role.ENGINEER:
            cond |= Q(project__enterprise_id=user.enterprise_id)  # type: ignore[union-attr]
        if role in (Role.COLLEGE_ADMIN, Role.TEACHER):
            cond |= Q(project__college_id=user.college_id)  # type: ignore[union-attr]
        return queryset.filter(cond)

    def can_accept(self, user: AnyUser, obj: Any) -> bool:
        return engineer_of(user, obj.project.enterprise_id)

    can_decline = can_accept


class TalentDemandPolicy(Policy):
    """Demand is read by every logged-in user (the radar); stated by the enterprise."""

    def can_create(self, user: AnyUser, obj: Any) -> bool:
        return engineer_of(user, _enterprise_id(obj))

    def can_update(self, user: AnyUser, obj: Any) -> bool:
        return engineer_of(user, obj.enterprise_id)

    can_destroy = can_update
