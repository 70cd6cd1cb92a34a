"""A person's data is theirs (PIPL art. 45): everything the portal holds about them, in one
download.

The export spans every app, so it lives here, at the top. Each file of the archive is one
kind of record, as JSON; dates are ISO 8601; nothing about other people beyond what the
record itself names (a project's title, a college's name).
"""

import datetime
import io
import json
import uuid
import zipfile
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import LearnerProfile, LoginRecord, Notification, User
from colleges.models import DualPosition, Partnership, PracticeLog
from courses.lifelong import transcript
from courses.models import Certificate, Credential, CreditTransaction, Enrollment, TranscriptShare
from enterprises.models import Application, Deliverable, Employment, IpAgreement, PerformanceReview, Promotion
from ledger.models import Evidence


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "hex") and not isinstance(value, bytes | str | int):  # a UUID
        return str(value)
    return value


def _rows(queryset: QuerySet[Any], *fields: str) -> list[dict[str, Any]]:
    return [{name: _plain(value) for name, value in row.items()} for row in queryset.values(*fields)]


def _one(obj: Model | None, *fields: str) -> dict[str, Any] | None:
    if obj is None:
        return None
    return {name: _plain(getattr(obj, name)) for name in fields}


def export_data(user: User) -> dict[str, Any]:
    """Everything about ``user``, by kind of record."""
    profile = LearnerProfile.objects.filter(user=user).first()
    data: dict[str, Any] = {
        "profile": {
            **(
                _one(
                    user,
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "language",
                    "date_joined",
                    "last_login",
                )
                or {}
            ),
            "college": user.college.name if user.college else None,
            "enterprise": user.enterprise.name if user.enterprise else None,
            "email_events": user.email_events,
            "learner": _one(profile, "public_id", "entry_year", "graduated_on"),
        },
        "enrolments": _rows(
            Enrollment.objects.filter(learner=user),
            "offering__module__title",
            "offering__term",
            "offering__module__course__college__name",
            "status",
            "grade",
            "passed",
            "enrolled_at",
            "completed_at",
        ),
        "credits": _rows(
            CreditTransaction.objects.filter(learner=user),
            "credits",
            "kind",
            "source",
            "module__title",
            "posted_at",
        ),
        "transcript": transcript(user) if user.role == "student" else None,
        "transcript_shares": _rows(TranscriptShare.objects.filter(learner=user), "created_at", "revoked_at"),
        "applications": _rows(
            Application.objects.filter(student=user),
            "project__title",
            "motivation",
            "status",
            "created_at",
            "decided_at",
        ),
        "deliverables": _rows(
            Deliverable.objects.filter(submitted_by=user), "project__title", "summary", "link", "submitted_at"
        ),
        "practice_hours": _rows(
            PracticeLog.objects.filter(dual_position__user=user),
            "dual_position__enterprise__name",
            "date",
            "hours",
            "description",
            "status",
        ),
        "dual_positions": _rows(
            DualPosition.objects.filter(user=user),
            "enterprise__name",
            "role",
            "title",
            "start_date",
            "status",
        ),
        "credentials": _rows(
            Credential.objects.filter(learner=user),
            "public_id",
            "kind",
            "name",
            "issued_at",
            "grade",
            "term",
            "shared",
            "show_grade",
            "revoked_at",
            "revocation_reason",
        ),
        "certificates": _rows(
            Certificate.objects.filter(learner=user),
            "certificate_type__name",
            "number",
            "issued_on",
            "status",
            "verified_at",
        ),
        "employments": _rows(
            Employment.objects.filter(learner=user),
            "enterprise__name",
            "position",
            "start_date",
            "in_field",
            "confirmed",
        ),
        "performance_reviews": _rows(
            PerformanceReview.objects.filter(employment__learner=user),
            "employment__enterprise__name",
            "period",
            "rating",
            "adaptation_days",
            "promoted",
            "comment",
        ),
        "ladder_promotions": _rows(
            Promotion.objects.filter(learner=user), "level__ladder__name", "level__name", "promoted_on"
        ),
        "evidence_submitted": _rows(
            Evidence.objects.filter(submitted_by=user),
            "indicator",
            "college__name",
            "value",
            "occurred_on",
            "status",
            "note",
        ),
        "notifications": _rows(
            Notification.objects.filter(recipient=user), "kind", "params", "created_at", "read_at"
        ),
        # What they agreed to: which credentials are public, and with what; the partnerships
        # and IP terms they accepted for their organisation.
        "consents": {
            "credentials_shared": _rows(
                Credential.objects.filter(learner=user, shared=True), "public_id", "show_grade"
            ),
            "transcript_shared": TranscriptShare.objects.filter(learner=user, revoked_at=None).exists(),
            "notification_emails": user.email_events,
            "partnerships_decided": _rows(
                Partnership.objects.filter(decided_by=user),
                "industry_college__name",
                "enterprise__name",
                "status",
                "decided_at",
            ),
            "ip_terms_accepted": _rows(
                IpAgreement.objects.filter(enterprise_accepted_by=user)
                | IpAgreement.objects.filter(college_accepted_by=user),
                "project__title",
                "enterprise_pct",
                "college_pct",
                "students_pct",
            ),
        },
        "logins": _rows(LoginRecord.objects.filter(user=user), "at", "method", "address", "user_agent"),
        "api_tokens": _rows(AuthToken.objects.filter(user=user), "token_key", "created", "expiry"),
        "two_factor": _rows(Authenticator.objects.filter(user=user), "type", "created_at", "last_used_at"),
    }
    return data


def export_zip(user: User) -> bytes:
    """The export as a zip of JSON files, one per kind of record, with a README."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        data = export_data(user)
        for name, value in data.items():
            archive.writestr(f"{name}.json", json.dumps(value, ensure_ascii=False, indent=2, default=str))
        archive.writestr(
            "README.txt",
            "Everything Chanjiao holds about you, exported on "
            f"{datetime.datetime.now(datetime.UTC).isoformat()} (UTC). One JSON file per kind of record.\n",
        )
    return buffer.getvalue()


# --- Erasure (PIPL art. 47) ----------------------------------------------------------------


@transaction.atomic
def erase_person(person: User, *, actor: User) -> User:
    """Erase a person: their name, e-mail, user name and the free text they wrote or that was
    written about them go; the rows that feed the portal's figures stay, anonymous, so every
    published figure is the same afterwards. The account can no longer log in."""
    person = get_user_model().objects.select_for_update().get(pk=person.pk)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    person.username = f"erased-{person.pk}-{stamp}"
    person.first_name = person.last_name = person.email = ""
    person.language = ""
    person.email_events = []
    person.is_active = False
    person.set_unusable_password()
    person.save()
    EmailAddress.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()
    AuthToken.objects.filter(user=person).delete()
    LoginRecord.objects.filter(user=person).delete()
    Notification.objects.filter(recipient=person).delete()
    LearnerProfile.objects.filter(user=person).update(public_id=uuid.uuid4())
    Application.objects.filter(student=person).update(motivation="")
    PracticeLog.objects.filter(dual_position__user=person).update(description="")
    Deliverable.objects.filter(submitted_by=person).update(summary="", link="")
    Evidence.objects.filter(submitted_by=person).update(note="", attachment="")
    Employment.objects.filter(learner=person).update(position="")
    PerformanceReview.objects.filter(employment__learner=person).update(comment="")
    for certificate in Certificate.objects.filter(learner=person):
        certificate.number = f"erased-{certificate.pk}"
        certificate.save(update_fields=["number"])
    Credential.objects.filter(learner=person).update(shared=False, show_grade=False)
    TranscriptShare.objects.filter(learner=person, revoked_at=None).update(revoked_at=timezone.now())
    return person
