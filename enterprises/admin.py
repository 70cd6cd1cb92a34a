from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Application,
    Deliverable,
    Employment,
    Enterprise,
    Flag,
    HourLog,
    IpAgreement,
    Ladder,
    LadderLevel,
    MatchRequest,
    PerformanceReview,
    Project,
    ProjectTransition,
    Promotion,
    TalentDemand,
)


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin[Enterprise]):
    """Vetting is changed on the portal's enterprise page (its checks), not here."""

    list_display = ("name", "code", "region", "industry", "vetting")
    search_fields = ("name", "code", "credit_code")
    list_filter = ("vetting", "region", "industry")
    readonly_fields = (
        "vetting",
        "credit_code",
        "contact_verified",
        "site_visit_on",
        "approved_by",
        "approved_at",
    )


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin[Flag]):
    list_display = ("project", "flagged_by", "created_at", "cleared_at")
    list_filter = ("cleared_at",)
    raw_id_fields = ("project", "flagged_by", "cleared_by")


@admin.register(HourLog)
class HourLogAdmin(admin.ModelAdmin[HourLog]):
    list_display = ("student", "project", "date", "hours", "status")
    list_filter = ("status",)
    raw_id_fields = ("project", "student", "decided_by")


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


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin[Employment]):
    list_display = ("learner", "enterprise", "position", "start_date", "in_field", "confirmed")
    list_filter = ("confirmed", "in_field")
    list_select_related = ("learner", "enterprise")
    raw_id_fields = ("learner", "confirmed_by", "entered_by")


@admin.register(PerformanceReview)
class PerformanceReviewAdmin(admin.ModelAdmin[PerformanceReview]):
    list_display = ("employment", "period", "rating", "adaptation_days", "promoted")
    raw_id_fields = ("employment", "reviewer")


class LadderLevelInline(admin.TabularInline[LadderLevel, Ladder]):
    model = LadderLevel
    extra = 0


@admin.register(Ladder)
class LadderAdmin(admin.ModelAdmin[Ladder]):
    list_display = ("name", "enterprise")
    inlines = [LadderLevelInline]


@admin.register(LadderLevel)
class LadderLevelAdmin(admin.ModelAdmin[LadderLevel]):
    list_display = ("ladder", "rank", "name", "min_credits", "min_practice_hours", "min_months_at_previous")


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin[Promotion]):
    list_display = ("learner", "level", "promoted_on")
    raw_id_fields = ("learner", "promoted_by")


@admin.register(IpAgreement)
class IpAgreementAdmin(admin.ModelAdmin[IpAgreement]):
    list_display = (
        "project",
        "enterprise_pct",
        "college_pct",
        "students_pct",
        "revenue_share_pct",
        "embargo_days",
    )
    raw_id_fields = ("project", "enterprise_accepted_by", "college_accepted_by")


@admin.register(ProjectTransition)
class ProjectTransitionAdmin(admin.ModelAdmin[ProjectTransition]):
    """The workflow's history: read-only."""

    list_display = ("project", "from_status", "to_status", "actor", "at")
    list_select_related = ("project", "actor")
    readonly_fields = ("project", "from_status", "to_status", "actor", "note", "at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MatchRequest)
class MatchRequestAdmin(admin.ModelAdmin[MatchRequest]):
    list_display = ("module", "project", "direction", "status", "created_at")
    list_filter = ("status", "direction")
    raw_id_fields = ("project", "module", "sent_by", "decided_by")
