"""Who may see and change skills, courses, modules, offerings, enrollments and credits.

The course catalogue (skills, courses, modules, offerings) is public. A student sees only
their own enrollments and credits; a college's staff see those of their college's offerings.
"""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.policies import Policy, college_staff_of


def _get(obj: Any, name: str) -> Any:
    """An attribute of a model instance, or a key of a serializer's validated data."""
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _course_college(course_or_data: Any) -> int | None:
    college = _get(course_or_data, "college")
    return getattr(college, "pk", college)


def _module_college(module_or_data: Any) -> int | None:
    course = _get(module_or_data, "course")
    return course.college_id if course is not None else None


def _offering_college(offering_or_data: Any) -> int | None:
    module = _get(offering_or_data, "module")
    return module.course.college_id if module is not None else None


class SkillPolicy(Policy):
    public_read = True

    def can_create(self, user: User, obj: Any) -> bool:
        return user.role == Role.COLLEGE_ADMIN


class CoursePolicy(Policy):
    public_read = True

    def can_create(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, _course_college(obj))

    can_update = can_create


class ModulePolicy(Policy):
    public_read = True

    def can_create(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, _module_college(obj))

    can_update = can_create


class OfferingPolicy(Policy):
    public_read = True

    def can_create(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, _offering_college(obj))

    can_update = can_create

    def can_enroll(self, user: User, obj: Any) -> bool:
        return user.role == Role.STUDENT


class EnrollmentPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(learner_id=user.pk)
        if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER):
            cond |= Q(offering__module__course__college_id=user.college_id)
        return queryset.filter(cond)

    def can_withdraw(self, user: User, obj: Any) -> bool:
        return obj.learner_id == user.pk

    def can_complete(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, obj.offering.module.course.college_id)


class CreditPolicy(Policy):
    """A learner's credit bank: the learner and the admins of their college."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(learner_id=user.pk)
        if user.role == Role.COLLEGE_ADMIN:
            cond |= Q(learner__college_id=user.college_id)
        return queryset.filter(cond)
