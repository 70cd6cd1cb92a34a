"""Contributions, shares and distributions of mixed-ownership industry colleges."""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.viewsets import ScopedViewSet
from colleges.models import Contribution, IndustryCollege
from colleges.permissions import ContributionPolicy, SharesPolicy
from colleges.shares import distribution_create, shares_as_of


class ContributionSerializer(serializers.ModelSerializer[Contribution]):
    valuation = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=Decimal("0.01"))

    class Meta:
        model = Contribution
        fields = ["id", "industry_college", "enterprise", "kind", "valuation", "date"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        enterprise = attrs.get("enterprise")
        if (
            enterprise is not None
            and not attrs["industry_college"].enterprises.filter(pk=enterprise.pk).exists()
        ):
            raise serializers.ValidationError(
                {"enterprise": ["The enterprise is not a partner of this industry college."]}
            )
        return attrs


class SharesQuery(serializers.Serializer[Any]):
    date = serializers.DateField(required=False)


class DistributionSerializer(serializers.Serializer[Any]):
    period = serializers.CharField(max_length=20)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    date = serializers.DateField(required=False, help_text="Shares as of this date (default: today).")


def partner_name(industry_college: IndustryCollege, enterprise_id: int | None) -> dict[str, Any]:
    return (
        {"type": "enterprise", "id": enterprise_id}
        if enterprise_id
        else {"type": "college", "id": industry_college.college_id}
    )


class ContributionViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    policy = ContributionPolicy()
    base_queryset = Contribution.objects.all()
    serializer_class = ContributionSerializer
    filterset_fields = ["industry_college", "enterprise", "kind"]

    def perform_create(self, serializer: Any) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.save()


class IndustryCollegeSharesViewSet(ScopedViewSet):
    """Mounted under industry-colleges/{id}/: shares as of a date and distributions."""

    policy = SharesPolicy()
    base_queryset = IndustryCollege.objects.all()
    # The actions answer whole, short lists (an industry college's partners): no pages.
    pagination_class = None
    filter_backends: list[type] = []
    serializer_class = DistributionSerializer

    @extend_schema(
        summary="Each partner's share of an industry college",
        parameters=[SharesQuery],
        responses=inline_serializer(
            "Share", {"partner": serializers.DictField(), "share": serializers.CharField()}, many=True
        ),
    )
    @action(detail=True, methods=["get"])
    def shares(self, request: Request, pk: str | None = None) -> Response:
        industry_college = self.get_object()
        query = SharesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        day: datetime.date = query.validated_data.get("date") or timezone.localdate()
        return Response(
            [
                {
                    "partner": partner_name(industry_college, item["enterprise"]),
                    "share": str(round(item["share"], 6)),
                }
                for item in shares_as_of(industry_college, day)
            ]
        )

    @extend_schema(
        summary="Split a profit or a loss by share",
        request=DistributionSerializer,
        responses={
            201: inline_serializer(
                "Distribution",
                {
                    "id": serializers.IntegerField(),
                    "allocations": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
    )
    @action(detail=True, methods=["post"])
    def distributions(self, request: Request, pk: str | None = None) -> Response:
        industry_college = self.get_object()
        self.check_write("distribute", industry_college)
        data = DistributionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        distribution = distribution_create(
            industry_college=industry_college,
            actor=self.actor,
            period=data.validated_data["period"],
            amount=data.validated_data["amount"],
            as_of=data.validated_data.get("date") or timezone.localdate(),
        )
        return Response(
            {
                "id": distribution.pk,
                "period": distribution.period,
                "amount": str(distribution.amount),
                "allocations": [
                    {"partner": partner_name(industry_college, a.enterprise_id), "amount": str(a.amount)}
                    for a in distribution.allocations.all()
                ],
            },
            status=status.HTTP_201_CREATED,
        )
