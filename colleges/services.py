"""Dual positions and practice hours."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import notifications
from accounts.errors import Conflict, Invalid
from accounts.models import Notification, Role, User
from ledger.services import evidence_record_platform

from .models import DualPosition, PracticeLog


@transaction.atomic
def dual_position_propose(
    *,
    actor: User,
    teacher: User,
    enterprise_id: int,
    role: str,
    title: str,
    start_date: datetime.date,
) -> DualPosition:
    if teacher.role != Role.TEACHER:
        raise Invalid("user", _("Dual positions are for teachers."))
    if (
        DualPosition.objects.filter(user=teacher, enterprise_id=enterprise_id, role=role)
        .exclude(status=DualPosition.Status.ENDED)
        .exists()
    ):
        raise Conflict(_("The teacher already holds or was proposed for this position."))
    return DualPosition.objects.create(
        user=teacher,
        enterprise_id=enterprise_id,
        role=role,
        title=title,
        start_date=start_date,
        proposed_by=actor,
    )


@transaction.atomic
def dual_position_recognize(*, position: DualPosition, actor: User) -> DualPosition:
    position = DualPosition.objects.select_for_update().get(pk=position.pk)
    if position.status != DualPosition.Status.PROPOSED:
        raise Conflict(
            _("The position is %(state)s; only a proposed one can be recognised.")
            % {"state": position.get_status_display()}
        )
    position.status = DualPosition.Status.ACTIVE
    position.recognized_by = actor
    position.recognized_at = timezone.now()
    position.save(update_fields=["status", "recognized_by", "recognized_at"])
    return position


@transaction.atomic
def practice_log_submit(
    *,
    teacher: User,
    enterprise_id: int,
    date: datetime.date,
    hours: Decimal,
    description: str,
) -> PracticeLog:
    position = DualPosition.objects.filter(
        user=teacher, enterprise_id=enterprise_id, status=DualPosition.Status.ACTIVE
    ).first()
    if position is None:
        raise Invalid("enterprise", _("You hold no active dual position at this enterprise."))
    if date > timezone.localdate():
        raise Invalid("date", _("Practice hours cannot be logged for a future date."))
    if date < position.start_date:
        raise Invalid("date", _("The date is before the dual position started."))
    log = PracticeLog.objects.create(dual_position=position, date=date, hours=hours, description=description)
    notifications.notify(
        notifications.engineers_of(enterprise_id),
        Notification.Kind.HOURS_WAITING,
        link=reverse("practice-logs-detail", args=[log.pk]),
        teacher=teacher.get_full_name() or teacher.username,
        hours=f"{hours.normalize():f}",
        date=date.isoformat(),
    )
    return log


def _decide_log(log: PracticeLog, actor: User, status: str) -> PracticeLog:
    log = (
        PracticeLog.objects.select_for_update(of=("self",))
        .select_related("dual_position__user")
        .get(pk=log.pk)
    )
    if log.status != PracticeLog.Status.SUBMITTED:
        raise Conflict(
            _("The practice log is %(state)s; only a submitted one can be decided.")
            % {"state": log.get_status_display()}
        )
    log.status = status
    log.confirmed_by = actor
    log.confirmed_at = timezone.now()
    log.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    return log


@transaction.atomic
def practice_log_confirm(*, log: PracticeLog, actor: User) -> PracticeLog:
    log = _decide_log(log, actor, PracticeLog.Status.CONFIRMED)
    teacher = log.dual_position.user
    if teacher.college is not None:
        evidence_record_platform(
            indicator="dual_practice_hours",
            college=teacher.college,
            value=log.hours,
            occurred_on=log.date,
            event_key=f"practice-log:{log.pk}",
            origin=log,
            actor=actor,
        )
    return log


@transaction.atomic
def practice_log_reject(*, log: PracticeLog, actor: User) -> PracticeLog:
    return _decide_log(log, actor, PracticeLog.Status.REJECTED)
