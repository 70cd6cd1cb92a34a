"""Who may see and review scorecards and improvement actions."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.policies import Policy, college_staff_of


class ScorecardPolicy(Policy):
    """Published scorecards are public; a college's staff also see its unpublished ones;
    evaluators see and review all."""

    public_read = True

    def public_scope(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(status="published")

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role == Role.EVALUATOR:
            return queryset
        if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER):
            return queryset.filter(Q(status="published") | Q(college_id=user.college_id))
        return queryset.filter(status="published")

    def can_review(self, user: User, obj: Any) -> bool:
        return user.role == Role.EVALUATOR

    def can_recompute(self, user: User, obj: Any) -> bool:
        return user.role == Role.EVALUATOR

    def can_improve(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, obj.college_id, admin_only=True)


def may_recompute_radar(user: Any) -> bool:
    """Platform admins, evaluators and college administrators rebuild the radar on demand
    (it also runs nightly and after demand or cohort changes)."""
    return bool(
        user.is_authenticated
        and (user.is_platform_admin or user.role in (Role.EVALUATOR, Role.COLLEGE_ADMIN))
    )


class ImprovementActionPolicy(Policy):
    public_read = True

    def public_scope(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(scorecard__status="published")

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role == Role.EVALUATOR:
            return queryset
        if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER):
            return queryset.filter(
                Q(scorecard__status="published") | Q(scorecard__college_id=user.college_id)
            )
        return queryset.filter(scorecard__status="published")
