"""The rules of reports: writing a draft, entering the figures the portal does not hold, the
review (draft → in review → approved → published, four eyes), and corrections, which publish
a new version beside the old one. Called by both the pages and the API."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import notifications
from accounts.audit import created_in_bulk
from accounts.errors import Conflict, Invalid
from accounts.models import Notification, User
from colleges.models import College
from enterprises.models import Enterprise

from .indicators import SECTIONS, entered, indicator
from .models import Entry, Report, ReportStep
from .tables import compute

S = Report.Status
_VERBS = {
    "submit_for_review": gettext_lazy("submitted for review"),
    "send_back": gettext_lazy("sent back"),
    "approve": gettext_lazy("approved"),
    "publish": gettext_lazy("published"),
}
_STEPS = {
    "submit_for_review": (S.DRAFT, S.IN_REVIEW),
    "send_back": (S.IN_REVIEW, S.DRAFT),
    "approve": (S.IN_REVIEW, S.APPROVED),
    "publish": (S.APPROVED, S.PUBLISHED),
}
NARRATIVE_MAX = 20000


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def _draft(report: Report) -> None:
    if report.status != S.DRAFT:
        raise Conflict(
            _("The report is %(state)s: only a draft changes. Correct a published report instead.")
            % {"state": report.get_status_display()}
        )


@transaction.atomic
def report_create(
    *,
    actor: User,
    kind: str,
    year: int,
    college: College | None = None,
    enterprise: Enterprise | None = None,
    narrative: dict[str, str] | None = None,
) -> Report:
    if kind not in Report.Kind.values:
        raise Invalid("kind", _("Choose a kind of report."))
    if kind == Report.Kind.ENTERPRISE:
        if enterprise is None:
            raise Invalid("enterprise", _("An enterprise's report names the enterprise."))
        college = None
    else:
        if college is None:
            raise Invalid("college", _("A college's report names the college."))
        enterprise = None
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year:
        raise Invalid("year", _("A year from 2000 to this year."))
    if Report.objects.filter(kind=kind, college=college, enterprise=enterprise, year=year).exists():
        raise Conflict(_("This report exists already: open it (or correct its published version)."))
    report = Report(kind=kind, college=college, enterprise=enterprise, year=year, created_by=actor)
    report.narrative = _narrative(kind, {}, narrative or {})
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:  # two creating at once
        raise Conflict(_("This report exists already: open it (or correct its published version).")) from exc
    return report


def _narrative(kind: str, current: dict[str, str], changes: dict[str, Any]) -> dict[str, str]:
    keys = {key for key, _label in SECTIONS[kind]}
    out = dict(current)
    for key, text in changes.items():
        if key not in keys:
            raise Invalid("narrative", _("Not a section of this report: %(key)s.") % {"key": key})
        if not isinstance(text, str) or len(text) > NARRATIVE_MAX:
            raise Invalid("narrative", _("Each section is a text of at most 20,000 characters."))
        out[key] = text.strip()
    return out


@transaction.atomic
def report_write(*, report: Report, actor: User, narrative: dict[str, Any]) -> Report:
    """Change the narrative of a draft (the sections given; the others keep their text)."""
    report = _locked(report)
    _draft(report)
    report.narrative = _narrative(report.kind, report.narrative, narrative)
    report.save(update_fields=["narrative"])
    return report


@transaction.atomic
def entry_record(*, report: Report, actor: User, indicator_code: str, value: Any, note: str = "") -> Entry:
    """Enter (or change) a figure the portal does not hold, on a draft."""
    report = _locked(report)
    _draft(report)
    found = indicator(report.kind, indicator_code)
    if found is None or found.computed:
        raise Invalid("indicator", _("Not an indicator this report asks to be entered."))
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise Invalid("value", _("A number.")) from exc
    if not number.is_finite() or abs(number) >= Decimal("1e15"):
        raise Invalid("value", _("A number."))
    number = number.quantize(Decimal("0.01"))
    if number < 0:
        raise Invalid("value", _("Not negative."))
    entry, _created = Entry.objects.update_or_create(
        report=report,
        indicator=indicator_code,
        defaults={"value": number, "note": (note or "").strip()[:300], "entered_by": actor},
    )
    return entry


@transaction.atomic
def entry_remove(*, report: Report, actor: User, indicator_code: str) -> None:
    report = _locked(report)
    _draft(report)
    Entry.objects.filter(report=report, indicator=indicator_code).delete()


def _tell_reviewers(report: Report, actor: User) -> None:
    if report.kind == Report.Kind.ENTERPRISE:
        recipients: Any = notifications.engineers_of(report.enterprise_id)
    else:
        recipients = notifications.staff_of_college(report.college_id, admins_only=True)
    notifications.notify(
        recipients,
        Notification.Kind.REPORT_TO_REVIEW,
        link=reverse("reports-detail", args=[report.pk]),
        actor=actor,
        subject=report.subject_name,
        year=str(report.year),
    )


@transaction.atomic
def report_step(*, report: Report, actor: User, action: str, comment: str = "") -> Report:
    """Move a report one step along its review."""
    report = _locked(report)
    if action not in _STEPS:
        raise Invalid("action", _("Not a step of the review."))
    start, end = _STEPS[action]
    if report.status != start:
        raise Conflict(
            _("The report is %(state)s; it cannot be %(action)s from that state.")
            % {"state": report.get_status_display(), "action": _VERBS[action]}
        )
    if action == "approve":
        submitter = (
            report.steps.filter(action="submit_for_review")
            .order_by("-at", "-id")
            .values_list("actor_id", flat=True)
            .first()
        )
        if actor.pk in (report.created_by_id, submitter):
            raise Conflict(
                _("Four eyes: someone other than its author and who submitted it must approve it.")
            )
        report.approved_by, report.approved_at = actor, timezone.now()
    if action == "send_back":
        report.approved_by, report.approved_at = None, None
    if action == "publish":
        # The figures are frozen as they are now: the published report never changes.
        report.snapshot = compute(report)
        report.published_by, report.published_at = actor, timezone.now()
    from_status = report.status
    report.status = end
    report.save()
    ReportStep.objects.create(
        report=report, action=action, from_status=from_status, to_status=end, comment=comment, actor=actor
    )
    if action == "submit_for_review":
        _tell_reviewers(report, actor)
    return report


@transaction.atomic
def report_correct(*, report: Report, actor: User) -> Report:
    """Start a correction of a published report: a new draft version with its narrative and
    entered figures, which publishes beside it (the published one stays as it is)."""
    report = _locked(report)
    if report.status != S.PUBLISHED:
        raise Conflict(_("Only a published report is corrected; change the draft instead."))
    if Report.objects.filter(previous=report).exists():
        raise Conflict(_("A correction of this version exists already: open it."))
    latest = (
        Report.objects.filter(
            kind=report.kind, college=report.college, enterprise=report.enterprise, year=report.year
        )
        .order_by("-version")
        .first()
    )
    if latest is not None and latest.pk != report.pk:
        raise Conflict(_("A later version exists: correct that one."))
    new = Report.objects.create(
        kind=report.kind,
        college=report.college,
        enterprise=report.enterprise,
        year=report.year,
        version=report.version + 1,
        previous=report,
        narrative=dict(report.narrative),
        created_by=actor,
    )
    copies = Entry.objects.bulk_create(
        [
            Entry(report=new, indicator=e.indicator, value=e.value, note=e.note, entered_by=e.entered_by)
            for e in report.entries.all()
        ]
    )
    created_in_bulk(Entry, copies)
    return new


def changes(report: Report) -> list[dict[str, Any]]:
    """What a published correction changed from the version it corrects: each figure whose
    value moved, and each narrative section whose text did."""
    previous = report.previous
    if previous is None or not previous.published or not report.published:
        return []

    def values(r: Report) -> dict[tuple[str, str], Any]:
        return {
            (t["code"], i["code"]): i.get("value")
            for t in r.snapshot.get("tables", [])
            for i in t["indicators"]
        }

    old, new = values(previous), values(report)
    keys = list(old) + [k for k in new if k not in old]
    out: list[dict[str, Any]] = [
        {"kind": "figure", "table": k[0], "code": k[1], "before": old.get(k), "after": new.get(k)}
        for k in keys
        if old.get(k) != new.get(k)
    ]
    for key, _label in SECTIONS[report.kind]:
        if previous.narrative.get(key, "") != report.narrative.get(key, ""):
            out.append(
                {
                    "kind": "section",
                    "code": key,
                    "before": previous.narrative.get(key, ""),
                    "after": report.narrative.get(key, ""),
                }
            )
    return out


def entered_codes(kind: str) -> list[str]:
    return [i.code for i in entered(kind)]
