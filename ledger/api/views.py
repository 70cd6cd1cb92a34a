from typing import Any

from django import forms
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.api.viewsets import ScopedViewSet
from ledger import services
from ledger.models import Evidence, Indicator, Scheme
from ledger.permissions import EvidencePolicy, SchemePolicy

from .serializers import (
    DecisionSerializer,
    EvidenceCreateSerializer,
    EvidenceDetailSerializer,
    EvidenceSerializer,
    IndicatorSerializer,
    SchemeSerializer,
)


class SchemeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    policy = SchemePolicy()
    base_queryset = Scheme.objects.all()
    serializer_class = SchemeSerializer
    filterset_fields = ["is_active", "code"]


class IndicatorViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    policy = SchemePolicy()
    http_method_names = ["get", "patch", "head", "options"]
    base_queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_fields = ["scheme", "dimension", "code"]

    def perform_update(self, serializer: BaseSerializer) -> None:
        self.check_write("update", serializer.instance)
        serializer.instance = services.indicator_update(
            indicator=self.get_object(),
            actor=self.actor,
            **serializer.validated_data,
        )


class YearFilter(filters.NumberFilter):
    """A calendar year: a whole number in a sane range (a bad one is 400, not a crash)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2200)
        super().__init__(*args, **kwargs)


class EvidenceFilter(filters.FilterSet):
    period = YearFilter(field_name="occurred_on", lookup_expr="year")

    class Meta:
        model = Evidence
        fields = ["college", "major", "industry_college", "indicator", "status", "source", "period"]


class EvidenceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """The evidence ledger. Never deleted; rows change only by verification or rejection."""

    policy = EvidencePolicy()
    base_queryset = Evidence.objects.all()
    schema_nouns = ("evidence row", "evidence")
    filterset_class = EvidenceFilter

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("changes")
        return queryset

    def get_serializer_class(self) -> type[BaseSerializer]:
        return EvidenceDetailSerializer if self.action == "retrieve" else EvidenceSerializer

    @extend_schema(
        summary="Submit evidence", request=EvidenceCreateSerializer, responses={201: EvidenceSerializer}
    )
    def create(self, request: Request) -> Response:
        data = EvidenceCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.check_write("create", data.validated_data)
        evidence = services.evidence_submit(actor=self.actor, **data.validated_data)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Verify submitted evidence", request=DecisionSerializer, responses=EvidenceSerializer
    )
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        evidence = self.get_object()
        self.check_write("verify", evidence)
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = services.evidence_verify(evidence=evidence, actor=self.actor, **data.validated_data)
        return Response(EvidenceSerializer(evidence).data)

    @extend_schema(
        summary="Reject submitted evidence", request=DecisionSerializer, responses=EvidenceSerializer
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        evidence = self.get_object()
        self.check_write("reject", evidence)
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = services.evidence_reject(evidence=evidence, actor=self.actor, **data.validated_data)
        return Response(EvidenceSerializer(evidence).data)
