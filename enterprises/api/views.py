from typing import Any, cast

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts import public_cache, replica
from accounts.api.csv_import import CsvImportMixin
from accounts.api.viewsets import CrudViewSet, ScopedViewSet, check_links
from enterprises import hours, matching, services, vetting
from enterprises.models import (
    Application,
    Enterprise,
    Flag,
    HourLog,
    MatchRequest,
    Project,
    ProjectTransition,
    TalentDemand,
)
from enterprises.permissions import (
    ApplicationPolicy,
    EnterprisePolicy,
    FlagPolicy,
    HourLogPolicy,
    MatchRequestPolicy,
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
    ApproveEnterpriseSerializer,
    ClearFlagSerializer,
    DeliverableSerializer,
    DeliverSerializer,
    EnterpriseSerializer,
    FlagSerializer,
    HourLogSerializer,
    HourLogUpdateSerializer,
    MatchAcceptSerializer,
    MatchDeclineSerializer,
    MatchRequestSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
    RejectHoursSerializer,
    RejectSerializer,
    RequestChangesSerializer,
    TakeOnSerializer,
    TalentDemandSerializer,
    UpholdFlagSerializer,
)


class EnterpriseViewSet(CrudViewSet):
    """Enterprises join as pending; a college administrator or a platform admin approves
    them (their projects reach students and the public only then)."""

    policy = EnterprisePolicy()
    base_queryset = Enterprise.objects.all()
    serializer_class = EnterpriseSerializer
    filterset_fields = ["region", "industry", "code", "vetting"]
    ordering_fields = ["name", "code", "region"]

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        # Through the service: a change of what was vetted sends the enterprise back to pending.
        enterprise = cast(Enterprise, serializer.instance)
        self.check_write("update", enterprise)
        check_links(self, enterprise, serializer.validated_data)
        serializer.instance = vetting.enterprise_update(
            enterprise=enterprise, actor=self.actor, **serializer.validated_data
        )

    @extend_schema(
        summary="Approve a pending enterprise after checking it",
        request=ApproveEnterpriseSerializer,
        responses=EnterpriseSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        enterprise = self.get_object()
        self.check_write("approve", enterprise)
        body = ApproveEnterpriseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        enterprise = vetting.enterprise_approve(
            enterprise=enterprise, actor=self.actor, **body.validated_data
        )
        return Response(EnterpriseSerializer(enterprise).data)


class FlagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    """Postings flagged as suspicious (``enterprises.vetting``): each person sees their own
    flags, platform admins all of them, and clear or uphold them. Flags of ``FLAGS_TO_HIDE``
    different accounts hide a posting from students and the public until cleared; an upheld
    flag withdraws it. A person raises at most ``FLAGS_PER_DAY`` flags a day (429 beyond)."""

    policy = FlagPolicy()
    base_queryset = Flag.objects.select_related("project")
    serializer_class = FlagSerializer
    filterset_fields = ["project"]

    def perform_create(self, serializer: Any) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.instance = vetting.flag_raise(
            project=serializer.validated_data["project"],
            actor=self.actor,
            reason=serializer.validated_data["reason"],
        )

    @extend_schema(
        summary="Clear a flag after checking the posting",
        request=ClearFlagSerializer,
        responses=FlagSerializer,
    )
    @action(detail=True, methods=["post"])
    def clear(self, request: Request, pk: str | None = None) -> Response:
        flag = self.get_object()
        self.check_write("clear", flag)
        body = ClearFlagSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        flag = vetting.flag_clear(flag=flag, actor=self.actor, note=body.validated_data["note"])
        return Response(FlagSerializer(flag).data)

    @extend_schema(
        summary="Uphold a flag: withdraw the posting and tell its enterprise why",
        request=UpholdFlagSerializer,
        responses=FlagSerializer,
    )
    @action(detail=True, methods=["post"])
    def uphold(self, request: Request, pk: str | None = None) -> Response:
        flag = self.get_object()
        self.check_write("uphold", flag)
        body = UpholdFlagSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        flag = vetting.flag_uphold(flag=flag, actor=self.actor, note=body.validated_data["note"])
        return Response(FlagSerializer(flag).data)


class MatchRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """Modules and projects proposed to each other, with their compatibility; the side that did
    not send a request accepts (the module's college takes the project on) or declines it."""

    policy = MatchRequestPolicy()
    base_queryset = MatchRequest.objects.select_related("project", "module__course").prefetch_related(
        "project__skills", "module__skills"
    )
    serializer_class = MatchRequestSerializer
    filterset_fields = ["project", "module", "status", "direction"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.check_write("create", {})  # who may propose at all, before what they propose
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        self.check_write("create", serializer.validated_data)
        data = serializer.validated_data
        serializer.instance = matching.match_request(
            project=data["project"], module=data["module"], actor=self.actor, message=data.get("message", "")
        )

    def _answer(self, request: Request, name: str) -> MatchRequest:
        match = self.get_object()
        self.check_write(name, match)
        return match

    @extend_schema(
        summary="Accept a match request (the module's college takes the project on)",
        request=MatchAcceptSerializer,
        responses=MatchRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        match = self._answer(request, "accept")
        body = MatchAcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        match = matching.match_accept(request=match, actor=self.actor, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=match.pk)).data)

    @extend_schema(
        summary="Decline a match request with a reason",
        request=MatchDeclineSerializer,
        responses=MatchRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        match = self._answer(request, "decline")
        body = MatchDeclineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        match = matching.match_decline(request=match, actor=self.actor, reply=body.validated_data["reply"])
        return Response(self.get_serializer(self.get_queryset().get(pk=match.pk)).data)


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
        # Computed on the read replica when it holds that version already (accounts.replica).
        compute = replica.serve(request, "projects", lambda: everything(self, request, *args, **kwargs).data)
        return public_cache.respond("projects", self, request, compute)

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

    @extend_schema(
        summary="Check a project's quality before opening it (score, and what to improve)",
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True, methods=["get"])
    def quality(self, request: Request, pk: str | None = None) -> Response:
        return Response(matching.quality(self.get_object()))

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
        summary="Ask for changes to a delivery (the project is under way again)",
        request=RequestChangesSerializer,
        responses=ProjectSerializer,
    )
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request: Request, pk: str | None = None) -> Response:
        project = self._target("request_changes")
        data = RequestChangesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_request_changes(project=project, actor=self.actor, **data.validated_data)
        return self._respond(project)

    @extend_schema(
        summary="Reject a delivered project for good (it closes)",
        request=RejectSerializer,
        responses=ProjectSerializer,
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


class HourLogViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Students' hours on the projects they work on (``enterprises.hours``): logged by the
    student (10 h a day, 30 h an ISO week, the project's ``hours_cap``), changed or withdrawn
    while pending, confirmed or rejected with a reason by the enterprise's engineers."""

    policy = HourLogPolicy()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    base_queryset = HourLog.objects.all()
    filterset_fields = ["project", "student", "status"]
    ordering_fields = ["date", "hours", "created_at"]

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action in ("update", "partial_update"):
            return HourLogUpdateSerializer
        return HourLogSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.check_write("create", {})  # who may log at all, before which project they name
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        self.check_write("create", data)
        serializer.instance = hours.hour_log_submit(
            project=data["project"],
            student=self.actor,
            date=data["date"],
            hours=data["hours"],
            description=data["description"],
        )

    def perform_update(self, serializer: Any) -> None:
        self.check_write("update", serializer.instance)
        serializer.instance = hours.hour_log_update(
            log=serializer.instance, actor=self.actor, data=dict(serializer.validated_data)
        )

    def perform_destroy(self, instance: HourLog) -> None:
        self.check_write("destroy", instance)
        hours.hour_log_withdraw(log=instance, actor=self.actor)

    def _decide(self, name: str) -> HourLog:
        log = self.get_object()
        self.check_write(name, log)
        return log

    @extend_schema(summary="Confirm a student's hours", request=None, responses=HourLogSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        log = hours.hour_log_confirm(log=self._decide("confirm"), actor=self.actor)
        return Response(HourLogSerializer(log).data)

    @extend_schema(
        summary="Reject a student's hours with a reason the student reads",
        request=RejectHoursSerializer,
        responses=HourLogSerializer,
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        log = self._decide("reject")
        body = RejectHoursSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        log = hours.hour_log_reject(log=log, actor=self.actor, reason=body.validated_data["reason"])
        return Response(HourLogSerializer(log).data)
