from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
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
    Skill,
    SkillCrosswalk,
    TrainingSession,
    TranscriptShare,
)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin[Skill]):
    list_display = ("code", "name", "name_zh")
    search_fields = ("code", "name", "name_zh")


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ("code", "title", "college", "major")
    list_filter = ("college",)
    search_fields = ("code", "title")
    list_select_related = ("college", "major__college")


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin[Module]):
    list_display = ("title", "course", "credits")
    search_fields = ("title",)
    filter_horizontal = ("skills",)
    list_select_related = ("course",)


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin[Offering]):
    list_display = ("module", "term", "capacity", "enrolled")
    list_filter = ("term",)
    list_select_related = ("module",)
    readonly_fields = ("enrolled",)
    raw_id_fields = ("teacher",)


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin[Enrollment]):
    list_display = ("learner", "offering", "status", "grade", "passed")
    list_filter = ("status",)
    list_select_related = ("learner", "offering__module")
    raw_id_fields = ("learner", "offering")


@admin.register(CreditTransaction)
class CreditTransactionAdmin(admin.ModelAdmin[CreditTransaction]):
    """Read-only: the credit bank is append-only and written by the services."""

    list_display = ("learner", "credits", "kind", "module", "posted_at")
    list_filter = ("kind",)
    list_select_related = ("learner", "module")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CertificateType)
class CertificateTypeAdmin(admin.ModelAdmin[CertificateType]):
    list_display = ("code", "name", "issuer", "enterprise")
    search_fields = ("code", "name")


@admin.register(ConversionRule)
class ConversionRuleAdmin(admin.ModelAdmin[ConversionRule]):
    list_display = ("certificate_type", "module", "credits")
    list_select_related = ("certificate_type", "module")


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin[Certificate]):
    list_display = ("learner", "certificate_type", "number", "issued_on", "status")
    list_filter = ("status", "certificate_type")
    list_select_related = ("learner", "certificate_type")
    raw_id_fields = ("learner", "verified_by")


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin[Credential]):
    """Read-only: credentials are issued by the services and never edited."""

    list_display = ("name", "learner", "kind", "issued_at")
    list_filter = ("kind",)
    list_select_related = ("learner",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin[TrainingSession]):
    list_display = ("title", "college", "date", "hours", "status")
    list_filter = ("status",)
    filter_horizontal = ("skills",)
    raw_id_fields = ("attendees",)


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin[Material]):
    list_display = ("title", "course", "last_minor_revision", "last_major_revision", "flagged_for_review")
    list_filter = ("flagged_for_review",)
    list_select_related = ("course",)


@admin.register(TranscriptShare)
class TranscriptShareAdmin(admin.ModelAdmin[TranscriptShare]):
    """Addresses at which learners share their transcripts; the learner revokes them."""

    list_display = ("learner", "created_at", "revoked_at")
    list_select_related = ("learner",)
    readonly_fields = ("learner", "token", "created_at", "revoked_at")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(SkillCrosswalk)
class SkillCrosswalkAdmin(admin.ModelAdmin[SkillCrosswalk]):
    list_display = ("skill", "esco_uri", "occupation_code", "match")
    list_filter = ("match",)
    search_fields = ("skill__code", "esco_uri", "occupation_code")
