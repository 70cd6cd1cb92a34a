"""Who sees and records graduate destinations. The graduate sees and answers their own; the
college's staff see their graduates', its administrators record them; evaluators read the
rates, not the people."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.policies import AnyUser, Policy, college_staff_of, is_platform_admin

from .models import Destination


def _college_of(obj: Any) -> int | None:
    """The college a destination (or the data of a new one) belongs to: the graduate's."""
    if isinstance(obj, Destination):
        return obj.college_id
    if isinstance(obj, dict):
        graduate = obj.get("graduate")
        profile = getattr(graduate, "learner_profile", None)
        return profile.college_id if profile is not None else None
    return None


def _own(user: User, obj: Any) -> bool:
    graduate = obj.get("graduate") if isinstance(obj, dict) else getattr(obj, "graduate", None)
    return graduate is not None and graduate.pk == user.pk and user.role == Role.STUDENT


class DestinationPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(graduate_id=user.pk)
        if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER) and user.college_id:
            cond |= Q(college_id=user.college_id)
        return queryset.filter(cond)

    def can_create(self, user: User, obj: Any) -> bool:
        return _own(user, obj) or college_staff_of(user, _college_of(obj), admin_only=True)

    def can_update(self, user: User, obj: Any) -> bool:
        return _own(user, obj) or college_staff_of(user, _college_of(obj), admin_only=True)

    def can_import(self, user: User, obj: Any) -> bool:
        """A college's administrators import its graduates' destinations."""
        return college_staff_of(user, user.college_id, admin_only=True)

    def can_remind(self, user: User, obj: Any) -> bool:
        """A college's administrators remind its graduates who have not answered."""
        return college_staff_of(user, user.college_id, admin_only=True)


def may_read_rates(user: AnyUser, college_id: int) -> bool:
    """The rates of a college: its staff, evaluators and platform admins."""
    if not user.is_authenticated:
        return False
    return is_platform_admin(user) or user.role == Role.EVALUATOR or college_staff_of(user, college_id)


def may_see_rate_rows(user: AnyUser, college_id: int) -> bool:
    """Who counts in a rate names graduates: the college's staff and platform admins only."""
    return user.is_authenticated and (is_platform_admin(user) or college_staff_of(user, college_id))
