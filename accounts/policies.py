"""The base of every app's permission policy.

A policy answers two questions with one set of rules (as wagtail's permission policies do):
``visible(user, queryset)`` — which rows may this user see — and ``can(user, action, obj)``
— may this user do ``action`` to ``obj``. The API's ``ScopedViewSet`` always applies
``visible``, so rows outside a user's scope are 404; ``can`` refuses an action on a visible
row with 403.
"""

from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

from accounts.models import Role, User

AnyUser = User | AnonymousUser


def is_platform_admin(user: AnyUser) -> bool:
    return user.is_authenticated and cast(User, user).is_platform_admin


def college_staff_of(user: User, college_id: int | None, *, admin_only: bool = False) -> bool:
    """Is ``user`` an administrator (or, unless ``admin_only``, a teacher) of the college?"""
    if college_id is None:
        return False
    roles: tuple[str, ...] = (Role.COLLEGE_ADMIN,) if admin_only else (Role.COLLEGE_ADMIN, Role.TEACHER)
    return user.role in roles and user.college_id == college_id


def engineer_of(user: User, enterprise_id: int | None) -> bool:
    return enterprise_id is not None and user.role == Role.ENGINEER and user.enterprise_id == enterprise_id


class Policy:
    """Default: logged-in users read everything, only platform admins write.

    Subclasses narrow ``scope`` (what a logged-in user who is not a platform admin sees),
    ``public_scope`` (what anonymous visitors see, when ``public_read``) and grant actions
    with ``can_<action>(user, obj)`` methods; an action without such a method is refused.
    """

    public_read = False

    def visible(self, user: AnyUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not user.is_authenticated:
            return self.public_scope(queryset) if self.public_read else queryset.none()
        if is_platform_admin(user):
            return queryset
        return self.scope(cast(User, user), queryset)

    def public_scope(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def can(self, user: AnyUser, action: str, obj: Model | dict[str, Any] | None = None) -> bool:
        if not user.is_authenticated:
            return False
        if is_platform_admin(user):
            return True
        check = getattr(self, f"can_{action}", None)
        return bool(check and check(cast(User, user), obj))


class UserPolicy(Policy):
    """Platform admins manage everyone; a college admin manages their college's people (adds
    teachers and students, deactivates them); an engineer sees their enterprise's colleagues;
    an evaluator sees everyone but students."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(pk=user.pk)
        if user.role == Role.COLLEGE_ADMIN:
            cond |= Q(college_id=user.college_id)
        if user.role == Role.ENGINEER:
            cond |= Q(enterprise_id=user.enterprise_id)
        if user.role == Role.EVALUATOR:
            cond |= ~Q(role=Role.STUDENT)
        return queryset.filter(cond)

    def can_create(self, user: User, obj: Any) -> bool:
        """A college admin adds teachers and students to their own college."""
        if user.role != Role.COLLEGE_ADMIN:
            return False
        if not isinstance(obj, dict):
            return True  # may they add anyone at all (the "Add a person" button)?
        college = obj.get("college")
        return (
            obj.get("role") in (Role.TEACHER, Role.STUDENT)
            and getattr(college, "pk", college) == user.college_id
        )

    def can_import(self, user: User, obj: Any) -> bool:
        return user.role == Role.COLLEGE_ADMIN

    def _manages(self, user: User, obj: Any) -> bool:
        return (
            user.role == Role.COLLEGE_ADMIN
            and obj.pk != user.pk
            and obj.college_id == user.college_id
            and obj.role in (Role.TEACHER, Role.STUDENT, Role.COLLEGE_ADMIN)
        )

    can_deactivate = can_reactivate = can_invite = can_erase = _manages

    def can_graduate(self, user: User, obj: Any) -> bool:
        return obj.role == Role.STUDENT and college_staff_of(user, obj.college_id, admin_only=True)


class AuditPolicy(Policy):
    """Platform admins read the whole log; a college's administrators the entries of its rows,
    an enterprise's engineers those of theirs. Nobody writes it.

    A report of a suspicious posting is for platform admins alone: the flagged enterprise
    (or the college) must never learn who reported it. Its entries' actor is the reporter
    and the log's filters and search reach the actor, so the entries are withheld whole
    rather than masked field by field."""

    WITHHELD_MODELS = ("enterprises.Flag",)  # by label: accounts imports no app above it

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = queryset.exclude(model__in=self.WITHHELD_MODELS)
        if user.role == Role.COLLEGE_ADMIN and user.college_id:
            return queryset.filter(college_id=user.college_id)
        if user.role == Role.ENGINEER and user.enterprise_id:
            return queryset.filter(enterprise_id=user.enterprise_id)
        return queryset.none()
