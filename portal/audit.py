"""The audit log: every state change of the portal's records, who made it, when, and the
fields before and after.

It listens to saves and deletes of the audited models (every app's, so it lives at the top),
reads the row as it was just before the save, and writes one ``AuditEntry`` in the same
transaction, so an entry exists exactly when its change committed. Each entry names the
college and the enterprise the row belongs to: platform admins see every entry, a college
or an enterprise the entries of its own rows.

Computed rows (scorecards, radar figures, recompute marks) are not audited: they follow from
the audited evidence and reviews.

An entry's summary is the row's ``str()``, and the rows that belong to a person name them by
id there ("17 → 3 (declined)"), never by user name: the page renders names at read time (the
"Who" column), so an erasure (``portal.privacy``) has only the person's own fields to scrub.
"""

import datetime
import decimal
import functools
import operator
import uuid
from typing import Any

from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save

from accounts import bulk
from accounts.audit import current_actor, rows_created_in_bulk
from accounts.models import AuditEntry, User
from apprenticeship.models import (
    Apprenticeship,
    PortfolioItem,
    ProgressReview,
    ReviewAction,
    ReviewForm,
    ReviewSignature,
)
from colleges.models import (
    Cohort,
    College,
    Contribution,
    Distribution,
    DualPosition,
    IndustryCollege,
    Major,
    Partnership,
    PracticeLog,
)
from competencies.models import Competency, CompetencyMark, Framework, PlanTemplate
from courses.models import (
    Certificate,
    CertificateType,
    ConversionRule,
    Course,
    Credential,
    CreditTransaction,
    Enrollment,
    Material,
    Module,
    Offering,
    TrainingSession,
)
from credits.models import CreditRequest
from enterprises.models import (
    Application,
    Deliverable,
    Employment,
    Enterprise,
    Flag,
    IpAgreement,
    Ladder,
    MatchRequest,
    PerformanceReview,
    Project,
    Promotion,
    TalentDemand,
)
from evaluation.models import ImprovementAction, MajorDecision, ScorecardReview
from feedback.models import Endorsement, Feedback
from ledger.models import Evidence, Indicator, Scheme
from reports.models import Entry as ReportEntry
from reports.models import Report
from transfer.models import Call, CallResponse, InventorShare, TechSummary, Transfer

# Each audited model, and where its college and enterprise are (attribute paths).
AUDITED: dict[type[Model], tuple[str, str]] = {
    User: ("college_id", "enterprise_id"),
    College: ("pk", ""),
    Major: ("college_id", ""),
    Cohort: ("major.college_id", ""),
    IndustryCollege: ("college_id", ""),
    Partnership: ("industry_college.college_id", "enterprise_id"),
    DualPosition: ("user.college_id", "enterprise_id"),
    PracticeLog: ("dual_position.user.college_id", "dual_position.enterprise_id"),
    Contribution: ("industry_college.college_id", "enterprise_id"),
    Distribution: ("industry_college.college_id", ""),
    Course: ("college_id", ""),
    Module: ("course.college_id", ""),
    Offering: ("module.course.college_id", ""),
    Enrollment: ("offering.module.course.college_id", ""),
    CreditTransaction: ("learner.college_id", ""),
    CertificateType: ("college_id", "enterprise_id"),
    ConversionRule: ("module.course.college_id", "certificate_type.enterprise_id"),
    Certificate: ("learner.college_id", "certificate_type.enterprise_id"),
    Credential: ("issuer_college_id", "issuer_enterprise_id"),
    TrainingSession: ("college_id", ""),
    Material: ("course.college_id", ""),
    Enterprise: ("", "pk"),
    Flag: ("project.college_id", "project.enterprise_id"),
    MatchRequest: ("module.course.college_id", "project.enterprise_id"),
    Project: ("college_id", "enterprise_id"),
    Application: ("project.college_id", "project.enterprise_id"),
    Deliverable: ("project.college_id", "project.enterprise_id"),
    TalentDemand: ("", "enterprise_id"),
    Employment: ("learner.college_id", "enterprise_id"),
    PerformanceReview: ("employment.learner.college_id", "employment.enterprise_id"),
    Ladder: ("", "enterprise_id"),
    Promotion: ("learner.college_id", "level.ladder.enterprise_id"),
    IpAgreement: ("project.college_id", "project.enterprise_id"),
    Evidence: ("college_id", ""),
    Indicator: ("", ""),
    Scheme: ("", ""),
    ScorecardReview: ("scorecard.college_id", ""),
    ImprovementAction: ("scorecard.college_id", ""),
    MajorDecision: ("major.college_id", ""),
    Framework: ("college_id", ""),
    Competency: ("framework.college_id", ""),
    PlanTemplate: ("framework.college_id", ""),
    CompetencyMark: ("plan.template.framework.college_id", ""),
    Report: ("college_id", "enterprise_id"),
    ReportEntry: ("report.college_id", "report.enterprise_id"),
    CreditRequest: ("college_id", "enterprise_id"),
    Feedback: ("project.college_id", "project.enterprise_id"),
    Endorsement: ("learner.college_id", "enterprise_id"),
    Apprenticeship: ("college_id", "ladder.enterprise_id"),
    ReviewForm: ("college_id", ""),
    ProgressReview: ("apprenticeship.college_id", "apprenticeship.ladder.enterprise_id"),
    ReviewAction: ("review.apprenticeship.college_id", "review.apprenticeship.ladder.enterprise_id"),
    ReviewSignature: ("review.apprenticeship.college_id", "review.apprenticeship.ladder.enterprise_id"),
    PortfolioItem: ("apprenticeship.college_id", "apprenticeship.ladder.enterprise_id"),
    Call: ("", "enterprise_id"),
    # Not the college's: a confidential call's responses are for the enterprise alone.
    CallResponse: ("", "call.enterprise_id"),
    TechSummary: ("college_id", ""),
    Transfer: ("summary.college_id", "licensee_id"),
    InventorShare: ("transfer.summary.college_id", ""),
}
# Fields never copied into the log: secrets, and bookkeeping that changes on every save.
# A published report's frozen figures (``snapshot``) are the report itself, not a change to log.
HIDDEN = {"password", "last_login", "updated_at", "digest", "snapshot"}
SECRET = {"password"}


# Values the log keeps as they are (most of a row's): a roster's 50,000 people pass here
# 800,000 times.
_AS_IS = frozenset({str, int, bool, float, type(None), dict, list})


def _dig(obj: Any, path: str) -> Any:
    for part in path.split(".") if path else []:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj if path else None


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):  # an uploaded file: its stored name
        return value.name or ""
    return value


@functools.cache
def _shown(model: type[Model]) -> tuple[str, ...]:
    """The fields the log keeps of a model's rows: looked up once, not once a row (a roster
    of 50,000 people walked them 50,000 times)."""
    return tuple(field.attname for field in model._meta.concrete_fields if field.attname not in HIDDEN)


def _fields(obj: Model) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in _shown(type(obj))}


def _before(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if instance.pk is None or kwargs.get("raw"):
        instance._audit_before = None  # type: ignore[attr-defined]
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = _fields(old) if old is not None else None  # type: ignore[attr-defined]
    if old is not None and "password" in {f.attname for f in sender._meta.concrete_fields}:
        changed = getattr(old, "password", None) != getattr(instance, "password", None)
        instance._audit_password_changed = changed  # type: ignore[attr-defined]


def _entry(instance: Model, action: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    _new_entry(instance, action, before, after, current_actor()).save()


def _new_entry(
    instance: Model, action: str, before: dict[str, Any], after: dict[str, Any], actor: Any
) -> AuditEntry:
    return AuditEntry(**_entry_values(instance, action, before, after, actor))


def _entry_values(
    instance: Model, action: str, before: dict[str, Any], after: dict[str, Any], actor: Any
) -> dict[str, Any]:
    college_path, enterprise_path = AUDITED[type(instance)]
    return {
        "actor_id": actor.pk if actor is not None else None,
        "action": action,
        "model": instance._meta.label,
        "object_id": str(instance.pk),
        "summary": str(instance)[:200],
        "college_id": _dig(instance, college_path),
        "enterprise_id": _dig(instance, enterprise_path),
        "before": before,
        "after": after,
    }


def _after(sender: type[Model], instance: Model, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    now = _fields(instance)
    old = getattr(instance, "_audit_before", None)
    if created or old is None:
        _entry(instance, AuditEntry.Action.CREATED, {}, now)
        return
    changed = [name for name, value in now.items() if old.get(name) != value]
    if getattr(instance, "_audit_password_changed", False):
        changed.append("password")
        old = {**old, "password": "…"}
        now = {**now, "password": "(changed)"}
    if changed:
        _entry(
            instance,
            AuditEntry.Action.UPDATED,
            {name: old.get(name) for name in changed},
            {name: now.get(name) for name in changed},
        )


def _bulk_created(sender: type[Model], rows: list[Model], **kwargs: Any) -> None:
    """One entry a row, as for a single save, built a column at a time: a roster's 50,000
    people are 800,000 values, most of them already as the log keeps them."""
    if sender not in AUDITED or not rows:
        return
    actor = current_actor()
    shown = _shown(sender)
    columns = []
    for name in shown:
        values = list(map(operator.attrgetter(name), rows))
        if not set(map(type, values)) <= _AS_IS:
            values = list(map(_plain, values))
        columns.append(values)
    bulk.insert_values(
        AuditEntry,
        [
            _entry_values(row, AuditEntry.Action.CREATED, {}, dict(zip(shown, after, strict=True)), actor)
            for row, after in zip(rows, zip(*columns, strict=True), strict=True)
        ],
    )


def _deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    _entry(instance, AuditEntry.Action.DELETED, _fields(instance), {})


def connect() -> None:
    rows_created_in_bulk.connect(_bulk_created, dispatch_uid="audit-bulk-created")
    for model in AUDITED:
        pre_save.connect(_before, sender=model, dispatch_uid=f"audit-before-{model._meta.label}")
        post_save.connect(_after, sender=model, dispatch_uid=f"audit-after-{model._meta.label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"audit-deleted-{model._meta.label}")
