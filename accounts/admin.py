from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import (
    AuditEntry,
    IdempotencyRecord,
    ImportJob,
    LearnerProfile,
    LoginRecord,
    LoginThrottle,
    Notification,
    PublicVersion,
    TotpStepUsed,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "role", "college", "enterprise", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    list_select_related = ("college", "enterprise")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Role and scope"), {"fields": ("role", "college", "enterprise")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": ("role", "college", "enterprise")}),
    )
    autocomplete_fields = ("college", "enterprise")


@admin.register(LearnerProfile)
class LearnerProfileAdmin(admin.ModelAdmin[LearnerProfile]):
    list_display = ("user", "college", "major", "entry_year", "graduated_on")
    list_select_related = ("user", "college", "major__college")
    raw_id_fields = ("user",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("recipient", "kind", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    list_select_related = ("recipient",)
    raw_id_fields = ("recipient",)
    date_hierarchy = "created_at"


@admin.register(LoginRecord)
class LoginRecordAdmin(admin.ModelAdmin[LoginRecord]):
    list_display = ("user", "method", "at", "address")
    list_filter = ("method",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    date_hierarchy = "at"


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin[LoginThrottle]):
    """Locked accounts and addresses: deleting a row lifts its lock."""

    list_display = ("key", "attempts", "window_start")
    ordering = ("-window_start",)


@admin.register(TotpStepUsed)
class TotpStepUsedAdmin(admin.ModelAdmin[TotpStepUsed]):
    """The latest TOTP time step each authenticator accepted (a code works once): read only."""

    list_display = ("authenticator", "step")
    list_select_related = ("authenticator__user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TotpStepUsed | None = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read only: the log is never edited."""

    list_display = ("at", "actor", "action", "model", "object_id", "summary")
    list_filter = ("action", "model")
    search_fields = ("summary", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin[IdempotencyRecord]):
    list_display = ("user", "key", "status_code", "created_at")
    raw_id_fields = ("user",)
    readonly_fields = ("user", "key", "fingerprint", "status_code", "body", "created_at")


@admin.register(PublicVersion)
class PublicVersionAdmin(admin.ModelAdmin[PublicVersion]):
    """Read-only: the versions change with the lists they stand for."""

    list_display = ("name", "version")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PublicVersion | None = None) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin[ImportJob]):
    """CSV imports and their answers; a job stuck in "running" (its worker died) can be read
    here and uploaded again by its owner."""

    list_display = ("started_at", "user", "kind", "state", "created", "finished_at")
    list_filter = ("kind", "state")
    raw_id_fields = ("user",)
    exclude = ("file",)
    readonly_fields = ("user", "kind", "language", "state", "created", "errors", "started_at", "finished_at")

    def has_add_permission(self, request: object) -> bool:
        return False
