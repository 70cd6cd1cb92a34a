from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import DirtyMark, Evidence, EvidenceChange, Indicator, Rollup, Scheme


class IndicatorInline(admin.TabularInline[Indicator, Scheme]):
    model = Indicator
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin[Scheme]):
    list_display = ("code", "name", "version", "is_active")
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ("code", "scheme", "dimension", "aggregation", "direction", "target", "weight")
    list_filter = ("scheme", "dimension")


class EvidenceChangeInline(admin.TabularInline[EvidenceChange, Evidence]):
    model = EvidenceChange
    extra = 0
    can_delete = False
    readonly_fields = ("action", "actor", "before", "after", "at")


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin[Evidence]):
    """Evidence is never deleted; changes go through the services so history is kept."""

    list_display = ("indicator", "college", "major", "value", "base", "occurred_on", "source", "status")
    list_filter = ("status", "source", "indicator")
    list_select_related = ("college", "major")
    readonly_fields = [f.name for f in Evidence._meta.fields]
    inlines = [EvidenceChangeInline]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EvidenceChange)
class EvidenceChangeAdmin(admin.ModelAdmin[EvidenceChange]):
    """The ledger's history: read-only."""

    list_display = ("evidence", "action", "actor", "at")
    readonly_fields = ("evidence", "action", "actor", "before", "after", "at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DirtyMark)
class DirtyMarkAdmin(admin.ModelAdmin[DirtyMark]):
    """What waits to be recomputed: written by changes, cleared by the recompute."""

    list_display = ("key", "kind", "marked_at")
    list_filter = ("kind",)
    readonly_fields = ("key", "kind", "college", "period", "scheme", "token", "marked_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Rollup)
class RollupAdmin(admin.ModelAdmin[Rollup]):
    """Kept by the database from the ledger (ledger.rollups): read only."""

    list_display = ("period", "college_id", "major_id", "industry_college_id", "indicator", "n", "sv", "sb")
    list_filter = ("period", "indicator")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
