"""Who reads and writes feedback and endorsements.

Feedback: the student reads their own, the project's enterprise's engineers those on its
projects, the student's college's staff those of its students (what each reads of the other
side is ``services``' to say). The engineer (the project's mentor, or any engineer of the
enterprise when it names none) rates the student; the student rates the project.

Endorsements: the learner, the endorsing enterprise's engineers and the learner's college's
staff see them (one from feedback only once the feedback is visible to its readers); an
engineer endorses the interns they mentor; the learner hides, shows and issues their own.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Role, User
from accounts.policies import Policy, engineer_of


def _staff(user: User) -> bool:
    return user.role in (Role.COLLEGE_ADMIN, Role.TEACHER) and user.college_id is not None


class FeedbackPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cond = Q(student_id=user.pk)
        if user.role == Role.ENGINEER and user.enterprise_id:
            cond |= Q(project__enterprise_id=user.enterprise_id)
        if _staff(user):
            cond |= Q(student__college_id=user.college_id)
        return queryset.filter(cond)

    def can_rate_student(self, user: User, obj: Any) -> bool:
        project = obj.project
        if project.mentor_id:
            return user.pk == project.mentor_id and engineer_of(user, project.enterprise_id)
        return engineer_of(user, project.enterprise_id)

    def can_rate_project(self, user: User, obj: Any) -> bool:
        return obj.student_id == user.pk


def visible_endorsements() -> Q:
    """Endorsements that are endorsements yet: on their own, or from feedback both sides
    can read (both wrote, or it closed)."""
    return (
        Q(feedback__isnull=True)
        | Q(feedback__engineer_submitted_at__isnull=False, feedback__student_submitted_at__isnull=False)
        | Q(feedback__closes_at__lte=timezone.now())
    )


class EndorsementPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role == Role.ENGINEER and user.enterprise_id:
            return queryset.filter(
                Q(enterprise_id=user.enterprise_id) | (Q(learner_id=user.pk) & visible_endorsements())
            )
        cond = Q(learner_id=user.pk)
        if _staff(user):
            cond |= Q(learner__college_id=user.college_id)
        return queryset.filter(cond & visible_endorsements())

    def can_create(self, user: User, obj: Any) -> bool:
        return user.role == Role.ENGINEER and user.enterprise_id is not None

    def _own(self, user: User, obj: Any) -> bool:
        return obj.learner_id == user.pk

    def can_hide(self, user: User, obj: Any) -> bool:
        return self._own(user, obj)

    can_show = can_hide
    can_issue = can_hide
    can_revoke = can_hide
