from django.contrib import admin

from .models import Application, Deliverable, Enterprise, Project, ProjectTransition, TalentDemand


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin[Enterprise]):
    list_display = ("name", "code", "region", "industry")
    search_fields = ("name", "code")
    list_filter = ("region", "industry")


class TransitionInline(admin.TabularInline[ProjectTransition, Project]):
    model = ProjectTransition
    extra = 0
    readonly_fields = ("from_status", "to_status", "actor", "note", "at")
    can_delete = False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin[Project]):
    list_display = ("title", "enterprise", "status", "visibility", "college", "seats")
    list_filter = ("status", "visibility")
    search_fields = ("title",)
    list_select_related = ("enterprise", "college")
    raw_id_fields = ("module", "created_by")
    inlines = [TransitionInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ("project", "student", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("project__enterprise", "student")
    raw_id_fields = ("project", "student", "decided_by")


@admin.register(Deliverable)
class DeliverableAdmin(admin.ModelAdmin[Deliverable]):
    list_display = ("project", "submitted_by", "submitted_at")
    list_select_related = ("project__enterprise", "submitted_by")
    raw_id_fields = ("project", "submitted_by")


@admin.register(TalentDemand)
class TalentDemandAdmin(admin.ModelAdmin[TalentDemand]):
    list_display = ("enterprise", "skill", "headcount", "region", "year")
    list_filter = ("year", "region")
    list_select_related = ("enterprise", "skill")
