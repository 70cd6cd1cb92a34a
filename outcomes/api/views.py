"""The destinations API: ``outcomes/`` (the graduate answers their own, the college records
its graduates') and ``outcomes/rates/`` (the five rates of a cohort at a census, each with
the graduates it counts)."""

import datetime
from typing import Any, cast

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from accounts.api.csv_import import CsvUploadSerializer
from accounts.api.viewsets import ScopedViewSet, check_links
from accounts.errors import Invalid
from accounts.models import User
from colleges.models import College, Major
from courses.models import Skill

from .. import services
from ..imports import destinations_import
from ..models import Destination, Source
from ..permissions import DestinationPolicy, may_read_rates, may_see_rate_rows
from ..rates import rates


class RemindSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    census_date = serializers.DateField()
    major = serializers.IntegerField(min_value=1, required=False)


REMINDED = inline_serializer(
    "DestinationReminders",
    {
        "graduates": serializers.IntegerField(),
        "answered": serializers.IntegerField(),
        "reminded": serializers.IntegerField(),
        "skipped": serializers.IntegerField(),
        "reminded_graduates": serializers.ListField(child=serializers.IntegerField()),
        "skipped_graduates": serializers.ListField(child=serializers.IntegerField()),
    },
)


class DestinationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="cohort")

    class Meta:
        model = Destination
        fields = ["year", "major", "category", "college", "census_date", "graduate"]


class DestinationSerializer(serializers.ModelSerializer[Destination]):
    graduate = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False)
    skills = serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=Skill.objects.all(),
        required=False,
        help_text="The position's skill codes: in field when the major teaches one of them.",
    )

    class Meta:
        model = Destination
        fields = [
            "id",
            "graduate",
            "college",
            "major",
            "cohort",
            "census_date",
            "category",
            "employer",
            "employer_name",
            "position",
            "region",
            "industry",
            "salary_band",
            "in_field",
            "skills",
            "source",
            "employment",
            "recorded_by",
            "updated_at",
        ]
        read_only_fields = ["college", "major", "cohort", "source", "employment", "recorded_by", "updated_at"]
        # One row per census is the service's to enforce (409), not a 400 of the serializer.
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            for name in ("graduate", "census_date"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError({name: "It cannot change; record another destination."})
        return attrs


class DestinationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Graduate destinations at each census date. A graduate posts their own (``graduate``
    may be left out); a college administrator posts and corrects its graduates'."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    policy = DestinationPolicy()
    base_queryset = Destination.objects.select_related("graduate", "employer").prefetch_related("skills")
    serializer_class = DestinationSerializer
    filterset_class = DestinationFilter

    def _source(self, graduate: User) -> str:
        return Source.GRADUATE if graduate.pk == self.actor.pk else Source.COLLEGE

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        graduate = data.pop("graduate", None) or self.actor
        data["graduate"] = graduate
        self.check_write("create", data)
        data.pop("graduate")
        census_date = data.pop("census_date")
        serializer.instance = services.destination_record(
            actor=self.actor,
            graduate=graduate,
            census_date=census_date,
            source=self._source(graduate),
            must_be_new=True,
            **data,
        )

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        destination = cast(Destination, serializer.instance)
        self.check_write("update", destination)
        data = dict(serializer.validated_data)
        data.pop("graduate", None)
        data.pop("census_date", None)
        check_links(self, destination, data)
        serializer.instance = services.destination_record(
            actor=self.actor,
            graduate=destination.graduate,
            census_date=destination.census_date,
            source=self._source(destination.graduate),
            destination=destination,
            **data,
        )

    @extend_schema(request={"multipart/form-data": CsvUploadSerializer}, responses={201: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_csv(self, request: Request) -> Response:
        """A CSV of the college's graduates' destinations (UTF-8 or GB18030; columns graduate
        (user name), census_date, category, and optionally employer (code), employer_name,
        position, region, industry, salary_band, in_field, skills): every row checked, all
        recorded or none; 400 with every error by line and field. Synchronous, like the other
        list imports of the API; the page imports the same file in the background."""
        self.check_write("import")
        upload = CsvUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        if self.actor.college is None:  # a platform admin belongs to no college
            raise ValidationError({"college": _("Only a college's administrators import its destinations.")})
        result = destinations_import(
            college=cast(College, self.actor.college),
            actor=self.actor,
            raw=upload.validated_data["file"].read(),
        )
        return Response(
            result, status=status.HTTP_400_BAD_REQUEST if result["errors"] else status.HTTP_201_CREATED
        )

    @extend_schema(request=RemindSerializer, responses={200: REMINDED})
    @action(detail=False, methods=["post"])
    def remind(self, request: Request) -> Response:
        """Remind the college's graduates of a cohort (``year``, optionally ``major``) who have
        not answered for ``census_date``: inbox and e-mail, with a link to their answer form.
        Who was reminded in the last seven days is skipped and counted; 409 when every one of
        them was."""
        return _remind(self, request)


def _remind(view: "DestinationViewSet", request: Request) -> Response:
    view.check_write("remind")
    body = RemindSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    data = body.validated_data
    college = view.actor.college
    if college is None:
        raise ValidationError({"college": _("Only a college's administrators remind its graduates.")})
    major = None
    if "major" in data:
        major = Major.objects.filter(pk=data["major"], college=college).first()
        if major is None:
            raise Invalid("major", _("The major belongs to another college."))
    result = services.remind_unanswered(
        actor=view.actor, college=college, year=data["year"], census_date=data["census_date"], major=major
    )
    return Response(result)


class RatesQuery(serializers.Serializer[Any]):
    college = serializers.IntegerField(min_value=1)
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    major = serializers.IntegerField(min_value=1, required=False)
    census = serializers.DateField(
        required=False, help_text="A census date of the year (default: the first)."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        dates = services.census_dates(attrs["year"])
        census = attrs.get("census") or dates[0]
        if census not in dates:
            raise serializers.ValidationError(
                {"census": f"One of the year's census dates: {', '.join(d.isoformat() for d in dates)}."}
            )
        attrs["census"] = census
        return attrs


RATE = inline_serializer(
    "DestinationRate",
    {
        "code": serializers.CharField(),
        "label": serializers.CharField(),
        "definition": serializers.CharField(),
        "numerator": serializers.IntegerField(),
        "denominator": serializers.IntegerField(),
        "rate": serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True),
        "numerator_graduates": serializers.ListField(child=serializers.IntegerField(), required=False),
        "denominator_graduates": serializers.ListField(child=serializers.IntegerField(), required=False),
        "in_field_reasons": serializers.DictField(required=False),
    },
    many=True,
)


class DestinationRatesView(APIView):
    """The destination, knowledge, in-field, further-study and regional-retention rates of a
    college's cohort (optionally one major) at a census date, each with its definition; the
    college's staff also get the graduates counted in each numerator and denominator."""

    @extend_schema(parameters=[RatesQuery], responses=RATE)
    def get(self, request: Request) -> Response:
        query = RatesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        college = College.objects.filter(pk=data["college"]).first()
        if college is None or not may_read_rates(request.user, college.pk):
            raise NotFound
        major = None
        if "major" in data:
            major = get_object_or_404(Major, pk=data["major"], college=college)
        census: datetime.date = data["census"]
        found, _graduates, found_rows = rates(
            college=college, year=data["year"], census_date=census, major=major
        )
        rows = may_see_rate_rows(request.user, college.pk)
        reasons = services.in_field_reasons(list(found_rows.values())) if rows else {}
        why = {
            graduate: {"basis": reasons[d.pk]["basis"], "shared_skills": reasons[d.pk]["shared"]}
            for graduate, d in found_rows.items()
            if d.pk in reasons
        }
        return Response(
            [
                {
                    "code": rate.code,
                    "label": str(rate.label),
                    "definition": str(rate.definition),
                    "numerator": len(rate.numerator),
                    "denominator": len(rate.denominator),
                    "rate": None if rate.value is None else str(rate.value),
                    **(
                        {"numerator_graduates": rate.numerator, "denominator_graduates": rate.denominator}
                        if rows
                        else {}
                    ),
                    **(
                        {"in_field_reasons": {str(g): why[g] for g in rate.denominator if g in why}}
                        if rows and rate.code == "in_field_rate"
                        else {}
                    ),
                }
                for rate in found
            ]
        )
