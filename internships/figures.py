"""Internship figures for an enterprise or a college, explained to the rows as the scorecards
are: every figure is a sum over the rows listed with it, so a reader can check it by hand."""

import datetime
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from .models import Internship

TWO = Decimal("0.01")


def _q(value: Decimal) -> str:
    return str(value.quantize(TWO, rounding=ROUND_HALF_UP))


def complete_before_start(internship: Internship) -> bool | None:
    """Were the agreement, the insurance and the pre-job training complete when it started?
    (None: it has not started.)"""
    if internship.started_at is None:
        return None
    started = internship.started_at
    accepted = [
        internship.student_accepted_at,
        internship.college_accepted_at,
        internship.enterprise_accepted_at,
    ]
    if internship.guardian_name or internship.guardian_accepted_at:
        accepted.append(internship.guardian_accepted_at)
    agreement = all(at is not None and at <= started for at in accepted)
    training = list(internship.pre_job_training.all())
    trained = bool(training) and all(
        t.completed_on and t.completed_on <= timezone.localdate(started) for t in training
    )
    return agreement and internship.insured() and trained


def intern_weeks(internship: Internship, today: datetime.date) -> Decimal:
    if internship.started_at is None:
        return Decimal(0)
    last = min(internship.ended_on or today, internship.end_date, today)
    days = (last - internship.start_date).days + 1
    return (Decimal(max(days, 0)) / 7).quantize(TWO, rounding=ROUND_HALF_UP)


def figures(internships: QuerySet[Internship], today: datetime.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    rows = list(
        internships.select_related("student", "enterprise", "college", "position")
        .prefetch_related("pre_job_training", "alerts")
        .annotate(logged=Sum("logs__hours"))
        .order_by("start_date", "pk")
    )
    by = Counter((i.kind, i.status) for i in rows)
    started = [i for i in rows if i.started_at is not None]
    ended = [i for i in rows if i.status == Internship.Status.ENDED]
    explained = []
    weeks_total = hours_total = Decimal(0)
    alerts_total = complete_total = 0
    for i in rows:
        weeks = intern_weeks(i, today)
        hours = i.logged or Decimal(0)
        alerts = len(i.alerts.all()) if i.started_at else 0
        complete = complete_before_start(i)
        weeks_total += weeks
        hours_total += hours if i.started_at else 0
        alerts_total += alerts
        complete_total += 1 if complete else 0
        explained.append(
            {
                "id": i.pk,
                "student": i.student.get_full_name() or i.student.username,
                "college": i.college.name,
                "enterprise": i.enterprise.name,
                "position": i.position.name,
                "kind": i.kind,
                "status": i.status,
                "status_label": str(i.get_status_display()),
                "start_date": i.start_date.isoformat(),
                "end_date": i.end_date.isoformat(),
                "complete_before_start": complete,
                "intern_weeks": _q(weeks),
                "hours_logged": _q(hours),
                "alerts": alerts,
                "hired": i.hired if i.status == Internship.Status.ENDED else None,
            }
        )
    return {
        "internships": len(rows),
        "by_kind_and_state": [
            {"kind": kind, "status": status, "count": count} for (kind, status), count in sorted(by.items())
        ],
        "started": len(started),
        "complete_before_start": complete_total,
        "complete_before_start_share": _q(Decimal(complete_total) / len(started)) if started else None,
        "intern_weeks": _q(weeks_total),
        "alerts": alerts_total,
        "alerts_per_100_intern_weeks": _q(Decimal(alerts_total) * 100 / weeks_total) if weeks_total else None,
        "hours_logged": _q(hours_total),
        "hours_per_week": _q(hours_total / weeks_total) if weeks_total else None,
        "ended": len(ended),
        "hired": sum(1 for i in ended if i.hired),
        "hired_share": _q(Decimal(sum(1 for i in ended if i.hired)) / len(ended)) if ended else None,
        "rows": explained,
    }


def internship_places(year: int, region: str = "") -> dict[int, int]:
    """Internship places per skill in a year (those starting in it, not cancelled), in a
    region of the enterprise ("" for all): the radar shows them beside demand and supply."""
    if not 1 <= year <= 9999:
        return {}
    rows = Internship.objects.filter(start_date__year=year).exclude(status=Internship.Status.CANCELLED)
    if region:
        rows = rows.filter(enterprise__region=region)
    counted = (
        rows.exclude(position__skills=None).values("position__skills").annotate(n=Count("id", distinct=True))
    )
    return {row["position__skills"]: row["n"] for row in counted}
