"""Writes to the evidence ledger. Every change is kept in ``EvidenceChange``, and every change
that can move a score is announced (``ledger.changes``) so the scoring layer recomputes it."""

import datetime
from decimal import Decimal
from typing import Any, Protocol

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import notifications
from accounts.errors import Conflict, Invalid
from accounts.models import Notification, User

from . import changes
from .models import Evidence, EvidenceChange, Indicator, Scheme
from .names import indicator_term


class Organisation(Protocol):
    """A college: the ledger knows its subjects by their keys, not by importing their apps."""

    pk: Any
    name: str


class PartOfCollege(Protocol):
    """A major or an industry college: each belongs to one college."""

    pk: Any
    college_id: int


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
    changes.evidence_changed(college_id=evidence.college_id, period=evidence.period)


def _check_subjects(
    *, college: Organisation, major: PartOfCollege | None, industry_college: PartOfCollege | None
) -> None:
    if major is not None and major.college_id != college.pk:
        raise Invalid("major", _("The major does not belong to the college."))
    if industry_college is not None and industry_college.college_id != college.pk:
        raise Invalid("industry_college", _("The industry college does not belong to the college."))


def known_indicator_codes() -> set[str]:
    """Codes of the active scheme's indicators: what evidence may be recorded against."""
    return set(Scheme.objects.filter(is_active=True).values_list("indicators__code", flat=True)) - {None}


def check_range(code: str, value: Decimal, base: Decimal) -> None:
    """The indicator's valid values (``min_value``..``max_value``; a ratio's value is at most
    its base): anything else is refused, naming the field."""
    indicator = (
        Indicator.objects.filter(code=code, scheme__is_active=True)
        .only("aggregation", "min_value", "max_value")
        .first()
    )
    if indicator is None:
        return
    if value < indicator.min_value:
        raise Invalid(
            "value", _("At least %(min)s for this indicator.") % {"min": indicator.min_value.normalize()}
        )
    if indicator.max_value is not None and value > indicator.max_value:
        raise Invalid(
            "value", _("At most %(max)s for this indicator.") % {"max": indicator.max_value.normalize()}
        )
    if indicator.aggregation == Indicator.Aggregation.RATIO and value > base:
        raise Invalid("value", _("A ratio's value cannot exceed its base."))


@transaction.atomic
def evidence_submit(
    *,
    actor: User,
    indicator: str,
    college: Organisation,
    value: Decimal,
    occurred_on: datetime.date,
    base: Decimal = Decimal(1),
    major: PartOfCollege | None = None,
    industry_college: PartOfCollege | None = None,
    note: str = "",
    attachment: str = "",
) -> Evidence:
    """Manual evidence: counts only once an evaluator verifies it."""
    if indicator not in known_indicator_codes():
        raise Invalid("indicator", _("Unknown indicator code %(code)r.") % {"code": indicator})
    if base <= 0:
        raise Invalid("base", _("The base must be greater than 0."))
    check_range(indicator, Decimal(value), Decimal(base))
    _check_subjects(college=college, major=major, industry_college=industry_college)
    evidence = Evidence.objects.create(
        indicator=indicator,
        college_id=college.pk,
        major_id=major.pk if major else None,
        industry_college_id=industry_college.pk if industry_college else None,
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
    notifications.notify(
        notifications.evaluators(),
        Notification.Kind.EVIDENCE_WAITING,
        link=reverse("evidence-detail", args=[evidence.pk]),
        actor=actor,
        college=college.name,
        indicator=indicator_term(indicator),
    )
    return evidence


@transaction.atomic
def evidence_record_platform(
    *,
    indicator: str,
    college: Organisation,
    value: Decimal | int,
    occurred_on: datetime.date,
    event_key: str,
    base: Decimal | int = 1,
    major: PartOfCollege | None = None,
    industry_college: PartOfCollege | None = None,
    actor: User | None = None,
    note: str = "",
    origin: Model | None = None,
) -> Evidence | None:
    """Evidence the platform writes when something happens; verified at once.

    ``event_key`` names the event; recording the same event twice writes one row.
    ``origin`` is the row it comes from (a project, an employment), shown as its source.
    """
    if major is not None and major.college_id != college.pk:
        major = None
    check_range(indicator, Decimal(value), Decimal(base))
    evidence, created = Evidence.objects.get_or_create(
        event_key=event_key,
        indicator=indicator,
        defaults={
            "college_id": college.pk,
            "major_id": major.pk if major else None,
            "industry_college_id": industry_college.pk if industry_college else None,
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
            "origin_type": ContentType.objects.get_for_model(origin) if origin is not None else None,
            "origin_id": origin.pk if origin is not None else None,
        },
    )
    if not created:
        return None
    EvidenceChange.objects.create(
        evidence=evidence, action="recorded", actor=actor, after=_snapshot(evidence)
    )
    _changed(evidence)
    return evidence


def _decided(
    evidence: Evidence, *, action: str, actor: User | None, before: dict[str, Any], note: str
) -> None:
    """A decision on a row's status, in its history with the reason, and its key marked for
    the recompute."""
    EvidenceChange.objects.create(
        evidence=evidence,
        action=action,
        actor=actor,
        before=before,
        after={**_snapshot(evidence), "comment": note},
    )
    _changed(evidence)


@transaction.atomic
def evidence_platform_withdraw(*, evidence: Evidence, actor: User | None = None, note: str = "") -> Evidence:
    """Platform evidence whose event no longer holds (a graduate's destination changed): it
    stops counting (rejected, as evaluation.md has mistakes), its history says why."""
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if evidence.status != Evidence.Status.VERIFIED:
        return evidence
    before = _snapshot(evidence)
    evidence.status = Evidence.Status.REJECTED
    evidence.save(update_fields=["status"])
    _decided(evidence, action="withdrawn", actor=actor, before=before, note=note)
    return evidence


@transaction.atomic
def evidence_platform_supersede(
    *,
    evidence: Evidence,
    value: Decimal | int,
    occurred_on: datetime.date,
    event_key: str,
    base: Decimal | int = 1,
    major: PartOfCollege | None = None,
    actor: User | None = None,
    note: str = "",
    origin: Model | None = None,
) -> Evidence | None:
    """Correct platform evidence: the old row stops counting and a new one, which names it
    in ``supersedes``, takes its place (evidence is never edited or deleted)."""
    old = evidence_platform_withdraw(evidence=evidence, actor=actor, note=note)
    new = evidence_record_platform(
        indicator=old.indicator,
        college=old.college,
        value=value,
        base=base,
        occurred_on=occurred_on,
        event_key=event_key,
        major=major,
        actor=actor,
        note=note,
        origin=origin,
    )
    if new is not None:
        new.supersedes = old
        new.save(update_fields=["supersedes"])
    return new


DECISIONS = {"verified": gettext_lazy("verified"), "rejected": gettext_lazy("rejected")}


def _decide(evidence_id: int, *, actor: User, status: str, action: str, note: str) -> Evidence:
    # Lock the row: two evaluators deciding at once must not both succeed.
    evidence = Evidence.objects.select_for_update().get(pk=evidence_id)
    if actor is not None and evidence.submitted_by_id == actor.pk:
        raise Conflict(_("Nobody decides on their own submission: another evaluator must."))
    if evidence.status != Evidence.Status.SUBMITTED:
        raise Conflict(
            _("Evidence is %(state)s; only submitted evidence can be %(action)s.")
            % {"state": evidence.get_status_display(), "action": DECISIONS[action]}
        )
    if status == Evidence.Status.REJECTED and not note.strip():
        raise Invalid("note", _("Say why the evidence is rejected: the submitter reads it."))
    before = _snapshot(evidence)
    evidence.status = status
    evidence.verified_by = actor
    evidence.verified_at = timezone.now()
    evidence.save(update_fields=["status", "verified_by", "verified_at"])
    _decided(evidence, action=action, actor=actor, before=before, note=note)
    return evidence


@transaction.atomic
def evidence_verify(*, evidence: Evidence, actor: User, note: str = "") -> Evidence:
    return _decide(evidence.pk, actor=actor, status=Evidence.Status.VERIFIED, action="verified", note=note)


@transaction.atomic
def evidence_reject(*, evidence: Evidence, actor: User, note: str = "") -> Evidence:
    """Rejected evidence never counts; the reason is required, and the submitter is told it."""
    evidence = _decide(
        evidence.pk, actor=actor, status=Evidence.Status.REJECTED, action="rejected", note=note
    )
    if evidence.submitted_by is not None:
        notifications.notify(
            [evidence.submitted_by],
            Notification.Kind.EVIDENCE_REJECTED,
            link=reverse("evidence-detail", args=[evidence.pk]),
            actor=actor,
            indicator=indicator_term(evidence.indicator),
            reason=note,
        )
    return evidence


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, actor: User, target: Decimal | None = None, weight: Decimal | None = None
) -> Indicator:
    """Change an indicator's target or weight (a scheme edit is data, not code)."""
    fields = []
    if target is not None:
        if target <= 0:
            raise Invalid("target", _("The target must be greater than 0."))
        indicator.target = target
        fields.append("target")
    if weight is not None:
        if weight <= 0:
            raise Invalid("weight", _("The weight must be greater than 0."))
        indicator.weight = weight
        fields.append("weight")
    if fields:
        indicator.save(update_fields=fields)
        changes.scheme_changed(scheme_id=indicator.scheme_id)
    return indicator
