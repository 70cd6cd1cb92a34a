"""Who sees and acts on calls, responses, technology summaries and inventors' shares.

- A call: its enterprise's engineers; the staff of every college while the enterprise is
  approved (they respond to it).
- A response: its responder; the call's enterprise's engineers; unless the call is
  confidential, the administrators of the responder's college (their own college's only).
- A summary: anyone when public; when partners only, its college's people and the engineers
  of enterprises in one of the college's industry colleges.
- A share: its inventor and the administrators of the summary's college.
"""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import COLLEGE_ROLES, Role, User
from accounts.policies import Policy, college_staff_of, engineer_of
from enterprises.models import Enterprise

from .models import Call, CallResponse, TechSummary


def _call_of(obj: Any) -> Call | None:
    if isinstance(obj, Call):
        return obj
    if isinstance(obj, CallResponse):
        return obj.call
    return None


class CallPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role == Role.ENGINEER and user.enterprise_id:
            return queryset.filter(enterprise_id=user.enterprise_id)
        if user.role in COLLEGE_ROLES and user.college_id:
            return queryset.filter(enterprise__vetting=Enterprise.Vetting.APPROVED)
        return queryset.none()

    def can_create(self, user: User, obj: Any) -> bool:
        if isinstance(obj, dict):
            enterprise = obj.get("enterprise")
            return engineer_of(user, getattr(enterprise, "pk", enterprise))
        return user.role == Role.ENGINEER and user.enterprise_id is not None

    def can_update(self, user: User, obj: Any) -> bool:
        return isinstance(obj, Call) and engineer_of(user, obj.enterprise_id)

    def can_respond(self, user: User, obj: Any) -> bool:
        return user.role in COLLEGE_ROLES and user.college_id is not None


class CallResponsePolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(responder_id=user.pk)
        if user.role == Role.ENGINEER and user.enterprise_id:
            cond |= Q(call__enterprise_id=user.enterprise_id)
        if user.role == Role.COLLEGE_ADMIN and user.college_id:
            cond |= Q(college_id=user.college_id, call__confidential=False)
        return queryset.filter(cond)

    def can_create(self, user: User, obj: Any) -> bool:
        return user.role in COLLEGE_ROLES and user.college_id is not None

    def _enterprise(self, user: User, obj: Any) -> bool:
        call = _call_of(obj)
        return call is not None and engineer_of(user, call.enterprise_id)

    can_shortlist = can_decline = can_open_project = can_open_dual_position = _enterprise


def _partner_summaries(user: User) -> Q:
    return Q(
        visibility=TechSummary.Visibility.PARTNERS,
        college__industry_colleges__enterprises__id=user.enterprise_id,
    )


class TechSummaryPolicy(Policy):
    public_read = True

    def public_scope(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(visibility=TechSummary.Visibility.PUBLIC)

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(visibility=TechSummary.Visibility.PUBLIC)
        if user.role in COLLEGE_ROLES and user.college_id:
            cond |= Q(college_id=user.college_id)
        if user.role == Role.ENGINEER and user.enterprise_id:
            partner = TechSummary.objects.filter(_partner_summaries(user)).values("pk")
            cond |= Q(pk__in=partner)
        return queryset.filter(cond)

    def can_create(self, user: User, obj: Any) -> bool:
        if isinstance(obj, dict):
            college = obj.get("college")
            return college_staff_of(user, getattr(college, "pk", college), admin_only=True)
        return user.role == Role.COLLEGE_ADMIN and user.college_id is not None

    def _admin(self, user: User, obj: Any) -> bool:
        return isinstance(obj, TechSummary) and college_staff_of(user, obj.college_id, admin_only=True)

    can_update = can_record_transfer = _admin

    def _engineer(self, user: User, obj: Any) -> bool:
        return user.role == Role.ENGINEER and user.enterprise_id is not None

    can_start_call = can_start_project = _engineer


class InventorSharePolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(inventor_id=user.pk)
        if user.role == Role.COLLEGE_ADMIN and user.college_id:
            cond |= Q(transfer__summary__college_id=user.college_id)
        return queryset.filter(cond)


class TransferPolicy(Policy):
    """Transfers are read on their summary's page: its college's people and its licensee's engineers."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(pk__in=[])
        if user.role in COLLEGE_ROLES and user.college_id:
            cond |= Q(summary__college_id=user.college_id)
        if user.role == Role.ENGINEER and user.enterprise_id:
            cond |= Q(licensee_id=user.enterprise_id)
        return queryset.filter(cond)
