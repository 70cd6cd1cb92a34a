"""Who sees, writes and reviews reports. A published report is public; a college's reports
are written by its administrators and an enterprise's by its engineers, who alone (with
platform admins, and a college's teachers, who read them) see them before publication. Four eyes: the
one who approves a report is not its author nor who submitted it."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.policies import AnyUser, Policy, college_staff_of, engineer_of, is_platform_admin

from .models import Report


def writer_of(user: User, report: Any) -> bool:
    """May ``user`` write for the report's subject (a report, or a dict with its subject)?"""
    get = report.get if isinstance(report, dict) else lambda name: getattr(report, name, None)
    kind = get("kind")
    if kind == Report.Kind.ENTERPRISE:
        enterprise = get("enterprise")
        return engineer_of(user, getattr(enterprise, "pk", enterprise))
    college = get("college")
    return college_staff_of(user, getattr(college, "pk", college), admin_only=True)


class ReportPolicy(Policy):
    public_read = True

    def public_scope(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(status=Report.Status.PUBLISHED)

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(status=Report.Status.PUBLISHED)
        if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER) and user.college_id:
            cond |= Q(college_id=user.college_id)
        if user.role == Role.ENGINEER and user.enterprise_id:
            cond |= Q(enterprise_id=user.enterprise_id)
        return queryset.filter(cond)

    def can_create(self, user: User, obj: Any) -> bool:
        if obj is None:
            return user.role in (Role.COLLEGE_ADMIN, Role.ENGINEER)
        return writer_of(user, obj)

    def can_update(self, user: User, obj: Any) -> bool:
        return writer_of(user, obj)

    can_enter = can_submit_for_review = can_publish = can_correct = can_update

    def can_approve(self, user: User, obj: Any) -> bool:
        return writer_of(user, obj)

    can_send_back = can_approve


def may_see_rows(user: AnyUser, report: Report) -> bool:
    """The rows behind a figure name people: the subject's own staff and platform admins."""
    if not user.is_authenticated:
        return False
    if is_platform_admin(user):
        return True
    if not isinstance(user, User):
        return False
    if report.kind == Report.Kind.ENTERPRISE:
        return user.role == Role.ENGINEER and user.enterprise_id == report.enterprise_id
    return college_staff_of(user, report.college_id)
