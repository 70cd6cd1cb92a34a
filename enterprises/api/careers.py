"""Careers, apprenticeship ladders and IP agreements (lifelong.md's API)."""

from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.viewsets import ScopedViewSet
from accounts.models import Role, User
from courses.api.serializers import SkillCodesField
from enterprises import careers
from enterprises.models import Employment, IpAgreement, Ladder, LadderLevel, PerformanceReview, Project
from enterprises.permissions import EmploymentPolicy, IpAgreementPolicy, LadderPolicy, PerformanceReviewPolicy


class EmploymentSerializer(serializers.ModelSerializer[Employment]):
    learner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(role=Role.STUDENT))

    class Meta:
        model = Employment
        fields = [
            "id",
            "learner",
            "enterprise",
            "position",
            "start_date",
            "in_field",
            "confirmed",
            "created_at",
        ]
        read_only_fields = ["confirmed", "created_at"]


class PerformanceReviewSerializer(serializers.ModelSerializer[PerformanceReview]):
    period = serializers.IntegerField(min_value=1990, max_value=2100)
    rating = serializers.IntegerField(min_value=1, max_value=5)

    class Meta:
        model = PerformanceReview
        fields = [
            "id",
            "employment",
            "period",
            "rating",
            "adaptation_days",
            "promoted",
            "comment",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        validators: list[object] = []


class LadderLevelSerializer(serializers.ModelSerializer[LadderLevel]):
    skills = SkillCodesField(many=True, required=False)
    rank = serializers.IntegerField(min_value=1, max_value=100)
    min_credits = serializers.DecimalField(
        max_digits=6, decimal_places=1, min_value=Decimal(0), required=False
    )
    min_practice_hours = serializers.DecimalField(
        max_digits=8, decimal_places=2, min_value=Decimal(0), required=False
    )

    class Meta:
        model = LadderLevel
        fields = [
            "id",
            "name",
            "rank",
            "min_credits",
            "skills",
            "min_practice_hours",
            "min_months_at_previous",
            "min_endorsements",
            "credits_need_evidence",
            "hours_need_evidence",
            "months_need_evidence",
        ]


class LadderSerializer(serializers.ModelSerializer[Ladder]):
    levels = LadderLevelSerializer(many=True)

    class Meta:
        model = Ladder
        fields = ["id", "enterprise", "name", "review_interval_weeks", "levels"]

    def validate_levels(self, levels: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not levels:
            raise serializers.ValidationError("A ladder needs at least one level.")
        return levels


class PromoteSerializer(serializers.Serializer[Any]):
    learner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(role=Role.STUDENT))
    level = serializers.PrimaryKeyRelatedField(queryset=LadderLevel.objects.all())
    date = serializers.DateField(required=False)


class IpAgreementSerializer(serializers.ModelSerializer[IpAgreement]):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    status = serializers.CharField(read_only=True)
    enterprise_pct = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100)
    )
    college_pct = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100)
    )
    students_pct = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100)
    )
    revenue_share_pct = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100)
    )

    class Meta:
        model = IpAgreement
        fields = [
            "id",
            "project",
            "enterprise_pct",
            "college_pct",
            "students_pct",
            "revenue_share_pct",
            "embargo_days",
            "status",
            "enterprise_accepted_by",
            "college_accepted_by",
        ]
        read_only_fields = ["enterprise_accepted_by", "college_accepted_by"]


class EmploymentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    policy = EmploymentPolicy()
    base_queryset = Employment.objects.select_related("learner")
    serializer_class = EmploymentSerializer
    filterset_fields = ["learner", "enterprise", "confirmed"]

    def perform_create(self, serializer: Any) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.instance = careers.employment_create(actor=self.actor, **serializer.validated_data)

    @extend_schema(summary="Confirm an employment", request=None, responses=EmploymentSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        employment = self.get_object()
        self.check_write("confirm", employment)
        return Response(
            self.get_serializer(careers.employment_confirm(employment=employment, actor=self.actor)).data
        )


class PerformanceReviewViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    policy = PerformanceReviewPolicy()
    base_queryset = PerformanceReview.objects.select_related("employment")
    serializer_class = PerformanceReviewSerializer
    filterset_fields = ["employment", "period"]

    def perform_create(self, serializer: Any) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.instance = careers.performance_review_create(actor=self.actor, **serializer.validated_data)


class LadderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    policy = LadderPolicy()
    base_queryset = Ladder.objects.prefetch_related("levels__skills")
    serializer_class = LadderSerializer
    filterset_fields = ["enterprise"]

    def perform_create(self, serializer: Any) -> None:
        self.check_write("create", serializer.validated_data)
        data = serializer.validated_data
        serializer.instance = careers.ladder_create(
            enterprise=data["enterprise"],
            name=data["name"],
            levels=[dict(level) for level in data["levels"]],
            review_interval_weeks=data.get("review_interval_weeks", 12),
        )

    @extend_schema(
        summary="Promote a learner on a ladder",
        request=PromoteSerializer,
        responses={201: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"])
    def promote(self, request: Request, pk: str | None = None) -> Response:
        ladder = self.get_object()
        self.check_write("promote", ladder)
        data = PromoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        promotion = careers.ladder_promote(
            ladder=ladder,
            actor=self.actor,
            learner=data.validated_data["learner"],
            level=data.validated_data["level"],
            on=data.validated_data.get("date"),
        )
        credential = promotion.learner.credentials.filter(source_key=f"promotion:{promotion.pk}").first()
        return Response(
            {
                "id": promotion.pk,
                "learner": promotion.learner_id,
                "level": promotion.level_id,
                "promoted_on": promotion.promoted_on.isoformat(),
                "credential": credential.pk if credential else None,
            },
            status=status.HTTP_201_CREATED,
        )


class IpAgreementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    policy = IpAgreementPolicy()
    base_queryset = IpAgreement.objects.select_related("project")
    serializer_class = IpAgreementSerializer
    filterset_fields = ["project"]

    def perform_create(self, serializer: Any) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.instance = careers.ip_agreement_create(**serializer.validated_data)

    @extend_schema(summary="Accept IP terms", request=None, responses=IpAgreementSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        agreement = self.get_object()
        self.check_write("accept", agreement)
        return Response(
            self.get_serializer(careers.ip_agreement_accept(agreement=agreement, actor=self.actor)).data
        )
