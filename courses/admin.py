from django.contrib import admin

from .models import Course, CreditTransaction, Enrollment, Module, Offering, Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin[Skill]):
    list_display = ("code", "name")
    search_fields = ("code", "name")


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
