"""Who sees and does what with internships. The intern sees their own; the enterprise its
interns; the college its students'. Evaluators read the figures, not the people."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.policies import Policy, college_staff_of, engineer_of

from .models import Internship


def internships_of(user: User) -> Q:
    """The internships a user takes part in or answers for (as a filter on Internship)."""
    cond = Q(student_id=user.pk)
    if user.role == Role.ENGINEER and user.enterprise_id:
        cond |= Q(enterprise_id=user.enterprise_id)
    if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER) and user.college_id:
        cond |= Q(college_id=user.college_id)
    return cond


def _internship(obj: Any) -> Internship | None:
    if isinstance(obj, Internship):
        return obj
    if isinstance(obj, dict):
        return obj.get("internship")
    return getattr(obj, "internship", None)


def _college_staff(user: User, obj: Any, *, admin_only: bool = False) -> bool:
    internship = _internship(obj)
    return internship is not None and college_staff_of(user, internship.college_id, admin_only=admin_only)


def _engineer(user: User, obj: Any) -> bool:
    internship = _internship(obj)
    return internship is not None and engineer_of(user, internship.enterprise_id)


def _mentor(user: User, obj: Any) -> bool:
    """The intern's mentor now: other engineers of the enterprise see the internship but do
    not confirm its days or evaluate it until the college or the enterprise names them."""
    internship = _internship(obj)
    return internship is not None and internship.mentor_id == user.pk


def _student(user: User, obj: Any) -> bool:
    internship = _internship(obj)
    return internship is not None and internship.student_id == user.pk


class InternshipPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(internships_of(user))

    def can_create(self, user: User, obj: Any) -> bool:
        college = obj.get("college") if isinstance(obj, dict) else getattr(obj, "college", None)
        return college_staff_of(user, getattr(college, "pk", None), admin_only=True)

    def can_update(self, user: User, obj: Any) -> bool:
        return _college_staff(user, obj, admin_only=True)

    def can_accept_agreement(self, user: User, obj: Any) -> bool:
        return _student(user, obj) or _college_staff(user, obj, admin_only=True) or _engineer(user, obj)

    def can_train(self, user: User, obj: Any) -> bool:
        return _college_staff(user, obj)

    def can_start(self, user: User, obj: Any) -> bool:
        return _college_staff(user, obj, admin_only=True)

    def can_cancel(self, user: User, obj: Any) -> bool:
        return _college_staff(user, obj, admin_only=True)

    def can_end(self, user: User, obj: Any) -> bool:
        return _college_staff(user, obj, admin_only=True) or _engineer(user, obj)

    def can_pay(self, user: User, obj: Any) -> bool:
        return _student(user, obj) or _engineer(user, obj)

    def can_log(self, user: User, obj: Any) -> bool:
        return _student(user, obj)

    def can_raise(self, user: User, obj: Any) -> bool:
        return _student(user, obj) or _engineer(user, obj) or _college_staff(user, obj)

    def can_visit(self, user: User, obj: Any) -> bool:
        return _college_staff(user, obj)

    def can_evaluate(self, user: User, obj: Any) -> bool:
        return _mentor(user, obj) or _college_staff(user, obj)

    def can_change_mentor(self, user: User, obj: Any) -> bool:
        return _college_staff(user, obj, admin_only=True) or _engineer(user, obj)

    def can_plan(self, user: User, obj: Any) -> bool:
        return _engineer(user, obj)


class PartOfInternshipPolicy(Policy):
    """Logs, visits, evaluations, alerts and plans: seen by whoever sees the internship."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(internship__in=Internship.objects.filter(internships_of(user)))


class InternshipLogPolicy(PartOfInternshipPolicy):
    def can_create(self, user: User, obj: Any) -> bool:
        return _student(user, obj)

    def can_confirm(self, user: User, obj: Any) -> bool:
        return _mentor(user, obj)


class PreJobTrainingPolicy(PartOfInternshipPolicy):
    """The college names the training and may change any of it; the enterprise, which often
    gives it, records its completion too."""

    def can_create(self, user: User, obj: Any) -> bool:
        return _college_staff(user, obj)

    def can_update(self, user: User, obj: Any) -> bool:
        return _college_staff(user, obj)

    def can_complete(self, user: User, obj: Any) -> bool:
        return _college_staff(user, obj) or _engineer(user, obj)


class InternshipVisitPolicy(PartOfInternshipPolicy):
    def can_create(self, user: User, obj: Any) -> bool:
        return _college_staff(user, obj)


class InternshipEvaluationPolicy(PartOfInternshipPolicy):
    def can_create(self, user: User, obj: Any) -> bool:
        return _mentor(user, obj) or _college_staff(user, obj)


class InternshipAlertPolicy(PartOfInternshipPolicy):
    def can_create(self, user: User, obj: Any) -> bool:
        return _student(user, obj) or _engineer(user, obj) or _college_staff(user, obj)

    def can_resolve(self, user: User, obj: Any) -> bool:
        return _college_staff(user, obj)


class TrainingPlanPolicy(PartOfInternshipPolicy):
    def can_create(self, user: User, obj: Any) -> bool:
        return _engineer(user, obj)

    def can_agree(self, user: User, obj: Any) -> bool:
        return _college_staff(user, obj)

    def can_progress(self, user: User, obj: Any) -> bool:
        return _engineer(user, obj)


class PositionPolicy(Policy):
    """Every logged-in person reads positions (a college chooses among them); an enterprise
    states its own."""

    def can_create(self, user: User, obj: Any) -> bool:
        enterprise = obj.get("enterprise") if isinstance(obj, dict) else getattr(obj, "enterprise", None)
        return engineer_of(user, getattr(enterprise, "pk", None))

    def can_update(self, user: User, obj: Any) -> bool:
        return engineer_of(user, obj.enterprise_id)


class HoursExceptionPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(pk__in=[])
        if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER) and user.college_id:
            cond |= Q(college_id=user.college_id)
        if user.role == Role.ENGINEER and user.enterprise_id:
            cond |= Q(position__enterprise_id=user.enterprise_id)
        return queryset.filter(cond)

    def can_create(self, user: User, obj: Any) -> bool:
        college = obj.get("college") if isinstance(obj, dict) else getattr(obj, "college", None)
        return college_staff_of(user, getattr(college, "pk", None), admin_only=True)
