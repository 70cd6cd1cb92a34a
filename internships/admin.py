from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    HoursException,
    Internship,
    InternshipAlert,
    InternshipEvaluation,
    InternshipLog,
    InternshipVisit,
    MentorChange,
    PayRecord,
    PlanTask,
    Position,
    PreJobTraining,
    TrainingPlan,
)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin[Position]):
    list_display = ("name", "enterprise", "staff", "probation_wage")
    search_fields = ("name", "enterprise__name")


@admin.register(HoursException)
class HoursExceptionAdmin(admin.ModelAdmin[HoursException]):
    list_display = ("major", "position", "max_hours_per_day", "night_shifts", "approved_at")
    raw_id_fields = ("approved_by",)


class PreJobTrainingInline(admin.TabularInline[PreJobTraining, Internship]):
    model = PreJobTraining
    extra = 0
    raw_id_fields = ("recorded_by", "completion_recorded_by", "module")


@admin.register(Internship)
class InternshipAdmin(admin.ModelAdmin[Internship]):
    list_display = ("student", "enterprise", "position", "kind", "start_date", "end_date", "status")
    list_filter = ("kind", "status")
    search_fields = ("student__username", "student__last_name", "enterprise__name")
    raw_id_fields = (
        "student",
        "mentor",
        "supervisor",
        "college_accepted_by",
        "enterprise_accepted_by",
        "created_by",
        "employment",
    )
    inlines = [PreJobTrainingInline]


@admin.register(MentorChange)
class MentorChangeAdmin(admin.ModelAdmin[MentorChange]):
    """The internship's history of mentors: read-only."""

    list_display = ("internship", "from_mentor", "to_mentor", "changed_by", "changed_at")
    list_select_related = (
        "internship__student",
        "internship__position",
        "from_mentor",
        "to_mentor",
        "changed_by",
    )
    readonly_fields = ("internship", "from_mentor", "to_mentor", "changed_by", "reason", "changed_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PlanTaskInline(admin.TabularInline[PlanTask, TrainingPlan]):
    model = PlanTask
    extra = 0


@admin.register(TrainingPlan)
class TrainingPlanAdmin(admin.ModelAdmin[TrainingPlan]):
    list_display = ("internship", "college_agreed_at", "created_at")
    raw_id_fields = ("internship", "written_by", "college_agreed_by")
    inlines = [PlanTaskInline]


@admin.register(InternshipLog)
class InternshipLogAdmin(admin.ModelAdmin[InternshipLog]):
    list_display = ("internship", "date", "hours", "shift", "confirmed_at")
    raw_id_fields = ("internship", "confirmed_by")


@admin.register(PayRecord)
class PayRecordAdmin(admin.ModelAdmin[PayRecord]):
    list_display = ("internship", "month", "amount")
    raw_id_fields = ("internship", "recorded_by")


@admin.register(InternshipVisit)
class InternshipVisitAdmin(admin.ModelAdmin[InternshipVisit]):
    list_display = ("internship", "kind", "date")
    raw_id_fields = ("internship", "recorded_by")


@admin.register(InternshipEvaluation)
class InternshipEvaluationAdmin(admin.ModelAdmin[InternshipEvaluation]):
    list_display = ("internship", "side", "rating")
    raw_id_fields = ("internship", "evaluator")


@admin.register(InternshipAlert)
class InternshipAlertAdmin(admin.ModelAdmin[InternshipAlert]):
    list_display = ("internship", "kind", "raised_at", "resolved_at")
    list_filter = ("kind",)
    raw_id_fields = ("internship", "log", "raised_by", "resolved_by")


@admin.register(PreJobTraining)
class PreJobTrainingAdmin(admin.ModelAdmin[PreJobTraining]):
    list_display = ("internship", "kind", "topic", "completed_on")
    raw_id_fields = ("internship", "module", "recorded_by")


@admin.register(PlanTask)
class PlanTaskAdmin(admin.ModelAdmin[PlanTask]):
    list_display = ("plan", "title", "repetitive", "progress")
    raw_id_fields = ("plan", "module")
