"""Who may see and change schemes, indicators and the evidence ledger."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.policies import Policy, college_staff_of


class SchemePolicy(Policy):
    """Schemes and indicators are read by every logged-in user; evaluators tune them."""

    def can_update(self, user: User, obj: Any) -> bool:
        return user.role == Role.EVALUATOR


class EvidencePolicy(Policy):
    """A college's staff see its ledger; evaluators see every college's."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        role = user.role
        if role == Role.EVALUATOR:
            return queryset
        if role in (Role.COLLEGE_ADMIN, Role.TEACHER):
            return queryset.filter(college_id=user.college_id)
        return queryset.filter(Q(pk__in=[]))

    def can_create(self, user: User, obj: Any) -> bool:
        # Evaluators may record evidence too (records from before the platform, say); like
        # anyone's, their own submissions wait for verification.
        if user.role == Role.EVALUATOR:
            return True
        college = obj.get("college") if isinstance(obj, dict) else getattr(obj, "college", None)
        return college_staff_of(user, getattr(college, "pk", None), admin_only=True)

    def can_verify(self, user: User, obj: Any) -> bool:
        """Evaluators decide on evidence, never on their own submission."""
        return user.role == Role.EVALUATOR and getattr(obj, "submitted_by_id", None) != user.pk

    can_reject = can_verify
