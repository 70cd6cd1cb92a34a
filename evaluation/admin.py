from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    DrainQueue,
    ImprovementAction,
    MajorDecision,
    RadarMajor,
    RadarSkill,
    Scorecard,
    ScorecardHistory,
    ScorecardIndicator,
    ScorecardReview,
)


class ScorecardIndicatorInline(admin.TabularInline[ScorecardIndicator, Scorecard]):
    model = ScorecardIndicator
    extra = 0
    can_delete = False
    readonly_fields = ("code", "dimension", "value", "score", "evidence_count")


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin[Scorecard]):
    """Figures come from the recompute; the review workflow runs on the evaluator's pages."""

    list_display = ("subject_name", "subject_type", "period", "overall", "rank", "status")
    list_filter = ("subject_type", "period", "status")
    readonly_fields = [f.name for f in Scorecard._meta.fields]
    inlines = [ScorecardIndicatorInline]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ScorecardIndicator)
class ScorecardIndicatorAdmin(admin.ModelAdmin[ScorecardIndicator]):
    list_display = ("scorecard", "code", "value", "score")
    readonly_fields = ("scorecard", "code", "dimension", "value", "score", "evidence_count")


@admin.register(ScorecardHistory)
class ScorecardHistoryAdmin(admin.ModelAdmin[ScorecardHistory]):
    list_display = ("scorecard", "overall", "computed_at", "replaced_at")
    readonly_fields = (
        "scorecard",
        "technology",
        "competence",
        "service",
        "overall",
        "computed_at",
        "replaced_at",
    )


@admin.register(ScorecardReview)
class ScorecardReviewAdmin(admin.ModelAdmin[ScorecardReview]):
    list_display = ("scorecard", "action", "from_status", "to_status", "actor", "at")


@admin.register(ImprovementAction)
class ImprovementActionAdmin(admin.ModelAdmin[ImprovementAction]):
    list_display = ("scorecard", "indicator", "owner", "due_date", "status")


@admin.register(RadarSkill)
class RadarSkillAdmin(admin.ModelAdmin[RadarSkill]):
    list_display = ("skill", "region", "year", "demand", "supply", "status", "forecast_next_year")
    list_filter = ("year", "status")


@admin.register(RadarMajor)
class RadarMajorAdmin(admin.ModelAdmin[RadarMajor]):
    list_display = ("major", "year", "alignment", "status")
    list_filter = ("year", "status")


@admin.register(MajorDecision)
class MajorDecisionAdmin(admin.ModelAdmin[MajorDecision]):
    list_display = ("major", "year", "decision", "recommendation", "decided_by")


@admin.register(DrainQueue)
class DrainQueueAdmin(admin.ModelAdmin[DrainQueue]):
    """Whether a recompute is queued; kept by the recompute itself."""

    list_display = ("id", "queued_at")
    readonly_fields = ("queued_at",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
