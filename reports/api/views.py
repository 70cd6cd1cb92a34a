"""The reports API: ``reports/`` (a college's quality and employment reports, an enterprise's
annual report, each for a year), its review steps, ``reports/{id}/tables/`` (every indicator
with its value, unit, definition, origin and, for those allowed, its rows) and
``reports/{id}/entries/`` (the figures the portal does not hold, entered by the subject)."""

from typing import Any, cast

import django_filters
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.api.viewsets import ScopedViewSet
from colleges.models import College
from enterprises.models import Enterprise

from .. import services
from ..models import Entry, Report
from ..permissions import ReportPolicy, may_see_rows
from ..tables import describe, frozen_or_live


class ReportFilter(django_filters.FilterSet):
    class Meta:
        model = Report
        fields = ["kind", "college", "enterprise", "year", "status"]


class ReportSerializer(serializers.ModelSerializer[Report]):
    college = serializers.PrimaryKeyRelatedField(
        queryset=College.objects.all(), required=False, allow_null=True
    )
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )
    narrative = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "college",
            "enterprise",
            "year",
            "version",
            "previous",
            "status",
            "narrative",
            "created_by",
            "created_at",
            "approved_by",
            "approved_at",
            "published_by",
            "published_at",
        ]
        read_only_fields = [
            "version",
            "previous",
            "status",
            "created_by",
            "created_at",
            "approved_by",
            "approved_at",
            "published_by",
            "published_at",
        ]
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            for name in ("kind", "college", "enterprise", "year"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError({name: "It cannot change."})
        return attrs


class StepSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class EntrySerializer(serializers.ModelSerializer[Entry]):
    class Meta:
        model = Entry
        fields = ["id", "indicator", "value", "note", "entered_by", "entered_at"]
        read_only_fields = ["entered_by", "entered_at"]
        validators: list[Any] = []


def tables_for(report: Report, user: Any) -> list[dict[str, Any]]:
    rows = may_see_rows(user, report)
    zh = (get_language() or "").startswith("zh")
    out = describe(report, frozen_or_live(report), with_rows=rows, zh=zh)
    for table in out:
        for item in table["indicators"]:
            if "rows" in item:
                item["rows"] = [{"model": r._meta.label_lower, "id": r.pk} for r in item["rows"]]
            if item.get("entered_by") is not None:
                item["entered_by"] = item["entered_by"].pk
    return out


class ReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Reports of colleges and enterprises. A college's administrator creates its ``quality``
    and ``employment`` reports, an enterprise's engineer its ``enterprise`` report; the draft's
    narrative is changed with PATCH; a published report is public and never changes (409):
    ``correct/`` starts its next version."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    policy = ReportPolicy()
    base_queryset = Report.objects.select_related("college", "enterprise")
    serializer_class = ReportSerializer
    filterset_class = ReportFilter

    def get_permissions(self) -> list[Any]:
        if getattr(self, "action", None) == "tables":
            return [permissions.AllowAny()]
        return super().get_permissions()

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        self.check_write("create", None)  # who may write reports at all, before naming a subject
        data = dict(serializer.validated_data)
        # The subject defaults to the writer's own college or enterprise.
        subject = "enterprise" if data.get("kind") == Report.Kind.ENTERPRISE else "college"
        if data.get(subject) is None:
            data[subject] = getattr(self.actor, subject, None)
        if data[subject] is None:
            raise ValidationError({subject: "Name the report's " + subject + "."})
        self.check_write("create", data)
        serializer.instance = services.report_create(actor=self.actor, **data)

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        report = cast(Report, serializer.instance)
        self.check_write("update", report)
        data = dict(serializer.validated_data)
        serializer.instance = services.report_write(
            report=report, actor=self.actor, narrative=data.get("narrative", {})
        )

    def _step(self, request: Request, step: str, permission: str) -> Response:
        report = self.get_object()
        self.check_write(permission, report)
        data = StepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_step(report=report, actor=self.actor, action=step, **data.validated_data)
        return Response(ReportSerializer(report).data)

    @extend_schema(request=StepSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="submit-for-review")
    def submit_for_review(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, "submit_for_review", "submit_for_review")

    @extend_schema(request=StepSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, "send_back", "send_back")

    @extend_schema(request=StepSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Four eyes: the approver is neither the author nor who submitted it (409)."""
        return self._step(request, "approve", "approve")

    @extend_schema(request=StepSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Freezes the figures: the published report never changes."""
        return self._step(request, "publish", "publish")

    @extend_schema(request=None, responses={201: ReportSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        """A new draft version of a published report, which publishes beside it."""
        report = self.get_object()
        self.check_write("correct", report)
        new = services.report_correct(report=report, actor=self.actor)
        return Response(ReportSerializer(new).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def tables(self, request: Request, pk: str | None = None) -> Response:
        """Each table's indicators: value, unit, definition, origin (computed or entered);
        computed ones count their rows, listed for the subject's own staff."""
        report = self.get_object()
        return Response(tables_for(report, request.user))

    @extend_schema(request=EntrySerializer, responses={200: EntrySerializer(many=True), 201: EntrySerializer})
    @action(detail=True, methods=["get", "post"])
    def entries(self, request: Request, pk: str | None = None) -> Response:
        """The entered figures (who entered each, and when); POST enters or changes one on a
        draft (``indicator``, ``value``, ``note``)."""
        report = self.get_object()
        if request.method == "GET":
            if not self.policy.can(request.user, "update", report) and not report.published:
                return Response([])
            return Response(EntrySerializer(report.entries.all(), many=True).data)
        self.check_write("enter", report)
        body = EntrySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entry = services.entry_record(
            report=report,
            actor=self.actor,
            indicator_code=body.validated_data["indicator"],
            value=body.validated_data["value"],
            note=body.validated_data.get("note", ""),
        )
        return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED)
