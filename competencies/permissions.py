"""Who sees and edits frameworks and learning plans. A college's staff (administrators and
teachers) edit its majors' frameworks and templates, see its students' plans and mark
competencies achieved; a student sees the frameworks of their major and their own plans."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.policies import Policy, college_staff_of


def _major_of(user: User) -> int | None:
    profile = getattr(user, "learner_profile", None)
    return profile.major_id if profile is not None else None


def _college(obj: Any, path: str) -> int | None:
    for part in path.split("."):
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part, None)
        if obj is None:
            return None
    return obj if isinstance(obj, int) else getattr(obj, "pk", None)


def _staff(user: User) -> bool:
    return user.role in (Role.COLLEGE_ADMIN, Role.TEACHER) and user.college_id is not None


class FrameworkPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if _staff(user):
            return queryset.filter(college_id=user.college_id)
        if user.role == Role.STUDENT and _major_of(user):
            return queryset.filter(major_id=_major_of(user))
        return queryset.none()

    def can_create(self, user: User, obj: Any) -> bool:
        if not isinstance(obj, dict):
            return _staff(user)
        return college_staff_of(user, _college(obj, "major.college_id"))

    def can_update(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, _college(obj, "college_id"))

    def can_import(self, user: User, obj: Any) -> bool:
        return _staff(user)


class CompetencyPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if _staff(user):
            return queryset.filter(framework__college_id=user.college_id)
        if user.role == Role.STUDENT and _major_of(user):
            return queryset.filter(framework__major_id=_major_of(user))
        return queryset.none()

    def can_create(self, user: User, obj: Any) -> bool:
        if not isinstance(obj, dict):
            return _staff(user)
        return college_staff_of(user, _college(obj, "framework.college_id"))

    def can_update(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, _college(obj, "framework.college_id"))


class PlanTemplatePolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if _staff(user):
            return queryset.filter(framework__college_id=user.college_id)
        return queryset.none()

    def can_create(self, user: User, obj: Any) -> bool:
        if not isinstance(obj, dict):
            return _staff(user)
        return college_staff_of(user, _college(obj, "framework.college_id"))

    def can_sync(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, _college(obj, "framework.college_id"))


class LearningPlanPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(student_id=user.pk)
        if _staff(user):
            cond |= Q(template__framework__college_id=user.college_id)
        return queryset.filter(cond)

    def can_mark(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, _college(obj, "template.framework.college_id"))
