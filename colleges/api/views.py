from typing import Any

from django.db import transaction
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.csv_import import CsvImportMixin
from accounts.api.viewsets import CrudViewSet, ScopedViewSet
from colleges import partnerships, services
from colleges.models import Cohort, College, DualPosition, IndustryCollege, Major, Partnership, PracticeLog
from colleges.permissions import (
    CohortPolicy,
    CollegePolicy,
    DualPositionPolicy,
    IndustryCollegePolicy,
    MajorPolicy,
    PartnershipPolicy,
    PracticeLogPolicy,
)
from ledger.api.mixins import RadarInputMixin

from .serializers import (
    COHORT_IMPORT,
    CohortSerializer,
    CollegeSerializer,
    DualPositionSerializer,
    IndustryCollegeSerializer,
    MajorSerializer,
    PartnershipSerializer,
    PracticeLogCreateSerializer,
    PracticeLogSerializer,
)


class CollegeViewSet(CrudViewSet):
    policy = CollegePolicy()
    base_queryset = College.objects.all()
    serializer_class = CollegeSerializer
    filterset_fields = ["region", "code"]
    ordering_fields = ["name", "code", "region"]


class MajorViewSet(CrudViewSet):
    policy = MajorPolicy()
    base_queryset = Major.objects.select_related("college")
    serializer_class = MajorSerializer
    filterset_fields = ["college", "status", "code", "college__region"]
    ordering_fields = ["name", "code"]


class IndustryCollegeViewSet(CrudViewSet):
    """Industry colleges. Partners join by invitation: naming an enterprise invites it, and it
    becomes a partner when one of its engineers accepts (``partnerships/``)."""

    policy = IndustryCollegePolicy()
    base_queryset = IndustryCollege.objects.prefetch_related("enterprises", "partnerships")
    serializer_class = IndustryCollegeSerializer
    filterset_fields = ["college", "enterprises"]

    def perform_create(self, serializer: Any) -> None:
        self.check_write("create", serializer.validated_data)
        named = serializer.validated_data.pop("enterprises", [])
        with transaction.atomic():
            industry_college = serializer.save()
            partnerships.invite_all(
                industry_college=industry_college, enterprise_ids=[e.pk for e in named], actor=self.actor
            )

    def perform_update(self, serializer: Any) -> None:
        named = serializer.validated_data.pop("enterprises", None)
        with transaction.atomic():
            super().perform_update(serializer)
            if named is None:
                return
            industry_college = serializer.instance
            wanted = {e.pk for e in named}
            for partnership in Partnership.objects.filter(
                industry_college=industry_college, status=Partnership.Status.ACCEPTED
            ).exclude(enterprise_id__in=wanted):
                partnerships.partnership_end(partnership=partnership, actor=self.actor)
            partnerships.invite_all(
                industry_college=industry_college, enterprise_ids=sorted(wanted), actor=self.actor
            )


class PartnershipViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """Invitations of enterprises into industry colleges, and their answers."""

    policy = PartnershipPolicy()
    base_queryset = Partnership.objects.select_related("industry_college", "enterprise")
    serializer_class = PartnershipSerializer
    filterset_fields = ["industry_college", "enterprise", "status"]

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        self.check_write("create", data)
        partnership = partnerships.partnership_propose(
            industry_college=data["industry_college"], enterprise_id=data["enterprise"].pk, actor=self.actor
        )
        return Response(self.get_serializer(partnership).data, status=status.HTTP_201_CREATED)

    def _step(self, verb: str, service: Any) -> Response:
        partnership = self.get_object()
        self.check_write(verb, partnership)
        return Response(self.get_serializer(service(partnership=partnership, actor=self.actor)).data)

    @extend_schema(
        summary="Accept an invitation (by the enterprise)", request=None, responses=PartnershipSerializer
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        return self._step("accept", partnerships.partnership_accept)

    @extend_schema(
        summary="Decline an invitation (by the enterprise)", request=None, responses=PartnershipSerializer
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        return self._step("decline", partnerships.partnership_decline)

    @extend_schema(summary="End a partnership (either side)", request=None, responses=PartnershipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        return self._step("end", partnerships.partnership_end)


class CohortFilter(filters.FilterSet):
    college = filters.NumberFilter(field_name="major__college")

    class Meta:
        model = Cohort
        fields = ["major", "year", "college"]


class CohortViewSet(RadarInputMixin, CsvImportMixin, mixins.DestroyModelMixin, CrudViewSet):
    """Expected graduates per major and year (the radar's supply); imports rows of major (id),
    year and graduates from CSV."""

    policy = CohortPolicy()
    bulk_import = COHORT_IMPORT
    base_queryset = Cohort.objects.select_related("major")
    serializer_class = CohortSerializer
    filterset_class = CohortFilter


class DualPositionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    policy = DualPositionPolicy()
    base_queryset = DualPosition.objects.select_related("user", "enterprise")
    serializer_class = DualPositionSerializer
    filterset_fields = ["user", "enterprise", "status", "role"]

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        self.check_write("create", data)
        position = services.dual_position_propose(
            actor=self.actor,
            teacher=data["user"],
            enterprise_id=data["enterprise"].pk,
            role=data["role"],
            title=data["title"],
            start_date=data["start_date"],
        )
        return Response(self.get_serializer(position).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Recognise a dual position (by the enterprise)",
        request=None,
        responses=DualPositionSerializer,
    )
    @action(detail=True, methods=["post"])
    def recognize(self, request: Request, pk: str | None = None) -> Response:
        position = self.get_object()
        self.check_write("recognize", position)
        position = services.dual_position_recognize(position=position, actor=self.actor)
        return Response(self.get_serializer(position).data)


class PracticeLogViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    policy = PracticeLogPolicy()
    base_queryset = PracticeLog.objects.select_related("dual_position")
    serializer_class = PracticeLogSerializer
    filterset_fields = ["status", "dual_position", "dual_position__enterprise", "dual_position__user"]

    @extend_schema(
        summary="Log practice hours",
        request=PracticeLogCreateSerializer,
        responses={201: PracticeLogSerializer},
    )
    def create(self, request: Request) -> Response:
        self.check_write("create")
        serializer = PracticeLogCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        log = services.practice_log_submit(teacher=self.actor, enterprise_id=data.pop("enterprise"), **data)
        return Response(self.get_serializer(log).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Confirm practice hours", request=None, responses=PracticeLogSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        log = self.get_object()
        self.check_write("confirm", log)
        log = services.practice_log_confirm(log=log, actor=self.actor)
        return Response(self.get_serializer(log).data)

    @extend_schema(summary="Reject practice hours", request=None, responses=PracticeLogSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        log = self.get_object()
        self.check_write("reject", log)
        log = services.practice_log_reject(log=log, actor=self.actor)
        return Response(self.get_serializer(log).data)
