"""The base of every app's permission policy.

A policy answers two questions with one set of rules (as wagtail's permission policies do):
``visible(user, queryset)`` — which rows may this user see — and ``can(user, action, obj)``
— may this user do ``action`` to ``obj``. The API's ``ScopedViewSet`` always applies
``visible``, so rows outside a user's scope are 404; ``can`` refuses an action on a visible
row with 403.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet

from accounts.models import Role, User

AnyUser = User | AnonymousUser


def is_platform_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_platform_admin)  # type: ignore[union-attr]


def role_of(user: AnyUser) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_platform_admin:  # type: ignore[union-attr]
        return Role.PLATFORM_ADMIN
    return user.role  # type: ignore[union-attr]


def college_staff_of(user: AnyUser, college_id: int | None, *, admin_only: bool = False) -> bool:
    """Is ``user`` an administrator (or, unless ``admin_only``, a teacher) of the college?"""
    if not user.is_authenticated or college_id is None:
        return False
    roles = (Role.COLLEGE_ADMIN,) if admin_only else (Role.COLLEGE_ADMIN, Role.TEACHER)
    return user.role in roles and user.college_id == college_id  # type: ignore[union-attr]


def engineer_of(user: AnyUser, enterprise_id: int | None) -> bool:
    if not user.is_authenticated or enterprise_id is None:
        return False
    return user.role == Role.ENGINEER and user.enterprise_id == enterprise_id  # type: ignore[union-attr]


class Policy:
    """Default: logged-in users read everything, only platform admins write."""

    public_read = False

    def visible(self, user: AnyUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if is_platform_admin(user):
            return queryset
        if not user.is_authenticated and not self.public_read:
            return queryset.none()
        return self.scope(user, queryset)

    def scope(self, user: AnyUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The rows a user who is not a platform admin may see."""
        return queryset

    def can(self, user: AnyUser, action: str, obj: Model | dict[str, Any] | None = None) -> bool:
        if not user.is_authenticated:
            return False
        if is_platform_admin(user):
            return True
        check = getattr(self, f"can_{action}", None)
        return bool(check and check(user, obj))
