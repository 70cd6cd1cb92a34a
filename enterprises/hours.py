"""Students' hour logs on the projects they work on.

A student accepted on a project under way logs the hours they worked on it: in half hours,
on a day neither in the future nor before the project started, at most ``DAY_LIMIT`` hours a
day and ``WEEK_LIMIT`` an ISO week (Monday to Sunday) over all their projects, and at most the
project's ``hours_cap`` on it. Pending and confirmed hours count against the limits; rejected
ones do not. The enterprise's engineers confirm the hours or reject them with a reason the
student reads in the inbox. While pending, the student may change or withdraw a log; once
decided, it is final.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import notifications
from accounts.errors import Conflict, Invalid
from accounts.models import Notification, User

from .models import Application, HourLog, Project

DAY_LIMIT = Decimal(10)
WEEK_LIMIT = Decimal(30)
STEP = Decimal("0.5")


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _sum(logs: QuerySet[HourLog]) -> Decimal:
    return logs.aggregate(total=Sum("hours"))["total"] or Decimal(0)


def _check(
    *, project: Project, student: User, date: datetime.date, hours: Decimal, log_id: int | None
) -> None:
    """400 naming the field and the limit the hours would pass, with the hours left. The
    caller holds the lock on the student's row (see ``_lock_student``)."""
    if hours <= 0 or hours % STEP:
        raise Invalid("hours", _("Log hours in half hours, more than 0 (for example 1.5)."))
    if date > timezone.localdate():
        raise Invalid("date", _("Hours cannot be logged for a future date."))
    if project.starts_on and date < project.starts_on:
        raise Invalid(
            "date",
            _("The project started on %(start)s: hours before that cannot be logged on it.")
            % {"start": project.starts_on.isoformat()},
        )
    counted = HourLog.objects.filter(student=student).exclude(status=HourLog.Status.REJECTED)
    if log_id is not None:
        counted = counted.exclude(pk=log_id)
    monday = date - datetime.timedelta(days=date.weekday())
    # One query for the three sums the limits need.
    sums = counted.aggregate(
        day=Sum("hours", filter=Q(date=date)),
        week=Sum("hours", filter=Q(date__gte=monday, date__lte=monday + datetime.timedelta(days=6))),
        project=Sum("hours", filter=Q(project=project)),
    )
    day, week, on_project = (sums[key] or Decimal(0) for key in ("day", "week", "project"))
    if day + hours > DAY_LIMIT:
        raise Invalid(
            "hours",
            _("At most %(limit)s hours a day: %(logged)s are logged on %(date)s, %(left)s left.")
            % {
                "limit": _hours(DAY_LIMIT),
                "logged": _hours(day),
                "date": date.isoformat(),
                "left": _hours(max(DAY_LIMIT - day, Decimal(0))),
            },
        )
    if week + hours > WEEK_LIMIT:
        raise Invalid(
            "hours",
            _(
                "At most %(limit)s hours a week: %(logged)s are logged in the week of %(monday)s, "
                "%(left)s left."
            )
            % {
                "limit": _hours(WEEK_LIMIT),
                "logged": _hours(week),
                "monday": monday.isoformat(),
                "left": _hours(max(WEEK_LIMIT - week, Decimal(0))),
            },
        )
    cap = project.hours_cap
    if cap is not None and on_project + hours > cap:
        raise Invalid(
            "hours",
            _("At most %(limit)s hours on this project: %(logged)s are logged, %(left)s left.")
            % {
                "limit": cap,
                "logged": _hours(on_project),
                "left": _hours(max(Decimal(cap) - on_project, Decimal(0))),
            },
        )


def _lock_student(student: User) -> None:
    # Two logs of one student submitted at once (two tabs, a double click, an edit racing a
    # new log) would each read the sums without the other and together pass the daily, weekly
    # or project limit: the student's row is the lock, so the second waits for the first to
    # commit and then counts its hours.
    User.objects.select_for_update().filter(pk=student.pk).first()


def _tell_engineers(log: HourLog, student: User) -> None:
    project = log.project
    # The project's mentor when it has one; otherwise every engineer of the enterprise.
    recipients: Any = (
        User.objects.filter(pk=project.mentor_id, is_active=True)
        if project.mentor_id
        else notifications.engineers_of(project.enterprise_id)
    )
    notifications.notify(
        recipients,
        Notification.Kind.HOURS_WAITING,
        link=reverse("hour-logs-detail", args=[log.pk]),
        actor=student,
        teacher=student.get_full_name() or student.username,
        hours=_hours(log.hours),
        date=log.date.isoformat(),
    )


@transaction.atomic
def hour_log_submit(
    *, project: Project, student: User, date: datetime.date, hours: Decimal, description: str
) -> HourLog:
    description = description.strip()
    if not description:
        raise Invalid("description", _("Say what you did in these hours."))
    if not Application.objects.filter(
        project=project, student=student, status=Application.Status.ACCEPTED
    ).exists():
        raise Invalid("project", _("You log hours only on a project you are accepted on."))
    if project.status != Project.Status.IN_PROGRESS:
        raise Conflict(
            _("The project is %(state)s: hours are logged while it is under way.")
            % {"state": project.get_status_display()}
        )
    _lock_student(student)
    _check(project=project, student=student, date=date, hours=hours, log_id=None)
    log = HourLog.objects.create(
        project=project, student=student, date=date, hours=hours, description=description
    )
    _tell_engineers(log, student)
    return log


def _lock_pending(log: HourLog) -> HourLog:
    log = HourLog.objects.select_for_update(of=("self",)).select_related("project", "student").get(pk=log.pk)
    if log.status != HourLog.Status.PENDING:
        raise Conflict(
            _("The hours are %(state)s: a decision on them is final.") % {"state": log.get_status_display()}
        )
    return log


@transaction.atomic
def hour_log_update(*, log: HourLog, actor: User, data: dict[str, Any]) -> HourLog:
    """The student corrects a pending log: the new date and hours are checked against the
    limits without the log's old hours."""
    _lock_student(log.student)
    log = _lock_pending(log)
    date = data.get("date", log.date)
    hours = data.get("hours", log.hours)
    _check(project=log.project, student=log.student, date=date, hours=hours, log_id=log.pk)
    description = data.get("description", log.description).strip()
    if not description:
        raise Invalid("description", _("Say what you did in these hours."))
    log.date, log.hours, log.description = date, hours, description
    log.save(update_fields=["date", "hours", "description", "updated_at"])
    return log


@transaction.atomic
def hour_log_withdraw(*, log: HourLog, actor: User) -> None:
    log = _lock_pending(log)
    log.delete()


@transaction.atomic
def hour_log_confirm(*, log: HourLog, actor: User) -> HourLog:
    log = _lock_pending(log)
    log.status = HourLog.Status.CONFIRMED
    log.decided_by = actor
    log.decided_at = timezone.now()
    log.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return log


@transaction.atomic
def hour_log_reject(*, log: HourLog, actor: User, reason: str) -> HourLog:
    reason = reason.strip()
    if not reason:
        raise Invalid("reason", _("Say why the hours are rejected: the student reads it."))
    log = _lock_pending(log)
    log.status = HourLog.Status.REJECTED
    log.decided_by = actor
    log.decided_at = timezone.now()
    log.reason = reason
    log.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    notifications.notify(
        [log.student],
        Notification.Kind.HOURS_REJECTED,
        link=reverse("hour-logs-detail", args=[log.pk]),
        actor=actor,
        hours=_hours(log.hours),
        project=log.project.title,
        date=log.date.isoformat(),
        reason=reason,
    )
    return log


def confirmed_hours(project: Project, student: User | None = None) -> dict[str, Any]:
    """A project's confirmed hours, per student and in total (one query); ``student``: theirs only."""
    logs = HourLog.objects.filter(project=project, status=HourLog.Status.CONFIRMED)
    if student is not None:
        logs = logs.filter(student=student)
    rows = list(
        logs.values("student_id", "student__username", "student__first_name", "student__last_name")
        .annotate(hours=Sum("hours"))
        .order_by("student__username")
    )
    students = [
        {
            "student": row["student_id"],
            "name": f"{row['student__first_name']} {row['student__last_name']}".strip()
            or row["student__username"],
            "hours": _hours(row["hours"]),
        }
        for row in rows
    ]
    return {"total": _hours(sum((row["hours"] for row in rows), Decimal(0))), "students": students}


def student_confirmed_hours(student: User) -> list[dict[str, Any]]:
    """A student's confirmed hours by project, for the transcript (one query)."""
    rows = (
        HourLog.objects.filter(student=student, status=HourLog.Status.CONFIRMED)
        .values("project_id", "project__title", "project__enterprise__name")
        .annotate(hours=Sum("hours"))
        .order_by("project__title")
    )
    return [
        {
            "project": row["project_id"],
            "title": row["project__title"],
            "enterprise": row["project__enterprise__name"],
            "hours": _hours(row["hours"]),
        }
        for row in rows
    ]
