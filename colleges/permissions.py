"""Who may see and change colleges, majors, industry colleges, cohorts and dual positions."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.policies import Policy, college_staff_of, engineer_of

from .models import IndustryCollege


def _college_id(obj: Any) -> int | None:
    if isinstance(obj, dict):
        college = obj.get("college")
        return getattr(college, "pk", college)
    return getattr(obj, "college_id", None)


class CollegePolicy(Policy):
    """Colleges are a public directory for logged-in users; their admin edits their own."""

    def can_update(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, getattr(obj, "pk", None), admin_only=True)


class MajorPolicy(Policy):
    def can_create(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, _college_id(obj), admin_only=True)

    can_update = can_create

    def can_decide(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, _college_id(obj), admin_only=True)


class IndustryCollegePolicy(Policy):
    def can_create(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, _college_id(obj), admin_only=True)

    can_update = can_create


class PartnershipPolicy(Policy):
    """An invitation is seen by the college's staff and the enterprise's engineers (and
    evaluators); the college's administrators invite, the enterprise's engineers answer, and
    either ends an accepted partnership."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role == Role.EVALUATOR:
            return queryset
        cond = Q(pk__in=[])
        if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER):
            cond |= Q(industry_college__college_id=user.college_id)
        if user.role == Role.ENGINEER:
            cond |= Q(enterprise_id=user.enterprise_id)
        return queryset.filter(cond)

    def can_create(self, user: User, obj: Any) -> bool:
        ic = obj.get("industry_college") if isinstance(obj, dict) else getattr(obj, "industry_college", None)
        return college_staff_of(user, getattr(ic, "college_id", None), admin_only=True)

    def can_accept(self, user: User, obj: Any) -> bool:
        return engineer_of(user, obj.enterprise_id)

    can_decline = can_accept

    def can_end(self, user: User, obj: Any) -> bool:
        return engineer_of(user, obj.enterprise_id) or college_staff_of(
            user, obj.industry_college.college_id, admin_only=True
        )


class CohortPolicy(Policy):
    def can_create(self, user: User, obj: Any) -> bool:
        major = obj.get("major") if isinstance(obj, dict) else getattr(obj, "major", None)
        return college_staff_of(user, getattr(major, "college_id", None), admin_only=True)

    can_update = can_destroy = can_create

    def can_import(self, user: User, obj: Any) -> bool:
        return user.role == Role.COLLEGE_ADMIN


class DualPositionPolicy(Policy):
    """The teacher, their college's admins and the enterprise's engineers see a position."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role == Role.EVALUATOR:
            return queryset
        cond = Q(user_id=user.pk)
        if user.role == Role.COLLEGE_ADMIN:
            cond |= Q(user__college_id=user.college_id)
        if user.role == Role.ENGINEER:
            cond |= Q(enterprise_id=user.enterprise_id)
        return queryset.filter(cond)

    def can_create(self, user: User, obj: Any) -> bool:
        teacher = obj.get("user") if isinstance(obj, dict) else obj.user
        return college_staff_of(user, getattr(teacher, "college_id", None), admin_only=True)

    def can_recognize(self, user: User, obj: Any) -> bool:
        return engineer_of(user, obj.enterprise_id)


class PracticeLogPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role == Role.EVALUATOR:
            return queryset
        cond = Q(dual_position__user_id=user.pk)
        if user.role == Role.COLLEGE_ADMIN:
            cond |= Q(dual_position__user__college_id=user.college_id)
        if user.role == Role.ENGINEER:
            cond |= Q(dual_position__enterprise_id=user.enterprise_id)
        return queryset.filter(cond)

    def can_create(self, user: User, obj: Any) -> bool:
        return user.role == Role.TEACHER

    def can_confirm(self, user: User, obj: Any) -> bool:
        return engineer_of(user, obj.dual_position.enterprise_id)

    can_reject = can_confirm


class SharesPolicy(Policy):
    """Shares and distributions of an industry college: its partners' admins and engineers."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(pk__in=[])
        if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER):
            cond |= Q(college_id=user.college_id)
        if user.role == Role.ENGINEER:
            cond |= Q(enterprises=user.enterprise_id)
        if user.role == Role.EVALUATOR:
            return queryset
        return queryset.filter(cond).distinct()

    def can_distribute(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, obj.college_id, admin_only=True)


class ContributionPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(industry_college__in=SharesPolicy().scope(user, IndustryCollege.objects.all()))

    def can_create(self, user: User, obj: Any) -> bool:
        industry_college = obj.get("industry_college")
        return industry_college is not None and college_staff_of(
            user, industry_college.college_id, admin_only=True
        )
