from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts import public_cache
from accounts.api.csv_import import CsvImportMixin
from accounts.api.viewsets import CrudViewSet, ScopedViewSet
from enterprises import services
from enterprises.models import Application, Enterprise, Project, ProjectTransition, TalentDemand
from enterprises.permissions import (
    ApplicationPolicy,
    EnterprisePolicy,
    ProjectPolicy,
    TalentDemandPolicy,
)
from ledger.api.mixins import RadarInputMixin

from .serializers import (
    TALENT_DEMAND_IMPORT,
    AbandonSerializer,
    AcceptSerializer,
    ApplicationSerializer,
    ApplySerializer,
    DeliverableSerializer,
    DeliverSerializer,
    EnterpriseSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
    RejectSerializer,
    TakeOnSerializer,
    TalentDemandSerializer,
)


class EnterpriseViewSet(CrudViewSet):
    policy = EnterprisePolicy()
    base_queryset = Enterprise.objects.all()
    serializer_class = EnterpriseSerializer
    filterset_fields = ["region", "industry", "code"]
    ordering_fields = ["name", "code", "region"]


class ProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Enterprises' real projects and their workflow (product.md, "workflow endpoints")."""

    policy = ProjectPolicy()
    http_method_names = ["get", "post", "patch", "head", "options"]
    base_queryset = Project.objects.prefetch_related("skills")
    filterset_fields = ["enterprise", "status", "visibility", "college", "module", "skills__code"]
    ordering_fields = ["created_at", "title"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("transitions", queryset=ProjectTransition.objects.order_by("at", "id"))
            )
        return queryset

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The public catalogue (anonymous readers) is served from the cache of its current
        version; people who log in see their scope, never cached."""
        everything = mixins.ListModelMixin.list
        if request.user.is_authenticated:
            return everything(self, request, *args, **kwargs)
        return public_cache.respond(
            "projects", self, request, lambda: everything(self, request, *args, **kwargs).data
        )

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action == "retrieve":
            return ProjectDetailSerializer
        if self.action in ("update", "partial_update"):
            return ProjectUpdateSerializer
        return ProjectSerializer

    def perform_create(self, serializer: BaseSerializer) -> None:
        data = serializer.validated_data
        self.check_write("create", data)
        serializer.instance = services.project_create(actor=self.actor, **data)

    def perform_update(self, serializer: BaseSerializer) -> None:
        self.check_write("update", serializer.instance)
        serializer.instance = services.project_update(
            project=self.get_object(),
            actor=self.actor,
            data=dict(serializer.validated_data),
        )

    def _respond(self, project: Project) -> Response:
        project.refresh_from_db()
        return Response(ProjectSerializer(project).data)

    def _target(self, action_name: str) -> Project:
        project = self.get_object()
        self.check_write(action_name, project)
        return project

    @extend_schema(summary="Open a draft project to colleges", request=None, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request: Request, pk: str | None = None) -> Response:
        project = services.project_open(project=self._target("open"), actor=self.actor)
        return self._respond(project)

    @extend_schema(
        summary="Take an open project on for a college", request=TakeOnSerializer, responses=ProjectSerializer
    )
    @action(detail=True, methods=["post"], url_path="take-on")
    def take_on(self, request: Request, pk: str | None = None) -> Response:
        project = self._target("take_on")
        data = TakeOnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_take_on(project=project, actor=self.actor, **data.validated_data)
        return self._respond(project)

    @extend_schema(
        summary="Apply to a project", request=ApplySerializer, responses={201: ApplicationSerializer}
    )
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: str | None = None) -> Response:
        project = self._target("apply")
        data = ApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.project_apply(project=project, student=self.actor, **data.validated_data)
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Start a project with its accepted team", request=None, responses=ProjectSerializer
    )
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str | None = None) -> Response:
        project = services.project_start(project=self._target("start"), actor=self.actor)
        return self._respond(project)

    @extend_schema(
        summary="Deliver a project", request=DeliverSerializer, responses={201: DeliverableSerializer}
    )
    @action(detail=True, methods=["post"])
    def deliver(self, request: Request, pk: str | None = None) -> Response:
        project = self._target("deliver")
        data = DeliverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        deliverable = services.project_deliver(project=project, actor=self.actor, **data.validated_data)
        return Response(DeliverableSerializer(deliverable).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Accept a delivered project and rate it",
        request=AcceptSerializer,
        responses=ProjectSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        project = self._target("accept")
        data = AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_accept(project=project, actor=self.actor, **data.validated_data)
        return self._respond(project)

    @extend_schema(
        summary="Reject a delivered project", request=RejectSerializer, responses=ProjectSerializer
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        project = self._target("reject")
        data = RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_reject(project=project, actor=self.actor, **data.validated_data)
        return self._respond(project)

    @extend_schema(summary="Abandon a project", request=AbandonSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def abandon(self, request: Request, pk: str | None = None) -> Response:
        project = self._target("abandon")
        data = AbandonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_abandon(project=project, actor=self.actor, **data.validated_data)
        return self._respond(project)


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    policy = ApplicationPolicy()
    base_queryset = Application.objects.select_related("project")
    serializer_class = ApplicationSerializer
    filterset_fields = ["project", "student", "status"]

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        self.check_write("accept", application)
        application = services.application_accept(application=application, actor=self.actor)
        return Response(self.get_serializer(application).data)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        self.check_write("decline", application)
        application = services.application_decline(application=application, actor=self.actor)
        return Response(self.get_serializer(application).data)


class TalentDemandViewSet(RadarInputMixin, CsvImportMixin, mixins.DestroyModelMixin, CrudViewSet):
    """Demand stated by enterprises (the radar's demand); imports rows of enterprise, skill
    (code), headcount, year and optionally region from CSV."""

    policy = TalentDemandPolicy()
    bulk_import = TALENT_DEMAND_IMPORT
    base_queryset = TalentDemand.objects.select_related("skill")
    serializer_class = TalentDemandSerializer
    filterset_fields = ["enterprise", "region", "year", "skill__code"]
