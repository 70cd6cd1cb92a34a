"""Writes to the evidence ledger. Every change is kept in ``EvidenceChange``."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from colleges.models import College, IndustryCollege, Major
from config.errors import Conflict, Invalid

from .models import (
    Evidence,
    EvidenceChange,
    ImprovementAction,
    Indicator,
    MajorDecision,
    RadarMajor,
    Scheme,
    Scorecard,
    ScorecardReview,
)
from .tasks import schedule_full_recompute, schedule_recompute


def _snapshot(evidence: Evidence) -> dict[str, Any]:
    return {
        "indicator": evidence.indicator,
        "college": evidence.college_id,
        "major": evidence.major_id,
        "industry_college": evidence.industry_college_id,
        "value": str(evidence.value),
        "base": str(evidence.base),
        "occurred_on": evidence.occurred_on.isoformat(),
        "status": evidence.status,
        "note": evidence.note,
    }


def _changed(evidence: Evidence) -> None:
    """Every change to the ledger recomputes the scorecards it touches, after commit."""
    schedule_recompute(college_id=evidence.college_id, period=evidence.period)


def _check_subjects(
    *, college: College, major: Major | None, industry_college: IndustryCollege | None
) -> None:
    if major is not None and major.college_id != college.pk:
        raise Invalid("major", "The major does not belong to the college.")
    if industry_college is not None and industry_college.college_id != college.pk:
        raise Invalid("industry_college", "The industry college does not belong to the college.")


def known_indicator_codes() -> set[str]:
    """Codes of the active scheme's indicators: what evidence may be recorded against."""
    return set(Scheme.objects.filter(is_active=True).values_list("indicators__code", flat=True)) - {None}


@transaction.atomic
def evidence_submit(
    *,
    actor: User,
    indicator: str,
    college: College,
    value: Decimal,
    occurred_on: datetime.date,
    base: Decimal = Decimal(1),
    major: Major | None = None,
    industry_college: IndustryCollege | None = None,
    note: str = "",
    attachment: str = "",
) -> Evidence:
    """Manual evidence: counts only once an evaluator verifies it."""
    if indicator not in known_indicator_codes():
        raise Invalid("indicator", f"Unknown indicator code {indicator!r}.")
    if base <= 0:
        raise Invalid("base", "The base must be greater than 0.")
    _check_subjects(college=college, major=major, industry_college=industry_college)
    evidence = Evidence.objects.create(
        indicator=indicator,
        college=college,
        major=major,
        industry_college=industry_college,
        value=value,
        base=base,
        occurred_on=occurred_on,
        period=occurred_on.year,
        source=Evidence.Source.MANUAL,
        status=Evidence.Status.SUBMITTED,
        note=note,
        attachment=attachment,
        submitted_by=actor,
    )
    EvidenceChange.objects.create(
        evidence=evidence, action="submitted", actor=actor, after=_snapshot(evidence)
    )
    _changed(evidence)
    return evidence


@transaction.atomic
def evidence_record_platform(
    *,
    indicator: str,
    college: College,
    value: Decimal | int,
    occurred_on: datetime.date,
    event_key: str,
    base: Decimal | int = 1,
    major: Major | None = None,
    industry_college: IndustryCollege | None = None,
    actor: User | None = None,
    note: str = "",
) -> Evidence | None:
    """Evidence the platform writes when something happens; verified at once.

    ``event_key`` names the event; recording the same event twice writes one row.
    """
    if major is not None and major.college_id != college.pk:
        major = None
    evidence, created = Evidence.objects.get_or_create(
        event_key=event_key,
        indicator=indicator,
        defaults={
            "college": college,
            "major": major,
            "industry_college": industry_college,
            "value": Decimal(value),
            "base": Decimal(base),
            "occurred_on": occurred_on,
            "period": occurred_on.year,
            "source": Evidence.Source.PLATFORM,
            "status": Evidence.Status.VERIFIED,
            "submitted_by": actor,
            "verified_by": actor,
            "verified_at": timezone.now(),
            "note": note,
        },
    )
    if not created:
        return None
    EvidenceChange.objects.create(
        evidence=evidence, action="recorded", actor=actor, after=_snapshot(evidence)
    )
    _changed(evidence)
    return evidence


def _decide(evidence_id: int, *, actor: User, status: str, action: str, note: str) -> Evidence:
    # Lock the row: two evaluators deciding at once must not both succeed.
    evidence = Evidence.objects.select_for_update().get(pk=evidence_id)
    if evidence.status != Evidence.Status.SUBMITTED:
        raise Conflict(f"Evidence is {evidence.status}; only submitted evidence can be {action}.")
    before = _snapshot(evidence)
    evidence.status = status
    evidence.verified_by = actor
    evidence.verified_at = timezone.now()
    evidence.save(update_fields=["status", "verified_by", "verified_at"])
    EvidenceChange.objects.create(
        evidence=evidence,
        action=action,
        actor=actor,
        before=before,
        after={**_snapshot(evidence), "comment": note},
    )
    _changed(evidence)
    return evidence


@transaction.atomic
def evidence_verify(*, evidence: Evidence, actor: User, note: str = "") -> Evidence:
    return _decide(evidence.pk, actor=actor, status=Evidence.Status.VERIFIED, action="verified", note=note)


@transaction.atomic
def evidence_reject(*, evidence: Evidence, actor: User, note: str = "") -> Evidence:
    return _decide(evidence.pk, actor=actor, status=Evidence.Status.REJECTED, action="rejected", note=note)


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, actor: User, target: Decimal | None = None, weight: Decimal | None = None
) -> Indicator:
    """Change an indicator's target or weight (a scheme edit is data, not code)."""
    fields = []
    if target is not None:
        if target <= 0:
            raise Invalid("target", "The target must be greater than 0.")
        indicator.target = target
        fields.append("target")
    if weight is not None:
        if weight <= 0:
            raise Invalid("weight", "The weight must be greater than 0.")
        indicator.weight = weight
        fields.append("weight")
    if fields:
        indicator.save(update_fields=fields)
        schedule_full_recompute(scheme_id=indicator.scheme_id)
    return indicator


# --- The review workflow: draft → in_review → approved → published ------------------------

_REVIEW_STEPS = {
    # action: (states it may start from, state it leads to)
    "submit_for_review": ((Scorecard.Status.DRAFT,), Scorecard.Status.IN_REVIEW),
    "approve": ((Scorecard.Status.IN_REVIEW,), Scorecard.Status.APPROVED),
    "publish": ((Scorecard.Status.APPROVED,), Scorecard.Status.PUBLISHED),
}


@transaction.atomic
def scorecard_review(*, scorecard: Scorecard, actor: User, action: str, comment: str = "") -> Scorecard:
    """Move a scorecard one step along its review; re-approving a published scorecard whose
    numbers changed clears the "changed since publication" flag."""
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    from_status = scorecard.status
    if (
        action == "approve"
        and scorecard.status == Scorecard.Status.PUBLISHED
        and scorecard.changed_since_publication
    ):
        scorecard.changed_since_publication = False
        scorecard.published_at = timezone.now()
        scorecard.save(update_fields=["changed_since_publication", "published_at"])
    else:
        allowed, to_status = _REVIEW_STEPS[action]
        if scorecard.status not in allowed:
            raise Conflict(
                f"The scorecard is {scorecard.status}; it cannot be {action.replace('_', ' ')}ed from that state."
            )
        scorecard.status = to_status
        fields = ["status"]
        if to_status == Scorecard.Status.PUBLISHED:
            scorecard.published_at = timezone.now()
            scorecard.changed_since_publication = False
            fields += ["published_at", "changed_since_publication"]
        scorecard.save(update_fields=fields)
    ScorecardReview.objects.create(
        scorecard=scorecard,
        action=action,
        from_status=from_status,
        to_status=scorecard.status,
        comment=comment,
        actor=actor,
    )
    return scorecard


IMPROVEMENT_THRESHOLD = Decimal(60)


@transaction.atomic
def improvement_action_create(
    *, scorecard: Scorecard, actor: User, indicator: str, action: str, owner: str, due_date: datetime.date
) -> ImprovementAction:
    """evaluation → feedback → improvement: an action for a weak indicator of a published card."""
    if scorecard.status != Scorecard.Status.PUBLISHED:
        raise Conflict("Improvement actions are recorded against published scorecards.")
    row = scorecard.indicators.filter(code=indicator).first()
    if row is None:
        raise Invalid("indicator", f"The scorecard has no indicator {indicator!r}.")
    if row.score >= IMPROVEMENT_THRESHOLD:
        raise Invalid("indicator", f"{indicator} scored {row.score:.2f}; actions are for scores under 60.")
    return ImprovementAction.objects.create(
        scorecard=scorecard,
        indicator=indicator,
        action=action,
        owner=owner,
        due_date=due_date,
        created_by=actor,
    )


@transaction.atomic
def major_decide(*, major: Major, actor: User, year: int, decision: str, reason: str) -> MajorDecision:
    """Record the professional committee's decision; the radar's advice is kept beside it."""
    recommendation = (
        RadarMajor.objects.filter(major=major, year=year).values_list("status", flat=True).first() or ""
    )
    return MajorDecision.objects.create(
        major=major,
        year=year,
        decision=decision,
        reason=reason,
        recommendation=recommendation,
        decided_by=actor,
    )
