from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Allocation,
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


@admin.register(College)
class CollegeAdmin(admin.ModelAdmin[College]):
    list_display = ("name", "code", "region")
    search_fields = ("name", "code")
    list_filter = ("region",)


@admin.register(Major)
class MajorAdmin(admin.ModelAdmin[Major]):
    list_display = ("name", "code", "college", "status")
    list_filter = ("status", "college")
    search_fields = ("name", "code")
    list_select_related = ("college",)


@admin.register(IndustryCollege)
class IndustryCollegeAdmin(admin.ModelAdmin[IndustryCollege]):
    list_display = ("name", "college")
    filter_horizontal = ("enterprises",)
    list_select_related = ("college",)


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin[Partnership]):
    list_display = ("enterprise", "industry_college", "status", "proposed_at", "decided_at")
    list_filter = ("status",)
    list_select_related = ("enterprise", "industry_college")
    raw_id_fields = ("proposed_by", "decided_by")


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin[Cohort]):
    list_display = ("major", "year", "graduates")
    list_filter = ("year",)
    list_select_related = ("major__college",)


@admin.register(DualPosition)
class DualPositionAdmin(admin.ModelAdmin[DualPosition]):
    list_display = ("user", "enterprise", "role", "title", "status", "start_date")
    list_filter = ("status", "role")
    list_select_related = ("user", "enterprise")
    raw_id_fields = ("user", "proposed_by", "recognized_by")


@admin.register(PracticeLog)
class PracticeLogAdmin(admin.ModelAdmin[PracticeLog]):
    list_display = ("dual_position", "date", "hours", "status")
    list_filter = ("status",)
    list_select_related = ("dual_position__user", "dual_position__enterprise")
    raw_id_fields = ("dual_position", "confirmed_by")


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin[Contribution]):
    list_display = ("industry_college", "enterprise", "kind", "valuation", "date")
    list_filter = ("kind",)


class AllocationInline(admin.TabularInline[Allocation, Distribution]):
    model = Allocation
    extra = 0
    can_delete = False
    readonly_fields = ("enterprise", "share", "amount")


@admin.register(Distribution)
class DistributionAdmin(admin.ModelAdmin[Distribution]):
    """Stored splits: shown, never edited (a split is never recomputed)."""

    list_display = ("industry_college", "period", "amount", "as_of")
    readonly_fields = ("industry_college", "period", "amount", "as_of", "created_by")
    inlines = [AllocationInline]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin[Allocation]):
    list_display = ("distribution", "enterprise", "share", "amount")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
