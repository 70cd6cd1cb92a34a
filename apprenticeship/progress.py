"""An apprentice's progress against the requirements of the level they work toward, each
figure with the rows it is the sum of (the credits, the confirmed practice logs, the
promotion the months count from) and the accepted portfolio items that show it.

The three figures the ladder sets (lifelong.md) are computed here; apps above this one add
theirs through ``FIGURES`` (``feedback``: endorsements of the level's skills).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from colleges.models import PracticeLog
from courses.models import CreditTransaction
from enterprises.models import LadderLevel, Promotion

from .models import Apprenticeship, PortfolioItem, Requirement


@dataclass
class Figure:
    kind: str
    label: str
    required: Decimal
    has: Decimal
    needs_evidence: bool
    rows: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[PortfolioItem] = field(default_factory=list)

    @property
    def figure_met(self) -> bool:
        return self.has >= self.required

    @property
    def met(self) -> bool:
        return self.figure_met and (not self.needs_evidence or bool(self.evidence))


# Further figures that apps above this one add: each takes the apprenticeship and the day and
# returns a Figure, or None when the level asks nothing of it.
FIGURES: list[Callable[[Apprenticeship, datetime.date], "Figure | None"]] = []


def months_between(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)


def _credit_rows(learner: User, level: LadderLevel) -> list[CreditTransaction]:
    # The same rows the promotion counts (``enterprises.careers.ladder_promote``).
    skills = list(level.skills.all())
    rows = CreditTransaction.objects.filter(learner=learner)
    if skills:
        rows = rows.filter(module__skills__in=skills) | rows.filter(reverses__module__skills__in=skills)
    return list(rows.distinct().select_related("module").order_by("posted_at", "pk"))


def accepted_evidence(learner: User, level: LadderLevel) -> dict[str, list[PortfolioItem]]:
    found: dict[str, list[PortfolioItem]] = {}
    items = PortfolioItem.objects.filter(
        apprenticeship__learner=learner,
        apprenticeship__level=level,
        status=PortfolioItem.Status.ACCEPTED,
    ).order_by("created_at", "pk")
    for item in items:
        for kind in item.requirements:
            found.setdefault(kind, []).append(item)
    return found


def figures(apprenticeship: Apprenticeship, on: datetime.date | None = None) -> list[Figure]:
    """The level's three requirements for this apprentice, as of ``on`` (today)."""
    on = on or timezone.localdate()
    level, learner, ladder = apprenticeship.level, apprenticeship.learner, apprenticeship.ladder
    evidence = accepted_evidence(learner, level)
    credits = _credit_rows(learner, level)
    logs = list(
        PracticeLog.objects.filter(
            dual_position__user=learner,
            dual_position__enterprise_id=ladder.enterprise_id,
            status=PracticeLog.Status.CONFIRMED,
        ).order_by("date", "pk")
    )
    previous = (
        Promotion.objects.filter(learner=learner, level__ladder_id=ladder.pk, level__rank__lt=level.rank)
        .select_related("level")
        .order_by("-level__rank")
        .first()
    )
    months = months_between(previous.promoted_on, on) if previous else 0
    extra = [figure for make in FIGURES if (figure := make(apprenticeship, on)) is not None]
    return [
        Figure(
            Requirement.CREDITS,
            str(Requirement.CREDITS.label),
            level.min_credits,
            sum((c.credits for c in credits), Decimal(0)),
            level.credits_need_evidence,
            rows=[
                {
                    "date": c.posted_at.date(),
                    "text": (c.module.title if c.module else c.source) or c.get_kind_display(),
                    "amount": c.credits,
                }
                for c in credits
            ],
            evidence=evidence.get(Requirement.CREDITS, []),
        ),
        Figure(
            Requirement.HOURS,
            str(Requirement.HOURS.label),
            level.min_practice_hours,
            sum((log.hours for log in logs), Decimal(0)),
            level.hours_need_evidence,
            rows=[{"date": log.date, "text": log.description[:120], "amount": log.hours} for log in logs],
            evidence=evidence.get(Requirement.HOURS, []),
        ),
        Figure(
            Requirement.MONTHS,
            str(Requirement.MONTHS.label),
            Decimal(level.min_months_at_previous),
            Decimal(months),
            level.months_need_evidence,
            rows=[
                {
                    "date": previous.promoted_on,
                    "text": _("Promoted to %(level)s") % {"level": previous.level.name},
                    "amount": months,
                }
            ]
            if previous
            else [],
            evidence=evidence.get(Requirement.MONTHS, []),
        ),
        *extra,
    ]


def as_json(found: list[Figure]) -> list[dict[str, Any]]:
    return [
        {
            "requirement": f.kind,
            "label": f.label,
            "required": str(f.required),
            "has": str(f.has),
            "needs_evidence": f.needs_evidence,
            "met": f.met,
            "rows": [{**r, "date": r["date"].isoformat(), "amount": str(r["amount"])} for r in f.rows],
            "evidence": [item.pk for item in f.evidence],
        }
        for f in found
    ]


def evidence_missing(learner: User, level: LadderLevel) -> str:
    """For a promotion: the first requirement of the level that needs evidence and has no
    accepted portfolio item, in words ("" when none is missing)."""
    needed = [
        (Requirement.CREDITS, level.credits_need_evidence),
        (Requirement.HOURS, level.hours_need_evidence),
        (Requirement.MONTHS, level.months_need_evidence),
    ]
    if not any(flag for _kind, flag in needed):
        return ""
    found = accepted_evidence(learner, level)
    for kind, flag in needed:
        if flag and not found.get(kind):
            return _("Missing requirement: accepted portfolio evidence of %(requirement)s.") % {
                "requirement": str(kind.label).lower()
            }
    return ""
