"""Enrollments and the credit bank."""

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import Conflict, Invalid
from accounts.models import Role, User
from ledger import changes

from .models import Course, CreditTransaction, Enrollment, Module, Offering


@transaction.atomic
def offering_enroll(*, offering: Offering, learner: User) -> Enrollment:
    """Take a seat in an offering.

    The race: many students clicking "enroll" for the last seats at once. A read-then-write
    check would let them all see a free seat. Instead one conditional UPDATE takes the seat
    (``enrolled < capacity`` is evaluated by the database under the row lock), so at most
    ``capacity`` succeed; the CheckConstraint ``offering_not_over_capacity`` backs it up.
    """
    if learner.role != Role.STUDENT:
        raise Conflict(_("Only students can enroll."))
    if Enrollment.objects.filter(
        offering=offering, learner=learner, status=Enrollment.Status.ACTIVE
    ).exists():
        raise Conflict(_("You are already enrolled in this offering."))
    try:
        # A savepoint around both writes, so that a duplicate (the same student twice at
        # once) gives the seat back together with the row.
        with transaction.atomic():
            taken = Offering.objects.filter(pk=offering.pk, enrolled__lt=F("capacity")).update(
                enrolled=F("enrolled") + 1
            )
            if not taken:
                raise Conflict(_("The offering is full."))
            return Enrollment.objects.create(offering=offering, learner=learner)
    except IntegrityError as exc:
        raise Conflict(_("You are already enrolled in this offering.")) from exc


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, actor: User) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status != Enrollment.Status.ACTIVE:
        raise Conflict(
            _("The enrollment is %(state)s; only an active one can be withdrawn.")
            % {"state": enrollment.get_status_display()}
        )
    enrollment.status = Enrollment.Status.WITHDRAWN
    enrollment.save(update_fields=["status"])
    Offering.objects.filter(pk=enrollment.offering_id).update(enrolled=F("enrolled") - 1)
    return enrollment


def credited_for_module(*, learner: User, module: Module) -> Decimal:
    """Net credits the learner holds for a module: its rows, less the reversals of them
    (a reversal names the row it cancels, not the module)."""
    rows = CreditTransaction.objects.filter(Q(module=module) | Q(reverses__module=module), learner=learner)
    return rows.aggregate(total=Sum("credits"))["total"] or Decimal(0)


def credit_post_module(
    *,
    learner: User,
    module: Module,
    credits: Decimal,
    kind: str,
    source: str,
    actor: User | None,
    enrollment: Enrollment | None = None,
) -> CreditTransaction | None:
    """Post credit for a module unless the learner already holds it ("a module counts once").

    Callers run inside a transaction. The learner's row is locked first so that two postings
    for the same learner (a grade and a certificate verified at once) are serialised and the
    second sees the first.
    """
    User.objects.select_for_update().filter(pk=learner.pk).first()
    if credited_for_module(learner=learner, module=module) > 0:
        return None
    return CreditTransaction.objects.create(
        learner=learner,
        credits=credits,
        kind=kind,
        source=source,
        module=module,
        enrollment=enrollment,
        posted_by=actor,
    )


@transaction.atomic
def credit_reverse(*, transaction_row: CreditTransaction, actor: User, reason: str) -> CreditTransaction:
    row = CreditTransaction.objects.select_for_update().get(pk=transaction_row.pk)
    if row.kind == CreditTransaction.Kind.REVERSAL:
        raise Conflict(_("A reversal cannot itself be reversed."))
    if CreditTransaction.objects.filter(reverses=row).exists():
        raise Conflict(_("This credit has already been reversed."))
    return CreditTransaction.objects.create(
        learner_id=row.learner_id,
        credits=-row.credits,
        kind=CreditTransaction.Kind.REVERSAL,
        source=reason[:300] or f"reversal of #{row.pk}",
        reverses=row,
        posted_by=actor,
    )


@transaction.atomic
def enrollment_complete(*, enrollment: Enrollment, actor: User, grade: Decimal, passed: bool) -> Enrollment:
    if not Decimal(0) <= grade <= Decimal(100):
        raise Invalid("grade", _("The grade must be between 0 and 100."))
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("offering__module__course", "learner")
        .get(pk=enrollment.pk)
    )
    if enrollment.status != Enrollment.Status.ACTIVE:
        raise Conflict(
            _("The enrollment is %(state)s; only an active one can be completed.")
            % {"state": enrollment.get_status_display()}
        )
    enrollment.status = Enrollment.Status.COMPLETED
    enrollment.grade = grade
    enrollment.passed = passed
    enrollment.completed_at = timezone.now()
    enrollment.save(update_fields=["status", "grade", "passed", "completed_at"])
    # The seat stays counted: completion closes the term, it frees no place.
    module = enrollment.offering.module
    if passed:
        credit_post_module(
            learner=enrollment.learner,
            module=module,
            credits=module.credits,
            kind=CreditTransaction.Kind.MODULE,
            source=f"{module.course.code}: {module.title} ({enrollment.offering.term})",
            actor=actor,
            enrollment=enrollment,
        )
        from .lifelong import credential_for_module  # lifelong builds on this module

        credential_for_module(enrollment)
    return enrollment


# --- Catalogue: courses, modules and offerings -------------------------------------------


@transaction.atomic
def course_create(
    *, actor: User, college: Any, code: str, title: str, major: Any = None, description: str = ""
) -> Course:
    if major is not None and major.college_id != college.pk:
        raise Invalid("major", _("The major belongs to another college."))
    if Course.objects.filter(college=college, code=code).exists():
        raise Invalid("code", _("A course with this code already exists in the college."))
    return Course.objects.create(
        college=college, major=major, code=code, title=title, description=description
    )


@transaction.atomic
def module_create(
    *, actor: User, course: Course, title: str, credits: Decimal, skills: Any = (), description: str = ""
) -> Module:
    module = Module.objects.create(course=course, title=title, credits=credits, description=description)
    module.skills.set(skills)
    changes.radar_input_changed()  # what a major covers feeds the radar's supply
    return module


@transaction.atomic
def offering_create(
    *, actor: User, module: Module, term: str, capacity: int, teacher: User | None = None
) -> Offering:
    if Offering.objects.filter(module=module, term=term).exists():
        raise Invalid("term", _("This module is already offered in that term."))
    if teacher is not None and (
        teacher.role != Role.TEACHER or teacher.college_id != module.course.college_id
    ):
        raise Invalid("teacher", _("The teacher must teach at the module's college."))
    return Offering.objects.create(module=module, term=term, capacity=capacity, teacher=teacher)
