"""The API of competency frameworks (``frameworks/``, with Moodle's CSV in and out, and
``competencies/``) and of learning plans (``learning-plan-templates/`` and
``learning-plans/``, each competency's status explained by its rows)."""

from typing import Any, cast

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts import csvfiles
from accounts.api.viewsets import ScopedViewSet
from colleges.models import Major
from courses.models import Module, Skill

from .. import services
from ..imports import export_rows, framework_import
from ..models import Competency, Framework, LearningPlan, PlanTemplate
from ..permissions import CompetencyPolicy, FrameworkPolicy, LearningPlanPolicy, PlanTemplatePolicy
from ..progress import plan_progress, summary


class FrameworkSerializer(serializers.ModelSerializer[Framework]):
    scale = serializers.ListField(child=serializers.DictField(), read_only=True)

    class Meta:
        model = Framework
        fields = [
            "id",
            "college",
            "major",
            "idnumber",
            "shortname",
            "description",
            "description_format",
            "scale_values",
            "scale_configuration",
            "scale",
            "taxonomies",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["college", "created_at", "updated_at"]
        validators: list[Any] = []  # the ID number's uniqueness is the service's (400 naming it)


class CompetencySerializer(serializers.ModelSerializer[Competency]):
    skills = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Skill.objects.all(), required=False
    )
    modules = serializers.PrimaryKeyRelatedField(many=True, queryset=Module.objects.all(), required=False)
    skill_identifiers = serializers.SerializerMethodField()

    class Meta:
        model = Competency
        fields = [
            "id",
            "framework",
            "parent",
            "idnumber",
            "shortname",
            "description",
            "description_format",
            "skills",
            "skill_identifiers",
            "modules",
            "rule_type",
            "rule_outcome",
            "rule_config",
            "sort_order",
        ]
        read_only_fields = ["rule_type", "rule_outcome", "rule_config", "sort_order"]
        validators: list[Any] = []

    def get_skill_identifiers(self, competency: Competency) -> list[dict[str, str]]:
        return [
            {"code": s.code, "esco_uri": s.esco_uri, "occupation_code": s.occupation_code}
            for s in competency.skills.all()
        ]


class FrameworkImportSerializer(serializers.Serializer[Any]):
    major = serializers.PrimaryKeyRelatedField(queryset=Major.objects.all())
    file = serializers.FileField(
        help_text="A CSV file in the format of Moodle's competency framework import."
    )


class FrameworkViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Competency frameworks of the majors: the scale, and (on a framework's page) its tree."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    policy = FrameworkPolicy()
    base_queryset = Framework.objects.select_related("major")
    serializer_class = FrameworkSerializer
    filterset_fields = ["major", "college"]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        self.check_write("create", data)
        serializer.instance = services.framework_create(actor=self.actor, **data)

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        framework = cast(Framework, serializer.instance)
        self.check_write("update", framework)
        data = dict(serializer.validated_data)
        if "major" in data and data.pop("major") != framework.major:
            raise serializers.ValidationError(
                {"major": "A framework stays with its major; import it for another."}
            )
        serializer.instance = services.framework_update(actor=self.actor, framework=framework, **data)

    @extend_schema(
        request={"multipart/form-data": FrameworkImportSerializer}, responses={201: FrameworkSerializer}
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_csv(self, request: Request) -> Response:
        """A framework from Moodle's CSV (UTF-8, with or without a byte-order mark) for a
        major: all of it or nothing; 400 with every error by line and column."""
        self.check_write("import")
        upload = FrameworkImportSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        major = upload.validated_data["major"]
        if not self.policy.can(self.actor, "create", {"major": major}):
            raise serializers.ValidationError({"major": "Not a major of your college."})
        framework, errors = framework_import(
            actor=self.actor, major=major, raw=upload.validated_data["file"].read()
        )
        if framework is None:
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response(FrameworkSerializer(framework).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: str) -> HttpResponse:
        """The framework as Moodle's competency framework CSV."""
        return csv_download(self.get_object())

    @extend_schema(responses=CompetencySerializer(many=True))
    @action(detail=True, methods=["get"])
    def competencies(self, request: Request, pk: str) -> Response:
        """The framework's competencies, each with its parent, in tree order."""
        framework = self.get_object()
        rows = framework.competencies.select_related("parent").prefetch_related("skills", "modules")
        return Response(CompetencySerializer(rows, many=True).data)


def csv_download(framework: Framework) -> HttpResponse:
    response = HttpResponse(
        "".join(csvfiles.writer(export_rows(framework))), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="framework-{framework.pk}.csv"'
    return response


class CompetencyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """The competencies of frameworks, with the skills they cover (and those skills' ESCO URIs
    and national occupation codes) and the modules that teach them."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    policy = CompetencyPolicy()
    base_queryset = Competency.objects.select_related("framework").prefetch_related("skills", "modules")
    serializer_class = CompetencySerializer
    filterset_fields = ["framework", "parent"]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        self.check_write("create", data)
        framework = data.pop("framework")
        serializer.instance = services.competency_save(actor=self.actor, framework=framework, **data)

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        competency = cast(Competency, serializer.instance)
        self.check_write("update", competency)
        data = dict(serializer.validated_data)
        if "framework" in data and data.pop("framework") != competency.framework:
            raise serializers.ValidationError({"framework": "A competency stays in its framework."})
        serializer.instance = services.competency_save(
            actor=self.actor, framework=competency.framework, competency=competency, **data
        )


class PlanTemplateSerializer(serializers.ModelSerializer[PlanTemplate]):
    plans = serializers.IntegerField(source="plans.count", read_only=True)

    class Meta:
        model = PlanTemplate
        fields = ["id", "framework", "entry_year", "name", "plans", "created_at"]
        read_only_fields = ["created_at"]
        validators: list[Any] = []


class PlanTemplateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """Learning plan templates: a framework given to a cohort of its major (the students who
    entered in ``entry_year``); each of them gets a plan (409 when the cohort has one)."""

    policy = PlanTemplatePolicy()
    base_queryset = PlanTemplate.objects.select_related("framework")
    serializer_class = PlanTemplateSerializer
    filterset_fields = ["framework", "entry_year"]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        self.check_write("create", data)
        serializer.instance = services.template_create(actor=self.actor, **data)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def sync(self, request: Request, pk: str) -> Response:
        """A plan for each student of the cohort who has none yet: ``{"added": n}``."""
        template = self.get_object()
        self.check_write("sync", template)
        return Response({"added": services.template_sync(actor=self.actor, template=template)})


class LearningPlanSerializer(serializers.ModelSerializer[LearningPlan]):
    framework = serializers.IntegerField(source="template.framework_id", read_only=True)
    entry_year = serializers.IntegerField(source="template.entry_year", read_only=True)

    class Meta:
        model = LearningPlan
        fields = ["id", "template", "framework", "entry_year", "student", "created_at"]
        read_only_fields = ["template", "student", "created_at"]


class MarkSerializer(serializers.Serializer[Any]):
    competency = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    note = serializers.CharField(max_length=2000)


def plan_detail(plan: LearningPlan) -> dict[str, Any]:
    progress = plan_progress(plan)
    return {
        **LearningPlanSerializer(plan).data,
        "summary": summary(progress),
        "competencies": [
            {
                "id": item.competency.pk,
                "idnumber": item.competency.idnumber,
                "shortname": item.competency.shortname,
                "parent": item.competency.parent_id,
                "depth": item.depth,
                "status": item.status,
                "rows": [
                    {
                        "source": row.source,
                        "text": row.text,
                        "achieves": row.achieves,
                        "date": row.on.isoformat() if row.on else None,
                    }
                    for row in item.rows
                ],
            }
            for item in progress
        ],
    }


class LearningPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Students' learning plans. A plan's page lists each competency of its framework as
    ``not_started``, ``in_progress`` or ``achieved``, with the rows of the student's record
    that explain it (modules, confirmed project hours, internship plan tasks, a teacher's mark)."""

    policy = LearningPlanPolicy()
    base_queryset = LearningPlan.objects.select_related("template__framework", "student")
    serializer_class = LearningPlanSerializer
    filterset_fields = ["template", "student"]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(plan_detail(self.get_object()))

    @extend_schema(request=MarkSerializer, responses={201: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def mark(self, request: Request, pk: str) -> Response:
        """A teacher marks a competency of the plan achieved, with a note (409 when it is)."""
        plan = self.get_object()
        self.check_write("mark", plan)
        data = MarkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        competency = Competency.objects.filter(pk=data.validated_data["competency"]).first()
        if competency is None:
            raise serializers.ValidationError({"competency": "No such competency."})
        services.competency_mark(
            actor=self.actor, plan=plan, competency=competency, note=data.validated_data["note"]
        )
        return Response(plan_detail(plan), status=status.HTTP_201_CREATED)
