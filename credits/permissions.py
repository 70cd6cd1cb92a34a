"""Who sees and acts on credit requests. The student sees their own and asks; the enterprise
mentor (or, for a project without one, its enterprise's engineers), the faculty sponsor and
the college's administrators see the requests they approve in turn. Whose turn it is, is the
service's rule: acting on another step's turn is 409, not 403."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.policies import Policy, college_staff_of, engineer_of

from .models import CreditRequest


def is_mentor(user: User, request: CreditRequest) -> bool:
    if request.mentor_id is not None:
        return user.pk == request.mentor_id and user.role == Role.ENGINEER
    return engineer_of(user, request.enterprise_id)


def is_sponsor(user: User, request: CreditRequest) -> bool:
    return user.pk == request.sponsor_id and user.role == Role.TEACHER


def is_college(user: User, request: CreditRequest) -> bool:
    return college_staff_of(user, request.college_id, admin_only=True)


def approver(user: User, request: CreditRequest) -> bool:
    return is_mentor(user, request) or is_sponsor(user, request) or is_college(user, request)


def scope_of(user: User) -> Q:
    cond = Q(student_id=user.pk)
    if user.role == Role.ENGINEER:
        cond |= Q(mentor_id=user.pk)
        if user.enterprise_id:
            cond |= Q(mentor__isnull=True, enterprise_id=user.enterprise_id)
    if user.role == Role.TEACHER:
        cond |= Q(sponsor_id=user.pk)
    if user.role == Role.COLLEGE_ADMIN and user.college_id:
        cond |= Q(college_id=user.college_id)
    return cond


class CreditRequestPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(scope_of(user))

    def can_create(self, user: User, obj: Any) -> bool:
        return user.role == Role.STUDENT

    def can_approve(self, user: User, obj: Any) -> bool:
        return isinstance(obj, CreditRequest) and approver(user, obj)

    can_decline = can_approve
