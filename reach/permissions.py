"""Who sees and manages group robots and their deliveries.

- A college's robots: its administrators (teachers do not: a robot speaks for the college).
- An enterprise's robots: its engineers (who manage the enterprise's own settings).
- Platform administrators see all of them (the base policy); they belong to no college or
  enterprise, so they set none up.
"""

from typing import Any

from django.db.models import QuerySet

from accounts.models import Role, User
from accounts.policies import Policy, college_staff_of, engineer_of

from .models import Delivery, Robot


def _owner_of(obj: Any) -> tuple[int | None, int | None]:
    if isinstance(obj, Delivery):
        obj = obj.robot
    if isinstance(obj, Robot):
        return obj.college_id, obj.enterprise_id
    return None, None


def manages(user: User, obj: Any) -> bool:
    college_id, enterprise_id = _owner_of(obj)
    return college_staff_of(user, college_id, admin_only=True) or engineer_of(user, enterprise_id)


def may_set_up(user: User) -> bool:
    return (user.role == Role.COLLEGE_ADMIN and user.college_id is not None) or (
        user.role == Role.ENGINEER and user.enterprise_id is not None
    )


class RobotPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role == Role.COLLEGE_ADMIN and user.college_id:
            return queryset.filter(college_id=user.college_id)
        if user.role == Role.ENGINEER and user.enterprise_id:
            return queryset.filter(enterprise_id=user.enterprise_id)
        return queryset.none()

    def can_create(self, user: User, obj: Any) -> bool:
        return may_set_up(user)

    def _manages(self, user: User, obj: Any) -> bool:
        return manages(user, obj)

    can_update = can_delete = can_test = can_disable = can_enable = _manages


class DeliveryPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role == Role.COLLEGE_ADMIN and user.college_id:
            return queryset.filter(robot__college_id=user.college_id)
        if user.role == Role.ENGINEER and user.enterprise_id:
            return queryset.filter(robot__enterprise_id=user.enterprise_id)
        return queryset.none()
