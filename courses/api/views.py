from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.csv_import import CsvImportMixin
from accounts.api.viewsets import CrudViewSet, ScopedViewSet
from accounts.errors import Conflict
from courses import services
from courses.models import (
    Course,
    CreditTransaction,
    Enrollment,
    Module,
    Offering,
    Skill,
    SkillCrosswalk,
    with_identifier,
)
from courses.permissions import (
    CoursePolicy,
    CreditPolicy,
    EnrollmentPolicy,
    ModulePolicy,
    OfferingPolicy,
    SkillCrosswalkPolicy,
    SkillPolicy,
)
from ledger.api.mixins import RadarInputMixin

from .serializers import (
    SKILL_CROSSWALK_IMPORT,
    CompleteSerializer,
    CourseSerializer,
    CreditTransactionSerializer,
    EnrollmentSerializer,
    ModuleSerializer,
    OfferingSerializer,
    SkillCrosswalkSerializer,
    SkillSerializer,
)


class SkillFilter(filters.FilterSet):
    """A skill by its code, part of its name in either language, or by an ESCO URI or
    national occupation code it carries itself or through a crosswalk row."""

    name = filters.CharFilter(method="by_name", label="part of the English or the Chinese name")
    esco_uri = filters.CharFilter(method="by_identifier", label="ESCO URI")
    occupation_code = filters.CharFilter(method="by_identifier", label="national occupation code")

    class Meta:
        model = Skill
        fields = ["code", "name", "esco_uri", "occupation_code"]

    def by_name(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(Q(name__icontains=value) | Q(name_zh__icontains=value))

    def by_identifier(self, queryset: Any, name: str, value: str) -> Any:
        return with_identifier(queryset, name, value)


class SkillViewSet(CrudViewSet):
    """The shared skills taxonomy; each skill may carry its ESCO URI and national occupation code."""

    policy = SkillPolicy()
    base_queryset = Skill.objects.all()
    serializer_class = SkillSerializer
    filterset_class = SkillFilter
    lookup_value_regex = r"\d+"


class SkillCrosswalkViewSet(CsvImportMixin, mixins.DestroyModelMixin, CrudViewSet):
    """Correspondences between the portal's skills and ESCO concepts or national occupations;
    imports rows of skill (code), esco_uri, occupation_code and match from CSV."""

    policy = SkillCrosswalkPolicy()
    bulk_import = SKILL_CROSSWALK_IMPORT
    base_queryset = SkillCrosswalk.objects.select_related("skill")
    serializer_class = SkillCrosswalkSerializer
    filterset_fields = ["skill__code", "esco_uri", "occupation_code", "match"]

    def perform_create(self, serializer: Any) -> None:
        self.check_write("create", serializer.validated_data)
        self._save(serializer)

    def perform_update(self, serializer: Any) -> None:
        self.check_write("update", serializer.instance)
        self._save(serializer)

    @staticmethod
    def _save(serializer: Any) -> None:
        try:
            with transaction.atomic():
                serializer.save()
        except IntegrityError:
            raise Conflict(_("This correspondence is recorded already.")) from None

    def perform_destroy(self, instance: SkillCrosswalk) -> None:
        self.check_write("destroy", instance)
        instance.delete()


class CourseFilter(filters.FilterSet):
    region = filters.CharFilter(field_name="college__region")

    class Meta:
        model = Course
        fields = ["college", "major", "code", "region"]


class CourseViewSet(RadarInputMixin, CrudViewSet):
    policy = CoursePolicy()
    base_queryset = Course.objects.all()
    serializer_class = CourseSerializer
    filterset_class = CourseFilter
    ordering_fields = ["code", "title"]


class ModuleViewSet(RadarInputMixin, CrudViewSet):
    policy = ModulePolicy()
    base_queryset = Module.objects.prefetch_related("skills")
    serializer_class = ModuleSerializer
    filterset_fields = ["course", "course__college", "skills__code"]


class OfferingFilter(filters.FilterSet):
    college = filters.NumberFilter(field_name="module__course__college")
    has_free_seats = filters.BooleanFilter(method="filter_free")

    class Meta:
        model = Offering
        fields = ["module", "term", "college", "teacher"]

    def filter_free(self, queryset, name, value):
        from django.db.models import F

        return (
            queryset.filter(enrolled__lt=F("capacity"))
            if value
            else queryset.filter(enrolled__gte=F("capacity"))
        )


class OfferingViewSet(CrudViewSet):
    policy = OfferingPolicy()
    base_queryset = Offering.objects.select_related("module__course")
    serializer_class = OfferingSerializer
    filterset_class = OfferingFilter

    @extend_schema(
        summary="Enroll the calling student in an offering",
        request=None,
        responses={201: EnrollmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def enroll(self, request: Request, pk: str | None = None) -> Response:
        offering = self.get_object()
        self.check_write("enroll", offering)
        enrollment = services.offering_enroll(offering=offering, learner=self.actor)
        return Response(EnrollmentSerializer(enrollment).data, status=status.HTTP_201_CREATED)


class EnrollmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    policy = EnrollmentPolicy()
    base_queryset = Enrollment.objects.select_related("offering__module__course")
    serializer_class = EnrollmentSerializer
    filterset_fields = ["offering", "learner", "status", "offering__term"]

    @extend_schema(summary="Withdraw from an offering", request=None, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        enrollment = self.get_object()
        self.check_write("withdraw", enrollment)
        enrollment = services.enrollment_withdraw(enrollment=enrollment, actor=self.actor)
        return Response(self.get_serializer(enrollment).data)

    @extend_schema(
        summary="Complete an enrollment with a grade",
        request=CompleteSerializer,
        responses=EnrollmentSerializer,
    )
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        enrollment = self.get_object()
        self.check_write("complete", enrollment)
        data = CompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrollment = services.enrollment_complete(
            enrollment=enrollment, actor=self.actor, **data.validated_data
        )
        return Response(self.get_serializer(enrollment).data)


class CreditTransactionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The credit bank, read-only: rows are posted by enrollments and certificates."""

    policy = CreditPolicy()
    base_queryset = CreditTransaction.objects.all()
    serializer_class = CreditTransactionSerializer
    filterset_fields = ["learner", "kind", "module"]
