"""Who may see and change skills, courses, modules, offerings, enrollments and credits.

The course catalogue (skills, courses, modules, offerings) is public. A student sees only
their own enrollments and credits; a college's staff see those of their college's offerings.
"""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.policies import Policy, college_staff_of, engineer_of


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


class SkillCrosswalkPolicy(Policy):
    """Anyone reads the crosswalk; platform admins keep it and import it (the base policy)."""

    public_read = True


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


class CertificateTypePolicy(Policy):
    """A kind of certificate names its issuer: an enterprise's engineers define its own kinds;
    a college administrator defines kinds with no enterprise behind them (the college then
    verifies them). Conversion rules into a college's modules are that college's to make."""

    def can_create(self, user: User, obj: Any) -> bool:
        enterprise = _get(obj, "enterprise") if isinstance(obj, dict) else None
        enterprise_id = getattr(enterprise, "pk", enterprise)
        if user.role == Role.ENGINEER:
            return obj is None or enterprise_id == user.enterprise_id
        return user.role == Role.COLLEGE_ADMIN and enterprise_id is None

    def can_update(self, user: User, obj: Any) -> bool:
        if isinstance(obj, dict):
            return False
        if obj.enterprise_id:
            return engineer_of(user, obj.enterprise_id)
        return college_staff_of(user, obj.college_id, admin_only=True)

    def can_add_rule(self, user: User, obj: Any) -> bool:
        return user.role == Role.COLLEGE_ADMIN


class ConversionRulePolicy(Policy):
    def can_create(self, user: User, obj: Any) -> bool:
        module = _get(obj, "module")
        return module is not None and college_staff_of(user, module.course.college_id, admin_only=True)


class CertificatePolicy(Policy):
    """The learner, admins of their college, and engineers of the issuing enterprise."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(learner_id=user.pk)
        if user.role == Role.COLLEGE_ADMIN:
            cond |= Q(learner__college_id=user.college_id)
        if user.role == Role.ENGINEER:
            cond |= Q(certificate_type__enterprise_id=user.enterprise_id)
        return queryset.filter(cond)

    def can_create(self, user: User, obj: Any) -> bool:
        learner = _get(obj, "learner")
        return learner is not None and (
            learner.pk == user.pk or college_staff_of(user, learner.college_id, admin_only=True)
        )

    def can_import(self, user: User, obj: Any) -> bool:
        return user.role in (Role.STUDENT, Role.COLLEGE_ADMIN)

    def can_verify(self, user: User, obj: Any) -> bool:
        """Only the issuer verifies what is issued in its name: the enterprise behind the kind
        of certificate, or (a kind with none) the learner's college."""
        enterprise_id = obj.certificate_type.enterprise_id
        if enterprise_id:
            return engineer_of(user, enterprise_id)
        return college_staff_of(user, obj.learner.college_id, admin_only=True)


class LearnerPolicy(Policy):
    """A learner's records: the learner and the admins of their college."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(pk=user.pk)
        if user.role == Role.COLLEGE_ADMIN:
            cond |= Q(college_id=user.college_id)
        return queryset.filter(cond)

    def can_transcript(self, user: User, obj: Any) -> bool:
        return obj.pk == user.pk or college_staff_of(user, obj.college_id, admin_only=True)

    def can_graduate(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, obj.college_id, admin_only=True)


class CredentialPolicy(Policy):
    """Listed for the learner and their college's admins; each credential's own URL is public."""

    public_read = True

    def public_scope(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def can_revoke(self, user: User, obj: Any) -> bool:
        """Only the issuer revokes what is issued in its name."""
        return college_staff_of(user, obj.issuer_college_id, admin_only=True) or engineer_of(
            user, obj.issuer_enterprise_id
        )

    def can_share(self, user: User, obj: Any) -> bool:
        return obj.learner_id == user.pk


class TrainingSessionPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER):
            return queryset.filter(college_id=user.college_id)
        if user.role == Role.EVALUATOR:
            return queryset
        return queryset.filter(attendees=user)

    def can_create(self, user: User, obj: Any) -> bool:
        college = _get(obj, "college")
        return college_staff_of(user, getattr(college, "pk", None))

    def can_close(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, obj.college_id)


class MaterialPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER):
            return queryset.filter(course__college_id=user.college_id)
        if user.role == Role.EVALUATOR:
            return queryset
        return queryset.none()

    def can_create(self, user: User, obj: Any) -> bool:
        return college_staff_of(user, _module_college({"course": _get(obj, "course")}))

    can_update = can_create
