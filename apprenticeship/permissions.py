"""Who sees and does what in apprenticeships. An apprenticeship and everything in it (its
reviews, its portfolio) is seen by the apprentice, their mentor, their teacher and their
college's administrators, and by nobody else: not the enterprise's other engineers, not the
college's other teachers, and a portfolio file is downloaded only by these four."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.policies import Policy, college_staff_of

from .models import Apprenticeship, PortfolioItem, ProgressReview, ReviewForm


def _parties(user: User, prefix: str = "") -> Q:
    cond = Q(**{f"{prefix}learner_id": user.pk}) | Q(**{f"{prefix}mentor_id": user.pk})
    cond |= Q(**{f"{prefix}teacher_id": user.pk})
    if user.role == Role.COLLEGE_ADMIN and user.college_id:
        cond |= Q(**{f"{prefix}college_id": user.college_id})
    return cond


def _apprenticeship(obj: Any) -> Apprenticeship | None:
    if isinstance(obj, Apprenticeship):
        return obj
    if isinstance(obj, ProgressReview | PortfolioItem):
        return obj.apprenticeship
    if isinstance(obj, dict):
        found = obj.get("apprenticeship")
        return found if isinstance(found, Apprenticeship) else None
    return None


def is_party(user: User, obj: Any) -> bool:
    a = _apprenticeship(obj)
    return a is not None and bool(a.party_of(user.pk))


def is_guide(user: User, obj: Any) -> bool:
    """The mentor or the teacher: who decides on the apprentice's evidence."""
    a = _apprenticeship(obj)
    return a is not None and user.pk in (a.mentor_id, a.teacher_id)


def is_college_admin(user: User, obj: Any) -> bool:
    a = _apprenticeship(obj)
    return a is not None and college_staff_of(user, a.college_id, admin_only=True)


class ApprenticeshipPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(_parties(user))

    def can_create(self, user: User, obj: Any) -> bool:
        """A college's administrators record its learners' apprenticeships."""
        if not isinstance(obj, dict):
            return user.role == Role.COLLEGE_ADMIN and user.college_id is not None
        learner = obj.get("learner")
        return learner is not None and college_staff_of(user, learner.college_id, admin_only=True)

    def can_update(self, user: User, obj: Any) -> bool:
        return is_college_admin(user, obj)

    def can_schedule_review(self, user: User, obj: Any) -> bool:
        return is_guide(user, obj) or is_college_admin(user, obj)


class ReviewFormPolicy(Policy):
    """A college's forms: its staff read them, its administrators write them."""

    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER) and user.college_id:
            return queryset.filter(college_id=user.college_id)
        return queryset.none()

    def can_create(self, user: User, obj: Any) -> bool:
        if not isinstance(obj, dict):
            return college_staff_of(user, user.college_id, admin_only=True)
        college = obj.get("college")
        return college_staff_of(user, getattr(college, "pk", college), admin_only=True)

    def can_update(self, user: User, obj: Any) -> bool:
        return isinstance(obj, ReviewForm) and college_staff_of(user, obj.college_id, admin_only=True)


class ProgressReviewPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(_parties(user, "apprenticeship__"))

    def can_create(self, user: User, obj: Any) -> bool:
        """The teacher, the mentor or the college's administrators schedule a review."""
        if not isinstance(obj, dict):
            return user.role in (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENGINEER)
        return is_guide(user, obj) or is_college_admin(user, obj)

    def can_update(self, user: User, obj: Any) -> bool:
        """The three parties fill the review in and agree its actions."""
        return is_party(user, obj)

    can_add_action = can_update

    def can_sign(self, user: User, obj: Any) -> bool:
        return is_party(user, obj)


class PortfolioItemPolicy(Policy):
    def scope(self, user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(_parties(user, "apprenticeship__"))

    def can_create(self, user: User, obj: Any) -> bool:
        """The apprentice keeps their own portfolio."""
        if not isinstance(obj, dict):
            return user.role == Role.STUDENT
        a = _apprenticeship(obj)
        return a is not None and a.learner_id == user.pk

    def can_accept(self, user: User, obj: Any) -> bool:
        return is_guide(user, obj)

    can_ask_more = can_accept

    def can_download(self, user: User, obj: Any) -> bool:
        return is_party(user, obj) or is_college_admin(user, obj)

    def can(self, user: Any, action: str, obj: Any = None) -> bool:
        # A portfolio file is the four parties' alone: a platform administrator manages the
        # rows but does not download what the apprentice shared with their guides.
        if action == "download":
            return user.is_authenticated and self.can_download(user, obj)
        return super().can(user, action, obj)
