"""Lifelong learning (lifelong.md): certificates and their conversion into credits, the
transcript, Open Badges 3.0 credentials, training for people outside the college, and the
revision cadence of teaching materials."""

import datetime
import secrets
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts import notifications
from accounts.errors import Conflict, Invalid
from accounts.models import LearnerProfile, Notification, Role, User
from ledger.services import evidence_record_platform

from . import openbadges
from .models import (
    Certificate,
    CertificateType,
    Credential,
    CreditTransaction,
    Enrollment,
    Material,
    TrainingSession,
    TranscriptShare,
)
from .services import credit_post_module
from .terms import term_label

# --- Credentials ------------------------------------------------------------------------


def credential_issue(
    *,
    learner: User,
    kind: str,
    name: str,
    description: str,
    criteria: str,
    source_key: str,
    achievement_key: str,
    skills: Any = (),
    issuer_college: Any = None,
    issuer_enterprise: Any = None,
    grade: Decimal | None = None,
    term: str = "",
    credits: Decimal | None = None,
) -> Credential:
    """Issue a credential once per achievement of a learner (``source_key``), with a free
    bit in its issuer's revocation list."""
    existing = Credential.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing
    openbadges.learner_profile(learner)  # the credential's subject needs the public address
    organisation, kind_path = (
        (issuer_college, "colleges") if issuer_college else (issuer_enterprise, "enterprises")
    )
    for _attempt in range(5):
        try:
            # A savepoint: a clash on the status bit (two issues drawing the same one at
            # once) retries with another draw instead of failing the caller's transaction.
            with transaction.atomic():
                credential = Credential.objects.create(
                    learner=learner,
                    kind=kind,
                    name=name[:200],
                    description=description,
                    criteria=criteria,
                    source_key=source_key,
                    achievement_key=achievement_key,
                    issuer_college=issuer_college,
                    issuer_enterprise=issuer_enterprise,
                    grade=grade,
                    term=term,
                    credits=credits,
                    status_index=openbadges.new_status_index(organisation, kind_path),
                )
        except IntegrityError:
            existing = Credential.objects.filter(source_key=source_key).first()
            if existing is not None:
                return existing
            continue
        credential.skills.set(skills)
        notifications.notify(
            [learner],
            Notification.Kind.CREDENTIAL_ISSUED,
            link=reverse("credential", args=[credential.public_id]),
            name=credential.name,
        )
        return credential
    raise Conflict(_("Could not find a free place in the issuer's revocation list; try again."))


@transaction.atomic
def credential_revoke(*, credential: Credential, actor: User, reason: str) -> Credential:
    """Revoke a credential: its bit in the issuer's status list flips, its page says so."""
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.revoked_at is not None:
        raise Conflict(
            _("The credential was already revoked on %(date)s.")
            % {"date": formats.date_format(timezone.localtime(credential.revoked_at), "DATE_FORMAT")}
        )
    if not reason.strip():
        raise Invalid("reason", _("Say why the credential is revoked: its holder and verifiers see it."))
    credential.revoked_at = timezone.now()
    credential.revoked_by = actor
    credential.revocation_reason = reason.strip()[:500]
    credential.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    notifications.notify(
        [credential.learner],
        Notification.Kind.CREDENTIAL_REVOKED,
        link=reverse("credential", args=[credential.public_id]),
        actor=actor,
        name=credential.name,
        reason=credential.revocation_reason,
    )
    return credential


@transaction.atomic
def credential_share(*, credential: Credential, actor: User, shared: bool, show_grade: bool) -> Credential:
    """The holder decides what the credential's public page and JSON-LD show about them."""
    if actor.pk != credential.learner_id:
        raise Invalid("shared", _("Only the holder decides whether a credential is shared."))
    credential.shared = shared
    credential.show_grade = shared and show_grade
    credential.save(update_fields=["shared", "show_grade"])
    return credential


def credential_for_module(enrollment: Enrollment) -> Credential:
    module = enrollment.offering.module
    course = module.course
    return credential_issue(
        learner=enrollment.learner,
        kind=Credential.Kind.COURSE,
        name=module.title,
        description=f"{course.title}: {module.title} ({module.credits} credits)",
        criteria=f"Pass the module {module.title} of the course {course.code} {course.title} at {course.college.name}.",
        source_key=f"module:{module.pk}:learner:{enrollment.learner_id}",
        achievement_key=f"module-{module.pk}",
        skills=module.skills.all(),
        issuer_college=course.college,
        grade=enrollment.grade,
        term=enrollment.offering.term,
        credits=module.credits,
    )


# --- Certificates and the credit bank --------------------------------------------------


def certificate_problem(row: dict[str, Any]) -> tuple[str, str] | None:
    """What is wrong with a certificate to record, as (field, message), or None."""
    if row["learner"].role != Role.STUDENT:
        return "learner", _("Certificates are recorded for learners.")
    if row["issued_on"] > timezone.localdate():
        return "issued_on", _("A certificate cannot be issued in the future.")
    return None


@transaction.atomic
def certificate_submit(
    *, learner: User, certificate_type: CertificateType, issued_on: datetime.date, number: str
) -> Certificate:
    problem = certificate_problem({"learner": learner, "issued_on": issued_on})
    if problem is not None:
        raise Invalid(*problem)
    if Certificate.objects.filter(certificate_type=certificate_type, number=number).exists():
        raise Conflict(_("A certificate with this number is already recorded."))
    return Certificate.objects.create(
        learner=learner, certificate_type=certificate_type, issued_on=issued_on, number=number
    )


@transaction.atomic
def certificate_verify(*, certificate: Certificate, actor: User) -> Certificate:
    """Verify a certificate: every matching conversion rule posts its credits (skipping
    modules already credited), and the learner gets a credential."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != Certificate.Status.SUBMITTED:
        raise Conflict(
            _("The certificate is %(state)s; only a submitted one can be verified.")
            % {"state": certificate.get_status_display()}
        )
    certificate.status = Certificate.Status.VERIFIED
    certificate.verified_by = actor
    certificate.verified_at = timezone.now()
    certificate.save(update_fields=["status", "verified_by", "verified_at"])
    kind = certificate.certificate_type
    for rule in kind.rules.select_related("module"):
        credit_post_module(
            learner=certificate.learner,
            module=rule.module,
            credits=rule.credits,
            kind=CreditTransaction.Kind.CERTIFICATE,
            source=f"{kind.name} #{certificate.number}",
            actor=actor,
        )
    learner = certificate.learner
    # The issuing enterprise vouches for its own certificate; otherwise the learner's college.
    college = None if kind.enterprise_id else learner.college
    if kind.enterprise_id or college:
        credential_issue(
            learner=learner,
            kind=Credential.Kind.CERTIFICATION,
            name=kind.name,
            description=f"{kind.name}, issued by {kind.issuer}",
            criteria=f"Hold a {kind.name} certificate, verified on the portal against the issuer's records.",
            source_key=f"certificate:{certificate.pk}",
            achievement_key=f"certificate-type-{kind.pk}",
            issuer_college=college,
            issuer_enterprise=kind.enterprise,
        )
    return certificate


def _entry(row: CreditTransaction) -> dict[str, Any]:
    # A reversal names the module of the row it cancels.
    module = row.module or (row.reverses.module if row.reverses else None)
    enrollment = row.enrollment
    return {
        "kind": row.kind,
        "kind_label": str(row.get_kind_display()),
        "credits": str(row.credits),
        "module": module.pk if module else None,
        "title": module.title if module else row.source,
        "course": f"{module.course.code} {module.course.title}" if module else "",
        "college": module.course.college.name if module else "",
        "term": enrollment.offering.term if enrollment else "",
        "term_label": term_label(enrollment.offering.term) if enrollment else "",
        "grade": str(enrollment.grade) if enrollment and enrollment.grade is not None else None,
        "source": row.source,
        "posted_at": row.posted_at.isoformat(),
    }


# What apps above this one add to a transcript, by key: a function of the learner giving the
# rows (enterprises adds "project_hours", the confirmed hours on projects). Registered in
# their AppConfig.ready(), because this layer may not import them.
TRANSCRIPT_SECTIONS: dict[str, Callable[[User], list[dict[str, Any]]]] = {}
# The same for a learner's public profile (feedback adds "endorsements", those not hidden).
PROFILE_SECTIONS: dict[str, Callable[[User], list[dict[str, Any]]]] = {}


def transcript(learner: User) -> dict[str, Any]:
    """Everything an employer reads on a transcript: the credit bank row by row (term, grade,
    the college that taught it), certificates, and where to verify it."""
    rows = list(
        CreditTransaction.objects.filter(learner=learner)
        .select_related(
            "module__course__college",
            "reverses__module__course__college",
            "enrollment__offering",
        )
        .order_by("posted_at", "id")
    )
    certificates = Certificate.objects.filter(learner=learner).select_related("certificate_type")
    profile = LearnerProfile.objects.filter(user=learner).select_related("college", "major").first()
    college = (profile.college if profile else None) or learner.college
    return {
        "learner": {"id": learner.pk, "username": learner.username, "name": learner.get_full_name()},
        "college": college.name if college else "",
        "major": profile.major.name if profile and profile.major else "",
        "entry_year": profile.entry_year if profile else None,
        "graduated_on": profile.graduated_on.isoformat() if profile and profile.graduated_on else None,
        "total_credits": str(sum((r.credits for r in rows), Decimal(0))),
        "entries": [_entry(r) for r in rows],
        "certificates": [
            {
                "id": c.pk,
                "type": c.certificate_type.code,
                "name": c.certificate_type.name,
                "issuer": c.certificate_type.issuer,
                "number": c.number,
                "issued_on": c.issued_on.isoformat(),
                "status": c.status,
                "status_label": str(c.get_status_display()),
            }
            for c in certificates
        ],
        **{key: rows(learner) for key, rows in TRANSCRIPT_SECTIONS.items()},
    }


def transcript_share(*, learner: User) -> TranscriptShare:
    """The learner's active share of their transcript, made when there is none."""
    share = TranscriptShare.objects.filter(learner=learner, revoked_at=None).first()
    return share or TranscriptShare.objects.create(learner=learner, token=secrets.token_urlsafe(24))


@transaction.atomic
def transcript_share_revoke(*, learner: User) -> int:
    """Stop sharing: every address given out so far answers 404 from now on."""
    return TranscriptShare.objects.filter(learner=learner, revoked_at=None).update(revoked_at=timezone.now())


# --- Graduation ---------------------------------------------------------------------


@transaction.atomic
def learner_graduate(*, learner: User, actor: User, date: datetime.date) -> LearnerProfile:
    """Mark a learner as graduated; writes dual_certificate_rate evidence (1 with a verified
    industry certificate, else 0). Graduating twice is a conflict."""
    if learner.role != Role.STUDENT:
        raise Invalid("learner", _("Only learners graduate."))
    profile, _created = LearnerProfile.objects.select_for_update().get_or_create(
        user=learner, defaults={"college": learner.college}
    )
    if profile.graduated_on is not None:
        raise Conflict(
            _("The learner graduated on %(date)s.")
            % {"date": formats.date_format(profile.graduated_on, "DATE_FORMAT")}
        )
    college = profile.college or learner.college
    if college is None:
        raise Conflict(_("The learner belongs to no college."))
    profile.graduated_on = date
    profile.save(update_fields=["graduated_on"])
    certified = Certificate.objects.filter(learner=learner, status=Certificate.Status.VERIFIED).exists()
    evidence_record_platform(
        indicator="dual_certificate_rate",
        college=college,
        major=profile.major,
        value=1 if certified else 0,
        occurred_on=date,
        event_key=f"graduation:{learner.pk}",
        actor=actor,
    )
    return profile


# --- Training for people outside the college ---------------------------------------------


@transaction.atomic
def training_close(*, session: TrainingSession, actor: User) -> TrainingSession:
    """Close a session: its hours count as training_hours, and every attendee gets a
    micro-credential; those who are not enrolled students count as external_credentials."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status != TrainingSession.Status.OPEN:
        raise Conflict(_("The training session is already closed."))
    session.status = TrainingSession.Status.CLOSED
    session.save(update_fields=["status"])
    evidence_record_platform(
        indicator="training_hours",
        college=session.college,
        value=session.hours,
        occurred_on=session.date,
        event_key=f"training:{session.pk}",
        origin=session,
        actor=actor,
    )
    for attendee in session.attendees.select_related("learner_profile"):
        credential = credential_issue(
            learner=attendee,
            kind=Credential.Kind.MICRO,
            name=session.title,
            description=f"{session.hours} hours of training at {session.college.name}",
            criteria=f"Attend the training session {session.title} of {session.date} ({session.hours} hours).",
            source_key=f"training:{session.pk}:{attendee.pk}",
            achievement_key=f"training-{session.pk}",
            skills=session.skills.all(),
            issuer_college=session.college,
        )
        profile = getattr(attendee, "learner_profile", None)
        enrolled = attendee.college_id is not None or (profile is not None and profile.college_id is not None)
        if not enrolled:
            evidence_record_platform(
                indicator="external_credentials",
                college=session.college,
                value=1,
                occurred_on=session.date,
                event_key=f"credential:{credential.pk}",
                origin=credential,
                actor=actor,
            )
    return session


# --- Teaching materials ----------------------------------------------------------------


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# A minor revision is due a year after the last one, a major one three years after (lifelong.md).
REVISION_YEARS = {"minor": 1, "major": 3}


def revision_cutoffs(today: datetime.date | None = None) -> dict[str, datetime.date]:
    """For each kind of revision, the last date on which a revision is now overdue."""
    today = today or timezone.localdate()
    return {kind: add_years(today, -years) for kind, years in REVISION_YEARS.items()}


def overdue_revisions(material: Material, today: datetime.date | None = None) -> list[str]:
    cutoffs = revision_cutoffs(today)
    last = {"minor": material.last_minor_revision, "major": material.last_major_revision}
    return [kind for kind in REVISION_YEARS if last[kind] <= cutoffs[kind]]


def overdue_materials(queryset: QuerySet[Material], today: datetime.date | None = None) -> QuerySet[Material]:
    cutoffs = revision_cutoffs(today)
    return queryset.filter(
        Q(last_minor_revision__lte=cutoffs["minor"]) | Q(last_major_revision__lte=cutoffs["major"])
    )


@transaction.atomic
def material_create(
    *,
    actor: User,
    course: Any,
    title: str,
    last_minor_revision: datetime.date,
    last_major_revision: datetime.date,
    skills: Any = (),
) -> Material:
    material = Material.objects.create(
        course=course,
        title=title,
        last_minor_revision=last_minor_revision,
        last_major_revision=last_major_revision,
    )
    material.skills.set(skills)
    return material


# --- Training and the catalogue of certificates ----------------------------------------------


@transaction.atomic
def training_create(
    *,
    actor: User,
    college: Any,
    title: str,
    date: datetime.date,
    hours: Decimal,
    attendees: Any = (),
    skills: Any = (),
) -> TrainingSession:
    session = TrainingSession.objects.create(college=college, title=title, date=date, hours=hours)
    session.attendees.set(attendees)
    session.skills.set(skills)
    return session


@transaction.atomic
def certificate_type_create(
    *, actor: User, code: str, name: str, issuer: str, enterprise: Any = None
) -> CertificateType:
    if CertificateType.objects.filter(code=code).exists():
        raise Invalid("code", _("A certificate with this code already exists."))
    return CertificateType.objects.create(
        code=code,
        name=name,
        issuer=issuer,
        enterprise=enterprise,
        # A kind no enterprise stands behind is the defining college's.
        college=actor.college if enterprise is None and actor.role == Role.COLLEGE_ADMIN else None,
    )


@transaction.atomic
def conversion_rule_create(
    *, actor: User, certificate_type: CertificateType, module: Any, credits: Decimal
) -> Any:
    from .models import ConversionRule

    if ConversionRule.objects.filter(certificate_type=certificate_type, module=module).exists():
        raise Invalid("module", _("This certificate already converts into credit for that module."))
    return ConversionRule.objects.create(certificate_type=certificate_type, module=module, credits=credits)
